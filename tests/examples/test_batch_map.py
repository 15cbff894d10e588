"""The thumbnail batch: a Map tolerating up to 20% failed items."""
from __future__ import annotations

import pytest

import asl
from asl.errors import TaskFailed
from example_paths import example


@pytest.fixture(scope="module")
def machine():
    return asl.parse(example("batch_map"))


def _resize(bad: set):
    def resize(item: dict) -> dict:
        if item["key"] in bad:
            raise TaskFailed("ImageCorrupt", f"cannot decode {item['key']}")
        return {"thumbnail": "t/" + item["key"]}
    return resize


IMAGES = {"bucket": "photos", "images": [f"img{i}.jpg" for i in range(10)]}


def test_every_image_resized(machine) -> None:
    result = machine.run(IMAGES, {"resize-image": _resize(set())})
    assert result.output["made"] == 10
    assert result.output["thumbnails"][3] == {"thumbnail": "t/img3.jpg"}
    assert [v.input["position"] for v in result.visits("Resize")] == list(range(10))


def test_two_bad_images_out_of_ten_are_tolerated(machine) -> None:
    result = machine.run(IMAGES, {"resize-image": _resize({"img2.jpg", "img7.jpg"})})
    assert result.status == "SUCCEEDED"
    assert result.output["thumbnails"][2] is None and result.output["thumbnails"][7] is None
    assert len(result.state_outputs("Resize")) == 8


def test_three_bad_images_exceed_the_threshold_and_are_reported(machine) -> None:
    result = machine.run(IMAGES, {"resize-image": _resize({"img1.jpg", "img2.jpg", "img3.jpg"})})
    assert (result.status, result.error) == ("FAILED", "BatchFailed")
    assert result.cause == "The specified tolerated failure threshold was exceeded"
    result.assert_path(["ResizeAll"] + ["Resize"] * len(result.visits("Resize")) + ["ReportFailure"])


def test_throttled_items_are_retried(machine) -> None:
    calls: dict = {}

    def flaky(item: dict) -> dict:
        calls[item["key"]] = calls.get(item["key"], 0) + 1
        if item["key"] == "img0.jpg" and calls[item["key"]] == 1:
            raise TaskFailed("Lambda.TooManyRequestsException", "slow down")
        return {"thumbnail": item["key"]}

    result = machine.run(IMAGES, {"resize-image": flaky})
    assert result.status == "SUCCEEDED"
    assert result.retries("Resize") == 1
