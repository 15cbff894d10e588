"""HTTP metadata as AWS adds it: the recorded Content-Length values come back."""
from __future__ import annotations

from asl.services.catalog import service_model
from asl.services.metadata import body_text, content_type, http_date, with_metadata

UUID = "5a2b0f2e-0000-4000-8000-000000000000"


def test_sqs_json_body_length_matches_the_recording() -> None:
    value = {"MD5OfMessageBody": "0" * 32, "MessageId": UUID}
    assert len(body_text(service_model("sqs"), "SendMessage", value, UUID)) == 106  # recorded on AWS


def test_sns_query_xml_body_length_matches_the_recording() -> None:
    assert len(body_text(service_model("sns"), "Publish", {"MessageId": UUID}, UUID)) == 294  # recorded on AWS
    fifo = body_text(service_model("sns"), "Publish", {"MessageId": UUID, "SequenceNumber": "1" * 20}, UUID)
    assert len(fifo) == 352  # recorded on AWS


def test_dynamodb_update_item_length_matches_the_recording() -> None:
    value = {"Attributes": {"S": {"S": "HelloWorldUpdated"}}}
    assert len(body_text(service_model("dynamodb"), "UpdateItem", value, UUID)) == 46  # recorded on AWS


def test_metadata_members_and_headers() -> None:
    shaped = with_metadata("dynamodb", {"Item": {}}, "{}", "rid", http_date("2025-03-04T05:06:07.000Z"),
                           content_type(service_model("dynamodb")))
    headers = shaped["SdkHttpMetadata"]["HttpHeaders"]
    assert headers["Content-Length"] == "2" and headers["Server"] == "Server"
    assert headers["Date"] == "Tue, 04 Mar 2025 05:06:07 GMT"
    assert headers["Content-Type"] == "application/x-amz-json-1.0"
    assert shaped["SdkHttpMetadata"]["AllHttpHeaders"]["x-amzn-RequestId"] == ["rid"]
    assert shaped["SdkResponseMetadata"] == {"RequestId": "rid"} and shaped["Item"] == {}
    assert content_type(service_model("sns")) == "text/xml"
    assert http_date("not a date") == "Wed, 01 Jan 2025 00:00:00 GMT"
