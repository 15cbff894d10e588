"""Loading conformance cases (the one-file format of ``aws-recorded/README.md``).

A case is read once into a frozen ``Case``; a file that is not a valid case becomes a
``CaseError`` naming the file, so one bad file is reported, never a crash of the run.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

NORMALISED_PARALLEL = "parallel-normalised-history"


class CaseError(ValueError):
    """A case file that cannot be read or is not in the case format."""


@dataclass(frozen=True)
class Expected:
    status: str
    output: Any = None
    error: Any = None
    cause: Any = None
    history: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class Case:
    name: str
    definition: Any
    input: Any
    expected: Expected
    task_results: tuple[dict[str, Any], ...] = ()
    features: frozenset[str] = frozenset()
    path: Path | None = field(default=None, compare=False)

    @property
    def express(self) -> bool:
        return "Express" in self.features

    @property
    def has_history(self) -> bool:
        return self.expected.history is not None

    @property
    def normalised_parallel(self) -> bool:
        return NORMALISED_PARALLEL in self.features


def case_from_dict(data: Any, path: Path | None = None) -> Case:
    """A ``Case`` from the parsed JSON of one case file."""
    where = str(path) if path else "case"
    if not isinstance(data, dict):
        raise CaseError(f"{where}: a case is a JSON object, got {type(data).__name__}")
    missing = [k for k in ("name", "definition", "expected") if k not in data]
    expected = data.get("expected")
    if missing or not isinstance(expected, dict) or not isinstance(expected.get("status"), str):
        raise CaseError(f"{where}: not a case (missing {missing or ['expected.status']})")
    history = expected.get("history")
    if history is not None and not _is_event_list(history):
        raise CaseError(f"{where}: expected.history is not a list of events")
    results = data.get("task_results") or []
    if not isinstance(results, list) or not all(isinstance(r, dict) and "state" in r for r in results):
        raise CaseError(f"{where}: task_results is not a list of {{state, ...}} objects")
    features = data.get("features") or []
    return Case(
        name=str(data["name"]),
        definition=data["definition"],
        input=data.get("input"),
        expected=Expected(
            status=expected["status"],
            output=expected.get("output"),
            error=expected.get("error"),
            cause=expected.get("cause"),
            history=history,
        ),
        task_results=tuple(results),
        features=frozenset(str(f) for f in features) if isinstance(features, list) else frozenset(),
        path=path,
    )


def _is_event_list(history: Any) -> bool:
    return isinstance(history, list) and all(
        isinstance(e, dict) and isinstance(e.get("type"), str) for e in history
    )


def load_case(path: Path) -> Case:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise CaseError(f"{path}: {type(exc).__name__}: {exc}") from exc
    return case_from_dict(data, path)


def case_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every case file named by ``paths``: files as given, folders' ``*.json`` sorted."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(f for f in p.glob("*.json") if f.is_file()))
        else:
            found.append(p)
    return found


def selected(case: Case, filters: Sequence[str] = (), name: str | None = None) -> bool:
    """Whether ``case`` passes ``--filter TAG`` (must have) / ``-TAG`` (must not) and ``--name``."""
    if name and name not in case.name:
        return False
    for tag in filters:
        if tag.startswith("-"):
            if tag[1:] in case.features:
                return False
        elif tag not in case.features:
            return False
    return True
