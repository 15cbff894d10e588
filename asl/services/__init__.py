"""AWS service integrations through boto3: what ``services=`` of a run or engine selects.

``machine.run(input, services=...)`` sends every Task that no mock or task callable
answers to a backend:

* ``"boto3"``: boto3's default session (real AWS with your credentials; moto in-process
  when the run happens inside ``moto.mock_aws()``);
* a ``boto3.Session``;
* a dict of client settings: ``{"endpoint_url": "http://localhost:4566"}`` (LocalStack or
  any emulator), ``region_name``, ``aws_access_key_id``... and the ``Services`` options
  ``state_machines``, ``tasks``, ``poll``;
* a ``Services`` object, for everything at once.

Resources resolve to boto3 client methods from botocore's service models
(``asl.services.catalog``); ``supported(resource)`` tells whether one can run. moto's
Lambda needs Docker: without it, register the functions as Python callables (``tasks=``),
which still win over the backend.
"""
from __future__ import annotations

from typing import Any

from asl.services.backend import PollPolicy, Services
from asl.services.catalog import UnsupportedIntegration, resolve, supported

__all__ = ["PollPolicy", "Services", "UnsupportedIntegration", "backend_for", "resolve", "supported"]


def backend_for(services: Any) -> Services:
    """The backend ``services=`` names (see the module docstring); ``TypeError`` naming
    what is accepted for anything else."""
    if isinstance(services, Services):
        return services
    if services is None or services == "boto3":
        return Services()
    if isinstance(services, dict):
        options = dict(services)
        session = options.pop("session", "boto3")
        return Services(session, **options)
    if _is_boto3_session(services):
        return Services(services)
    raise TypeError(
        "services= takes 'boto3', a boto3.Session, a dict of client settings such as "
        f"{{'endpoint_url': ...}}, or an asl.services.Services; got {type(services).__name__}"
    )


def _is_boto3_session(value: Any) -> bool:
    try:
        import boto3
    except ImportError:
        return False
    return isinstance(value, boto3.Session)
