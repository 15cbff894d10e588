"""``asl`` command line: one module per subcommand, each exposing ``main(argv) -> int``.

Subcommands are imported only when invoked, so ``asl validate`` never pays for the
interpreter and ``asl run`` never pays for graph layout. A subcommand raises
``asl.cli.common.UsageError`` for bad arguments or unreadable files: reported here, exit 2.
"""
from __future__ import annotations

import sys
from importlib import import_module
from typing import Sequence

COMMANDS = {
    "validate": ("asl.cli.validate", "check definitions and list every problem"),
    "run": ("asl.cli.run", "execute a state machine locally"),
    "graph": ("asl.cli.graph", "draw a state machine (and an execution) as SVG/HTML/DOT/Mermaid"),
    "test-state": ("asl.cli.test_state", "run one state the way AWS's TestState API does"),
}

USAGE = "usage: asl {" + ",".join(COMMANDS) + "} ...\n\n" + "\n".join(
    f"  {name:<11} {help_}" for name, (_, help_) in COMMANDS.items()
)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if args else 2
    entry = COMMANDS.get(args[0])
    if entry is None:
        print(f"asl: unknown command {args[0]!r}\n\n{USAGE}", file=sys.stderr)
        return 2
    module = import_module(entry[0])
    from asl.cli.common import UsageError

    try:
        return int(module.main(args[1:]) or 0)
    except UsageError as exc:
        print(f"asl {args[0]}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
