"""What a conformance run prints: verdict lines, the summary, JSON, the baseline check."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, Iterable, Mapping, Sequence

from conformance.runner import PASS, RunResult, Verdict

# counts the ratchet holds; the run fails when one of them goes down
RATCHETED = ("outcome", "history")


@dataclass(frozen=True)
class Summary:
    total: int = 0
    outcome: int = 0
    with_history: int = 0
    history: int = 0  # cases whose event type sequence matches
    details: int = 0  # ... and every event's ids and details too
    passed: int = 0
    errors: int = 0

    @classmethod
    def of(cls, verdicts: Iterable[Verdict]) -> Summary:
        vs = list(verdicts)
        return cls(
            total=len(vs),
            outcome=sum(v.outcome for v in vs),
            with_history=sum(v.history is not None for v in vs),
            history=sum(v.history is True for v in vs),
            details=sum(v.details is True for v in vs),
            passed=sum(v.verdict == PASS for v in vs),
            errors=sum(v.verdict == "ERROR" for v in vs),
        )

    def counts(self) -> dict[str, int]:
        """The counts in ``BASELINE.json``'s shape."""
        return {"outcome": self.outcome, "history": self.history, "total": self.total,
                "with_history": self.with_history}


def verdict_line(v: Verdict) -> str:
    line = f"{v.verdict:<12} {v.name}"
    return f"{line}\n    {v.difference}" if v.difference else line


def details_line(s: Summary) -> str:
    return f"history details {s.details}/{s.with_history}, errors {s.errors}"


def final_line(s: Summary) -> str:
    return f"conformance: outcome {s.outcome}/{s.total}, history {s.history}/{s.with_history}"


def as_json(s: Summary, verdicts: Sequence[Verdict]) -> dict[str, Any]:
    return {"summary": asdict(s), "cases": [v.to_dict() for v in verdicts]}


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def raw_line(name: str, run: RunResult) -> str:
    """One case's engine result as a JSON line (timestamps as ISO strings)."""
    if run.exception is not None:
        record = {"name": name, "status": "ERROR", "output": None, "error": run.exception,
                  "cause": None, "history": None}
    else:
        record = {"name": name, "status": run.status, "output": run.output, "error": run.error,
                  "cause": run.cause, "history": run.history}
    try:
        return json.dumps(record, default=_plain, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError) as exc:
        fallback = {"name": name, "status": "ERROR", "output": None,
                    "error": f"result not JSON-serialisable: {exc}", "cause": None, "history": None}
        return json.dumps(fallback)


def baseline_check(s: Summary, baseline: Mapping[str, Any]) -> tuple[bool, list[str]]:
    """Whether ``s`` holds every ratcheted count of ``baseline``, and what changed."""
    ok = True
    lines: list[str] = []
    for key, now in s.counts().items():
        was = baseline.get(key)
        if not isinstance(was, int) or isinstance(was, bool):
            lines.append(f"baseline: {key} not in the baseline (now {now})")
            ok = ok and key not in RATCHETED
            continue
        if now == was:
            continue
        worse = key in RATCHETED and now < was
        ok = ok and not worse
        label = "REGRESSION" if worse else "changed"
        lines.append(f"baseline: {key} {was} -> {now} ({now - was:+d}) {label}")
    if ok and not lines:
        lines.append("baseline: no change")
    elif ok and any(k in RATCHETED and s.counts()[k] > baseline.get(k, 0) for k in RATCHETED):
        lines.append("baseline: improved; raise the numbers in the baseline file")
    return ok, lines
