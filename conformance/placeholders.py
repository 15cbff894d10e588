"""Recording placeholders (``<partition>``, ``<region>``, ``<lambda_function_name>``...).

The AWS-recorded cases had run-specific values masked before they were stored. AWS saw
real values, so a definition is validated and run with each placeholder replaced by a
plausible real value; when results are compared, a placeholder in the *expected* data
matches any text (``expected_pattern``).
"""
from __future__ import annotations

import re
from typing import Any

PLACEHOLDER = re.compile(r"<([A-Za-z][A-Za-z0-9_:\-]*)>")

_FIXED = {"partition": "aws", "region": "us-east-1"}


def _token(name: str) -> str:
    """An identifier-safe stand-in for a masked value (valid in ARNs and names)."""
    fixed = _FIXED.get(name)
    if fixed is not None:
        return fixed
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-") or "x"


def substitute(value: Any) -> Any:
    """``value`` with every ``<name>`` inside its strings replaced by a real-looking value."""
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda m: _token(m.group(1)), value) if "<" in value else value
    if isinstance(value, dict):
        return {substitute(k): substitute(v) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v) for v in value]
    return value


def has_placeholder(text: str) -> bool:
    return PLACEHOLDER.search(text) is not None


def expected_pattern(expected: str) -> re.Pattern[str]:
    """A regex matching ``expected`` with each placeholder standing for any text.

    ``<partition>`` and ``<region>`` may stand for the values ``substitute`` put in, and
    any other placeholder for any (possibly empty) text.
    """
    parts: list[str] = []
    last = 0
    for m in PLACEHOLDER.finditer(expected):
        parts.append(re.escape(expected[last : m.start()]))
        parts.append("(?s:.*?)")
        last = m.end()
    parts.append(re.escape(expected[last:]))
    return re.compile("".join(parts) + r"\Z", re.S)
