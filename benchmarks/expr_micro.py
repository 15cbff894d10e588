"""Per-call cost of the JSONPath-mode expression layer (compile once, evaluate many).

Run: ``python benchmarks/expr_micro.py [--number N]``. Prints microseconds per call for
the four shapes the interpreter evaluates most: a simple path, a small Parameters
template, an intrinsic call and a Choice rule.
"""
from __future__ import annotations

import argparse
import timeit
from typing import Any, Callable

from asl.expr import SimpleEnv
from asl.expr.choice import compile_rule
from asl.expr.intrinsics import compile_intrinsic
from asl.expr.jsonpath import compile_path
from asl.expr.payload import compile_template

DOCUMENT = {"a": {"b": 42}, "i": 7, "name": "job-1", "items": [1, 2, 3]}
ENV = SimpleEnv()


def cases() -> list[tuple[str, Callable[[], Any]]]:
    path = compile_path("$.a.b")
    template = compile_template({"Value.$": "$.a.b", "Name.$": "$.name", "Kind": "static"}, "Parameters")
    add = compile_intrinsic("States.MathAdd($.i, 1)")
    rule = compile_rule({"Variable": "$.i", "NumericLessThan": 10, "Next": "Small"})
    return [
        ("path $.a.b", lambda: path.evaluate(DOCUMENT, ENV)),
        ("Parameters, 3 keys / 2 paths", lambda: template.evaluate(DOCUMENT, ENV)),
        ("States.MathAdd($.i, 1)", lambda: add.evaluate(DOCUMENT, ENV)),
        ("NumericLessThan rule", lambda: rule(DOCUMENT, ENV)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--number", type=int, default=200_000, help="calls per timing run")
    args = parser.parse_args()
    for label, call in cases():
        best = min(timeit.repeat(call, number=args.number, repeat=5))
        print(f"{label:32s} {best / args.number * 1e6:7.3f} us/call")


if __name__ == "__main__":
    main()
