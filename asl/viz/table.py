"""An execution history as an HTML table: one row an event, details folded, filterable by state.

The filter is CSS only (a radio button per state and a ``:checked ~`` rule hiding the other
rows), so it works where scripts do not run; where even the style sheet is stripped (some
static notebook viewers), every row simply stays visible. ``state=`` filters in Python.
"""
from __future__ import annotations

import json
from typing import Any, Sequence

from asl.viz.overlay import event_details, event_seconds, event_type
from asl.viz.svg import escape, picture_id
from asl.viz.text import FONT_FAMILY, clip, duration_text, json_text, one_line

SUMMARY_CHARS = 90
DETAIL_CHARS = 20_000
_SUMMARY_KEYS = ("error", "cause", "input", "output", "parameters", "resource", "index", "length")


def history_table(events: Sequence[Any], event_states: Sequence[str | None] = (), *,
                  state: str | None = None) -> str:
    """``events`` as an HTML fragment; ``event_states[i]`` names the state event i belongs to
    (the execution overlay knows it even for events that do not say), ``state`` keeps only
    that state's rows."""
    names = [_state_name(event, event_states[i] if i < len(event_states) else None)
             for i, event in enumerate(events)]
    chosen = [i for i in range(len(events)) if state is None or names[i] == state]
    states = sorted({names[i] for i in chosen if names[i]})
    tid = picture_id("history", len(events), state, *names[:50])
    first = next((t for t in map(event_seconds, events) if t is not None), None)
    filters = {name: index for index, name in enumerate(states)}
    rows = [_row(events[i], names[i], filters, first) for i in chosen]
    return "".join([
        f'<div class="asl-history" id="{tid}" style="font-family:{FONT_FAMILY};font-size:12px">',
        _style(tid, states),
        _filters(tid, states) if len(states) > 1 else "",
        '<table><thead><tr><th>ID</th><th>Type</th><th>State</th><th>Timestamp</th><th>Elapsed</th>'
        "<th>Details</th></tr></thead><tbody>",
        *rows,
        "</tbody></table></div>",
    ])


def _state_name(event: Any, known: str | None) -> str:
    if known:
        return known
    name = event_details(event).get("name")
    return name if isinstance(name, str) else ""


def _style(tid: str, states: list[str]) -> str:
    p = f"#{tid}"
    rules = [
        f"{p} table{{border-collapse:collapse;width:100%}}",
        f"{p} th,{p} td{{text-align:left;padding:3px 8px;border-bottom:1px solid #e3e7eb;vertical-align:top}}",
        f"{p} th{{background:#f2f4f6}}",
        f"{p} td:nth-child(-n+5){{white-space:nowrap}}",
        f"{p} td.num{{text-align:right;font-variant-numeric:tabular-nums}}",
        f"{p} pre{{margin:4px 0;white-space:pre-wrap;word-break:break-all;max-height:24em;overflow:auto}}",
        f"{p} tr.failed td{{background:#fdeceb}}",
        f"{p} input{{display:none}}",
        f"{p} label{{display:inline-block;margin:0 4px 4px 0;padding:1px 8px;border:1px solid #b4becb;"
        "border-radius:10px;cursor:pointer}",
        f"{p} input:checked+label{{background:#232f3e;color:#ffffff}}",
    ]
    for index in range(len(states)):
        rules.append(f"{p} #{tid}-s{index}:checked~table tbody tr:not(.s{index}){{display:none}}")
    return "<style>" + "".join(rules) + "</style>"


def _filters(tid: str, states: list[str]) -> str:
    parts = [f'<input type="radio" name="{tid}" id="{tid}-all" checked="checked"/><label for="{tid}-all">All states</label>']
    for index, name in enumerate(states):
        parts.append(f'<input type="radio" name="{tid}" id="{tid}-s{index}"/>'
                     f'<label for="{tid}-s{index}">{escape(name)}</label>')
    return "".join(parts)


def _row(event: Any, name: str, filters: dict[str, int], first: float | None) -> str:
    kind = event_type(event) or "?"
    event_id = event.get("id", "") if isinstance(event, dict) else ""
    seconds = event_seconds(event)
    stamp = event.get("timestamp", "") if isinstance(event, dict) else ""
    elapsed = duration_text(seconds - first) if seconds is not None and first is not None else ""
    classes = [f"s{filters[name]}"] if name in filters else []
    if kind.endswith(("Failed", "TimedOut", "Aborted")):
        classes.append("failed")
    return (f'<tr class="{" ".join(classes)}"><td class="num">{escape(str(event_id))}</td>'
            f"<td>{escape(kind)}</td><td>{escape(name)}</td><td>{escape(_stamp_text(stamp))}</td>"
            f'<td class="num">{escape(elapsed)}</td><td>{_details_cell(event)}</td></tr>')


def _stamp_text(stamp: Any) -> str:
    if hasattr(stamp, "isoformat"):
        try:
            return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        except (TypeError, ValueError):
            return str(stamp)
    return stamp if isinstance(stamp, str) else json_text(stamp)


def _details_cell(event: Any) -> str:
    details = event_details(event)
    if not details:
        return ""
    summary = " ".join(f"{key}={_short(details[key])}" for key in _SUMMARY_KEYS if details.get(key) is not None)
    summary = clip(one_line(summary), SUMMARY_CHARS) or ", ".join(details)
    full = clip(_pretty(details), DETAIL_CHARS)
    return f"<details><summary>{escape(summary)}</summary><pre>{escape(full)}</pre></details>"


def _short(value: Any) -> str:
    return value if isinstance(value, str) else json_text(value)


def _pretty(details: dict[str, Any]) -> str:
    """Details with the JSON text AWS nests in them (input, output...) unfolded for reading."""
    shown: dict[str, Any] = {}
    for key, value in details.items():
        if isinstance(value, str) and value[:1] in "{[\"" and key in ("input", "output", "parameters"):
            try:
                value = json.loads(value)
            except (ValueError, RecursionError):
                pass
        shown[str(key)] = value
    try:
        return json.dumps(shown, indent=2, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        return json_text(details)
