"""Fixtures of the conformance tests (helpers live in ``conformance_fixtures``)."""
from __future__ import annotations

import pytest

from conformance.cases import Case, case_files, load_case
from conformance_fixtures import recorded_path


@pytest.fixture(scope="session")
def recorded_cases() -> list[Case]:
    path = recorded_path()
    if not path.is_dir():
        pytest.skip(f"AWS-recorded cases not found at {path} (set ASL_CONFORMANCE_DIR)")
    return [load_case(f) for f in case_files([path])]
