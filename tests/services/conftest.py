"""moto in-process for the service tests: no network, no Docker.

moto and boto3 are the ``aws`` extra; without them these tests are skipped with that
reason (shown by ``-rs``), never silently.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

pytest.importorskip("boto3", reason="boto3 is not installed (pip install 'asl[aws]')")
pytest.importorskip("moto", reason="moto is not installed (pip install 'asl[aws]')")

from moto import mock_aws  # noqa: E402

from asl.services import PollPolicy, Services  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "integrations"
REGION = "us-east-1"


@pytest.fixture
def aws() -> Iterator[Services]:
    """A fresh moto world and a backend on it that polls without waiting."""
    with mock_aws():
        yield Services(poll=PollPolicy(interval=0, max_polls=10))


@pytest.fixture
def client(aws: Services) -> Any:
    """boto3 clients on the same moto world: ``client("sqs")``."""
    return aws.client


def example(name: str) -> Path:
    """The definition file of an example (``sqs_send_order`` or ``nested/parent``)."""
    folder, _, file = name.partition("/")
    return EXAMPLES / folder / f"{file or folder}.asl.json"
