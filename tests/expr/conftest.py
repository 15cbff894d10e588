"""Shared pieces for the expression tests: hypothesis strategies for JSON values.

Exposed as session fixtures (drawn with ``st.data()``) so every test module uses the
same definition of "any JSON value".
"""
from __future__ import annotations

import pytest
from hypothesis import strategies as st

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)


@pytest.fixture(scope="session")
def json_values() -> st.SearchStrategy:
    """Any JSON value (plain dict/list/str/int/float/bool/None)."""
    return JSON_VALUES
