"""Fixtures for the engine tests: an engine on a virtual clock (helpers: ``engine_fixtures``)."""
from __future__ import annotations

from typing import Any, Iterator

import pytest

import asl
from engine_fixtures import CALLBACK, PASS_MACHINE, ROLE, Tokens


@pytest.fixture
def tokens() -> Tokens:
    return Tokens()


@pytest.fixture
def sfn(tokens: Tokens) -> Iterator[asl.Engine]:
    """An in-memory engine on a virtual clock, with a few task callables registered."""
    engine = asl.Engine(":memory:", clock="virtual", seed=0)
    engine.register_task("add", lambda value: {**value, "n": value.get("n", 0) + 1})
    engine.register_task("boom", _boom)
    engine.register_task(CALLBACK, tokens)
    try:
        yield engine
    finally:
        engine.close()


def _boom(value: Any) -> Any:
    raise ValueError("boom")


@pytest.fixture
def pass_machine(sfn: asl.Engine) -> str:
    return sfn.create_state_machine(name="Hello", definition=PASS_MACHINE, roleArn=ROLE)["stateMachineArn"]
