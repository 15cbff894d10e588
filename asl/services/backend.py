"""``Services``: where a run's AWS service integrations go, and the call of one of them.

One object per run (or engine) holds the boto3 session (the default one, which inside
``moto.mock_aws()`` is moto in-process; a ``boto3.Session``; or settings such as
``endpoint_url`` for LocalStack or another emulator), the clients made from it, the
state machines ``states:startExecution`` runs in our own engine, and how ``.sync`` jobs
are polled. ``invoke`` is what ``asl.tasks.TaskResolver`` calls when no mock or task
callable answers a Task: it returns an ``asl.tasks.Outcome``, never raises for a
service's failure, and names the resource when the integration cannot be run at all.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional

from asl.core.resources import ACTIVITY, LAMBDA, SYNC, ResourceInfo
from asl.services import errors
from asl.services.catalog import Operation, UnsupportedIntegration, integration_arn, resolve_info, service_model
from asl.services.errors import Failure
from asl.services.metadata import WITHOUT_METADATA, body_text, content_type, http_date, with_metadata
from asl.services.shapes import to_json, to_request
from asl.tasks import Outcome, TaskContext, TaskNotRegistered

DEFAULT_REGION = "us-east-1"
_CLIENT_KEYS = ("endpoint_url", "region_name", "aws_access_key_id", "aws_secret_access_key", "aws_session_token")


@dataclass(frozen=True)
class PollPolicy:
    """How ``.sync`` jobs are polled: first wait, growth per poll, longest wait, and the
    most polls before the task fails (None: until the job ends). ``sleep`` waits for
    real between polls (a backend call is real I/O); pass ``interval=0`` with moto."""

    interval: float = 5.0
    backoff: float = 1.5
    max_interval: float = 60.0
    max_polls: Optional[int] = None
    sleep: Callable[[float], None] = time.sleep

    def waits(self) -> Any:
        """The successive waits, one per poll."""
        wait, count = self.interval, 0
        while self.max_polls is None or count < self.max_polls:
            yield wait
            count += 1
            wait = min(wait * self.backoff, self.max_interval)


@dataclass(frozen=True)
class Call:
    """One integration call in flight: what the handlers of ``integrations`` receive."""

    state: str
    info: ResourceInfo
    payload: Any
    context: TaskContext

    @property
    def optimized(self) -> Optional[str]:
        """The optimized integration's service (``sqs``...), None for SDK integrations."""
        return None if self.info.sdk else self.info.service

    @property
    def entered(self) -> Optional[str]:
        state = self.context.context.get("State") if isinstance(self.context.context, dict) else None
        return state.get("EnteredTime") if isinstance(state, dict) else None


