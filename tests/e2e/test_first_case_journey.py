"""A new consumer on a phone: sign up, open a Pinduoduo case, log a phone call, see it.

Runs in Debian's Chromium through Playwright against Django's live server. Screenshots of
each page go to test-results/screens/ so a person can look at them; pytest-playwright keeps
one of the failing page under test-results/ as well.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Case, EventKind
from tests.support.screens import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_up_open_a_case_and_log_a_call(page: Page, live_server):
    # given a visitor on the landing page
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("假货")
    shot(page, "01-landing")
    page.get_by_role("link", name="开始维权").first.click()

    # when they sign up with a mobile number
    page.get_by_label("手机号或邮箱").fill("13912345678")
    password = page.locator("#id_password1")
    password.fill("维权-correct-horse-9")
    expect(page.get_by_label("确认密码")).to_have_count(0)  # typed once, and shown to check
    page.get_by_role("button", name="显示密码").click()
    expect(password).to_have_attribute("type", "text")
    page.get_by_label("我已阅读并同意").check()
    shot(page, "02-signup")
    page.get_by_role("button", name="创建账户").click()

    # and open a case about a Pinduoduo fake
    expect(page.get_by_role("heading", name="新建案件")).to_be_visible()
    page.get_by_label("拼多多").check()
    page.get_by_label("店铺/商家名称").fill("数码优选专营店")
    page.get_by_label("买了什么").fill("蓝牙耳机")
    page.get_by_label("订单号").fill("231104-58392019347721")
    page.get_by_label("实付金额").fill("299")
    page.get_by_label("购买日期").fill((timezone.localdate()).isoformat())
    page.get_by_label("假货").check()
    page.get_by_label("退货退款").check()
    shot(page, "03-new-case")
    page.get_by_role("button", name="创建案件").click()

    case = Case.objects.get(owner__phone="13912345678")
    expect(page.get_by_text(case.reference).first).to_be_visible()
    expect(page.get_by_text("¥299.00").first).to_be_visible()

    # and log a phone call with the agent ID and what was promised
    page.locator(".case-tabs").get_by_role("link", name="沟通记录").click()
    page.locator(".kind-chips").get_by_role("link", name="电话沟通").click()
    expect(page.locator("input[name=kind]")).to_have_value(EventKind.PHONE_CALL.value)
    expect(page.get_by_label("拨打的号码")).to_be_visible()
    expect(page.get_by_label("投诉编号")).to_have_count(0)  # fields of other kinds are not asked
    expect(page.get_by_label("日期和时间")).to_be_hidden()  # "just now" is already chosen
    page.locator("label.chip", has_text="客服承诺处理").click()
    page.get_by_label("补充说明（可不填）").fill("会联系商家")
    page.get_by_label("拨打的号码").fill("021-53395288")
    page.get_by_label("客服工号").fill("PDD-0731")
    page.get_by_label("对方承诺了什么").fill("3个工作日内给出处理结果")
    page.get_by_role("button", name="添加到时间线").click()

    # then the call is on the timeline, in Chinese
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("电话沟通")
    expect(timeline).to_contain_text("客服承诺处理，会联系商家")
    expect(timeline).to_contain_text("PDD-0731")
    expect(timeline).to_contain_text("3个工作日内给出处理结果")
    shot(page, "04-case-with-call")
    assert case.events.get().data["number_dialled"] == "02153395288"
