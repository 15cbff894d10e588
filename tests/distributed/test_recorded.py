"""The AWS-recorded ItemReader cases whose outcome does not depend on the S3 objects the
recording did not keep: their configuration fails the Map Run before anything is read.
Judged by the conformance runner (outcome, event types, every event's details)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conformance.cases import load_case
from conformance.runner import execute, judge

RECORDED = Path(os.environ.get("ASL_CONFORMANCE_DIR") or Path(__file__).parents[2] / "../shared/conformance/aws-recorded")
PREFIX = "scenarios_test_base_scenarios__TestBaseScenarios__test_map_item_reader_"
CASES = ["csv_headers_decl_duplicate_headers", "csv_max_items_paths_-1"]


@pytest.mark.skipif(not RECORDED.is_dir(), reason=f"AWS-recorded cases not found at {RECORDED} (set ASL_CONFORMANCE_DIR)")
@pytest.mark.parametrize("name", CASES)
def test_reader_configuration_failures_match_the_recording(name):
    case = load_case(RECORDED / f"{PREFIX}{name}.json")
    verdict = judge(case, execute(case))
    assert verdict.verdict == "PASS", verdict.difference