class Services:
    """The AWS backend of a run: ``machine.run(..., services=Services(...))``.

    ``session``: ``"boto3"`` / None (boto3's default session), or a ``boto3.Session``.
    ``endpoint_url``, ``region_name`` and credentials go to every client.
    ``state_machines``: the machines ``states:startExecution`` runs in our engine, a
    mapping of state machine ARN to ``StateMachine`` or a function of the ARN returning
    one (or None); ``tasks``: the task callables their Task states may use.
    ``poll``: a ``PollPolicy`` for ``.sync`` jobs.
    """

    def __init__(self, session: Any = "boto3", *, state_machines: Any = None,
                 tasks: Optional[Mapping[str, Callable[..., Any]]] = None,
                 poll: Optional[PollPolicy] = None, **client_options: Any):
        unknown = sorted(set(client_options) - set(_CLIENT_KEYS))
        if unknown:
            raise TypeError(f"unknown services option(s) {unknown}; expected some of {list(_CLIENT_KEYS)}")
        self.session = session
        self.client_options = dict(client_options)
        self.state_machines = state_machines if state_machines is not None else {}
        self.tasks = dict(tasks or {})
        self.poll = poll or PollPolicy()
        self._clients: dict[str, Any] = {}
        self._session: Any = None

    # ------------------------------------------------------------------ setup
    def with_state_machines(self, lookup: Any) -> "Services":
        """The same backend, with another registry of state machines (an engine's own)."""
        copy = Services(self.session, state_machines=lookup, tasks=self.tasks, poll=self.poll, **self.client_options)
        copy._clients, copy._session = self._clients, self._session
        return copy

    def machine(self, arn: str) -> Any:
        """The state machine registered under ``arn``, or None."""
        registry = self.state_machines
        if callable(registry):
            return registry(arn)
        return registry.get(arn) if isinstance(registry, Mapping) else None

    def boto3_session(self) -> Any:
        if self._session is None:
            import boto3

            if self.session in (None, "boto3"):
                self._session = boto3.Session()
            else:
                self._session = self.session
        return self._session

    def region(self) -> str:
        """The region calls go to: ``region_name`` if given, else the session's, else us-east-1."""
        given = self.client_options.get("region_name")
        return given or getattr(self.boto3_session(), "region_name", None) or DEFAULT_REGION

    def client(self, service: str) -> Any:
        """A boto3 client for ``service`` (made once): no retries, as Step Functions
        leaves retrying to the state's ``Retry``."""
        client = self._clients.get(service)
        if client is None:
            from botocore.config import Config

            options = {**self.client_options, "region_name": self.region()}
            # checksums as the Java SDK Step Functions uses: computed on upload, not asked for
            # on download (a getObject answer has no Checksum* members on AWS)
            config = Config(retries={"max_attempts": 1, "mode": "standard"},
                            request_checksum_calculation="when_supported",
                            response_checksum_validation="when_required")
            client = self._clients[service] = self.boto3_session().client(service, config=config, **options)
        return client

    # ------------------------------------------------------------------ invoke
    def invoke(self, state: str, info: ResourceInfo, payload: Any, context: Any) -> Outcome:
        """Answer one Task through the backend (``asl.tasks.TaskResolver`` calls this)."""
        from asl.services import integrations

        if info.family == ACTIVITY:
            raise TaskNotRegistered(
                f"Task state {state!r} names an activity ({info.resource}); no AWS service answers it: "
                "register a worker with tasks={...} or answer its token"
            )
        call = Call(state, info, payload, context if isinstance(context, TaskContext) else context())
        try:
            if info.family == LAMBDA:
                return integrations.lambda_function(self, call)
            handler = None if info.sdk else integrations.HANDLERS.get((info.service, info.action))
            if info.pattern == SYNC and handler is None:
                handler = integrations.sync_handler(info)
            return handler(self, call) if handler is not None else self.request(call)
        except UnsupportedIntegration as exc:
            return Outcome(False, error="States.Runtime", cause=str(exc))

    def request(self, call: Call, payload: Any = None) -> Outcome:
        """The request-response call of any integration: the service's answer, shaped."""
        operation = resolve_info(call.info)
        response = self.perform(call, operation, call.payload if payload is None else payload)
        if isinstance(response, Failure):
            return response.outcome()
        return Outcome(True, self.shaped(call, operation, response))

    def perform(self, call: Call, operation: Operation, payload: Any) -> Any:
        """Call the operation; the raw boto3 response, or a ``Failure`` named as AWS names it."""
        import botocore.exceptions as bx

        model = service_model(operation.service).operation_model(operation.operation)
        request = to_request(model.input_shape, payload, sdk=call.info.sdk)
        if request.nulls:
            return errors.validation_error(operation, request.nulls, call.optimized)
        try:
            return getattr(self.client(operation.service), operation.method)(**request.params)
        except bx.ClientError as exc:
            return errors.client_error(operation, exc.response, call.optimized)
        except bx.ParamValidationError as exc:
            return Failure("States.Runtime",
                           f"{integration_arn(call.info)}: invalid parameters: {exc.kwargs.get('report', exc)}")
        except Exception as exc:  # no answer (connection, credentials) or an emulator's own bug
            return errors.client_side(operation, str(exc), call.optimized)

    def shaped(self, call: Call, operation: Operation, response: Any, value: Any = None) -> Any:
        """The response as Step Functions returns it: PascalCase JSON, and for optimized
        integrations the HTTP metadata AWS adds."""
        model = service_model(operation.service)
        if value is None:
            value = to_json(model.operation_model(operation.operation).output_shape, response)
        if call.optimized is None or call.optimized in WITHOUT_METADATA or not isinstance(value, dict):
            return value
        request_id = str((response.get("ResponseMetadata") or {}).get("RequestId", "")) if isinstance(response, dict) else ""
        body = body_text(model, operation.operation, value, request_id)
        return with_metadata(call.optimized, value, body, request_id, http_date(call.entered), content_type(model))

