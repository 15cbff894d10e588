"""Map-specific rules: its processor, item source, batching, result writing and label."""
from __future__ import annotations

import re
from typing import Any

from asl.validation import expressions as ex
from asl.validation import messages as msg
from asl.validation import resources as rs
from asl.validation import schema, values
from asl.validation.common import check_exclusive, check_path_field, check_sub_object
from asl.validation.context import Report, StateSite, join

Nested = list[tuple[dict[str, Any], str]]  # (machine, location)
_LABEL = re.compile(r"[^\s<>{}\[\]?*\"#%\\^|~`$&,;:/\x00-\x1f\x7f-\x9f]{1,40}\Z")
_DISTRIBUTED_ONLY = ("ItemBatcher", "ResultWriter", "Label")


def check_map(report: Report, site: StateSite) -> Nested:
    """All Map rules; returns the processor to walk."""
    state = site.state
    nested, distributed = _processor(report, site)
    check_exclusive(
        report, state, site.location,
        ("MaxConcurrency", "MaxConcurrencyPath"),
        ("ToleratedFailurePercentage", "ToleratedFailurePercentagePath"),
        ("ToleratedFailureCount", "ToleratedFailureCountPath"),
        ("Parameters", "ItemSelector"),
    )
    if not distributed:
        for field in _DISTRIBUTED_ONLY:
            if field in state:
                report.error(msg.SCHEMA, msg.distributed_only(field), site.location)
    if isinstance(state.get("Label"), str):
        _check_label(report, state["Label"], site.at("Label"))
    if site.jsonata and "Items" in state:
        _check_items(report, state["Items"], site.at("Items"))
    _check_item_reader(report, site, state.get("ItemReader"), site.at("ItemReader"))
    _check_item_batcher(report, site, state.get("ItemBatcher"), site.at("ItemBatcher"))
    _check_result_writer(report, site, state.get("ResultWriter"), site.at("ResultWriter"))
    return nested


def _processor(report: Report, site: StateSite) -> tuple[Nested, bool]:
    fields = [f for f in ("ItemProcessor", "Iterator") if f in site.state]
    if len(fields) != 1:
        report.error(msg.SCHEMA, msg.exactly_one_of(["ItemProcessor", "Iterator"]), site.location)
    if not fields or not isinstance(site.state[fields[0]], dict):
        return [], False
    processor, where = site.state[fields[0]], site.at(fields[0])
    schema.check_object(report, "itemProcessor", processor, where)
    distributed = _check_processor_config(report, processor.get("ProcessorConfig"), join(where, "ProcessorConfig"))
    return [(processor, where)], distributed


def _check_processor_config(report: Report, config: Any, where: str) -> bool:
    if not isinstance(config, dict):
        return False
    schema.check_object(report, "processorConfig", config, where)
    distributed = config.get("Mode") == "DISTRIBUTED"
    if distributed and "ExecutionType" not in config:
        report.error(msg.SCHEMA, msg.DISTRIBUTED_NEEDS_EXECUTION_TYPE, where)
    if not distributed and "ExecutionType" in config:
        report.error(msg.SCHEMA, msg.field_not_supported("ExecutionType"), where)
    return distributed


def _check_label(report: Report, label: str, where: str) -> None:
    if not _LABEL.match(label):
        report.error(msg.INVALID_LABEL, msg.label_invalid(label), where)
    elif label in report.labels:
        report.error(msg.DUPLICATE_LABEL, msg.duplicate_label(label), where)
    else:
        report.labels[label] = where


def _check_items(report: Report, items: Any, where: str) -> None:
    if not (isinstance(items, (list, dict)) or ex.is_jsonata(items)):
        report.error(msg.SCHEMA, msg.wrong_type(["array"]), where)


def _check_payload(report: Report, site: StateSite, obj: dict[str, Any], where: str) -> None:
    """``Parameters`` (JSONPath template) or ``Arguments`` (JSONata) of a reader/writer."""
    if not site.jsonata and isinstance(obj.get("Parameters"), dict):
        values.check_template(report, site.name, obj["Parameters"], join(where, "Parameters"))
    if site.jsonata and "Arguments" in obj:
        values.check_jsonata_value(report, site.name, obj["Arguments"], join(where, "Arguments"))


def _check_s3_resource(report: Report, obj: dict[str, Any], where: str, allowed: tuple[str, ...]) -> None:
    resource = obj.get("Resource")
    if isinstance(resource, str) and not rs.is_s3_resource(resource, allowed):
        report.error(msg.SCHEMA, msg.resource_not_recognized(resource), join(where, "Resource"))


def _check_item_reader(report: Report, site: StateSite, reader: Any, where: str) -> None:
    if not isinstance(reader, dict):
        return
    check_sub_object(report, site, "itemReader", reader, where)
    _check_s3_resource(report, reader, where, rs.ITEM_READER_RESOURCES)
    _check_payload(report, site, reader, where)
    config = reader.get("ReaderConfig")
    config_at = join(where, "ReaderConfig")
    if not isinstance(config, dict):
        return
    check_sub_object(report, site, "readerConfig", config, config_at)
    check_exclusive(report, config, config_at, ("MaxItems", "MaxItemsPath"))
    if not site.jsonata:
        check_path_field(report, site, config, "MaxItemsPath", config_at)
    else:
        values.check_jsonata_value(report, site.name, config.get("MaxItems"), join(config_at, "MaxItems"))
    if config.get("CSVHeaderLocation") == "GIVEN" and "CSVHeaders" not in config:
        report.error(msg.SCHEMA, msg.field_required("CSVHeaders"), config_at)


def _check_item_batcher(report: Report, site: StateSite, batcher: Any, where: str) -> None:
    if not isinstance(batcher, dict):
        return
    check_sub_object(report, site, "itemBatcher", batcher, where)
    pairs = (("MaxItemsPerBatch", "MaxItemsPerBatchPath"), ("MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"))
    check_exclusive(report, batcher, where, *pairs)
    if not any(f in batcher for pair in pairs for f in pair):
        report.error(msg.SCHEMA, msg.at_least_one_of([f for pair in pairs for f in pair]), where)
    if site.jsonata:
        for field in ("MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput"):
            values.check_jsonata_value(report, site.name, batcher.get(field), join(where, field))
        return
    for field in ("MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"):
        check_path_field(report, site, batcher, field, where)
    if isinstance(batcher.get("BatchInput"), dict):
        values.check_template(report, site.name, batcher["BatchInput"], join(where, "BatchInput"))


def _check_result_writer(report: Report, site: StateSite, writer: Any, where: str) -> None:
    if not isinstance(writer, dict):
        return
    check_sub_object(report, site, "resultWriter", writer, where)
    if "Resource" not in writer and "WriterConfig" not in writer:
        report.error(msg.SCHEMA, msg.at_least_one_of(["Resource", "WriterConfig"]), where)
    _check_s3_resource(report, writer, where, rs.RESULT_WRITER_RESOURCES)
    _check_payload(report, site, writer, where)
    config = writer.get("WriterConfig")
    if isinstance(config, dict):
        config_at = join(where, "WriterConfig")
        check_sub_object(report, site, "writerConfig", config, config_at)
        for field in ("OutputType", "Transformation"):
            if field not in config and len(config) > 0:
                report.error(msg.SCHEMA, msg.field_required(field), config_at)
