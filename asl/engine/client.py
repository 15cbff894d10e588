"""``asl.Engine`` and ``AsyncEngine``: the engine behind boto3's Step Functions client API.

Every method of boto3's ``stepfunctions`` client that the engine implements has the
same name, keyword-only arguments and response shape here (``OPERATIONS`` lists them),
so ``sfn = asl.Engine(...)`` can stand in for ``sfn = boto3.client("stepfunctions")``.

``AsyncEngine`` runs on the caller's asyncio loop (``async with AsyncEngine(...)`` or
``async with Engine(...)``); its methods are coroutines. ``Engine`` runs the same thing
on a background thread with its own loop, so its methods are plain calls that return at
once (``start_execution`` does not wait for the execution, as on AWS) while executions
go on in the background. Either way the runtime starts on first use and then resumes
every RUNNING execution of the store (``recover``): register task callables before the
first call, or pass them as ``tasks=``.
"""
from __future__ import annotations

import asyncio
import secrets
import threading
from typing import Any, AsyncIterator, Callable, Coroutine, Iterator, Optional, TypeVar

from asl.drivers.aio import AsyncTaskResolver
from asl.engine import errors
from asl.engine.params import OPERATIONS, aws_name
from asl.engine.runtime import Runtime, Settings
from asl.machine import DEFAULT_ACCOUNT, DEFAULT_REGION

T = TypeVar("T")

_PAGINATED = {"get_execution_history": "events", "list_executions": "executions", "list_state_machines": "stateMachines"}


class AsyncEngine:
    """The engine on the running event loop; every API method is a coroutine."""

    exceptions = errors.exceptions

    def __init__(
        self,
        store: Any = ":memory:",
        *,
        tasks: Optional[dict[str, Callable[..., Any]]] = None,
        mocks: Optional[dict[str, Any]] = None,
        services: Any = None,
        clock: Any = "real",
        seed: Optional[int] = None,
        region: str = DEFAULT_REGION,
        account: str = DEFAULT_ACCOUNT,
        max_workers: Optional[int] = None,
        recover: bool = True,
        map_executor: Any = None,
    ):
        self._settings = Settings(
            store, AsyncTaskResolver(tasks, mocks, services), clock,
            secrets.randbits(62) if seed is None else seed, region, account, max_workers, recover, map_executor,
        )
        self._runtime: Optional[Runtime] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None

    def register_task(self, resource: str, fn: Callable[..., T]) -> Callable[..., T]:
        """Answer Task states whose Resource (or Lambda function name, or state name) is ``resource``."""
        self._settings.resolver.tasks[resource] = fn
        return fn

    async def _started(self) -> Runtime:
        loop = asyncio.get_running_loop()
        if self._runtime is None:
            self._loop = loop
            runtime = self._runtime = Runtime(self._settings)
            if self._settings.recover:
                runtime.recover()
        elif loop is not self._loop:
            raise RuntimeError("this engine runs on another event loop")
        return self._runtime

    async def recover(self) -> dict[str, Any]:
        """Resume every RUNNING execution of the store: ``{"resumed": [...], "problems": [...]}``."""
        return (await self._started()).recover()

    async def wait(self, executionArn: str, timeout: Optional[float] = None) -> dict[str, Any]:
        """Wait until the execution ends; ``describe_execution``'s answer (StartSyncExecution's for Express)."""
        return await (await self._started()).wait(executionArn, timeout)

    async def close(self) -> None:
        """Stop driving executions (they stay RUNNING in the store) and close the store."""
        if self._runtime is not None:
            self._runtime.close()

    def get_paginator(self, operation_name: str) -> "AsyncPaginator":
        return AsyncPaginator(self, _paginated(operation_name))

    async def __aenter__(self) -> "AsyncEngine":
        await self._started()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()


