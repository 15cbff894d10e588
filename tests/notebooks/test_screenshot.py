"""scripts/screenshot_notebook.py: a static page of a notebook, and Chromium's picture of it."""
from __future__ import annotations

import json
import struct
import sys
import zlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

import screenshot_notebook  # noqa: E402

QUICKSTART = REPO / "notebooks" / "quickstart.ipynb"


def _png(path: Path) -> tuple[int, int, bytes]:
    """Width, height and the raw (filtered) pixel rows of a PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, offset = [], 8
    while offset < len(data):
        length = struct.unpack(">I", data[offset:offset + 4])[0]
        kind = data[offset + 4:offset + 8]
        if kind == b"IDAT":
            chunks.append(data[offset + 8:offset + 8 + length])
        offset += 12 + length
    return width, height, zlib.decompress(b"".join(chunks))


def test_the_page_is_static_and_holds_the_pictures() -> None:
    notebook = json.loads(QUICKSTART.read_text("utf-8"))
    page = screenshot_notebook.page(notebook, pictures_only=True)
    assert "<script" not in page.lower() and page.count("<svg") == 2
    full = screenshot_notebook.page(notebook)
    assert "<h1>asl quickstart</h1>" in full and "machine.run(" in full
    assert screenshot_notebook.estimated_height(notebook, True) > 1000


@pytest.mark.skipif(screenshot_notebook.chromium() is None, reason="Chromium is not installed (apt-get install -y chromium)")
def test_chromium_draws_the_quickstart_pictures(tmp_path: Path) -> None:
    png = tmp_path / "quickstart.png"
    assert screenshot_notebook.main([str(QUICKSTART), "-o", str(png), "--pictures-only", "--width", "800"]) == 0
    width, height, pixels = _png(png)
    assert width == 800 and height > 1000
    # not a blank page: a good share of the bytes are not white
    coloured = sum(1 for byte in pixels if byte not in (0, 255))
    assert coloured > len(pixels) // 100
