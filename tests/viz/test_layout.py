"""Layout properties over generated machines: whatever the shape, the picture is sound."""
from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings

import asl
from asl.viz.layered import layered
from asl.viz.layout import layout_scene
from asl.viz.scene import build_scene

from .machines import machines
from .pictures import problems, read_svg


def _parse(definition: dict) -> asl.StateMachine:
    return asl.parse(definition)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(machines)
def test_any_machine_draws_soundly(definition: dict) -> None:
    machine = _parse(definition)
    assert list(problems(read_svg(machine.to_svg()), machine.graph)) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(machines)
def test_layout_is_deterministic(definition: dict) -> None:
    first, second = _parse(definition), _parse(definition)
    assert layout_scene(build_scene(first)) == layout_scene(build_scene(second))
    assert first.to_svg() == second.to_svg()


def test_loops_go_back_up_and_the_flow_goes_down() -> None:
    machine = asl.parse({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Choice", "Choices": [{"Variable": "$.again", "BooleanEquals": True, "Next": "A"}],
              "Default": "C"},
        "C": {"Type": "Succeed"}}})
    layout = layout_scene(build_scene(machine))
    boxes = layout.boxes
    assert boxes["A"].bottom < boxes["B"].y < boxes["B"].bottom < boxes["C"].y
    back = next(r for r in layout.routes if r.key == ("B", "A"))
    start, end = back.segments[0][1], back.segments[-1][1][-2:]
    assert start[1] <= boxes["B"].y + 0.5  # leaves B by its top...
    assert abs(end[1] - boxes["A"].bottom) < 0.5  # ...and enters A from below
    assert list(problems(read_svg(machine.to_svg()), machine.graph)) == []


def test_a_state_looping_to_itself_gets_a_loop_and_its_label_beside_it() -> None:
    machine = asl.parse({"StartAt": "Poll", "States": {
        "Poll": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                 "Catch": [{"ErrorEquals": ["NotReady"], "Next": "Poll"}], "End": True}}})
    layout = layout_scene(build_scene(machine))
    loop = next(r for r in layout.routes if r.key == ("Poll", "Poll"))
    assert loop.kind == "catch"
    label = next(lb for lb in layout.labels if lb.key == ("Poll", "Poll"))
    assert label.text == "NotReady" and label.rect.x >= layout.boxes["Poll"].right
    assert list(problems(read_svg(machine.to_svg()), machine.graph)) == []


def test_parallel_branches_sit_side_by_side_inside_their_state() -> None:
    branch = lambda name: {"StartAt": name, "States": {name: {"Type": "Pass", "End": True}}}  # noqa: E731
    machine = asl.parse({"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": [branch("L"), branch("M"), branch("R")], "End": True}}})
    layout = layout_scene(build_scene(machine))
    left, middle, right = (layout.boxes[f"P/{i}/{n}"] for i, n in enumerate("LMR"))
    assert left.right < middle.x and middle.right < right.x
    assert left.y == middle.y == right.y
    assert len(layout.panels) == 3
    assert all(layout.boxes["P"].contains(rect) for _, rect in layout.panels)


def test_the_layered_layout_depends_on_its_input_alone() -> None:
    """The same graph is laid out the same every time: grandalf's own ``Graph`` kept the
    edges in a set ordered by memory address, and one random graph in six came out
    differently from one call to the next."""
    rnd = random.Random(7)
    for _ in range(100):
        keys = [f"v{i}" for i in range(rnd.randint(2, 25))]
        sizes = {key: (rnd.uniform(10, 100), rnd.uniform(10, 50)) for key in keys}
        pairs = {tuple(sorted(rnd.sample(keys, 2), key=keys.index)) for _ in range(rnd.randint(0, 2 * len(keys)))}
        links = sorted(pairs)
        rnd.shuffle(links)
        first = layered(sizes, links, keys[:1])
        assert all(layered(sizes, links, keys[:1]) == first for _ in range(3)), links
