"""Our JSONPath against jsonpath-ng, on the part of the language where the two agree.

AWS evaluates paths with Jayway (Java), and its answers and failure texts are what
``asl.expr.jsonpath`` reproduces; jsonpath-ng differs from Jayway in places (multi-key
brackets merge into one object in Jayway, ``=~`` filters, indefinite paths that match
nothing answer ``[]``, error wording), which is why it is not our evaluator. On plain
keys, indexes, wildcards over arrays and slices, though, both must select the same
values: this property holds our evaluator to an independent implementation there.
"""
from __future__ import annotations

from typing import Any

import jsonpath_ng
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.expr.jsonpath import PathNotFound, compile_path

KEYS = ["a", "b", "c"]

documents = st.recursive(
    st.integers(-3, 3) | st.text(alphabet="xy", max_size=2) | st.none(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(KEYS), children, max_size=3),
    max_leaves=15,
)

any_step = st.one_of(
    st.sampled_from(KEYS).map(lambda k: f".{k}"),
    st.sampled_from(KEYS).map(lambda k: f"['{k}']"),
    st.integers(0, 4).map(lambda i: f"[{i}]"),
    st.just("[*]"),
    st.tuples(st.integers(0, 3), st.integers(0, 4)).map(lambda ab: f"[{ab[0]}:{ab[1]}]"),
)


@st.composite
def documents_and_paths(draw: Any) -> tuple[str, Any]:
    """A document and a path that mostly follows it (so most paths select something)."""
    document = draw(documents)
    node, parts = document, []
    for _ in range(draw(st.integers(1, 4))):
        if isinstance(node, dict) and node and draw(st.integers(0, 4)):
            key = draw(st.sampled_from(sorted(node)))
            parts.append(draw(st.sampled_from([f".{key}", f"['{key}']"])))
            node = node[key]
        elif isinstance(node, list) and node and draw(st.integers(0, 4)):
            index = draw(st.integers(0, len(node) - 1))
            parts.append(draw(st.sampled_from([f"[{index}]", "[*]", f"[{index}:{len(node)}]", f"[:{index + 1}]"])))
            node = node[index]
        else:
            parts.append(draw(any_step))
            node = None
    return "$" + "".join(parts), document


def _theirs(text: str, document: Any) -> list[Any]:
    return [match.value for match in jsonpath_ng.parse(text).find(document)]


def _wildcard_over_object(text: str, document: Any) -> bool:
    """Jayway and jsonpath-ng order an object's values the same, but jsonpath-ng's ``[*]``
    on an object yields nothing, where Jayway yields its values: outside the common part."""
    for match in jsonpath_ng.parse(text.split("[*]")[0]).find(document) if "[*]" in text else []:
        if isinstance(match.value, dict):
            return True
    return False


@settings(max_examples=400, deadline=None)
@given(documents_and_paths())
def test_selects_what_jsonpath_ng_selects(case: tuple[str, Any]) -> None:
    text, document = case
    if _wildcard_over_object(text, document):
        return
    path = compile_path(text)
    theirs = _theirs(text, document)
    if path.is_definite:
        if len(theirs) == 1:
            assert path.evaluate(document) == theirs[0]
        else:
            with pytest.raises(PathNotFound):
                path.evaluate(document)
    else:
        assert path.evaluate(document) == theirs
