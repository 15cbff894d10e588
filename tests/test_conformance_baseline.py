"""The conformance ratchet: our engine on the AWS-recorded cases may never score below
``conformance/BASELINE.json``, and every hand-written case of ``conformance/cases/`` passes.

The recorded cases live outside the repository (``../shared/conformance/aws-recorded``,
or wherever ``ASL_CONFORMANCE_DIR`` points) and are never copied into it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from conformance.cases import case_files
from conformance.report import Summary, baseline_check, final_line, verdict_line
from conformance.runner import PASS, Verdict, run_files

REPO = Path(__file__).resolve().parents[1]
RECORDED = Path(os.environ.get("ASL_CONFORMANCE_DIR") or REPO / "../shared/conformance/aws-recorded")
OWN_CASES = REPO / "conformance" / "cases"
BASELINE = REPO / "conformance" / "BASELINE.json"


def _verdicts(folder: Path) -> list[Verdict]:
    return [verdict for verdict, _ in run_files(case_files([folder]))]


def test_aws_recorded_scores_never_fall_below_the_baseline():
    # The ratchet never skips: without the corpus every count is 0, below the baseline.
    assert RECORDED.is_dir(), (
        f"AWS-recorded cases not found at {RECORDED.resolve()}: put ../shared beside the clone "
        "or set ASL_CONFORMANCE_DIR to the aws-recorded folder")
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))["aws-recorded"]
    summary = Summary.of(_verdicts(RECORDED))
    ok, changes = baseline_check(summary, baseline)
    assert ok, "\n".join([*changes, final_line(summary)])


def test_every_hand_written_case_passes():
    files = case_files([OWN_CASES]) if OWN_CASES.is_dir() else []
    assert len(files) >= 100, f"conformance/cases/ should hold our 100+ hand-written cases, found {len(files)}"
    failing = [verdict_line(v) for v in _verdicts(OWN_CASES) if v.verdict != PASS]
    assert not failing, "\n".join(failing)
