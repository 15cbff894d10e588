"""Short texts for pictures: widths without a font engine, shortened names, rules in a few words.

A picture is laid out in Python but drawn by whatever shows the SVG, so text widths are
estimated from a table of typical sans-serif advance widths, a little generously, so that a
label never spills out of the box computed for it. Everything here is pure and total: any
JSON value in, a string out.
"""
from __future__ import annotations

import json
from typing import Any

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
ELLIPSIS = "…"
TOOLTIP_CLIP = 600  # characters of one field (an input, a cause) shown in a tooltip

# Advance widths in em of printable ASCII (space to tilde) in DejaVu Sans, the widest of the
# usual sans-serif faces (the one Linux browsers fall back to): sized for it, text fits in
# narrower faces too.
_ASCII = (
    ".32 .40 .46 .84 .64 .95 .78 .27 .39 .39 .50 .84 .32 .36 .32 .34 .64 .64 .64 .64 .64 .64 .64 .64 "
    ".64 .64 .34 .34 .84 .84 .84 .53 1.0 .68 .69 .70 .77 .63 .58 .77 .75 .29 .29 .66 .56 .86 .75 .79 "
    ".60 .79 .69 .63 .61 .73 .68 .99 .69 .61 .69 .39 .34 .39 .84 .50 .50 .61 .63 .55 .63 .62 .35 .63 "
    ".63 .28 .28 .58 .28 .97 .63 .61 .63 .63 .41 .52 .39 .63 .59 .82 .59 .59 .52 .64 .34 .64 .84"
)
_ASCII_WIDTHS = {chr(32 + i): float(w) for i, w in enumerate(_ASCII.split())}
_OTHER = 0.84  # arrows, symbols, accented letters: as wide as DejaVu's symbols
_WIDE = 1.0  # CJK, emoji and the like
_NARROW_OTHER = {"·": 0.32, "…": 1.0, "λ": 0.59}


def char_width(ch: str) -> float:
    """One character's advance in em."""
    width = _ASCII_WIDTHS.get(ch)
    if width is not None:
        return width
    if ch in _NARROW_OTHER:
        return _NARROW_OTHER[ch]
    return _WIDE if ord(ch) > 0x2E7F else _OTHER


def text_width(text: str, size: float) -> float:
    """Estimated width in pixels of ``text`` set at ``size`` pixels."""
    return sum(char_width(ch) for ch in text) * size


def shorten(text: str, size: float, max_width: float) -> str:
    """``text`` cut (with an ellipsis) so that it fits ``max_width`` pixels at ``size``."""
    if text_width(text, size) <= max_width + 0.01:  # a sum of floats: allow for its rounding
        return text
    budget = max_width - char_width(ELLIPSIS) * size
    used = 0.0
    for end, ch in enumerate(text):
        used += char_width(ch) * size
        if used > budget:
            return text[:end].rstrip() + ELLIPSIS
    return text


def one_line(text: str) -> str:
    """Newlines and runs of blanks as single spaces: labels are one line."""
    return " ".join(text.split())


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, for tooltips that would otherwise carry megabytes."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + ELLIPSIS


def json_text(value: Any) -> str:
    """Compact JSON for labels and tooltips (anything else is shown with ``repr``)."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=repr)
    except (TypeError, ValueError, RecursionError):
        return ELLIPSIS  # nested deeper than Python's stack: nothing readable to show anyway


# ---------------------------------------------------------------- Choice rules
_COMPARISONS = (  # longest suffix first: "GreaterThanEquals" before "GreaterThan"
    ("GreaterThanEquals", ">="),
    ("LessThanEquals", "<="),
    ("GreaterThan", ">"),
    ("LessThan", "<"),
    ("Equals", "=="),
    ("Matches", "like"),
)
_TYPE_PREFIXES = ("String", "Numeric", "Boolean", "Timestamp")
_TESTS = {  # rule key -> (text when true, text when false)
    "IsNull": ("is null", "is not null"),
    "IsPresent": ("is present", "is absent"),
    "IsNumeric": ("is numeric", "is not numeric"),
    "IsString": ("is string", "is not string"),
    "IsBoolean": ("is boolean", "is not boolean"),
    "IsTimestamp": ("is timestamp", "is not timestamp"),
}
_MAX_RULE_DEPTH = 20


def rule_text(rule: Any, depth: int = 0) -> str:
    """A Choice rule in a few words: ``$.amount > 100``, ``not ($.a is null)``, a JSONata
    ``Condition`` without its ``{% %}``. Unknown shapes give ``"?"``, never an error."""
    if not isinstance(rule, dict) or depth > _MAX_RULE_DEPTH:
        return "?"
    condition = rule.get("Condition")
    if condition is not None:
        return _jsonata_text(condition)
    for joiner, key in ((" and ", "And"), (" or ", "Or")):
        parts = rule.get(key)
        if isinstance(parts, list):
            inner = [rule_text(part, depth + 1) for part in parts]
            return joiner.join(f"({part})" if " " in part else part for part in inner) or "?"
    if "Not" in rule:
        return f"not ({rule_text(rule['Not'], depth + 1)})"
    variable = rule.get("Variable")
    subject = variable if isinstance(variable, str) else "?"
    for key, value in rule.items():
        text = _comparison_text(key, value)
        if text is not None:
            return f"{subject} {text}"
    return "?"


def _comparison_text(key: str, value: Any) -> str | None:
    if key in _TESTS:
        yes, no = _TESTS[key]
        return yes if value is True else no
    is_path = key.endswith("Path") and key != "Path"
    name = key[:-4] if is_path else key
    prefix = next((p for p in _TYPE_PREFIXES if name.startswith(p)), None)
    if prefix is None:
        return None
    for suffix, symbol in _COMPARISONS:
        if name == prefix + suffix:
            operand = value if is_path and isinstance(value, str) else json_text(value)
            return f"{symbol} {operand}"
    return None


def _jsonata_text(condition: Any) -> str:
    if not isinstance(condition, str):
        return json_text(condition)
    text = condition.strip()
    if text.startswith("{%") and text.endswith("%}"):
        text = text[2:-2].strip()
    return one_line(text) or "?"


def errors_text(errors: Any) -> str:
    """A Catch's ``ErrorEquals`` as one short line."""
    if not isinstance(errors, list) or not errors:
        return "?"
    names = [e if isinstance(e, str) else json_text(e) for e in errors]
    return ", ".join(names)


# ---------------------------------------------------------------- durations
def duration_text(seconds: float) -> str:
    """Virtual seconds the way a person reads them: ``0.25s``, ``1m 30s``, ``2h 5m``, ``3d 4h``."""
    if seconds != seconds or seconds < 0:  # NaN or negative: a clock we cannot trust
        return "?"
    if seconds < 10:
        return f"{seconds:.3g}s" if seconds else "0s"
    if seconds < 60:
        return f"{seconds:.0f}s"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes}m {secs}s" if secs else f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h" if hours else f"{days}d"
