"""A consumer on a phone copies one field of the 12315 complaint, edits another and saves it,
then fills in their contact details once and sees them in the complaint."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from cases.models import LetterDraft
from tests.e2e.test_evidence_journey import log_in
from tests.factories import CaseFactory, UserFactory
from tests.support.screens import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_copy_one_12315_field_save_an_edit_and_fill_contact_details(page: Page, live_server):
    # given a consumer with a counterfeit case, on the 12315 complaint page
    consumer = UserFactory(phone="13700002222")
    case = CaseFactory(owner=consumer, shop_name="数码优选专营店")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, live_server, consumer.phone)
    page.goto(f"{live_server.url}{reverse('cases:letter', args=[case.reference, '12315'])}")
    expect(page.get_by_role("heading", name="12315投诉")).to_be_visible()
    shot(page, "letter-12315")

    # when they press the 复制 of the 被投诉方 field
    button = page.get_by_role("button", name="复制：被投诉方（经营者名称）")
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44
    button.click()

    # then that field alone is on the clipboard, and the button says so
    expect(button).to_have_text("已复制")
    expect(button).to_have_attribute("aria-live", "polite")
    assert page.evaluate("navigator.clipboard.readText()") == "数码优选专营店（拼多多平台店铺）"

    # when they type the merchant's address and save
    page.get_by_role("textbox", name="经营者地址/网址", exact=True).fill(
        "杭州市余杭区文一西路969号"
    )
    page.get_by_role("button", name="保存修改").click()
    expect(page.get_by_text("已保存你修改的文书")).to_be_visible()
    expect(page.get_by_role("textbox", name="经营者地址/网址", exact=True)).to_have_value(
        "杭州市余杭区文一西路969号"
    )
    assert LetterDraft.objects.get().fields["respondent_address"] == "杭州市余杭区文一西路969号"

    # and follow the link to fill in their name and address once
    page.get_by_role("link", name="在个人资料中填写一次").click()
    page.get_by_label("真实姓名", exact=True).fill("张小明")
    page.get_by_label("通讯地址", exact=True).fill("上海市长宁区仙霞路99号")
    page.get_by_role("button", name="保存").click()
    page.goto(f"{live_server.url}{reverse('cases:letter', args=[case.reference, '12315'])}")
    expect(page.get_by_role("textbox", name="投诉人姓名", exact=True)).to_have_value("张小明")
    expect(page.get_by_role("textbox", name="联系电话", exact=True)).to_have_value("13700002222")
    expect(page.get_by_text("在个人资料中填写一次")).to_have_count(0)
