"""How long drawing takes: a 2-state and a 150-state machine, and an execution of the latter.

    .venv/bin/python benchmarks/render.py [--runs 7] [--states 150] [--json] [--write DIR]

Each timing draws a freshly parsed machine (the layout is cached per machine, so a warm
redraw would measure nothing); reported is the median of ``--runs`` runs of
``machine.to_svg()`` (scene, layout, SVG), and of ``result.to_svg()`` for an execution that
takes most branches. The machine is generated (``big_machine``): chains of Task states with
Retry and Catch, Choice states fanning out, polling loops, Maps and Parallels, as real
workflows mix them. ``--write DIR`` also saves the pictures for a look.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import median_seconds  # noqa: E402

import asl  # noqa: E402

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:"


def _task(name: str, next_: str | None, catch: str | None = None) -> dict[str, Any]:
    state: dict[str, Any] = {"Type": "Task", "Resource": LAMBDA + name.lower(),
                             "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 2}]}
    if catch:
        state["Catch"] = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": catch}]
    state.update({"Next": next_} if next_ else {"End": True})
    return state


def _block(kind: int, i: int, after: str) -> tuple[str, dict[str, Any]]:
    """One stage of a workflow; returns its first state's name and its states."""
    if kind == 0:  # validate, fail on error
        return f"Validate{i}", {f"Validate{i}": _task(f"Validate{i}", after, catch=f"Rejected{i}"),
                                f"Rejected{i}": {"Type": "Fail", "Error": "Rejected", "Cause": f"stage {i}"}}
    if kind == 1:  # route three ways
        return f"Route{i}", {
            f"Route{i}": {"Type": "Choice", "Choices": [
                {"Variable": "$.amount", "NumericGreaterThan": 100 * i, "Next": f"Review{i}"},
                {"Variable": "$.kind", "StringEquals": f"express-{i}", "Next": f"Fast{i}"}], "Default": f"Normal{i}"},
            f"Review{i}": {"Type": "Wait", "Seconds": 60, "Next": f"Approve{i}"},
            f"Approve{i}": _task(f"Approve{i}", after),
            f"Fast{i}": {"Type": "Pass", "Result": "fast", "ResultPath": "$.lane", "Next": after},
            f"Normal{i}": _task(f"Normal{i}", after)}
    if kind == 2:  # poll until ready
        return f"Poll{i}", {
            f"Poll{i}": _task(f"Poll{i}", f"Ready{i}"),
            f"Ready{i}": {"Type": "Choice", "Choices": [{"Variable": "$.ready", "BooleanEquals": True, "Next": after}],
                          "Default": f"Sleep{i}"},
            f"Sleep{i}": {"Type": "Wait", "Seconds": 30, "Next": f"Poll{i}"}}
    if kind == 3:  # a Map over items
        return f"Each{i}", {f"Each{i}": {
            "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 4, "Next": after,
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": after}],
            "ItemProcessor": {"StartAt": f"Prepare{i}", "States": {
                f"Prepare{i}": {"Type": "Pass", "Next": f"Handle{i}"},
                f"Handle{i}": _task(f"Handle{i}", f"Check{i}"),
                f"Check{i}": {"Type": "Choice", "Choices": [
                    {"Variable": "$.skip", "IsPresent": True, "Next": f"Skipped{i}"}], "Default": f"Stored{i}"},
                f"Skipped{i}": {"Type": "Succeed"},
                f"Stored{i}": _task(f"Store{i}", None)}}}}
    branches = [{"StartAt": f"{side}{i}", "States": {f"{side}{i}": _task(f"{side}{i}", f"{side}Done{i}"),
                                                     f"{side}Done{i}": {"Type": "Pass", "End": True}}}
                for side in ("Notify", "Audit", "Bill")]
    return f"Fan{i}", {f"Fan{i}": {"Type": "Parallel", "Branches": branches, "Next": after}}


def big_machine(states: int = 150) -> dict[str, Any]:
    """A definition with about ``states`` states (nested ones counted), stages chained in order."""
    blocks: list[tuple[int, int]] = []
    total = 1  # the final Succeed
    sizes = {0: 2, 1: 5, 2: 3, 3: 6, 4: 7}
    while total < states:
        kind = len(blocks) % 5
        blocks.append((kind, len(blocks)))
        total += sizes[kind]
    definition: dict[str, Any] = {"Comment": f"A generated workflow of {total} states", "States": {}}
    after = "Done"
    for kind, i in reversed(blocks):
        after, block = _block(kind, i, after)
        definition["States"] = {**block, **definition["States"]}
    definition["States"]["Done"] = {"Type": "Succeed"}
    definition["StartAt"] = after
    return definition


def small_machine() -> dict[str, Any]:
    return {"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "Next": "World"}, "World": {"Type": "Succeed"}}}


def run_big(machine: Any) -> Any:
    calls: dict[str, Callable[[Any], Any]] = {}
    for _, attrs in machine.graph.nodes(data=True):
        resource = attrs["state"].get("Resource") if isinstance(attrs["state"], dict) else None
        if isinstance(resource, str):
            calls[resource] = lambda value: {**value, "ready": True} if isinstance(value, dict) else value
    return machine.run({"amount": 250, "kind": "express-6", "items": [{"n": 1}, {"n": 2, "skip": True}]}, calls)


def measure(states: int, runs: int) -> dict[str, Any]:
    big = big_machine(states)
    asl.parse(big).to_svg()  # imports (networkx, grandalf) paid once, outside the timings
    figures: dict[str, Any] = {}
    for label, definition in (("2 states", small_machine()), (f"{states} states", big)):
        count = len(asl.parse(definition).graph)
        figures[label] = {"states": count,
                          "machine_svg_s": median_seconds(lambda d=definition: asl.parse(d).to_svg(), runs)}
    result = run_big(asl.parse(big))

    def execution_picture() -> str:
        fresh = asl.parse(big)
        result.machine = fresh  # draw on a machine whose layout is not cached yet
        return result.to_svg()

    figures[f"{states} states"]["execution_svg_s"] = median_seconds(execution_picture, runs)
    figures[f"{states} states"]["events"] = len(result.history)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--states", type=int, default=150)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--write", help="save the pictures (SVG) into this folder")
    args = parser.parse_args()
    figures = measure(args.states, args.runs)
    if args.write:
        folder = Path(args.write)
        folder.mkdir(parents=True, exist_ok=True)
        big = asl.parse(big_machine(args.states))
        (folder / "small.svg").write_text(asl.parse(small_machine()).to_svg(), "utf-8")
        (folder / "big.svg").write_text(big.to_svg(), "utf-8")
        (folder / "big-execution.svg").write_text(run_big(big).to_svg(), "utf-8")
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{'machine':<12} {'states':>6} {'machine SVG s':>14} {'execution SVG s':>16} {'events':>7}")
    for label, row in figures.items():
        execution = f"{row['execution_svg_s']:.3f}" if "execution_svg_s" in row else "-"
        print(f"{label:<12} {row['states']:>6} {row['machine_svg_s']:>14.4f} {execution:>16} {row.get('events', '-'):>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
