"""Redacted copies: solid boxes burnt into a new picture with no metadata, the original kept,
the custody log told; the 打码分享 pages are the owner's alone."""

import hashlib
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

from advisors.roles import make_advisor
from advisors.services import help_request
from evidence import integrity
from evidence.models import CustodyAction, RedactedCopy, Transcript, TranscriptState
from evidence.reading import ocr as engine
from evidence.storage_sweep import storage_orphans
from evidence.vault import evidence_add
from tests.factories import CaseFactory, UserFactory
from tests.support.evidence import stored_bytes, stored_files

pytestmark = pytest.mark.django_db

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
NAME, PHONE, ADDRESS = "王建国", "13912345678", "江苏省南京市鼓楼区中山北路100号5栋302室"
ORDER = "240512123456789012"
LINES = [
    "订单详情",
    f"收货人：{NAME} {PHONE}",
    f"收货地址：{ADDRESS}",
    f"订单编号：{ORDER}",
    "实付款 ¥299.00",
]


def screenshot(fmt="PNG", **save) -> bytes:
    """A small order page with a name, a phone, an address and an order number."""
    image = Image.new("RGB", (780, 560), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 30)
    for row, text in enumerate(LINES):
        draw.text((30, 40 + row * 100), text, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


@pytest.fixture(scope="module")
def engine_lines():
    """What the real engine reads in the screenshot, once for the module."""
    return engine.read_bytes(screenshot())


def added(case, data: bytes, name="order.png"):
    received = integrity.receive_stream(io.BytesIO(data), name)
    try:
        return evidence_add(case=case, received=received, kind="order_screenshot", actor=case.owner)
    finally:
        received.close()


def read_by_engine(evidence, reading) -> Transcript:
    """The transcript the task would have stored: lines the real engine read."""
    return Transcript.objects.create(
        evidence=evidence,
        state=TranscriptState.DONE,
        lines=[line.as_json() for line in reading.lines],
        text=reading.text,
        width=reading.width,
        height=reading.height,
    )


@pytest.fixture
def case(consumer):
    return CaseFactory(owner=consumer)


@pytest.fixture
def screenshot_evidence(case, engine_lines):
    evidence = added(case, screenshot())
    read_by_engine(evidence, engine_lines)
    return evidence


def redact_url(evidence) -> str:
    return reverse("evidence:redact", args=[evidence.public_id])


def proposed(client, evidence) -> list[str]:
    """The ids the page ticks by default, as the no-JS form would send them."""
    page = client.get(redact_url(evidence))
    assert page.status_code == 200
    return [c["id"] for c in page.context["covers"] if c["on"]]


def make(client, evidence, **extra):
    data = {"cover": proposed(client, evidence), **extra}
    return client.post(redact_url(evidence), data)


def opened(copy: RedactedCopy) -> Image.Image:
    image = Image.open(io.BytesIO(stored_bytes(copy.file.name)))
    image.load()
    return image


def test_the_page_proposes_the_personal_items_and_leaves_order_numbers_off(
    consumer_client, screenshot_evidence
):
    page = consumer_client.get(redact_url(screenshot_evidence))
    covers = {c["kind"]: c["on"] for c in page.context["covers"]}
    assert covers == {"phone": True, "name": True, "address": True, "order_number": False}
    html = page.content.decode()
    assert "打码分享" in html and "也遮挡订单号" in html and "生成打码图片" in html
    assert 'name="cover"' in html  # the no-JS fallback: a checkbox per box
    assert 'src="/static/js/redact.js"' in html and "<script>" not in html
    assert not RedactedCopy.objects.exists()  # a GET writes nothing


def test_the_pixels_under_each_box_are_solid_black(consumer_client, screenshot_evidence):
    extra = json.dumps([[600, 20, 700, 60]])
    response = make(consumer_client, screenshot_evidence, orders="1", extra=extra)
    assert response.status_code == 302
    copy = RedactedCopy.objects.get()
    assert {b["kind"] for b in copy.boxes} == {"phone", "name", "address", "order_number", "manual"}
    image = opened(copy)
    assert image.format == "PNG" and image.size == (780, 560)
    for item in copy.boxes:
        left, top, right, bottom = item["box"]
        region = image.convert("RGB").crop((left, top, right, bottom))
        assert region.getcolors() == [((right - left) * (bottom - top), (0, 0, 0))], item


def test_a_jpeg_with_exif_and_gps_gives_a_copy_with_no_metadata(consumer_client, case):
    # given a camera JPEG with EXIF, GPS, an ICC profile and XMP
    image = Image.new("RGB", (400, 300), "#dde")
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Apple", "iPhone 15"
    exif.get_ifd(0x8825).update({1: "N", 2: (31.0, 13.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)})
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>weiquan-secret</rdf:Description>'
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, icc_profile=icc, xmp=xmp + b"</x:xmpmeta>")
    evidence = added(case, out.getvalue(), "photo.jpg")
    assert evidence.has_gps
    # when a copy is made with one box of the consumer's own
    response = consumer_client.post(redact_url(evidence), {"extra": "[[10, 10, 200, 80]]"})
    # then it carries none of it
    assert response.status_code == 302
    copy = RedactedCopy.objects.get()
    data = stored_bytes(copy.file.name)
    result = opened(copy)
    assert result.format == "JPEG" and copy.content_type == "image/jpeg"
    assert not result.getexif() and result.getexif().get_ifd(0x8825) == {}
    assert not {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp"} & result.info.keys()
    assert b"Exif" not in data and b"Apple" not in data and b"weiquan-secret" not in data
    assert b"\xff\xe1" not in data and b"\xff\xe2" not in data  # no APP1 (EXIF/XMP), APP2 (ICC)


def test_the_original_is_unchanged_and_the_copy_records_both_hashes(
    consumer_client, screenshot_evidence
):
    before = stored_bytes(screenshot_evidence.file.name)
    make(consumer_client, screenshot_evidence)
    copy = RedactedCopy.objects.get()
    assert stored_bytes(screenshot_evidence.file.name) == before
    assert hashlib.sha256(before).hexdigest() == screenshot_evidence.sha256
    assert copy.original_sha256 == screenshot_evidence.sha256
    assert copy.sha256 == hashlib.sha256(stored_bytes(copy.file.name)).hexdigest()
    assert copy.sha256 != copy.original_sha256
    entry = screenshot_evidence.custody.get(action=CustodyAction.REDACTED_COPY_MADE)
    assert entry.details["original_sha256"] == screenshot_evidence.sha256
    assert entry.details["copy_sha256"] == copy.sha256
    assert entry.details["copy"] == str(copy.public_id)
    assert entry.actor == screenshot_evidence.case.owner
    # stored under a random name, beside the evidence's other derived files
    assert copy.file.name.startswith(f"previews/{screenshot_evidence.public_id.hex[:2]}/")
    assert copy.public_id.hex in copy.file.name and "order" not in copy.file.name
    assert storage_orphans().objects_without_row == []


def test_the_download_is_a_private_attachment(consumer_client, screenshot_evidence):
    make(consumer_client, screenshot_evidence)
    copy = RedactedCopy.objects.get()
    page = consumer_client.get(redact_url(screenshot_evidence))
    download = reverse("evidence:redacted_download", args=[copy.public_id])
    assert download in page.content.decode()
    response = consumer_client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "redacted" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == stored_bytes(copy.file.name)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("[[10, 10, 200", "无法读取要遮挡的区域"),
        ('{"left": 1}', "无法读取要遮挡的区域"),
        ('[["a", 1, 2, 3]]', "无法读取要遮挡的区域"),
        ("[[700, 500, 900, 700]]", "超出了图片范围"),
        ("[[-20, 10, 100, 50]]", "超出了图片范围"),
        ("[[100, 100, 40, 140]]", "大小为负"),
        (json.dumps([[1, 1, 20, 20]] * 10_000), "最多 100 个"),
        (json.dumps([[1, 1, 20, 20]] * 101), "最多 100 个"),
    ],
)
def test_bad_boxes_get_a_clear_message_and_keep_the_choices(
    consumer_client, screenshot_evidence, extra, message
):
    chosen = proposed(consumer_client, screenshot_evidence)[:1]
    response = consumer_client.post(
        redact_url(screenshot_evidence), {"cover": chosen, "extra": extra}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert not RedactedCopy.objects.exists()
    assert [c["id"] for c in response.context["covers"] if c["on"]] == chosen
    assert response.context["extra"] == extra  # what was drawn is not lost


def test_nothing_chosen_is_said_plainly(consumer_client, screenshot_evidence):
    response = consumer_client.post(redact_url(screenshot_evidence), {"cover": ["no-such-id"]})
    assert response.status_code == 400
    assert "请至少选择一个要遮挡的区域" in response.content.decode()
    assert not RedactedCopy.objects.exists()


def test_while_the_text_is_being_read_the_page_says_so(consumer_client, case):
    evidence = added(case, screenshot())
    Transcript.objects.create(evidence=evidence, state=TranscriptState.READING)
    html = consumer_client.get(redact_url(evidence)).content.decode()
    assert "正在识别文字…" in html and "刷新" in html


def test_a_picture_with_no_text_offers_manual_boxes_only(consumer_client, case):
    evidence = added(case, _blank())
    Transcript.objects.create(
        evidence=evidence, state=TranscriptState.DONE, lines=[], width=300, height=200
    )
    page = consumer_client.get(redact_url(evidence))
    assert "这张图片里没有识别到文字" in page.content.decode()
    assert page.context["covers"] == []
    response = consumer_client.post(redact_url(evidence), {"extra": "[[0, 0, 300, 200]]"})
    assert response.status_code == 302
    assert opened(RedactedCopy.objects.get()).getcolors() == [(300 * 200, (0, 0, 0))]


def _blank() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "navy").save(out, "PNG")
    return out.getvalue()