class Engine:
    """The engine on a background thread; every API method is a plain, blocking call."""

    exceptions = errors.exceptions

    def __init__(self, store: Any = ":memory:", **options: Any):
        self._async = AsyncEngine(store, **options)
        self._thread: Optional[_LoopThread] = None
        self._lock = threading.Lock()
        self._closed = False

    def register_task(self, resource: str, fn: Callable[..., T]) -> Callable[..., T]:
        """Answer Task states whose Resource (or Lambda function name, or state name) is ``resource``."""
        return self._async.register_task(resource, fn)

    def _run(self, make: Callable[[], Coroutine[Any, Any, T]]) -> T:
        with self._lock:
            if self._closed:
                raise RuntimeError("this engine is closed")
            if self._thread is None:
                if self._async._runtime is not None:
                    raise RuntimeError("this engine was started with 'async with': await its methods instead")
                self._thread = _LoopThread()
        return self._thread.run(make)

    def recover(self) -> dict[str, Any]:
        """Resume every RUNNING execution of the store: ``{"resumed": [...], "problems": [...]}``."""
        return self._run(self._async.recover)

    def wait(self, executionArn: str, timeout: Optional[float] = None) -> dict[str, Any]:
        """Block until the execution ends; ``describe_execution``'s answer (StartSyncExecution's for Express)."""
        return self._run(lambda: self._async.wait(executionArn, timeout))

    def close(self) -> None:
        """Stop driving executions (they stay RUNNING in the store), close the store, end the thread."""
        with self._lock:
            thread, self._thread = self._thread, None
            self._closed = True
        if thread is not None:
            thread.run(self._async.close)
            thread.stop()

    def get_paginator(self, operation_name: str) -> "Paginator":
        return Paginator(self, _paginated(operation_name))

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    async def __aenter__(self) -> AsyncEngine:
        if self._thread is not None:
            raise RuntimeError("this engine already runs on its own thread; use it without 'async with'")
        return await self._async.__aenter__()

    async def __aexit__(self, *exc: Any) -> None:
        await self._async.close()


class _LoopThread:
    """An event loop on a daemon thread, running the coroutines the sync API hands it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="asl-engine", daemon=True)
        self._thread.start()

    def run(self, make: Callable[[], Coroutine[Any, Any, T]]) -> T:
        if threading.current_thread() is self._thread:
            raise RuntimeError("the synchronous Engine API cannot be called from the engine's own loop "
                               "(an async task callable): use AsyncEngine, or call it from a sync callable")
        return asyncio.run_coroutine_threadsafe(make(), self.loop).result()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()
        self.loop.close()


# ----------------------------------------------------------------------------- operations
def _async_operation(name: str) -> Callable[..., Any]:
    async def operation(self: AsyncEngine, *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args:
            raise TypeError(f"{name}() only accepts keyword arguments.")
        return await (await self._started()).call(name, kwargs)

    return _named(operation, name, "AsyncEngine")


def _sync_operation(name: str) -> Callable[..., Any]:
    def operation(self: Engine, *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args:
            raise TypeError(f"{name}() only accepts keyword arguments.")
        method = getattr(self._async, name)
        return self._run(lambda: method(**kwargs))

    return _named(operation, name, "Engine")


def _named(function: Callable[..., Any], name: str, owner: str) -> Callable[..., Any]:
    function.__name__ = name
    function.__qualname__ = f"{owner}.{name}"
    function.__doc__ = (f"AWS Step Functions ``{aws_name(name)}``, as boto3's ``{name}``: "
                        f"keyword arguments {', '.join(OPERATIONS[name][1])}.")
    return function


for _name in OPERATIONS:
    setattr(AsyncEngine, _name, _async_operation(_name))
    setattr(Engine, _name, _sync_operation(_name))


# ----------------------------------------------------------------------------- paginators
def _paginated(operation_name: str) -> str:
    if operation_name not in _PAGINATED:
        raise ValueError(f"operation cannot be paginated: {operation_name}")
    return operation_name


def _first_request(kwargs: dict[str, Any]) -> dict[str, Any]:
    """boto3's ``PaginationConfig`` (``PageSize``, ``StartingToken``) as request parameters."""
    request = dict(kwargs)
    config = request.pop("PaginationConfig", None) or {}
    if config.get("PageSize") is not None:
        request["maxResults"] = config["PageSize"]
    if config.get("StartingToken") is not None:
        request["nextToken"] = config["StartingToken"]
    return request


class Paginator:
    def __init__(self, engine: Engine, operation: str):
        self._call = getattr(engine, operation)

    def paginate(self, **kwargs: Any) -> Iterator[dict[str, Any]]:
        request = _first_request(kwargs)
        while True:
            page = self._call(**request)
            yield page
            if not page.get("nextToken"):
                return
            request["nextToken"] = page["nextToken"]


class AsyncPaginator:
    def __init__(self, engine: AsyncEngine, operation: str):
        self._call = getattr(engine, operation)

    async def paginate(self, **kwargs: Any) -> AsyncIterator[dict[str, Any]]:
        request = _first_request(kwargs)
        while True:
            page = await self._call(**request)
            yield page
            if not page.get("nextToken"):
                return
            request["nextToken"] = page["nextToken"]
