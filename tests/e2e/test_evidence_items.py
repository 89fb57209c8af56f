"""Evidence uploads in context: each checklist item not yet done has its own upload button
(one tap and the pick), and the general upload preselects each file's guessed kind."""

import io

import pytest
from playwright.sync_api import Browser, Page, expect

from evidence import vault
from evidence.integrity import receive_stream
from tests.factories import CaseFactory, UserFactory
from tests.support import files
from tests.support.axe import check
from tests.support.browser import PHONE
from tests.support.screens import shot
from tests.support.sections import section

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT = {
    "name": "Screenshot_20261105.png",
    "mimeType": "image/png",
    "buffer": files.png(size=(1170, 2532), colour="white"),
}
# The panel with three files on a 390×844 phone was 1096 px tall before the per-item buttons.
PANEL_MAX_HEIGHT = 1000


def log_in(page: Page, live_server, phone: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("手机号或邮箱").fill(phone)
    page.locator("#id_password").fill("correct-horse-battery")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的案件")).to_be_visible()


def add(case, kind: str, name: str, data: bytes) -> None:
    received = receive_stream(io.BytesIO(data), name)
    try:
        vault.evidence_add(case=case, received=received, kind=kind, actor=case.owner)
    finally:
        received.close()


def item(page: Page, label: str):
    return page.locator(".checklist li").filter(has_text=label)


def test_tapping_an_items_button_and_picking_a_file_uploads_it_as_that_kind(
    page: Page, live_server
):
    # given a counterfeit case with its order screenshot already in
    consumer = UserFactory(phone="13700003333")
    case = CaseFactory(owner=consumer)
    add(case, "order_screenshot", "order.png", files.png(size=(1170, 2532)))
    log_in(page, live_server, consumer.phone)
    page.goto(f"{live_server.url}{section(case, 'evidence')}")
    chat = item(page, "与商家或平台的聊天记录")
    button = chat.locator("label.item-pick")
    expect(button).to_be_visible()  # without opening anything
    assert button.bounding_box()["height"] >= 44
    expect(chat.get_by_role("button", name="发送")).to_be_hidden()  # JavaScript sends itself
    expect(item(page, "订单截图").locator("label.item-pick")).to_have_count(0)  # done: ✓ only
    shot(page, "evidence-items-before")

    # when they tap 上传 beside the chat log and pick a screenshot (one tap + the pick)
    with page.expect_file_chooser() as chooser:
        button.tap()
    chooser.value.set_files([SCREENSHOT])

    # then it is saved as the chat log, though a tall screenshot alone would be guessed as
    # the order screenshot, and the chat item is done
    expect(page.get_by_text("已保存 1 个文件")).to_be_visible()
    expect(page.locator(".evidence-tile .caption").nth(1)).to_contain_text("与商家或平台的聊天记录")
    expect(chat.locator(".check")).to_have_text("✓")
    expect(chat.locator("label.item-pick")).to_have_count(0)
    assert case.evidence.get(number=2).kind == "chat_log"
    shot(page, "evidence-items-after")


def test_an_items_upload_works_without_javascript(browser: Browser, live_server):
    consumer = UserFactory(phone="13700004444")
    case = CaseFactory(owner=consumer)
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server, consumer.phone)
        page.goto(f"{live_server.url}{section(case, 'evidence')}")
        packaging = item(page, "包装或标签照片")
        packaging.get_by_label("上传包装或标签照片").set_input_files(
            [{"name": "box.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg()}]
        )
        send = packaging.get_by_role("button", name="发送")
        expect(send).to_be_visible()
        send.click()
        expect(page.get_by_text("已保存 1 个文件")).to_be_visible()
        expect(page.locator(".evidence-tile .caption")).to_contain_text("包装或标签照片")
        expect(packaging.locator(".check")).to_have_text("✓")
        assert case.evidence.get().kind == "packaging_photo"
    finally:
        context.close()


def test_the_general_upload_preselects_each_files_guessed_kind(page: Page, live_server):
    consumer = UserFactory(phone="13700005555")
    case = CaseFactory(owner=consumer)
    log_in(page, live_server, consumer.phone)
    page.goto(f"{live_server.url}{section(case, 'evidence')}")
    page.get_by_label("添加照片、截图、视频、录音或 PDF").set_input_files(
        [
            SCREENSHOT,
            {**SCREENSHOT, "name": "chat.png", "buffer": files.png(size=(1080, 2400))},
            {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg(size=(800, 600))},
            {"name": "报告.pdf", "mimeType": "application/pdf", "buffer": files.pdf()},
            {"name": "tall.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg(size=(600, 1300))},
        ]
    )
    expect(page.locator("form.evidence-upload[data-guessed]")).to_have_count(1)
    chosen = [page.locator(f"#f{index}-kind").input_value() for index in range(5)]
    # a tall JPEG may be a camera photo: the browser cannot read its EXIF, the server decides
    assert chosen == ["order_screenshot", "chat_log", "product_photo", "appraisal_report", "auto"]
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.get_by_text("已保存 5 个文件")).to_be_visible()
    kinds = list(case.evidence.order_by("number").values_list("kind", flat=True))
    assert kinds == [*chosen[:4], "packaging_photo"]  # the camera photo fills the next item


def test_panel_with_three_files_stays_short_on_a_phone(page: Page, live_server):
    consumer = UserFactory(phone="13700002222")
    case = CaseFactory(owner=consumer)
    add(case, "order_screenshot", "a.jpg", files.jpeg(title="A"))
    add(case, "product_photo", "b.png", files.png())
    add(case, "appraisal_report", "c.pdf", files.pdf())
    log_in(page, live_server, consumer.phone)
    page.goto(f"{live_server.url}{section(case, 'evidence')}")
    panel = page.locator("#evidence")
    height = panel.bounding_box()["height"]
    print(f"evidence panel with 3 files: {height:.0f} px = {height / 844:.2f} screens")
    panel.screenshot(path="test-results/screens/evidence-panel-3-files.png")
    assert height <= PANEL_MAX_HEIGHT


def test_a_wrong_kind_is_corrected_on_the_evidence_page(browser: Browser, live_server):
    consumer = UserFactory(phone="13700006666")
    case = CaseFactory(owner=consumer)
    add(case, None, "Screenshot.png", files.png(size=(1170, 2532)))  # guessed: order
    context = browser.new_context(**PHONE, bypass_csp=True)  # so axe-core can be injected
    page = context.new_page()
    log_in(page, live_server, consumer.phone)
    page.goto(f"{live_server.url}{case.evidence.get().get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("证据 1: 订单截图")

    page.get_by_text("更改证据类型或说明").tap()
    report = check(page, "evidence page, change form open").report()
    assert not report, report
    page.get_by_label("这是什么证据？").select_option("chat_log")
    page.get_by_label("简短说明").fill("客服拒绝退货")
    page.get_by_role("button", name="保存").tap()

    expect(page.get_by_text("证据 1 已更新。")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("证据 1: 与商家或平台的聊天记录")
    expect(page.locator(".custody")).to_contain_text("已更改类型或说明")
    context.close()