def test_another_consumer_and_advisors_get_404_on_every_url(
    consumer_client, screenshot_evidence, other_consumer
):
    make(consumer_client, screenshot_evidence)
    copy = RedactedCopy.objects.get()
    urls = [redact_url(screenshot_evidence)]
    download = reverse("evidence:redacted_download", args=[copy.public_id])
    advisor = UserFactory()
    make_advisor(advisor)
    shared_elsewhere = CaseFactory()
    help_request(case=shared_elsewhere, message="请帮忙")
    for user in (other_consumer, advisor):
        client = Client()
        client.force_login(user)
        assert client.get(urls[0]).status_code == 404
        assert client.post(urls[0], {"extra": "[[1, 1, 50, 50]]"}).status_code == 404
        assert client.get(download).status_code == 404
    # owner only: an advisor on the shared case works from the original, not the copies
    help_request(case=screenshot_evidence.case, message="请帮忙")
    client = Client()
    client.force_login(advisor)
    assert client.get(urls[0]).status_code == 404
    assert client.get(download).status_code == 404
    anonymous = Client()
    assert anonymous.get(download).status_code == 302
    assert anonymous.post(urls[0], {"extra": "[[1, 1, 50, 50]]"}).status_code == 302
    assert RedactedCopy.objects.count() == 1


