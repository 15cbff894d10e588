"""Fixtures for the Distributed Map tests: a folder standing in for S3."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

from asl.distributed import LocalBuckets


@pytest.fixture
def buckets(tmp_path: Path) -> LocalBuckets:
    """Buckets ``in`` and ``out`` under a fresh folder."""
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    return LocalBuckets(tmp_path)


@pytest.fixture
def put(buckets: LocalBuckets) -> Callable[[str, Any], Path]:
    """Write an object into bucket ``in`` (text or bytes)."""

    def write(key: str, content: Any) -> Path:
        path = buckets.root / "in" / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    return write
