"""The embedded engine: durable, concurrent executions behind boto3's Step Functions API.

``Engine`` (blocking methods, background thread) and ``AsyncEngine`` (coroutines on the
caller's loop) take the same arguments; ``errors`` holds the boto3-shaped exceptions,
also reachable as ``engine.exceptions.<Code>``. See ``asl/engine/README.md``.
"""
from __future__ import annotations

from asl.engine.client import AsyncEngine, Engine
from asl.engine.errors import ClientError, NondeterminismError, ParamValidationError, exceptions

__all__ = ["AsyncEngine", "ClientError", "Engine", "NondeterminismError", "ParamValidationError", "exceptions"]
