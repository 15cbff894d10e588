"""Every definition AWS ran in the recorded corpus draws well: valid XML, one box per
state, no two boxes on top of each other, no edge label or marker on a box, no arrow
through a box; and its recorded history draws as an execution picture."""
from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import asl
from asl import viz
from conformance.placeholders import substitute

from .pictures import problems, read_svg

REPO = Path(__file__).resolve().parents[2]
RECORDED = Path(os.environ.get("ASL_CONFORMANCE_DIR") or REPO / "../shared/conformance/aws-recorded").resolve()
CASES = sorted(RECORDED.glob("*.json")) if RECORDED.is_dir() else []

if not CASES:
    pytest.skip(f"AWS-recorded corpus not found at {RECORDED} (set ASL_CONFORMANCE_DIR)", allow_module_level=True)


def _case(path: Path) -> tuple[Any, dict[str, Any]]:
    case = json.loads(path.read_text("utf-8"))
    return asl.parse(substitute(case["definition"])), case


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_machine_picture_is_sound(path: Path) -> None:
    machine, _ = _case(path)
    picture = read_svg(machine.to_svg())
    assert list(problems(picture, machine.graph)) == []


def test_corpus_is_the_expected_one() -> None:
    """The parametrised test above really covers the corpus (775 cases at the time of writing)."""
    assert len(CASES) >= 700


RECORDED_HISTORIES = [p for p in CASES if '"history": [' in p.read_text("utf-8")]


@pytest.mark.parametrize("path", RECORDED_HISTORIES, ids=[p.stem for p in RECORDED_HISTORIES])
def test_recorded_history_draws(path: Path) -> None:
    machine, case = _case(path)
    events = case["expected"]["history"]
    svg = viz.history_svg(machine, events)
    picture = read_svg(svg)
    assert list(problems(picture, machine.graph)) == []
    root = ET.fromstring(svg)
    statuses = {g.get("data-id"): g.get("class") for g in root.iter("{http://www.w3.org/2000/svg}g")
                if g.get("data-id")}
    entered = {e["stateEnteredEventDetails"]["name"] for e in events if e["type"].endswith("StateEntered")}
    for node, attrs in machine.graph.nodes(data=True):
        visited = "s-idle" not in statuses[node]
        assert visited == (attrs["name"] in entered), node
    expected = case["expected"]["status"]
    assert f"{expected} ·" in svg  # the summary line says how the execution ended
    ET.fromstring("<div>" + viz.history_html(machine, events) + "</div>")
