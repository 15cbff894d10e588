"""Running one case on our engine and judging the result.

Each case runs in-process in a fresh ``machine.run`` with a fixed seed and start time, so
reruns agree; whatever the engine raises, prints or warns is caught and kept out of the
runner's own output. Judging never raises either: a failure of the judging itself is an
``ERROR`` verdict naming it.
"""
from __future__ import annotations

import contextlib
import io
import logging
import traceback
import warnings
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from conformance.cases import Case, CaseError, load_case, selected
from conformance.compare import details_difference, outcome_difference, types_difference
from conformance.mocks import build_mocks
from conformance.masked_inputs import case_input
from conformance.placeholders import restore, substitute

SEED = 0
START_TIME = datetime(2025, 1, 1, tzinfo=timezone.utc)

PASS = "PASS"
FAIL_OUTCOME = "FAIL outcome"
FAIL_HISTORY = "FAIL history"
ERROR = "ERROR"


@dataclass(frozen=True)
class RunResult:
    """What the engine returned for one case (or the exception it raised)."""

    status: Any = None
    output: Any = None
    error: Any = None
    cause: Any = None
    history: Any = None
    exception: str | None = None


@dataclass(frozen=True)
class Verdict:
    name: str
    verdict: str
    outcome: bool = False
    history: bool | None = None  # event type sequence; None: nothing recorded
    details: bool | None = None  # every event's ids and details too
    difference: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "verdict": self.verdict,
            "outcome": self.outcome,
            "history": self.history,
            "details": self.details,
            "difference": self.difference,
        }


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Nothing the engine prints, warns or logs reaches our output."""
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.disable(logging.CRITICAL)
        try:
            yield
        finally:
            logging.disable(logging.NOTSET)


def _describe(exc: BaseException) -> str:
    """``Type: message`` plus the innermost frame, enough to find the bug."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {message}{where}"[:300]


def execute(case: Case) -> RunResult:
    """Our engine's result for ``case``, each Task answered from the recording."""
    import asl

    try:
        with _quiet():
            machine = asl.parse(
                substitute(case.definition),
                machine_type="EXPRESS" if case.express else "STANDARD",
            )
            mocks = build_mocks(
                case.task_results,
                [case.expected.output, case.expected.cause, case.expected.history],
                case.definition,
            )
            result = machine.run(case_input(case), mocks=mocks, seed=SEED, start_time=START_TIME)
            return RunResult(result.status, result.output, result.error, result.cause, list(result.history))
    except Exception as exc:  # the engine's failure is a verdict, never the runner's crash
        return RunResult(exception=_describe(exc))


def judge(case: Case, run: RunResult) -> Verdict:
    """The verdict on one run: outcome first, then the history where one was recorded."""
    if run.exception is not None:
        return _error(case, run.exception)
    try:
        return _judge(case, run)
    except Exception as exc:  # a bug in judging must not stop the run; show it
        return _error(case, "judging failed: " + _describe(exc))


def _error(case: Case, why: str) -> Verdict:
    """An ``ERROR`` verdict; it still counts among the cases with a recorded history."""
    recorded = False if case.has_history else None
    return Verdict(case.name, ERROR, history=recorded, details=recorded, difference=why)


def _judge(case: Case, run: RunResult) -> Verdict:
    output, error, cause, history = restore([run.output, run.error, run.cause, run.history])
    outcome = outcome_difference(case.expected, run.status, output, error, cause)
    types = details = None
    if case.has_history:
        recorded = case.expected.history or []
        types = types_difference(recorded, history, case.normalised_parallel)
        details = types or details_difference(recorded, history, case.normalised_parallel)
    history_ok = None if not case.has_history else types is None
    details_ok = None if not case.has_history else details is None
    if outcome is not None:
        verdict, first = FAIL_OUTCOME, f"outcome: {outcome}"
    elif types is not None:
        verdict, first = FAIL_HISTORY, f"history types: {types}"
    elif details is not None:
        verdict, first = FAIL_HISTORY, f"history details: {details}"
    else:
        verdict, first = PASS, None
    return Verdict(case.name, verdict, outcome is None, history_ok, details_ok, first)


def run_files(
    files: Iterable[Path], filters: Sequence[str] = (), name: str | None = None
) -> Iterator[tuple[Verdict, RunResult]]:
    """Load, select, run and judge each case file in turn; a file that is not a case is
    an ``ERROR`` verdict of its own."""
    for path in files:
        try:
            case = load_case(path)
        except CaseError as exc:
            yield Verdict(path.stem, ERROR, difference=str(exc)[:300]), RunResult(exception=str(exc))
            continue
        if selected(case, filters, name):
            run = execute(case)
            yield judge(case, run), run
