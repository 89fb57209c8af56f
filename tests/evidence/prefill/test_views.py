"""A new case from its order screenshot, the pages (issue 18): the upload on /cases/new/ with
the vault's checks, the private pending screenshot, the reading page and its status, the
prefilled form with its marks, and the case opened with the screenshot as evidence 1.

The reading itself (the real engine, a real worker) is in test_reading.py; here the rows are
set to what a reading leaves, to show each page state."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from evidence.models import (
    CustodyAction,
    Evidence,
    EvidenceKind,
    OrderScreenshot,
    ScreenshotState,
    TranscriptState,
)
from evidence.prefill.services import order_screenshots_expire
from evidence.storage_sweep import storage_orphans
from tests.support import files
from tests.support.evidence import stored_bytes, stored_files

pytestmark = pytest.mark.django_db

MARK = "从截图读取，请核对"
FACTS = {
    "platform": "pinduoduo",
    "shop_name": "数码优选专营店",
    "product": "AirPods Pro 2",
    "amount_paid": "299.00",
    "order_number": "231104-58392019347721",
    "purchase_date": "2026-11-19",
}  # the received date left unread (None): it stays empty, with no mark
LINES = [{"text": "数码优选专营店", "box": [60, 120, 400, 160], "confidence": 0.99, "chars": []}]


def pick(client, name: str, data: bytes):
    """What the browser sends when the picker closes on /cases/new/."""
    return client.post(
        reverse("evidence:order_screenshot_upload"),
        {"files": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
    )


def read(screenshot: OrderScreenshot, facts: dict) -> OrderScreenshot:
    """The row as the worker leaves it once it has read the picture."""
    screenshot.state = ScreenshotState.DONE
    screenshot.facts = facts
    screenshot.lines, screenshot.text = LINES, "数码优选专营店"
    screenshot.width, screenshot.height = 600, 800
    screenshot.engine, screenshot.model, screenshot.seconds = "rapidocr-onnxruntime 1.4.4", "m", 1.2
    screenshot.read_at = timezone.now()
    screenshot.save()
    return screenshot


@pytest.fixture
def screenshot(consumer_client, consumer):
    response = pick(consumer_client, "订单.jpg", files.jpeg())
    assert response.status_code == 302, response.content.decode()[:500]
    return OrderScreenshot.objects.get(owner=consumer)


def page(screenshot) -> str:
    return reverse("evidence:order_screenshot", args=[screenshot.public_id])


def test_the_new_case_page_offers_the_screenshot_first_and_typing_one_tap_away(consumer_client):
    html = consumer_client.get(reverse("cases:new")).content.decode()

    start = html.index("上传订单截图，自动填写")
    assert start < html.index("或者手动填写") < html.index('name="shop_name"')
    assert 'accept="image/*' in html and 'name="files"' in html
    assert f'action="{reverse("evidence:order_screenshot_upload")}"' in html


def test_the_screenshot_is_kept_privately_with_its_hash_under_a_random_name(
    screenshot, consumer_client
):
    data = files.jpeg()
    assert screenshot.sha256 == hashlib.sha256(data).hexdigest()
    assert screenshot.size == len(data) and screenshot.content_type == "image/jpeg"
    assert (
        screenshot.file.name
        == f"evidence/{screenshot.stored_uid.hex[:2]}/{screenshot.stored_uid.hex}"
    )
    assert "订单" not in screenshot.file.name
    assert stored_bytes(screenshot.file.name) == data
    # reading is off in the tests (conftest): the form comes back at once, empty
    response = consumer_client.get(page(screenshot))
    assert "没能从这张图片读出订单信息" in response.content.decode()
    assert not storage_orphans().objects_without_row  # the storage sweep knows its file


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("鉴定报告.pdf", files.pdf(), "这不是图片"),
        ("setup.exe", files.exe(), "这不是图片"),
        ("page.html", files.html(), "这不是图片"),
        ("broken.jpg", files.truncated_jpeg(), "图片已损坏或不完整"),
        ("empty.png", b"", "文件是空的"),
    ],
)
def test_a_bad_file_is_refused_beside_the_control_and_the_form_stays(
    consumer_client, name, data, message
):
    response = pick(consumer_client, name, data)

    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'<p id="order-screenshot-error"[^>]*>(.*?)</p>', html, re.S)
    assert error and message in error.group(1), html[:3000]
    assert 'aria-describedby="order-screenshot-help order-screenshot-error"' in html
    assert 'name="shop_name"' in html and "或者手动填写" in html  # typing still works
    assert not OrderScreenshot.objects.exists()
    assert stored_files("evidence/") == []


def test_an_oversize_picture_is_refused(consumer_client, settings):
    settings.EVIDENCE_MAX_BYTES = {**settings.EVIDENCE_MAX_BYTES, "image": 10_000}

    response = pick(
        consumer_client, "big.png", files.png(size=(1500, 1500), colour="navy") + b"\0" * 20_000
    )

    assert response.status_code == 400
    assert "文件超过" in response.content.decode()
    assert not OrderScreenshot.objects.exists() and stored_files("evidence/") == []


def test_no_file_at_all_says_so(consumer_client):
    response = consumer_client.post(reverse("evidence:order_screenshot_upload"), {})
    assert response.status_code == 400
    assert "请先选择订单截图" in response.content.decode()


def test_while_it_is_read_the_page_shows_progress_and_refreshes_itself(screenshot, consumer_client):
    OrderScreenshot.objects.filter(pk=screenshot.pk).update(state=ScreenshotState.READING)

    html = consumer_client.get(page(screenshot)).content.decode()
    status = consumer_client.get(
        reverse("evidence:order_screenshot_status", args=[screenshot.public_id])
    ).json()

    assert "正在读取订单截图" in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert ">刷新<" in html and 'name="shop_name"' not in html
    assert status == {"state": "reading", "label": "正在读取", "next": page(screenshot)}


def test_a_reading_that_never_finishes_gives_the_empty_form_after_a_minute(
    screenshot, consumer_client
):
    OrderScreenshot.objects.filter(pk=screenshot.pk).update(
        state=ScreenshotState.PENDING, created_at=timezone.now() - timedelta(seconds=61)
    )

    html = consumer_client.get(page(screenshot)).content.decode()
    status = consumer_client.get(
        reverse("evidence:order_screenshot_status", args=[screenshot.public_id])
    ).json()

    assert status["state"] == "unread"
    assert "没能从这张图片读出订单信息，请手动填写" in html
    assert 'name="shop_name"' in html and MARK not in html


def test_the_form_comes_back_filled_each_read_field_marked(screenshot, consumer_client):
    read(screenshot, FACTS)

    html = consumer_client.get(page(screenshot)).content.decode()

    assert html.count(MARK) == 6  # six facts read; the received date was not
    assert 'value="数码优选专营店"' in html and 'value="AirPods Pro 2"' in html
    assert 'value="299.00"' in html and 'value="231104-58392019347721"' in html
    assert 'value="2026-11-19"' in html
    assert re.search(
        r'checked>\s*<label for="id_platform_\d+" class="form-check-label">\s*拼多多', html
    )
    received = html.split('name="received_date"', 1)[1].split(">", 1)[0]
    assert "value=" not in received  # unread: empty, and no mark beside it
    field = html.split('id="id_received_date"', 1)[1].split("</div>", 2)
    assert MARK not in "".join(field[:2])
    assert "已从截图读出 6 项" in html


def test_a_picture_with_no_order_in_it_gives_the_message_and_the_empty_form(
    screenshot, consumer_client
):
    read(screenshot, {})

    html = consumer_client.get(page(screenshot)).content.decode()

    assert "没能从这张图片读出订单信息，请手动填写" in html
    assert MARK not in html and 'name="shop_name"' in html


def submit(client, screenshot, **changes):
    data = {
        "platform": str(
            Case._meta.get_field("platform").related_model.objects.get(slug="pinduoduo").pk
        ),
        "shop_name": "数码优选专营店",
        "product": "AirPods Pro 2",
        "order_number": "231104-58392019347721",
        "amount_paid": "299.00",
        "purchase_date": "2026-11-19",
        "received_date": "",
        "problem": "counterfeit",
        "wants": ["refund", "compensation"],
        "description": "",
        **changes,
    }
    return client.post(page(screenshot), {k: v for k, v in data.items() if v is not None})


def test_submitting_opens_the_case_with_the_screenshot_as_evidence_1_and_its_transcript(
    screenshot, consumer_client, consumer, django_capture_on_commit_callbacks
):
    read(screenshot, FACTS)
    name, sha256 = screenshot.file.name, screenshot.sha256

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(consumer_client, screenshot)

    case = Case.objects.get(owner=consumer)
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    evidence = Evidence.objects.get(case=case)
    assert (evidence.number, evidence.kind) == (1, EvidenceKind.ORDER_SCREENSHOT)
    assert (evidence.file.name, evidence.sha256) == (name, sha256)
    assert evidence.public_id == screenshot.stored_uid  # the name follows evidence_upload_path
    assert hashlib.sha256(stored_bytes(name)).hexdigest() == sha256
    custody = list(evidence.custody.values_list("action", flat=True))
    assert custody == [CustodyAction.UPLOADED]
    transcript = evidence.transcript
    assert transcript.state == TranscriptState.DONE and transcript.lines == LINES
    assert transcript.text == "数码优选专营店" and transcript.engine.startswith("rapidocr")
    assert not OrderScreenshot.objects.exists()
    assert case.shop_name == "数码优选专营店" and str(case.amount_paid) == "299.00"
    assert consumer_client.get(page(screenshot)).status_code == 404  # used once
    assert not storage_orphans().objects_without_row


def test_a_form_that_fails_keeps_the_screenshot_and_the_marks(screenshot, consumer_client):
    read(screenshot, FACTS)

    response = submit(consumer_client, screenshot, problem=None)

    assert response.status_code == 400
    html = response.content.decode()
    assert "请选择遇到了什么问题" in html
    assert MARK in html
    assert OrderScreenshot.objects.filter(pk=screenshot.pk).exists()
    assert not Case.objects.exists()


@pytest.mark.parametrize("view", ["page", "status", "image", "submit"])
def test_another_persons_screenshot_is_not_found(screenshot, client, other_consumer, view):
    read(screenshot, FACTS)
    client.force_login(other_consumer)
    urls = {
        "page": page(screenshot),
        "status": reverse("evidence:order_screenshot_status", args=[screenshot.public_id]),
        "image": reverse("evidence:order_screenshot_image", args=[screenshot.public_id]),
    }

    response = submit(client, screenshot) if view == "submit" else client.get(urls[view])

    assert response.status_code == 404
    assert not Case.objects.exists() and OrderScreenshot.objects.filter(pk=screenshot.pk).exists()


def test_the_owner_sees_the_picture_privately(screenshot, consumer_client):
    response = consumer_client.get(
        reverse("evidence:order_screenshot_image", args=[screenshot.public_id])
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"].startswith("private")
    assert b"".join(response.streaming_content) == files.jpeg()


def test_signed_out_nothing_is_shown(screenshot, client):
    client.logout()
    for url in (
        page(screenshot),
        reverse("evidence:order_screenshot_status", args=[screenshot.public_id]),
        reverse("evidence:order_screenshot_image", args=[screenshot.public_id]),
    ):
        assert client.get(url).status_code == 302


def test_a_screenshot_never_used_goes_with_its_file_after_a_day(screenshot, consumer_client):
    young = pick(consumer_client, "later.png", files.png()) and OrderScreenshot.objects.latest("pk")
    OrderScreenshot.objects.filter(pk=screenshot.pk).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )

    assert order_screenshots_expire() == 1

    assert list(OrderScreenshot.objects.all()) == [young]
    assert stored_files("evidence/") == [young.file.name]


def test_deleting_the_account_deletes_its_pending_screenshots_and_their_files(
    screenshot, consumer, django_capture_on_commit_callbacks
):
    from accounts.privacy import account_delete

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=consumer)

    assert not OrderScreenshot.objects.exists()
    assert stored_files("evidence/") == []
