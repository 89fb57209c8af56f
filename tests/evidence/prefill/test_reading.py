"""A new case from its order screenshot, read for real (issue 18): the OCR engine itself and
the order reader, in a real Celery worker over Redis (not eagerly), on the journey's generated
Pinduoduo order page; and a picture with no text in it, read by the engine, which gives the
message and the empty form."""

import hashlib
import io
import random
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bench.phone_journey import story_screenshot
from bench.screenshots.others import photo_without_text
from evidence.models import OrderScreenshot, ScreenshotState

pytestmark = pytest.mark.usefixtures("ocr")

MARK = "从截图读取，请核对"


@pytest.fixture(scope="module")
def order_png() -> bytes:
    return story_screenshot()


def photo_jpeg() -> bytes:
    """A camera photo with no text in it (the generated set's), small to read quickly."""
    out = io.BytesIO()
    photo_without_text(random.Random(18), (600, 800)).save(out, "JPEG", quality=85)
    return out.getvalue()


def pick(client, name: str, data: bytes):
    return client.post(
        reverse("evidence:order_screenshot_upload"),
        {"files": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
    )


def status_of(client, screenshot) -> dict:
    url = reverse("evidence:order_screenshot_status", args=[screenshot.public_id])
    return client.get(url).json()


@pytest.mark.django_db(transaction=True)
def test_a_worker_reads_the_screenshot_and_the_form_comes_back_filled(
    worker, shopping_platforms, consumer_client, consumer, order_png
):
    # given the order screenshot picked on /cases/new/ (queued on commit, to the worker)
    response = pick(consumer_client, "订单截图.png", order_png)
    screenshot = OrderScreenshot.objects.get(owner=consumer)
    assert response.url == reverse("evidence:order_screenshot", args=[screenshot.public_id])
    assert status_of(consumer_client, screenshot)["state"] == "reading"

    # when the page asks until the worker has read it (the page gives up after 60 s)
    deadline = time.monotonic() + 60
    while status_of(consumer_client, screenshot)["state"] == "reading":
        assert time.monotonic() < deadline, "the worker did not read the screenshot in 60 s"
        time.sleep(0.5)

    # then the engine's lines and the reader's facts are on the row
    screenshot.refresh_from_db()
    assert screenshot.state == ScreenshotState.DONE
    assert "数码优选专营店" in screenshot.text and screenshot.engine.startswith("rapidocr")
    assert screenshot.sha256 == hashlib.sha256(order_png).hexdigest()
    facts = screenshot.facts
    assert facts["platform"] == "pinduoduo" and facts["shop_name"] == "数码优选专营店"
    assert facts["amount_paid"] == "299.00"
    assert facts["order_number"].endswith("-583920193477215")
    assert set(facts) >= {"purchase_date", "received_date"}
    # and the form comes back with each of them, each marked
    html = consumer_client.get(response.url).content.decode()
    assert html.count(MARK) == len(facts)
    assert 'value="数码优选专营店"' in html and 'value="299.00"' in html
    assert f'value="{facts["purchase_date"]}"' in html


@pytest.mark.django_db
def test_a_picture_with_no_text_gives_the_message_and_the_empty_form(
    consumer_client, consumer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the task runs inline here
        response = pick(consumer_client, "IMG_0001.jpg", photo_jpeg())

    screenshot = OrderScreenshot.objects.get(owner=consumer)
    assert screenshot.state == ScreenshotState.DONE and screenshot.facts == {}
    html = consumer_client.get(response.url).content.decode()
    assert "没能从这张图片读出订单信息，请手动填写" in html
    assert MARK not in html and 'name="shop_name"' in html
