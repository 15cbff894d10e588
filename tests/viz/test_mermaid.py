"""Mermaid text: what Markdown users get."""
from __future__ import annotations

import asl
from asl.viz.mermaid import label

from .test_overlay import order_run


def test_shapes_subgraphs_and_labels() -> None:
    text = asl.parse("examples/order.asl.json").to_mermaid()
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    assert '  n1{"CheckAmount<br/>Choice · 1 rule"}' in lines
    assert '  subgraph n4 ["ReserveLineItems · Map · max 10"]' in lines
    assert '  n1 -->|"$.validation.amount #gt; 1000"| n2' in lines
    assert '  n0 -.->|"InvalidOrder"| n9' in lines
    assert text.count("subgraph") == text.count("\n  end") + text.count("\n    end")


def test_reserved_characters_become_entities() -> None:
    assert label('a "b" <c> #d\n e') == '"a #quot;b#quot; #lt;c#gt; #35;d e"'


def test_execution_classes_and_path() -> None:
    text = order_run().to_mermaid()
    assert "classDef failed fill:#fdeceb" in text and "class n4 caught" in text
    assert "linkStyle " in text and "stroke:#0b4f95" in text
