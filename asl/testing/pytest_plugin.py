"""The ``asl`` pytest plugin (entry point ``pytest11``: on whenever asl is installed).

Fixtures:

* ``asl_run(definition, input=None, *, mocks=None, mock_config=None, test_case=None,
  tasks=None, name=None, **run_options)``: parse (once per definition) and run a machine;
  ``mock_config`` (a MockConfigFile path or ``MockConfig``) with ``test_case`` supplies
  the mocks, looked up under ``name`` (default: the file name without ``.asl.json``);
* ``asl_coverage``: a ``Coverage`` of the machines run during the current test.

Options: ``--asl-cov`` reports which states and transitions the session exercised, per
state machine, as a terminal table (and as JSON/HTML with ``--asl-cov-json=PATH`` /
``--asl-cov-html=PATH``); ``--asl-cov-fail-under=PCT`` fails the session below PCT.
Nothing is observed unless asked, so the plugin costs nothing otherwise.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import pytest

from asl.testing.coverage import Coverage

_STASH = pytest.StashKey[Coverage]()


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("asl", "asl state machine coverage")
    group.addoption("--asl-cov", action="store_true", default=False,
                    help="report state and transition coverage of the state machines run")
    group.addoption("--asl-cov-fail-under", type=float, default=None, metavar="PCT",
                    help="fail the session when state machine coverage is below PCT (implies --asl-cov)")
    group.addoption("--asl-cov-json", default=None, metavar="PATH", help="also write the coverage report as JSON")
    group.addoption("--asl-cov-html", default=None, metavar="PATH", help="also write the coverage report as HTML")


def _enabled(config: Any) -> bool:
    opt = config.option
    return bool(opt.asl_cov or opt.asl_cov_fail_under is not None or opt.asl_cov_json or opt.asl_cov_html)


def pytest_configure(config: Any) -> None:
    if not _enabled(config):
        return
    from asl.machine import RUN_OBSERVERS

    coverage = Coverage()
    config.stash[_STASH] = coverage
    RUN_OBSERVERS.append(coverage.observe)


def pytest_unconfigure(config: Any) -> None:
    coverage = config.stash.get(_STASH, None)
    if coverage is None:
        return
    from asl.machine import RUN_OBSERVERS

    if coverage.observe in RUN_OBSERVERS:
        RUN_OBSERVERS.remove(coverage.observe)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: Any, exitstatus: Any) -> None:
    config = session.config
    coverage = config.stash.get(_STASH, None)
    if coverage is None:
        return
    if config.option.asl_cov_json:
        Path(config.option.asl_cov_json).write_text(json.dumps(coverage.to_json(), indent=2), encoding="utf-8")
    if config.option.asl_cov_html:
        Path(config.option.asl_cov_html).write_text(coverage.to_html(), encoding="utf-8")
    threshold = config.option.asl_cov_fail_under
    if threshold is not None and coverage.percent < threshold and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: Any, config: Any) -> None:
    coverage = config.stash.get(_STASH, None)
    if coverage is None:
        return
    terminalreporter.write_sep("-", "asl state machine coverage")
    if not coverage.machines:
        terminalreporter.write_line("no state machine was run")
    else:
        terminalreporter.write_line(coverage.table())
    threshold = config.option.asl_cov_fail_under
    if threshold is not None:
        verdict = "reached" if coverage.percent >= threshold else "FAIL: not reached"
        terminalreporter.write_line(f"asl coverage {coverage.percent:.1f}%: required {threshold:g}% {verdict}")



# ---------------------------------------------------------------------- fixtures
@pytest.fixture
def asl_coverage() -> Iterator[Coverage]:
    """Coverage of the machines run during this test."""
    coverage = Coverage()
    with coverage.installed():
        yield coverage


@pytest.fixture
def asl_run() -> Callable[..., Any]:
    """Run a definition (text, dict or path) with mocks, a MockConfigFile test case or tasks."""
    machines: dict[str, Any] = {}

    def run(definition: Any, input: Any = None, *, mocks: Any = None, mock_config: Any = None,
            test_case: Optional[str] = None, tasks: Any = None, name: Optional[str] = None, **options: Any) -> Any:
        machine = _machine(machines, definition, name)
        if mock_config is not None:
            mocks = {**_case_mocks(mock_config, machine.name, test_case), **(mocks or {})}
        return machine.run({} if input is None else input, tasks, mocks=mocks, **options)

    return run


def _machine(cache: dict[str, Any], definition: Any, name: Optional[str]) -> Any:
    import asl

    source = definition if not isinstance(definition, Path) else str(definition)
    key = json.dumps([source, name], sort_keys=True, default=str)  # the name chooses the mocks
    machine = cache.get(key)
    if machine is None:
        machine = cache[key] = asl.parse(definition)
        machine.name = name or _default_name(definition)
    return machine


def _default_name(definition: Any) -> str:
    if isinstance(definition, (str, Path)) and str(definition).endswith(".json"):
        stem = Path(definition).name
        for suffix in (".json", ".asl"):
            stem = stem[: -len(suffix)] if stem.endswith(suffix) else stem
        return stem
    return "StateMachine"


def _case_mocks(mock_config: Any, machine_name: str, test_case: Optional[str]) -> dict[str, Any]:
    from asl.testing.mockconfig import MockConfig

    if test_case is None:
        raise ValueError("asl_run: mock_config needs test_case")
    config = mock_config if isinstance(mock_config, MockConfig) else MockConfig.load(mock_config)
    return config.test_case(machine_name, test_case)
