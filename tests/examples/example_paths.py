"""Where the example machines live (``examples/`` at the repository root)."""
from __future__ import annotations

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(folder: str, name: str | None = None) -> Path:
    return EXAMPLES / folder / (name or f"{folder}.asl.json")