def test_a_removed_evidence_has_no_redaction_page(consumer_client, screenshot_evidence):
    from evidence.vault import evidence_remove

    make(consumer_client, screenshot_evidence)
    copy = RedactedCopy.objects.get()
    evidence_remove(evidence=screenshot_evidence, actor=screenshot_evidence.case.owner)
    assert consumer_client.get(redact_url(screenshot_evidence)).status_code == 404
    download = reverse("evidence:redacted_download", args=[copy.public_id])
    assert consumer_client.get(download).status_code == 404


def test_deleting_the_account_deletes_the_copies(
    consumer_client, screenshot_evidence, django_capture_on_commit_callbacks
):
    from evidence.privacy import evidence_erase

    make(consumer_client, screenshot_evidence)
    name = RedactedCopy.objects.get().file.name
    assert name in stored_files("previews/")
    with django_capture_on_commit_callbacks(execute=True):
        evidence_erase(screenshot_evidence.case.owner)
    assert name not in stored_files("previews/")
    assert not RedactedCopy.objects.exists()


def test_the_real_engine_reads_none_of_the_covered_items_in_the_copy(
    ocr, consumer_client, case, django_capture_on_commit_callbacks
):
    # given a screenshot read by the real engine after upload, as in production
    with django_capture_on_commit_callbacks(execute=True):
        evidence = added(case, screenshot())
    transcript = Transcript.objects.get(evidence=evidence)
    assert transcript.state == TranscriptState.DONE
    read = transcript.text.replace(" ", "")
    assert NAME in read and PHONE in read and "中山北路" in read
    # when the consumer makes the copy with the boxes proposed
    assert make(consumer_client, evidence).status_code == 302
    # then the engine finds none of the personal items in it, and the rest is still there
    copy_text = engine.read_bytes(stored_bytes(RedactedCopy.objects.get().file.name)).text
    flat = copy_text.replace(" ", "")
    for item in (NAME, PHONE, "1391234", "南京", "鼓楼", "中山北路", "302室"):
        assert item not in flat, (item, copy_text)
    assert "收货人" in flat and ORDER in flat and "299.00" in flat


