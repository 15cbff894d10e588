"""JSONata's cost inside the interpreter: a Map over 10,000 items whose ItemSelector and
Choice Condition are JSONata expressions, against the same workload in JSONPath.

Usage: python benchmarks/jsonata_map.py [--items N] [--runs N]

Prints the median execution seconds of each and their ratio (JSONata / JSONPath).
"""
from __future__ import annotations

import argparse
from typing import Any

from _common import median_seconds

import asl


def _processor(jsonata: bool) -> dict:
    if jsonata:
        test = {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.v > 5000 %}", "Next": "Big"}],
                "Default": "Small"}
    else:
        test = {"Type": "Choice", "Choices": [{"Variable": "$.v", "NumericGreaterThan": 5000, "Next": "Big"}],
                "Default": "Small"}
    return {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Test", "States": {
        "Test": test,
        "Big": {"Type": "Pass", "End": True},
        "Small": {"Type": "Pass", "End": True},
    }}


def definition(jsonata: bool) -> dict:
    if jsonata:
        mapping = {"Type": "Map", "Items": "{% $states.input.items %}",
                   "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}",
                                    "i": "{% $states.context.Map.Item.Index %}"},
                   "ItemProcessor": _processor(True), "End": True}
        return {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": mapping}}
    mapping = {"Type": "Map", "ItemsPath": "$.items",
               "ItemSelector": {"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
               "ItemProcessor": _processor(False), "End": True}
    return {"StartAt": "M", "States": {"M": mapping}}


def measure(jsonata: bool, items: int, runs: int) -> float:
    machine = asl.parse(definition(jsonata))
    value = {"items": list(range(1, items + 1))}
    return median_seconds(lambda: _succeeded(machine.run(value)), runs)


def _succeeded(result: Any) -> None:
    assert result.status == "SUCCEEDED", (result.error, result.cause)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    jsonpath = measure(False, args.items, args.runs)
    jsonata = measure(True, args.items, args.runs)
    print(f"Map of {args.items:,} items, ItemSelector + Choice, median of {args.runs} runs")
    print(f"  JSONPath: {jsonpath:.3f} s")
    print(f"  JSONata:  {jsonata:.3f} s")
    print(f"  ratio JSONata / JSONPath: {jsonata / jsonpath:.2f}")


if __name__ == "__main__":
    main()
