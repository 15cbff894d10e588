"""AWS's recorded TestState answers, replayed through ``asl.testing.test_state``.

Every case is one test; the known gaps (``asl/testing/TESTSTATE_GAPS.md``) are strict
xfails, so fixing one shows up as a failure to update the list. The agreement figure
over the whole folder must stay at or above 95%.
"""
from __future__ import annotations

import importlib.util

import pytest

from teststate_cases import cases_dir, difference, load_cases, needs_service_models

CASES = load_cases()
HAVE_BOTOCORE = importlib.util.find_spec("botocore") is not None
MISSING = f"AWS-recorded TestState cases not found at {cases_dir()} (set ASL_TESTSTATE_DIR)"

# case name fragment -> why we differ (kept in step with asl/testing/TESTSTATE_GAPS.md)
GAPS = {
    "integer_more_than_maximum_allo": "botocore's current Lambda model allows MemorySize up to 32768; AWS checked 10240 then",
}


def _gap(name: str) -> str | None:
    return next((why for fragment, why in GAPS.items() if fragment in name), None)


def _params() -> list:
    params = []
    for case in CASES:
        marks = []
        why = _gap(case["name"])
        if why:
            marks.append(pytest.mark.xfail(reason=why, strict=True))
        params.append(pytest.param(case, id=case["name"][len("test_state_"):], marks=marks))
    return params


@pytest.mark.skipif(not CASES, reason=MISSING)
@pytest.mark.parametrize("case", _params())
def test_recorded_case(case: dict) -> None:
    if needs_service_models(case) and not HAVE_BOTOCORE:
        pytest.skip("judging this case needs botocore's API shapes: pip install -e '.[strict]'")
    found = difference(case)
    assert found is None, str(found)


@pytest.mark.skipif(not CASES, reason=MISSING)
def test_agreement_is_at_least_95_percent() -> None:
    judged = [c for c in CASES if HAVE_BOTOCORE or not needs_service_models(c)]
    agreed = sum(difference(c) is None for c in judged)
    print(f"\nTestState agreement: {agreed}/{len(judged)} ({100.0 * agreed / len(judged):.1f}%)"
          + ("" if HAVE_BOTOCORE else f"; {len(CASES) - len(judged)} cases need botocore and were not judged"))
    assert agreed >= 0.95 * len(judged)
