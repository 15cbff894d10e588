"""``asl graph`` (asl/cli/graph.py; its tests live with the pictures)."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from asl.cli import main
from asl.core.history import json_safe

from .test_overlay import order_run

EXAMPLE = "examples/order.asl.json"


@pytest.mark.parametrize("suffix, start", [(".svg", "<svg"), (".html", "<!DOCTYPE html>"), (".dot", "digraph"),
                                           (".mmd", "flowchart TD")])
def test_format_follows_the_extension(tmp_path: Path, suffix: str, start: str) -> None:
    out = tmp_path / ("picture" + suffix)
    assert main(["graph", EXAMPLE, "-o", str(out)]) == 0
    assert out.read_text("utf-8").startswith(start)


@pytest.mark.parametrize("shape", ["list", "events", "history"])
def test_history_files_of_every_shape(tmp_path: Path, shape: str) -> None:
    events = json_safe(list(order_run().history))
    data = {"list": events, "events": {"events": events}, "history": {"history": events, "status": "FAILED"}}[shape]
    history = tmp_path / "history.json"
    history.write_text(json.dumps(data), "utf-8")
    out = tmp_path / "run.svg"
    assert main(["graph", EXAMPLE, "--history", str(history), "-o", str(out)]) == 0
    svg = out.read_text("utf-8")
    ET.fromstring(svg)
    assert "FAILED · OrderFailed" in svg and 's-caught"' in svg


def test_standard_output_and_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", EXAMPLE]) == 0
    assert capsys.readouterr().out.startswith("<svg")
    assert main(["graph", EXAMPLE, "--format", "mmd"]) == 0
    assert capsys.readouterr().out.startswith("flowchart TD")


def test_errors_exit_2_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", EXAMPLE, "-o", str(tmp_path / "x.png")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    assert main(["graph", str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"StartAt": "A", "States": {}}', "utf-8")
    assert main(["graph", str(bad)]) == 2
    assert f"{bad}:/StartAt: MISSING_TRANSITION_TARGET" in capsys.readouterr().err
    history = tmp_path / "h.json"
    history.write_text('{"nothing": 1}', "utf-8")
    assert main(["graph", EXAMPLE, "--history", str(history)]) == 2
    assert "no list of events" in capsys.readouterr().err
    history.write_text("not json", "utf-8")
    assert main(["graph", EXAMPLE, "--history", str(history)]) == 2
    assert "is not JSON" in capsys.readouterr().err
