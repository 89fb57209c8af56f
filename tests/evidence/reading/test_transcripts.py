"""Transcripts: every image upload is read by the real OCR engine after it commits."""

import io

import pytest
from django.core.management import call_command
from PIL import Image, ImageDraw, ImageFont

from evidence import integrity
from evidence.models import Transcript, TranscriptState
from evidence.vault import evidence_add
from tests.support import files

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.usefixtures("ocr")]

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def screenshot(lines: list[str], size=(1170, 1400)) -> bytes:
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 44)
    for row, text in enumerate(lines):
        draw.text((60, 120 + row * 110), text, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def added(case, data: bytes, name="order.png", kind="order_screenshot"):
    received = integrity.receive_stream(io.BytesIO(data), name)
    try:
        return evidence_add(case=case, received=received, kind=kind, actor=case.owner)
    finally:
        received.close()


def test_an_uploaded_screenshot_is_read_with_boxes_engine_and_time(
    case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evidence = added(case, screenshot(["店铺：小米官方旗舰店", "实付款 ¥299.00"]))
    transcript = Transcript.objects.get(evidence=evidence)
    assert transcript.state == TranscriptState.DONE
    assert transcript.text.splitlines() == ["店铺：小米官方旗舰店", "实付款￥299.00"]
    first = transcript.lines[0]
    left, top, right, bottom = first["box"]
    assert 40 < left < 80 and 100 < top < 140 and right > left and bottom > top
    assert 0.9 < first["confidence"] <= 1
    assert [c[0] for c in first["chars"]] == list("店铺：小米官方旗舰店")
    assert transcript.engine.startswith("rapidocr-onnxruntime 1.4")
    assert "PP-OCRv4" in transcript.model
    assert transcript.read_at is not None and transcript.seconds > 0


def test_a_picture_with_no_text_is_read_as_empty(case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        evidence = added(case, files.png(colour="red"), "red.png", kind="product_photo")
    transcript = Transcript.objects.get(evidence=evidence)
    assert transcript.state == TranscriptState.DONE
    assert transcript.text == "" and transcript.lines == []


def test_reading_that_fails_keeps_the_upload_and_says_why(case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        evidence = added(case, screenshot(["订单详情"]))
    evidence.file.storage.delete(evidence.file.name)  # the stored file is gone
    call_command("read_evidence", "--case", case.reference, stdout=io.StringIO())
    transcript = Transcript.objects.get(evidence=evidence)
    assert transcript.state == TranscriptState.FAILED
    assert "无法识别" in transcript.error or "不在" in transcript.error
    assert evidence.__class__.objects.filter(pk=evidence.pk).exists()


def test_the_command_reads_failed_and_unread_images_again(
    case, settings, django_capture_on_commit_callbacks
):
    settings.WEIQUAN_OCR = False  # uploaded while reading was off: no transcript
    evidence = added(case, screenshot(["订单编号：240512123456789012"]))
    assert not Transcript.objects.filter(evidence=evidence).exists()
    settings.WEIQUAN_OCR = True
    out = io.StringIO()
    call_command("read_evidence", "--failed", stdout=out)
    assert "1 image(s): done 1." in out.getvalue()
    assert Transcript.objects.get(evidence=evidence).text == "订单编号：240512123456789012"
