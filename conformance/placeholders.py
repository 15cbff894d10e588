"""Recording placeholders (``<partition>``, ``<region>``, ``<lambda_function_name>``...).

The AWS-recorded cases had run-specific values masked before they were stored. AWS saw
real values, so a definition is validated and run with each placeholder replaced by a
plausible real value (``substitute``); when results are compared, a placeholder in the
*expected* data matches any text (``expected_pattern``).

Most masks are written ``<name>`` (possibly nested: ``<<task_token>:1>``). A few are bare
words that AWS could not have seen as such (``activity_arn`` as a Task ``Resource`` was an
activity ARN): those are swapped for a real-looking value on the way in and swapped back
(``restore``) on the way out, so our results compare with the recording as written.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable

# ``<name>``, where the name may itself hold one bracketed placeholder (``<<task_token>:1>``)
PLACEHOLDER = re.compile(r"<(?:[^<>\s]|<[^<>\s]+>)+>")

_FIXED = {"partition": "aws", "region": "us-east-1"}
_PRIMARY_ACCOUNT = "111111111111"
_SECONDARY_ACCOUNT = "222222222222"
_DYNAMIC_LAMBDA_ARN = "arn:aws:lambda:us-east-1:111111111111:function:dynamic-function"

# Masked values without brackets, as they appear in definitions -> what AWS really saw.
BARE_MASKS: dict[str, str] = {
    "activity_arn": "arn:aws:states:us-east-1:111111111111:activity:activity_arn",
}
# Whole values masked as ``date`` (timestamps in inputs and service responses): AWS saw a
# real one. Not mapped back: an expected ``date`` matches any date (``_WHOLE_EXPECTED``).
_MASKED_DATE = "2025-01-01T00:00:00Z"
_ANY_TEXT = re.compile(r"(?s:.+)\Z")
# Whole expected values that mask what AWS generated -> what they stand for.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?s:.*)\Z|[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} .*\Z")
_WHOLE_EXPECTED: dict[str, re.Pattern[str]] = {
    **dict.fromkeys(("date", "start-time", "entered-time", "start-date", "stop-date"), _DATE),
    # Wait inputs masked as "timestamp" held (deliberately invalid) date-times
    "timestamp": re.compile(r"(?s:.*\d.*)\Z"),
    "a_task_token": _ANY_TEXT,
    "a_message_id": _ANY_TEXT,
    "map_run_arn": re.compile(r"arn:[^:]+:states:(?s:.*)\Z"),
    "execution-arn": re.compile(r"arn:[^:]+:states:(?s:.*)\Z"),
    "sfn_role_arn": _ANY_TEXT,
}
# ... the one that masks a number (``States.MathRandom``'s result), and whole payloads
# masked by where they stood (``stateExitedEventDetails.output``): any JSON value
_NUMBER_MASK = "RandomNumberGenerated"
_PAYLOAD_MASK = re.compile(r"[a-z][A-Za-z]*EventDetails\.(?:input|output)\Z")

# Masked values without brackets in *expected* data -> regex of what they stand for.
_BARE_EXPECTED: dict[str, str] = {
    "snf_role_arn": r"(?s:.*?)",  # the execution role ARN
    _PRIMARY_ACCOUNT: r"\d{12}",  # the account id inside ARNs
}
_BARE_EXPECTED_RE = re.compile("|".join(re.escape(k) for k in _BARE_EXPECTED))


def _token(placeholder: str) -> str:
    """An identifier-safe stand-in for one masked value (valid in ARNs and names)."""
    name = placeholder[1:-1]
    fixed = _FIXED.get(name)
    if fixed is not None:
        return fixed
    if name.endswith("account_id"):
        return _SECONDARY_ACCOUNT if "secondary" in name else _PRIMARY_ACCOUNT
    if name.startswith("dynamic:") and "FunctionArn" in name:
        return _DYNAMIC_LAMBDA_ARN
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-") or "x"


def _substitute_text(text: str) -> str:
    bare = BARE_MASKS.get(text)
    if bare is not None:
        return bare
    if text == "date":
        return _MASKED_DATE
    if "<" not in text:
        return text
    return PLACEHOLDER.sub(lambda m: _token(m.group(0)), text)


def _restore_text(text: str) -> str:
    for original, stand_in in BARE_MASKS.items():
        if stand_in in text:
            text = text.replace(stand_in, original)
    return text


def map_strings(value: Any, fn: Callable[[str], str]) -> Any:
    """``value`` rebuilt with ``fn`` applied to every string in it, keys included.

    Iterative, so that no nesting depth of a JSON value can exhaust the call stack.
    """
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(value, root, 0)]
    while stack:
        source, parent, key = stack.pop()
        if isinstance(source, str):
            parent[key] = fn(source)
        elif isinstance(source, dict):
            rebuilt: dict[str, Any] = {}
            parent[key] = rebuilt
            for k, v in source.items():
                new_key = fn(k) if isinstance(k, str) else k
                rebuilt[new_key] = None  # keeps the key order; filled below
                stack.append((v, rebuilt, new_key))
        elif isinstance(source, list):
            items: list[Any] = [None] * len(source)
            parent[key] = items
            stack.extend((v, items, i) for i, v in enumerate(source))
        else:
            parent[key] = source
    return root[0]


def substitute(value: Any) -> Any:
    """``value`` with every masked value inside its strings replaced by a real-looking one."""
    return map_strings(value, _substitute_text)


def restore(value: Any) -> Any:
    """Undo the bare-mask part of ``substitute`` in our results (bracketed tokens stay:
    the expectation's placeholders match them anyway)."""
    return map_strings(value, _restore_text)


def has_placeholder(text: str) -> bool:
    return (
        text in _WHOLE_EXPECTED
        or PLACEHOLDER.search(text) is not None
        or _BARE_EXPECTED_RE.search(text) is not None
    )


@lru_cache(maxsize=4096)
def expected_pattern(expected: str) -> re.Pattern[str]:
    """A regex matching ``expected`` with each placeholder standing for any text.

    ``<partition>`` and ``<region>`` may stand for the values ``substitute`` put in, and
    any other placeholder for any (possibly empty) text; the bare account id
    ``111111111111`` stands for any 12-digit account, ``snf_role_arn`` for any role, and
    a whole ``date`` for any ISO or HTTP date.
    """
    whole = _WHOLE_EXPECTED.get(expected)
    if whole is not None:
        return whole
    parts: list[str] = []
    last = 0
    for m in PLACEHOLDER.finditer(expected):
        parts.append(_literal(expected[last : m.start()]))
        parts.append("(?s:.*?)")
        last = m.end()
    parts.append(_literal(expected[last:]))
    return re.compile("".join(parts) + r"\Z", re.S)


def _literal(text: str) -> str:
    """Regex for placeholder-free ``text``, with the bare masks left open."""
    parts: list[str] = []
    last = 0
    for m in _BARE_EXPECTED_RE.finditer(text):
        parts.append(re.escape(text[last : m.start()]))
        parts.append(_BARE_EXPECTED[m.group(0)])
        last = m.end()
    parts.append(re.escape(text[last:]))
    return "".join(parts)


def value_matches(expected: str, actual: Any) -> bool:
    """Whether our JSON value ``actual`` is what the recording's string ``expected`` stands
    for: text through its placeholders, a number for the masked random number, anything
    for a masked payload."""
    if _PAYLOAD_MASK.match(expected):
        return True
    if isinstance(actual, str):
        return text_matches(expected, actual)
    return expected == _NUMBER_MASK and isinstance(actual, (int, float)) and not isinstance(actual, bool)


def text_matches(expected: str, actual: str) -> bool:
    """Whether our ``actual`` text is what the recording's ``expected`` text stands for."""
    if expected == actual:
        return True
    if not has_placeholder(expected):
        return False
    return expected_pattern(expected).match(actual) is not None
