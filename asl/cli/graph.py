"""``asl graph``: draw a state machine, or an execution of it, as SVG, HTML, DOT or Mermaid.

    asl graph FILE [--history HISTORY.json] [-o OUT.svg|.html|.dot|.mmd] [--format FMT]

The format follows the output file's extension (``--format`` when writing to standard
output, SVG by default). ``--history`` takes the events of one execution: a JSON list of
events, AWS's GetExecutionHistory answer (``{"events": [...]}``) or the output of
``asl run --json --history`` (``{"history": [...]}``). Exit status 0 when the picture was
written, 2 for bad arguments, unreadable files or an invalid definition.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from asl.cli.common import UsageError, load_machine, parse_args, parse_json, read_text

FORMATS = {".svg": "svg", ".html": "html", ".htm": "html", ".dot": "dot", ".gv": "dot", ".mmd": "mmd",
           ".mermaid": "mmd"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="asl graph", description="Draw a state machine (and an execution).")
    parser.add_argument("file", help="the state machine definition (JSON)")
    parser.add_argument("--history", help="a JSON file with the events of one execution to colour the picture by")
    parser.add_argument("-o", "--output", help="where to write: .svg, .html, .dot or .mmd (default: standard output)")
    parser.add_argument("--format", choices=sorted(set(FORMATS.values())), help="the format (default: from -o, else svg)")
    return parser


def main(argv: Sequence[str]) -> int:
    args = parse_args(build_parser(), argv)
    return args if isinstance(args, int) else _draw(args)


def _draw(args: argparse.Namespace) -> int:
    from asl import viz

    fmt = _format(args)
    machine = load_machine(Path(args.file))
    if machine is None:
        return 2
    draw: dict[str, Callable[..., str]]
    if args.history:
        events = load_history(args.history)
        draw = {"svg": viz.history_svg, "html": viz.history_html, "dot": viz.history_dot, "mmd": viz.history_mermaid}
        text = draw[fmt](machine, events)
    else:
        draw = {"svg": viz.machine_svg, "html": viz.machine_html, "dot": viz.machine_dot, "mmd": viz.machine_mermaid}
        text = draw[fmt](machine)
    if fmt == "html":
        text = _page(machine.name, text)
    _write(args.output, text)
    return 0


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if not args.output or args.output == "-":
        return "svg"
    suffix = Path(args.output).suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"cannot tell the format of {args.output!r}: use .svg, .html, .dot or .mmd, or --format")
    return FORMATS[suffix]


def load_history(file: str) -> list[Any]:
    """The events of one execution from any of the shapes this command accepts."""
    data = parse_json(read_text(file), file)
    if isinstance(data, dict):
        data = data.get("events", data.get("history"))
    if not isinstance(data, list):
        raise UsageError(f"{file} holds no list of events (a list, or an object with 'events' or 'history')")
    return data


def _page(name: str, body: str) -> str:
    from asl.viz.svg import escape

    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(name)}</title></head>'
            f'<body style="margin:16px">\n{body}\n</body></html>\n')


def _write(output: str | None, text: str) -> None:
    if not output or output == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc}") from None
