"""The notebooks run as they are, in a real Jupyter kernel, so they cannot rot: every cell
executes without error, and what a cell prints (and the plain-text form of what it shows)
is what the stored notebook shows. Pictures are checked for kind and soundness rather than
byte for byte, so a change of colour does not fail this test; refresh the stored outputs with

    .venv/bin/python tests/notebooks/test_notebooks.py --update
"""
from __future__ import annotations

import copy
import importlib.util
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
NEEDS = "nbclient, nbformat and ipykernel (the 'test' extra: pip install -e '.[test]')"
RICH = ("image/svg+xml", "text/html")
WIDGET = "application/vnd.jupyter.widget-view+json"


def execute(path: Path) -> Any:
    """The notebook at ``path`` with every cell executed afresh (its folder as working directory)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return notebook


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def summary(cell: Any) -> list[tuple[str, Any]]:
    """What a code cell showed, as compared: streams joined, plain text exact, rich outputs by kind."""
    shown: list[tuple[str, Any]] = []
    for output in cell.get("outputs", []):
        kind = output["output_type"]
        if kind == "stream":
            if shown and shown[-1][0] == "stream " + output["name"]:
                shown[-1] = (shown[-1][0], shown[-1][1] + _text(output["text"]))
            else:
                shown.append(("stream " + output["name"], _text(output["text"])))
        elif kind in ("execute_result", "display_data"):
            data = output["data"]
            plain = None if WIDGET in data else _text(data.get("text/plain", ""))
            shown.append((kind, (sorted(data), plain)))
        else:
            shown.append((kind, output.get("ename")))
    return shown


def expected(cell: Any) -> list[tuple[str, Any]]:
    """What a stored cell should show here: a widget stored by a kernel that had ipywidgets
    shows, in one without it, the hint saying what to install (and nothing breaks)."""
    shown = summary(cell)
    widget = any(kind == "execute_result" and WIDGET in value[0] for kind, value in shown)
    if widget and importlib.util.find_spec("ipywidgets") is None:
        from asl.viz.widget import INSTALL_HINT

        return [("execute_result", (["text/plain"], repr(INSTALL_HINT)))]
    return shown


pytestmark = pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks found in notebooks/")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_shows_what_it_says(path: Path) -> None:
    pytest.importorskip("nbclient", reason=f"executing notebooks needs {NEEDS}")
    pytest.importorskip("ipykernel", reason=f"executing notebooks needs {NEEDS}")
    import nbformat

    stored = nbformat.read(path, as_version=4)
    fresh = execute(path)
    code = [(old, new) for old, new in zip(stored.cells, fresh.cells) if new.cell_type == "code"]
    for old, new in code:
        assert all(o["output_type"] != "error" for o in new.outputs), new.source
        assert summary(new) == expected(old), f"outputs changed in cell:\n{new.source}\n(refresh: {__doc__.split('    ')[-1].strip()})"
    pictures = [o["data"] for _, new in code for o in new.outputs if "image/svg+xml" in o.get("data", {})]
    assert pictures, "the notebook shows no picture"
    for data in pictures:
        svg = ET.fromstring(data["image/svg+xml"])
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        assert "<script" not in data["text/html"]


def test_stored_notebooks_carry_their_outputs() -> None:
    """Static viewers (GitHub, nbviewer) show only what is stored: every code cell has run."""
    import json

    for path in NOTEBOOKS:
        cells = json.loads(path.read_text("utf-8"))["cells"]
        code = [c for c in cells if c["cell_type"] == "code"]
        assert code and all(c["outputs"] for c in code), path.name
        assert any(set(RICH) <= set(o.get("data", {})) for c in code for o in c["outputs"]), path.name


def update() -> None:
    """Re-executes every notebook and stores the outputs."""
    import nbformat

    for path in NOTEBOOKS:
        notebook = execute(path)
        clean = copy.deepcopy(notebook)
        clean.metadata.pop("widgets", None)
        nbformat.write(clean, path)
        print(f"updated {path.relative_to(REPO)}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit(__doc__)
    update()