def test_boxes_are_in_the_picture_as_shown_when_exif_turns_it(consumer_client, case):
    from tests.support import files

    evidence = added(case, files.jpeg(size=(600, 800), orientation=6), "turned.jpg")
    # stored 600×800 and shown turned a quarter: 800×600, where this box lies inside
    response = consumer_client.post(redact_url(evidence), {"extra": "[[700, 500, 800, 600]]"})
    assert response.status_code == 302
    copy = opened(RedactedCopy.objects.get())
    assert copy.size == (800, 600)
    assert not copy.getexif()  # no orientation left to turn it a second time
    corner = copy.crop((704, 504, 796, 596))  # JPEG: away from the edge, where 8×8 blocks blur
    assert max(max(band) for band in corner.getextrema()) <= 8


def test_what_hides_under_transparent_pixels_is_not_in_the_copy(consumer_client, case):
    image = Image.new("RGBA", (200, 100), (255, 0, 0, 0))  # red, but fully transparent
    image.paste((0, 0, 255, 255), (0, 0, 100, 100))  # a visible blue half
    out = io.BytesIO()
    image.save(out, "PNG")
    evidence = added(case, out.getvalue(), "alpha.png")
    consumer_client.post(redact_url(evidence), {"extra": "[[0, 0, 10, 10]]"})
    copy = opened(RedactedCopy.objects.get())
    assert copy.mode == "RGB"
    assert copy.getpixel((150, 50)) == (255, 255, 255)  # shown as white, not the hidden red
    assert copy.getpixel((50, 50)) == (0, 0, 255)


def test_a_heic_photo_is_covered_from_its_jpeg_preview(
    consumer_client, case, django_capture_on_commit_callbacks
):
    from tests.support import files

    with django_capture_on_commit_callbacks(execute=True):  # the preview, made after upload
        evidence = added(case, files.heic(), "IMG_0001.HEIC")
    evidence.refresh_from_db()
    assert evidence.preview
    response = consumer_client.post(redact_url(evidence), {"extra": "[[0, 0, 64, 64]]"})
    assert response.status_code == 302
    copy = RedactedCopy.objects.get()
    assert copy.content_type == "image/jpeg" and opened(copy).format == "JPEG"
    assert copy.original_sha256 == evidence.sha256
