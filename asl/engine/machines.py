"""State machine operations: create, update, describe, list, delete.

Every version of a definition is kept as a *revision*; an execution runs on the
revision it started with, as AWS's do, so updating a machine never changes a running
execution. Parsed definitions are cached per revision: a definition is validated and
compiled once, however many executions it has.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any, Optional

from asl.engine.errors import Fault
from asl.engine.params import check_name, check_role_arn, parse_arn
from asl.engine.responses import date, machine_description, machine_item, next_token, page_size, token_position
from asl.errors import DefinitionError
from asl.store.base import MachineRecord, RevisionRecord, Store

EXPRESS_TIMEOUT = 300.0  # an Express execution lasts at most five minutes


@dataclass(frozen=True)
class Compiled:
    """A revision ready to run: the parsed machine and its execution timeout."""

    machine: Any  # asl.machine.StateMachine
    timeout_seconds: Optional[float]
    express: bool


class Machines:
    def __init__(self, store: Store, clock: Any, region: str, account: str):
        self.store = store
        self.clock = clock
        self.prefix = f"arn:aws:states:{region}:{account}"
        self._compiled: dict[str, Compiled] = {}

    # ------------------------------------------------------------------ operations
    def create_state_machine(
        self, name: str, definition: str, roleArn: str, type: str = "STANDARD",
        loggingConfiguration: Optional[dict[str, Any]] = None, tracingConfiguration: Optional[dict[str, Any]] = None,
        **_ignored: Any,
    ) -> dict[str, Any]:
        check_name(name)
        check_role_arn(roleArn)
        arn = f"{self.prefix}:stateMachine:{name}"
        now = self.clock.now()
        revision = self._new_revision(arn, type, definition, roleArn, now)
        logging, tracing = _config_text(loggingConfiguration), _config_text(tracingConfiguration)
        existing = self.store.get_machine(arn)
        if existing is not None:  # CreateStateMachine is idempotent for identical requests
            self._compiled.pop(revision.revision_id, None)
            same = (existing.definition, existing.role_arn, existing.machine_type, existing.logging, existing.tracing)
            if same != (definition, roleArn, type, logging, tracing):
                raise Fault("StateMachineAlreadyExists", f"State Machine Already Exists: '{arn}'")
            return {"stateMachineArn": arn, "creationDate": date(existing.created)}
        machine = MachineRecord(arn, name, type, definition, roleArn, revision.revision_id, now, now, logging, tracing)
        self.store.put_machine(machine, revision)
        return {"stateMachineArn": arn, "creationDate": date(now)}

    def update_state_machine(
        self, stateMachineArn: str, definition: Optional[str] = None, roleArn: Optional[str] = None,
        loggingConfiguration: Optional[dict[str, Any]] = None, tracingConfiguration: Optional[dict[str, Any]] = None,
        **_ignored: Any,
    ) -> dict[str, Any]:
        machine = self.require(stateMachineArn)
        if definition is None and roleArn is None and loggingConfiguration is None and tracingConfiguration is None:
            raise Fault("MissingRequiredParameter", "Either the definition, the role ARN, the LoggingConfiguration, "
                                                    "or the TracingConfiguration must be specified")
        if roleArn is not None:
            check_role_arn(roleArn)
        definition = machine.definition if definition is None else definition
        role = machine.role_arn if roleArn is None else roleArn
        now = self.clock.now()
        revision = self._new_revision(machine.arn, machine.machine_type, definition, role, now)
        updated = MachineRecord(
            machine.arn, machine.name, machine.machine_type, definition, role, revision.revision_id,
            machine.created, now,
            machine.logging if loggingConfiguration is None else _config_text(loggingConfiguration),
            machine.tracing if tracingConfiguration is None else _config_text(tracingConfiguration),
        )
        self.store.put_machine(updated, revision)
        return {"updateDate": date(now), "revisionId": revision.revision_id}

    def describe_state_machine(self, stateMachineArn: str, includedData: Optional[str] = None) -> dict[str, Any]:
        machine = self.require(stateMachineArn)
        compiled = self.compiled(self.revision(machine.revision_id))
        return machine_description(machine, getattr(compiled.machine, "variable_references", None))

    def list_state_machines(self, maxResults: Optional[int] = None, nextToken: Optional[str] = None) -> dict[str, Any]:
        size = page_size(maxResults)
        start = token_position(nextToken, "machines")
        machines = self.store.list_machines()
        body: dict[str, Any] = {"stateMachines": [machine_item(m) for m in machines[start:start + size]]}
        if len(machines) > start + size:
            body["nextToken"] = next_token("machines", start + size)
        return body

    def delete_state_machine(self, stateMachineArn: str) -> dict[str, Any]:
        parse_arn(stateMachineArn, "stateMachine")
        self.store.delete_machine(stateMachineArn)  # AWS answers the same for an unknown machine
        return {}

    # ------------------------------------------------------------------ for executions
    def require(self, arn: str) -> MachineRecord:
        parse_arn(arn, "stateMachine")
        machine = self.store.get_machine(arn)
        if machine is None:
            raise Fault("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")
        return machine

    def revision(self, revision_id: str) -> RevisionRecord:
        revision = self.store.get_revision(revision_id)
        if revision is None:
            raise Fault("StateMachineDoesNotExist", f"State Machine Does Not Exist: 'revision {revision_id}'")
        return revision

    def compiled(self, revision: RevisionRecord) -> Compiled:
        """The parsed revision (``Fault("InvalidDefinition")`` if it does not parse)."""
        known = self._compiled.get(revision.revision_id)
        if known is None:
            machine = _parse(revision.definition, revision.machine_type)
            machine.name = revision.machine_arn.rsplit(":", 1)[-1]
            express = revision.machine_type == "EXPRESS"
            timeout = machine.raw.get("TimeoutSeconds")
            if express:
                timeout = EXPRESS_TIMEOUT if timeout is None else min(float(timeout), EXPRESS_TIMEOUT)
            known = self._compiled[revision.revision_id] = Compiled(machine, timeout, express)
        return known

    def _new_revision(self, arn: str, machine_type: str, definition: str, role: str, now: float) -> RevisionRecord:
        revision = RevisionRecord(str(uuid.uuid4()), arn, machine_type, definition, role, now)
        self.compiled(revision)  # InvalidDefinition before anything is stored
        return revision


def _parse(definition: str, machine_type: str) -> Any:
    from asl.parsing import parse

    try:  # bytes, so that text ending in ".json" is never taken for a file name
        return parse(definition.encode("utf-8", "surrogatepass"), machine_type=machine_type)
    except DefinitionError as exc:
        raise Fault("InvalidDefinition", exc.aws_message()) from None


def _config_text(config: Optional[dict[str, Any]]) -> str:
    try:
        return json.dumps(config or {}, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise Fault("ValidationException", f"1 validation error detected: configuration is not JSON: {exc}") from None
