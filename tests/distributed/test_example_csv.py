"""The CSV example (examples/distributed/csv_million.py) on a small file: in-process, and
on a Dask LocalCluster writing the same bytes."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "distributed" / "csv_million.py"


def load_example():
    spec = importlib.util.spec_from_file_location("csv_million_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_scores_every_row_in_batches_of_a_thousand(tmp_path):
    example = load_example()
    report = example.run_mode("local", 2500, 2, tmp_path)
    assert (report["status"], report["children"]) == ("SUCCEEDED", 3)
    manifest = json.loads((tmp_path / "results" / report["manifest"]).read_text())
    (succeeded,) = manifest["ResultFiles"]["SUCCEEDED"]
    records = json.loads((tmp_path / "results" / succeeded["Key"]).read_text())
    outputs = [json.loads(r["Output"]) for r in records]
    assert [o["orders"] for o in outputs] == [1000, 1000, 500]
    assert all(r["StateMachineArn"].endswith(":stateMachine:StateMachine/ScoreOrders") for r in records)


def test_the_example_on_dask_writes_the_in_process_bytes(tmp_path):
    pytest.importorskip("distributed", reason="the Dask executor needs the 'dask' extra")
    example = load_example()
    local = example.run_mode("local", 2500, 2, tmp_path / "local")
    on_dask = example.run_mode("dask", 2500, 2, tmp_path / "dask")
    assert on_dask["status"] == "SUCCEEDED" and on_dask["digest"] == local["digest"]
