"""The recorded service cases against moto, and on the mocked path (acceptance 1 and 2).

Reads the AWS-recorded corpus from ``../shared`` (or ``ASL_CONFORMANCE_DIR``); skipped
with that reason where it is absent. The cases that reach the recorded outcome on moto
must keep reaching it; the rest are listed with their reason in asl/services/GAPS.md.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conformance.services_run import run

ROOT = Path(__file__).resolve().parents[2]
# ASL_CONFORMANCE_DIR names the aws-recorded folder itself, as for the other corpus tests
CORPUS = Path(os.environ.get("ASL_CONFORMANCE_DIR") or ROOT.parent / "shared" / "conformance" / "aws-recorded")
GAPS = ROOT / "asl" / "services" / "GAPS.md"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"AWS-recorded corpus not found at {CORPUS}")


def _listed_gaps() -> set[str]:
    return set(re.findall(r"^\| `([^`]+)` \|", GAPS.read_text(encoding="utf-8"), re.M))


@pytest.fixture(scope="module")
def on_moto():
    return run([CORPUS])


def test_every_case_reaches_the_recorded_outcome_or_is_a_listed_gap(on_moto) -> None:
    failing = {v.name for v in on_moto if not v.ok}
    unlisted = failing - _listed_gaps()
    assert not unlisted, f"not passing and not in GAPS.md: {sorted(unlisted)}"
    assert sum(v.ok for v in on_moto) >= 45


def test_gaps_list_only_cases_that_still_fail(on_moto) -> None:
    passing = {v.name for v in on_moto if v.ok}
    assert not passing & _listed_gaps(), f"passing now, drop from GAPS.md: {sorted(passing & _listed_gaps())}"


def test_the_mocked_path_is_undisturbed() -> None:
    verdicts = run([CORPUS], mocked=True)
    failing = {v.name for v in verdicts if not v.ok}
    # the one case the mocked runner already failed before asl.services existed (conformance/KNOWN_GAPS.md)
    assert failing <= {"scenarios_test_base_scenarios__TestBaseScenarios__test_map_state_nested_config_distributed_no_max_max_concurrency"}
    assert len(verdicts) >= 100
