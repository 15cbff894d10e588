"""Per-call cost of JSONata evaluation through the adapter, and of the raw engine paths.

Run: ``.venv/bin/python benchmarks/jsonata_micro.py [--quick]``

Each row is microseconds per call (best of 3 loops of at least 0.2 s). Inputs are Python
dicts, as the interpreter passes them, so converting them into the engine is part of the
cost. Columns:

* ``adapter``: ``Expression.evaluate`` (bindings, AWS functions, result decoding);
* ``engine+dict``: jsonatapy ``evaluate_json_or_none`` with the whole input bound;
* ``+limits``: the same with the adapter's time/depth/sequence limits (the time limit
  makes the engine check its clock as it goes);
* ``engine+pyobj``: jsonatapy ``evaluate`` returning Python objects (loses undefined/null);
* ``engine+data``: jsonatapy on a pre-converted ``JsonataData`` document (no conversion);
* ``compile``: a fresh ``Expression`` (no cache).
"""
from __future__ import annotations

import argparse
import json
import random
import time
from typing import Any, Callable

import jsonatapy

from asl.expr import SimpleEnv
from asl.expr.jsonata import LIMITS, Expression

SMALL = {
    "id": "order-17",
    "a": "x",
    "n": 42,
    "items": [{"name": f"item{i}", "price": i * 1.5} for i in range(20)],
    "orders": [{"id": i, "amount": i * 3} for i in range(20)],
}
BIG = dict(SMALL, big=[{"id": i, "value": i} for i in range(1000)])

CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("$states.input.id", "$states.input.id", SMALL),
    ("object constructor", '{"id": $states.input.id, "total": $sum($states.input.orders.amount)}', SMALL),
    ("$sum(...)", "$sum($states.input.orders.amount)", SMALL),
    ("filter over 1,000 items", "$count($states.input.big[value % 3 = 0])", BIG),
    ("$states.input.id, 1,000-item input", "$states.input.id", BIG),
    ("conversion: $count(1,000 items)", "$count($states.input.big)", BIG),
]


def per_call(fn: Callable[[], Any], min_time: float) -> float:
    """Best of three timing loops, in microseconds per call."""
    best = float("inf")
    for _ in range(3):
        calls, start = 0, time.perf_counter()
        while True:
            for _ in range(20):
                fn()
            calls += 20
            elapsed = time.perf_counter() - start
            if elapsed >= min_time:
                break
        best = min(best, elapsed / calls)
    return best * 1e6


def measure(source: str, data: dict[str, Any], min_time: float) -> dict[str, float]:
    env = SimpleEnv(rng=random.Random(0))
    expression = Expression("{% " + source + " %}")
    raw = jsonatapy.compile(source)
    bindings = {"states": {"input": data}}
    document = jsonatapy.JsonataData({"states": {"input": data}})
    on_document = jsonatapy.compile(source.replace("$states", "$$.states"))
    counter = iter(range(10**9))
    limits = {"timeout": LIMITS.timeout_ms, "max_stack_depth": LIMITS.max_depth,
              "max_sequence_length": LIMITS.max_sequence}
    return {
        "adapter": per_call(lambda: expression.evaluate(data, env), min_time),
        "engine+dict": per_call(lambda: json.loads(raw.evaluate_json_or_none(None, bindings) or "null"), min_time),
        "+limits": per_call(lambda: json.loads(raw.evaluate_json_or_none(None, bindings, **limits) or "null"), min_time),
        "engine+pyobj": per_call(lambda: raw.evaluate(None, bindings), min_time),
        "engine+data": per_call(lambda: on_document.evaluate_with_data(document), min_time),
        "compile": per_call(lambda: Expression("{% " + source + f" /* {next(counter)} */ %}}"), min_time),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter loops (noisier numbers)")
    args = parser.parse_args()
    min_time = 0.05 if args.quick else 0.2
    columns = ["adapter", "engine+dict", "+limits", "engine+pyobj", "engine+data", "compile"]
    print(f"{'case':38}" + "".join(f"{c:>14}" for c in columns) + "   (µs per call)")
    for name, source, data in CASES:
        row = measure(source, data, min_time)
        print(f"{name:38}" + "".join(f"{row[c]:>14.1f}" for c in columns))


if __name__ == "__main__":
    main()
