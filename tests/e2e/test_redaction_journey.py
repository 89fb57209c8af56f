"""打码分享 on a phone: the proposed boxes over the screenshot, tap one off and on, add one,
make the copy and download it."""

import io

import pytest
from PIL import Image, ImageDraw, ImageFont
from playwright.sync_api import Browser, Page, expect

from evidence import vault
from evidence.integrity import receive_stream
from evidence.models import RedactedCopy, Transcript, TranscriptState
from evidence.reading import ocr as engine
from tests.factories import CaseFactory, UserFactory
from tests.support.axe import check
from tests.support.browser import PHONE
from tests.support.screens import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
LINES = [
    "订单详情",
    "收货人：王建国 13912345678",
    "收货地址：江苏省南京市鼓楼区中山北路100号",
    "小米官方旗舰店",
    "实付款 ¥299.00",
    "订单编号：240512123456789012",
]


def order_page() -> bytes:
    image = Image.new("RGB", (1170, 1500), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 44)
    for row, text in enumerate(LINES):
        draw.text((60, 120 + row * 140), text, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def picture_and_reading():
    data = order_page()
    return data, engine.read_bytes(data)  # the real engine, once for the module


def log_in(page: Page, live_server, phone: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("手机号或邮箱").fill(phone)
    page.locator("#id_password").fill("correct-horse-battery")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的案件")).to_be_visible()


def test_cover_a_screenshot_on_a_phone_and_download_the_copy(
    page: Page, browser: Browser, live_server, picture_and_reading
):
    # given an order screenshot whose text the engine read
    data, reading = picture_and_reading
    consumer = UserFactory(phone="13700004444")
    case = CaseFactory(owner=consumer)
    received = receive_stream(io.BytesIO(data), "order.png")
    try:
        evidence = vault.evidence_add(
            case=case, received=received, kind="order_screenshot", actor=consumer
        )
    finally:
        received.close()
    Transcript.objects.create(
        evidence=evidence,
        state=TranscriptState.DONE,
        lines=[line.as_json() for line in reading.lines],
        text=reading.text,
        width=reading.width,
        height=reading.height,
    )
    log_in(page, live_server, consumer.phone)
    page.goto(f"{live_server.url}{evidence.get_absolute_url()}")
    page.get_by_role("link", name="打码分享").click()
    expect(page.get_by_role("heading", name="打码分享")).to_be_visible()

    # the proposed boxes are over the picture, each big enough to tap
    hits = page.locator(".redact-hit")
    expect(hits).to_have_count(4)  # name, phone, address, order number
    for index in range(4):
        box = hits.nth(index).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
    address = page.get_by_role("button", name="地址 3")
    expect(address).to_have_attribute("aria-pressed", "true")
    order = page.locator("input[name=cover][data-kind=order_number]")
    expect(order).not_to_be_checked()  # order numbers stay visible unless asked

    # when the consumer taps the address off and on again, and covers the shop name too
    address.tap()
    expect(address).to_have_attribute("aria-pressed", "false")
    expect(page.locator("input[name=cover][data-kind=address]")).not_to_be_checked()
    address.tap()
    expect(address).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="添加遮挡").tap()
    picture = page.locator(".redact-picture").bounding_box()
    scale = picture["width"] / 1170
    page.mouse.click(picture["x"] + 300 * scale, picture["y"] + 560 * scale + 30 * scale)
    expect(page.locator("rect.is-manual")).to_have_count(1)
    shot(page, "redaction-boxes")
    page.get_by_role("button", name="生成打码图片").tap()

    # then the copy is made and downloads as a picture with the boxes burnt in
    expect(page.get_by_text("打码图片已生成")).to_be_visible()
    shot(page, "redaction-made")
    with page.expect_download() as download_info:
        page.locator("section").get_by_role("link", name="下载").first.tap()
    download = download_info.value
    assert "redacted" in download.suggested_filename
    copy = Image.open(download.path())
    assert copy.format == "PNG"
    made = RedactedCopy.objects.get()
    kinds = sorted(item["kind"] for item in made.boxes)
    assert kinds == ["address", "manual", "name", "phone"]
    for item in made.boxes:
        left, top, right, bottom = item["box"]
        area = (right - left) * (bottom - top)
        assert copy.convert("RGB").crop((left, top, right, bottom)).getcolors() == [
            (area, (0, 0, 0))
        ]
    text = engine.read_image(copy).text.replace(" ", "")
    assert "王建国" not in text and "13912345678" not in text and "中山北路" not in text
    assert "旗舰店" not in text  # the box the consumer added
    assert "240512123456789012" in text  # not asked to be covered

    # and the page passes axe (in a context that lets axe-core in; the journey above ran
    # under the site's own script policy, so redact.js needs no inline script)
    context = browser.new_context(**PHONE, bypass_csp=True)
    checked = context.new_page()
    log_in(checked, live_server, consumer.phone)
    checked.goto(f"{live_server.url}/evidence/{evidence.public_id}/redact/")
    expect(checked.locator(".redact-hit")).to_have_count(4)
    report = check(checked, "redaction page").report()
    context.close()
    assert not report, report
