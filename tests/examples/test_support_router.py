"""The support router (8 Choice rules): hand-picked tickets, then hypothesis inputs
derived from the rules reach every transition and never make the router fail."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import asl
from asl.testing import strategies
from asl.testing.coverage import Coverage
from example_paths import example

MACHINE = asl.parse(example("support_router"))


@pytest.mark.parametrize("ticket, queue", [
    ({}, "triage"),
    ({"severity": 9}, "oncall"),
    ({"severity": 6, "tier": "enterprise"}, "enterprise"),
    ({"severity": 1, "tier": "free", "channel": "phone"}, "callback"),
    ({"severity": 1, "tier": "free", "channel": "web", "refund": True}, "billing"),
    ({"severity": 1, "tier": "free", "channel": "web", "subject": "a security hole", "ageHours": 1, "language": "en"},
     "security"),
    ({"severity": 1, "tier": "free", "channel": "web", "subject": "hi", "ageHours": 100}, "escalations"),
    ({"severity": 1, "tier": "free", "channel": "web", "subject": "hi", "ageHours": 1, "language": "de"}, "localized"),
    ({"severity": 1, "tier": "free", "channel": "web", "subject": "hi", "ageHours": 1, "language": "en"}, "general"),
])
def test_tickets_reach_their_queue(ticket, queue) -> None:
    assert MACHINE.run(ticket).output["queue"] == queue


@settings(max_examples=200, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.inputs(MACHINE))
def test_no_generated_ticket_makes_the_router_fail_with_a_runtime_error(ticket) -> None:
    result = MACHINE.run(ticket)
    assert result.error != "States.Runtime", result.cause


def test_generated_tickets_cover_every_transition() -> None:
    coverage = Coverage()

    @settings(max_examples=200, derandomize=True, database=None)
    @given(strategies.inputs(MACHINE))
    def explore(ticket) -> None:
        MACHINE.run(ticket)

    with coverage.installed():
        explore()
    covered = coverage.for_machine(MACHINE)
    assert [e.label() for e in covered.uncovered_edges] == []
    assert covered.transition_percent == 100.0 and len(covered.edges) == 9
