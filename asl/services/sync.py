"""``.sync`` jobs of ECS, Batch and Glue: submit, then poll until the job ends.

As Step Functions does: the submit call's answer is what the task submitted (the
``TaskSubmitted`` event's output), the job's last description is the task's result, and a
job that ends badly fails the task with ``States.TaskFailed`` and the description as the
cause. Polls wait as the run's ``PollPolicy`` says (real time: a backend call is real I/O;
with moto, ``PollPolicy(interval=0)``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Optional

from asl.services.catalog import operation_of, resolve_info, service_model
from asl.services.errors import Failure
from asl.services.shapes import json_text, to_json
from asl.tasks import Outcome

if TYPE_CHECKING:
    from asl.services.backend import Call, Services

TASK_FAILED = "States.TaskFailed"


@dataclass(frozen=True)
class Job:
    """How to follow one kind of job: the describe call made from the submit answer and
    the task's parameters, where the job sits in its answer, when it has ended and
    whether it ended well; ``launched``: whether the submit answer started anything to
    follow (when not, that answer is the failure's cause)."""

    service: str
    describe: str
    describe_params: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]
    pick: Callable[[dict[str, Any]], Any]
    ended: Callable[[dict[str, Any]], bool]
    succeeded: Callable[[dict[str, Any]], bool]
    launched: Callable[[dict[str, Any]], bool] = lambda submitted: True


def _first(items: Any) -> Any:
    return items[0] if isinstance(items, list) and items else None


def _ecs_succeeded(task: dict[str, Any]) -> bool:
    containers = task.get("Containers") or []
    return all(c.get("ExitCode") in (None, 0) for c in containers if isinstance(c, dict))


ECS = Job(
    "ecs", "describeTasks",
    lambda submitted, params: {
        "cluster": params.get("Cluster") or (_first(submitted.get("tasks")) or {}).get("clusterArn"),
        "tasks": [t["taskArn"] for t in submitted.get("tasks") or [] if "taskArn" in t],
    },
    lambda described: _first(described.get("Tasks")),
    lambda task: task.get("LastStatus") == "STOPPED",
    _ecs_succeeded,
    launched=lambda submitted: bool(submitted.get("tasks")),  # none started: its failures say why
)
BATCH = Job(
    "batch", "describeJobs",
    lambda submitted, params: {"jobs": [submitted.get("jobId")]},
    lambda described: _first(described.get("Jobs")),
    lambda job: job.get("Status") in ("SUCCEEDED", "FAILED"),
    lambda job: job.get("Status") == "SUCCEEDED",
)
GLUE = Job(
    "glue", "getJobRun",
    lambda submitted, params: {"JobName": params.get("JobName"), "RunId": submitted.get("JobRunId")},
    lambda described: described.get("JobRun"),
    lambda run: run.get("JobRunState") in ("SUCCEEDED", "FAILED", "STOPPED", "TIMEOUT", "ERROR"),
    lambda run: run.get("JobRunState") == "SUCCEEDED",
)


def run_job(job: Job, services: "Services", call: "Call") -> Outcome:
    submit = resolve_info(call.info)
    submitted = services.perform(call, submit, call.payload)
    if isinstance(submitted, Failure):
        return submitted.outcome()
    shown = services.shaped(call, submit, submitted)
    params = call.payload if isinstance(call.payload, dict) else {}
    if not job.launched(submitted):
        return Outcome(False, error=TASK_FAILED, cause=json_text(to_json(None, submitted)), submitted=shown)
    outcome = _follow(job, services, call, job.describe_params(submitted, params))
    outcome.submitted = shown
    return outcome


def _follow(job: Job, services: "Services", call: "Call", describe_params: dict[str, Any]) -> Outcome:
    describe = operation_of(job.service, job.describe)
    output_shape = service_model(job.service).operation_model(describe.operation).output_shape
    last: Optional[Any] = None
    for wait in services.poll.waits():
        services.poll.sleep(wait)
        described = services.perform(call, describe, describe_params)
        if isinstance(described, Failure):
            return described.outcome()
        last = job.pick(to_json(output_shape, described))
        if isinstance(last, dict) and job.ended(last):
            if job.succeeded(last):
                return Outcome(True, last)
            return Outcome(False, error=TASK_FAILED, cause=json_text(last))
    cause = {"Message": "the job had not ended when polling stopped (PollPolicy.max_polls)", "Job": last}
    return Outcome(False, error=TASK_FAILED, cause=json_text(cause))


def _poller(job: Job) -> Callable[["Services", "Call"], Outcome]:
    return lambda services, call: run_job(job, services, call)


POLLERS: dict[tuple[str, str], Callable[["Services", "Call"], Outcome]] = {
    ("ecs", "runTask"): _poller(ECS),
    ("batch", "submitJob"): _poller(BATCH),
    ("glue", "startJobRun"): _poller(GLUE),
}
