"""DOT text: what Graphviz users get."""
from __future__ import annotations

import shutil
import subprocess

import pytest

import asl
from asl.viz.dot import quote

from .test_overlay import order_run
from .test_svg import ODD


def test_clusters_labels_and_styles() -> None:
    dot = asl.parse("examples/order.asl.json").to_dot()
    assert dot.startswith('digraph "StateMachine" {')
    assert 'subgraph "cluster_ReserveLineItems"' in dot and 'subgraph "cluster_Fulfil/0"' in dot
    assert 'label="$.validation.amount > 1000"' in dot
    assert '"exit_ReserveLineItems" -> "RefundPayment" [label="States.ALL"' in dot
    assert 'ltail="cluster_ReserveLineItems"' in dot and "style=dashed" in dot


def test_execution_colours() -> None:
    dot = order_run().to_dot()
    assert 'fillcolor="#fdeceb"' in dot  # a failed state
    assert 'penwidth=2.4, color="#0b4f95"' in dot  # the path taken


def test_odd_names_are_quoted() -> None:
    assert quote(ODD) == '"A <b>&\\"quoted\\"\'  bell"'  # control characters become spaces
    assert quote("a\\b\nc") == '"a\\\\b\\nc"'
    dot = asl.parse({"StartAt": ODD, "States": {ODD: {"Type": "Succeed"}}}).to_dot()
    assert quote(ODD) + " [" in dot


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
@pytest.mark.parametrize("make", [lambda: asl.parse("examples/order.asl.json").to_dot(), lambda: order_run().to_dot(),
                                  lambda: asl.parse({"StartAt": ODD, "States": {ODD: {"Type": "Succeed"}}}).to_dot()])
def test_graphviz_reads_it(make) -> None:  # type: ignore[no-untyped-def]
    done = subprocess.run(["dot", "-Tsvg"], input=make(), capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "Warning" not in done.stderr, done.stderr
