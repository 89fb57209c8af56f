"""A consumer on a phone adds two photos and a PDF to their case and sees the vault fill up."""

import hashlib

import pytest
from playwright.sync_api import Page, expect

from tests.factories import CaseFactory, UserFactory
from tests.support import files
from tests.support.screens import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, live_server, phone: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("手机号或邮箱").fill(phone)
    page.locator("#id_password").fill("correct-horse-battery")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的案件")).to_be_visible()


def test_upload_two_photos_and_a_pdf_from_the_case_page(page: Page, live_server):
    # given a consumer with a counterfeit case and no evidence yet
    consumer = UserFactory(phone="13700001111")
    case = CaseFactory(owner=consumer)
    log_in(page, live_server, consumer.phone)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.locator(".case-tabs").get_by_role("link", name="证据").click()
    meter = page.locator("progress.evidence-meter")
    expect(meter).to_have_attribute("value", "0")

    # when they pick three files and say what each one is
    page.get_by_label("添加照片、截图、视频、录音或 PDF").set_input_files(
        [
            {"name": "订单截图.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg()},
            {"name": "包装.png", "mimeType": "image/png", "buffer": files.png()},
            {"name": "鉴定报告.pdf", "mimeType": "application/pdf", "buffer": files.pdf()},
        ]
    )
    expect(page.locator(".per-file-row")).to_have_count(3)
    page.locator("#f0-kind").select_option("order_screenshot")
    page.locator("#f1-kind").select_option("packaging_photo")
    page.locator("#f1-description").fill("标签上没有防伪码")
    page.locator("#f2-kind").select_option("appraisal_report")
    shot(page, "05-evidence-chosen")
    page.get_by_role("button", name="上传", exact=True).click()

    # then the three are in the vault, photos as thumbnails, and the meter moved
    expect(page.get_by_text("已保存 3 个文件")).to_be_visible()
    tiles = page.locator(".evidence-grid img")
    expect(tiles).to_have_count(3)
    for index in range(2):
        tile = tiles.nth(index)
        tile.scroll_into_view_if_needed()
        expect(tile).to_have_js_property("complete", True)
        assert tile.evaluate("img => img.naturalWidth") > 0
    expect(meter).to_have_attribute("value", "40")  # order + packaging of 5 required kinds
    expect(page.locator(".checklist li.done")).to_have_count(3)  # incl. the optional appraisal
    shot(page, "06-evidence-saved")

    # and the evidence page shows its fingerprint
    page.locator(".evidence-grid a").nth(1).click()
    expect(page.get_by_text("标签上没有防伪码")).to_be_visible()
    expect(page.locator("code.sha")).to_have_text(case.evidence.get(number=2).sha256)
    shot(page, "07-evidence-detail")

    # and the case file: made from the case page, downloaded as a PDF with the evidence hashes
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.locator(".case-tabs").get_by_role("link", name="材料").click()
    page.get_by_role("button", name="生成证据材料").click()
    download_link = page.locator("#dossiers").get_by_role("link", name="下载")
    expect(download_link).to_be_visible(timeout=30_000)
    shot(page, "08-dossier-ready")
    with page.expect_download() as download_info:
        download_link.click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == case.dossiers.get().sha256
