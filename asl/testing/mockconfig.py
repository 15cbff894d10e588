"""Step Functions Local's ``MockConfigFile.json``, read verbatim.

The file names test cases per state machine (``StateMachines.<machine>.TestCases.<case>``:
Task state name -> mocked-response name) and the responses themselves
(``MockedResponses.<name>``: invocation number or inclusive range ``"1-2"`` -> ``Return``
or ``Throw``). ``test_case`` turns one case into the ``mocks`` mapping ``machine.run``
takes: per state, its answers in invocation order, so retries consume them as they do
in Step Functions Local.

The whole file is checked when loaded, and every mistake is reported with where it is,
because a typo found only when a test reaches that state costs a debugging session.
An invocation beyond the last number a response covers is not answered: the run stops
with ``asl.tasks.MockExhausted`` rather than inventing an answer.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Mapping, Union

_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")
# Answers are held one per invocation: a range reaching further would only exhaust memory.
MAX_INVOCATIONS = 100_000


class MockConfigError(ValueError):
    """The mock configuration is malformed, or names a machine/case/response it lacks."""


class MockConfig:
    """A parsed MockConfigFile: test cases per state machine and the mocked responses."""

    def __init__(self, state_machines: dict[str, dict[str, dict[str, str]]], responses: dict[str, list[dict[str, Any]]]):
        self._machines = state_machines
        self._responses = responses

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"]) -> "MockConfig":
        """Read a MockConfigFile.json; ``OSError`` if unreadable, ``MockConfigError`` if malformed."""
        raw = Path(path).read_bytes()
        try:
            data = json.loads(raw.decode("utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise MockConfigError(f"{path}: not JSON: {exc}") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> "MockConfig":
        """Build from the file's JSON content (a dict)."""
        if not isinstance(data, Mapping):
            raise MockConfigError("a mock configuration must be a JSON object with StateMachines and MockedResponses")
        problems: list[str] = []
        raw_responses = data.get("MockedResponses", {})
        responses = _responses(raw_responses, problems)
        known = raw_responses if isinstance(raw_responses, Mapping) else {}
        machines = _machines(data.get("StateMachines", {}), known, problems)
        if problems:
            raise MockConfigError("invalid mock configuration:\n  " + "\n  ".join(problems))
        return cls(machines, responses)

    # ------------------------------------------------------------------ reading
    @property
    def state_machines(self) -> list[str]:
        return list(self._machines)

    def test_cases(self, machine_name: str) -> list[str]:
        return list(self._cases(machine_name))

    def test_case(self, machine_name: str, case: str) -> dict[str, list[dict[str, Any]]]:
        """The ``mocks`` for ``machine.run``: Task state name -> answers in invocation order.

        A fresh structure on each call, so a test may alter it freely.
        """
        cases = self._cases(machine_name)
        if case not in cases:
            raise MockConfigError(
                f"state machine {machine_name!r} has no test case {case!r} (it has: {_names(cases)})"
            )
        return {state: json.loads(json.dumps(self._responses[name])) for state, name in cases[case].items()}

    def response(self, name: str) -> list[dict[str, Any]]:
        """One mocked response's answers in invocation order."""
        if name not in self._responses:
            raise MockConfigError(f"no mocked response {name!r} (there are: {_names(self._responses)})")
        return json.loads(json.dumps(self._responses[name]))

    def _cases(self, machine_name: str) -> dict[str, dict[str, str]]:
        cases = self._machines.get(machine_name)
        if cases is None:
            raise MockConfigError(
                f"no state machine {machine_name!r} in the mock configuration (it has: {_names(self._machines)})"
            )
        return cases

    def __repr__(self) -> str:
        return f"MockConfig(state_machines={self.state_machines!r}, responses={list(self._responses)!r})"


def _names(mapping: Mapping[str, Any]) -> str:
    return ", ".join(repr(k) for k in mapping) or "none"


# ---------------------------------------------------------------------- validation
def _responses(raw: Any, problems: list[str]) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(raw, Mapping):
        problems.append("MockedResponses must be an object")
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    for name, numbered in raw.items():
        answers = _numbered_answers(f"MockedResponses.{name}", numbered, problems)
        if answers is not None:
            out[name] = answers
    return out


def _numbered_answers(where: str, numbered: Any, problems: list[str]) -> list[dict[str, Any]] | None:
    """The answers of one response, by invocation number, without gaps from 0."""
    if not isinstance(numbered, Mapping) or not numbered:
        problems.append(f"{where} must be a non-empty object keyed by invocation numbers ('0', '1-2'...)")
        return None
    slots: dict[int, dict[str, Any]] = {}
    for key, answer in numbered.items():
        span = _span(key)
        if span is None:
            problems.append(f"{where}: {key!r} is not an invocation number or range such as '0' or '1-2'")
            continue
        if span[1] >= MAX_INVOCATIONS:
            problems.append(f"{where}: {key!r} reaches past invocation {MAX_INVOCATIONS - 1}, the most a mock can answer")
            continue
        checked = _answer(f"{where}.{key}", answer, problems)
        for number in range(span[0], span[1] + 1):
            if number in slots:
                problems.append(f"{where}: invocation {number} is given more than once")
            if checked is not None:
                slots[number] = checked
    if not slots:
        return None
    missing = [n for n in range(max(slots) + 1) if n not in slots]
    if missing:
        problems.append(f"{where}: no response for invocation(s) {', '.join(map(str, missing))}")
        return None
    return [slots[n] for n in range(len(slots))]


def _span(key: Any) -> tuple[int, int] | None:
    match = _RANGE.match(key) if isinstance(key, str) else None
    if match is None:
        return None
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) is not None else low
    return (low, high) if high >= low else None


def _answer(where: str, answer: Any, problems: list[str]) -> dict[str, Any] | None:
    if not isinstance(answer, Mapping) or len({"Return", "Throw"} & set(answer)) != 1:
        problems.append(f"{where} must hold exactly one of Return or Throw")
        return None
    if "Return" in answer:
        return {"Return": answer["Return"]}
    thrown = answer["Throw"]
    if not isinstance(thrown, Mapping) or not isinstance(thrown.get("Error"), str):
        problems.append(f"{where}.Throw must be an object with an Error string (and optionally a Cause)")
        return None
    throw: dict[str, Any] = {"Error": thrown["Error"]}
    if "Cause" in thrown:
        throw["Cause"] = thrown["Cause"]
    return {"Throw": throw}


def _machines(raw: Any, responses: Mapping[str, Any], problems: list[str]) -> dict[str, dict[str, dict[str, str]]]:
    if not isinstance(raw, Mapping):
        problems.append("StateMachines must be an object")
        return {}
    out: dict[str, dict[str, dict[str, str]]] = {}
    for machine, body in raw.items():
        cases = body.get("TestCases") if isinstance(body, Mapping) else None
        if not isinstance(cases, Mapping):
            problems.append(f"StateMachines.{machine} must hold a TestCases object")
            continue
        out[machine] = {}
        for case, states in cases.items():
            where = f"StateMachines.{machine}.TestCases.{case}"
            if not isinstance(states, Mapping):
                problems.append(f"{where} must map Task state names to mocked-response names")
                continue
            for state, name in states.items():
                if not isinstance(name, str) or name not in responses:
                    problems.append(f"{where}.{state}: no mocked response {name!r}")
            out[machine][case] = {s: n for s, n in states.items() if isinstance(n, str)}
    return out
