"""Fixtures of the validation tests: the AWS corpora, read from where they live."""
from __future__ import annotations

from typing import Any

import pytest
from corpus_helpers import RECORDED, VALIDATION, case_files, load


@pytest.fixture(scope="session")
def recorded_cases() -> list[dict[str, Any]]:
    if not RECORDED.is_dir():
        pytest.skip(f"AWS-recorded corpus not found at {RECORDED} (set ASL_CONFORMANCE_DIR)")
    return [load(p) for p in case_files(RECORDED)]


@pytest.fixture(scope="session")
def validation_cases() -> list[dict[str, Any]]:
    if not VALIDATION.is_dir():
        pytest.skip(f"AWS validation corpus not found at {VALIDATION} (set ASL_CONFORMANCE_DIR)")
    return [load(p) for p in case_files(VALIDATION)]
