"""The checks of one state: its fields for its type and query language, then its type's rules.

``check_state`` runs the common part (language rules, schema, Next/End, paths, templates,
JSONata expressions, Assign) and then the checker registered for the state's type.
It returns the machines nested in the state (Parallel branches, a Map's processor) for
the caller to walk, so nesting never becomes recursion here.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from asl.validation import expressions as ex
from asl.validation import fields as fl
from asl.validation import messages as msg
from asl.validation import schema, values
from asl.validation.choice import check_rules
from asl.validation.common import (
    check_exclusive,
    check_path_field,
    check_sub_object,
    expression_view,
)
from asl.validation.context import Report, StateSite, join
from asl.validation.maps import check_map
from asl.validation.tasks import check_task
from asl.validation.variables import check_assign

Nested = list[tuple[dict[str, Any], str]]  # (machine, location)

# Fields not walked for JSONata expressions by the common pass (structure, or checked by
# the type's own checker).
_STRUCTURAL = frozenset({
    "Type", "Comment", "QueryLanguage", "Next", "End", "Resource", "Default", "Choices",
    "Branches", "ItemProcessor", "Iterator", "Retry", "Catch", "Assign", "ItemReader",
    "ItemBatcher", "ResultWriter", "Label",
})


def check_state(report: Report, site: StateSite) -> Nested:
    """All checks of one state whose ``Type`` is known; returns its nested machines."""
    state_type = site.state["Type"]
    view = _language_view(report, site)
    schema.check_object(report, state_type, view, site.location)
    if state_type in fl.TRANSITION_TYPES:
        _check_next_or_end(report, site)
    if site.jsonata:
        for field, value in site.state.items():
            if field not in _STRUCTURAL:
                values.check_jsonata_value(report, site.name, value, site.at(field))
    else:
        _check_paths(report, site)
        _check_templates(report, site)
    if isinstance(site.state.get("Assign"), dict):
        check_assign(report, site, site.state["Assign"], site.at("Assign"))
    return CHECKERS[state_type](report, site)


def _language_view(report: Report, site: StateSite) -> dict[str, Any]:
    """The state as the schema should see it, after reporting other-language fields."""
    state, state_type = site.state, site.state["Type"]
    foreign = fl.other_language_fields(state_type, site.language)
    if site.scope.language == fl.JSONATA and state.get("QueryLanguage") == fl.JSONPATH:
        report.error(msg.SCHEMA, msg.QUERY_LANGUAGE_DOWNGRADE, site.location)
    else:
        for field in foreign:
            if field in state:
                report.error(msg.SCHEMA, msg.wrong_language_field(site.language, field), site.location)
    return expression_view(site, state, foreign)


def _check_next_or_end(report: Report, site: StateSite) -> None:
    end = site.state.get("End", False)
    if not isinstance(end, bool):
        return  # the schema reports the type; a second problem would say nothing new
    if ("Next" in site.state) == end:
        report.error(msg.SCHEMA, msg.exactly_one_of(["Next", "End"]), site.location)


def _check_paths(report: Report, site: StateSite) -> None:
    for field in (*fl.PATH_FIELDS, *fl.REFERENCE_PATH_FIELDS, *fl.VALUE_EXPRESSION_FIELDS):
        if field in site.state:
            check_path_field(report, site, site.state, field, site.location)


def _check_templates(report: Report, site: StateSite) -> None:
    for field in ("Parameters", "ResultSelector", "ItemSelector"):
        if isinstance(site.state.get(field), dict):
            values.check_template(report, site.name, site.state[field], site.at(field))


def check_retry_catch(report: Report, site: StateSite) -> None:
    """Retriers and Catchers of a Task, Parallel or Map state."""
    for field, kind in (("Retry", "retrier"), ("Catch", "catcher")):
        entries = site.state.get(field)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            location = site.at(field, index)
            if not isinstance(entry, dict):
                report.error(msg.SCHEMA, msg.wrong_type(["object"]), location)
                continue
            check_sub_object(report, site, kind, entry, location)
            _check_error_equals(report, entry, location, index == len(entries) - 1)
            if kind == "catcher":
                _check_catcher(report, site, entry, location)


def _check_error_equals(report: Report, entry: dict[str, Any], location: str, last: bool) -> None:
    errors = entry.get("ErrorEquals")
    if not isinstance(errors, list) or "States.ALL" not in errors:
        return
    if len(errors) > 1:
        report.error(msg.SCHEMA, msg.ALL_NOT_ALONE, join(location, "ErrorEquals"))
    if not last:
        report.error(msg.SCHEMA, msg.ALL_NOT_LAST, location)


def _check_catcher(report: Report, site: StateSite, catcher: dict[str, Any], location: str) -> None:
    if site.jsonata:
        if "Output" in catcher:
            values.check_jsonata_value(report, site.name, catcher["Output"], join(location, "Output"), in_catch=True)
    else:
        check_path_field(report, site, catcher, "ResultPath", location)
    if isinstance(catcher.get("Assign"), dict):
        check_assign(report, site, catcher["Assign"], join(location, "Assign"), in_catch=True)


def _check_pass(report: Report, site: StateSite) -> Nested:
    if not site.jsonata and "Result" in site.state:
        values.check_static_result(report, site.state["Result"], site.at("Result"))
    return []


def _check_wait(report: Report, site: StateSite) -> Nested:
    durations = ("Seconds", "SecondsPath", "Timestamp", "TimestampPath")
    if sum(f in site.state for f in durations) != 1:
        report.error(msg.SCHEMA, msg.exactly_one_of(durations), site.location)
    stamp = site.state.get("Timestamp")
    if isinstance(stamp, str) and not (site.jsonata and ex.is_jsonata(stamp)) and not ex.is_timestamp(stamp):
        report.error(msg.SCHEMA, msg.BAD_TIMESTAMP, site.at("Timestamp"))
    return []


def _check_fail(report: Report, site: StateSite) -> Nested:
    check_exclusive(report, site.state, site.location, ("Error", "ErrorPath"), ("Cause", "CausePath"))
    if not site.jsonata:
        for field in ("Error", "Cause"):
            if ex.looks_like_path(site.state.get(field)):
                report.warn(msg.NO_PATH, msg.no_path(field), site.at(field))
    return []


def _check_choice(report: Report, site: StateSite) -> Nested:
    check_rules(report, site)
    return []


def _check_parallel(report: Report, site: StateSite) -> Nested:
    nested: Nested = []
    branches = site.state.get("Branches")
    if isinstance(branches, list):
        for index, branch in enumerate(branches):
            location = site.at("Branches", index)
            if not isinstance(branch, dict):
                report.error(msg.SCHEMA, msg.wrong_type(["object"]), location)
                continue
            schema.check_object(report, "branch", branch, location)
            nested.append((branch, location))
    check_retry_catch(report, site)
    return nested


def _check_task(report: Report, site: StateSite) -> Nested:
    check_task(report, site)
    check_retry_catch(report, site)
    return []


def _check_map(report: Report, site: StateSite) -> Nested:
    nested = check_map(report, site)
    check_retry_catch(report, site)
    return nested


def _no_checks(report: Report, site: StateSite) -> Nested:
    return []


CHECKERS: dict[str, Callable[[Report, StateSite], Nested]] = {
    "Pass": _check_pass,
    "Task": _check_task,
    "Choice": _check_choice,
    "Wait": _check_wait,
    "Succeed": _no_checks,
    "Fail": _check_fail,
    "Parallel": _check_parallel,
    "Map": _check_map,
}
