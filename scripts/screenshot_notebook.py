"""Screenshot a notebook's stored outputs as a static viewer shows them: headless Chromium,
no script on the page, nothing fetched.

    .venv/bin/python scripts/screenshot_notebook.py notebooks/quickstart.ipynb -o quickstart.png
        [--pictures-only] [--width 1000] [--height N] [--html page.html]

The notebook is turned into one plain HTML page (markdown as text, code in ``<pre>``, each
output by its richest static form: HTML, then SVG, then text), the way GitHub or nbviewer
would show it without running anything (the page must hold no ``<script>``: it is refused
otherwise), and Chromium takes a picture of it. ``--pictures-only`` keeps only the outputs that hold a picture. Needs Debian's
``chromium`` (``apt-get install -y chromium``); exit status 2 when it is missing.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = [  # the flags that work on this project's machines (no network, running as root)
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
]
PAGE_STYLE = ("body{font-family:system-ui,sans-serif;margin:16px;max-width:1100px;color:#16191f}"
              "pre{background:#f5f6f7;padding:8px;white-space:pre-wrap}.out{margin:8px 0 20px}")


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _markdown(source: str) -> str:
    """Just enough markdown for reading: headings, bullets, code spans, bold."""
    out = []
    for line in source.splitlines():
        text = html.escape(line)
        text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
        text = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", text)
        heading = re.match(r"(#{1,4}) (.*)", text)
        if heading:
            level = len(heading.group(1))
            out.append(f"<h{level}>{heading.group(2)}</h{level}>")
        elif text.startswith("* "):
            out.append(f"<li>{text[2:]}</li>")
        else:
            out.append(f"<p>{text}</p>" if text.strip() else "")
    return "\n".join(out)


def _output(output: dict[str, Any]) -> str | None:
    if output.get("output_type") == "stream":
        return f"<pre>{html.escape(_text(output.get('text', '')))}</pre>"
    data = output.get("data", {})
    for kind in ("text/html", "image/svg+xml"):
        if kind in data:
            return f'<div class="out">{_text(data[kind])}</div>'
    if "text/plain" in data:
        return f"<pre>{html.escape(_text(data['text/plain']))}</pre>"
    return None


def page(notebook: dict[str, Any], pictures_only: bool = False) -> str:
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{PAGE_STYLE}</style></head><body>"]
    for cell in notebook.get("cells", []):
        source = _text(cell.get("source", ""))
        if cell.get("cell_type") == "markdown" and not pictures_only:
            parts.append(_markdown(source))
        elif cell.get("cell_type") == "code":
            if not pictures_only:
                parts.append(f"<pre>{html.escape(source)}</pre>")
            for output in cell.get("outputs", []):
                if pictures_only and "image/svg+xml" not in output.get("data", {}):
                    continue
                shown = _output(output)
                if shown:
                    parts.append(shown)
    parts.append("</body></html>")
    return "\n".join(parts)


def estimated_height(notebook: dict[str, Any], pictures_only: bool) -> int:
    """Tall enough for the page: the pictures' own heights plus room for everything else."""
    height = 80
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown" and not pictures_only:
            height += 40 + 22 * _text(cell.get("source", "")).count("\n")
        for output in cell.get("outputs", []):
            svg = output.get("data", {}).get("image/svg+xml")
            if svg:
                found = re.search(r'height="([0-9.]+)"', _text(svg))
                height += int(float(found.group(1))) + 80 if found else 600
            elif not pictures_only:
                height += 30 + 18 * (_text(output.get("text", output.get("data", {}).get("text/plain", ""))).count("\n") + 1)
        if cell.get("cell_type") == "code" and not pictures_only:
            height += 30 + 18 * (_text(cell.get("source", "")).count("\n") + 1)
    return height


def screenshot(html_page: str, png: Path, width: int, height: int, browser: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "page.html"
        page_file.write_text(html_page, "utf-8")
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={folder}/profile", f"--window-size={width},{height}",
                   f"--screenshot={png.resolve()}", page_file.as_uri()]
        subprocess.run(command, check=True, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook")
    parser.add_argument("-o", "--output", required=True, help="the PNG to write")
    parser.add_argument("--pictures-only", action="store_true", help="only the outputs holding a picture")
    parser.add_argument("--width", type=int, default=1000)
    parser.add_argument("--height", type=int, help="default: estimated from the content")
    parser.add_argument("--html", help="also keep the page that was photographed")
    args = parser.parse_args(argv)
    browser = chromium()
    if browser is None:
        print("screenshot_notebook: no Chromium found (apt-get install -y chromium)", file=sys.stderr)
        return 2
    notebook = json.loads(Path(args.notebook).read_text("utf-8"))
    text = page(notebook, args.pictures_only)
    if "<script" in text.lower():
        print("screenshot_notebook: the notebook's outputs hold a script; static viewers would not run it",
              file=sys.stderr)
        return 1
    if args.html:
        Path(args.html).write_text(text, "utf-8")
    height = args.height or estimated_height(notebook, args.pictures_only)
    screenshot(text, Path(args.output), args.width, height, browser)
    print(f"{args.output}: {args.width}x{height}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
