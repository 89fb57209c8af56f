"""A reader on a phone finds the Pinduoduo complaint guide, reads the numbers with their sources,
and taps "开始维权" into a case with Pinduoduo already chosen."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from cases.models import Case
from platforms.directory import directory_load
from tests.support.screens import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_search_a_guide_and_follow_it_into_a_case(page: Page, live_server):
    directory_load()
    # given a reader who searched for the Pinduoduo complaint line
    page.goto(f"{live_server.url}/guides/")
    page.get_by_label("搜索维权指南").fill("拼多多 投诉电话")
    page.get_by_role("button", name="搜索").click()
    shot(page, "40-guides-search")
    page.get_by_role("link", name="拼多多投诉电话").first.click()

    # then the guide shows the directory's numbers with their sources and status
    expect(page.get_by_role("heading", level=1)).to_contain_text("拼多多")
    expect(page.locator(".guide-body .channel").first).to_be_visible()
    expect(page.locator(".guide-body")).to_contain_text("来源")
    expect(page.get_by_text("最近审核")).to_be_visible()
    shot(page, "41-guide")

    # when they tap "开始维权" and sign up
    page.locator(".start-case").first.click()
    page.get_by_label("手机号或邮箱").fill("13912340009")
    page.locator("#id_password1").fill("维权-correct-horse-9")
    page.get_by_label("我已阅读并同意").check()
    page.get_by_role("button", name="创建账户").click()

    # then the new case form has Pinduoduo chosen already
    expect(page.get_by_role("heading", name="新建案件")).to_be_visible()
    expect(page.get_by_label("拼多多")).to_be_checked()
    shot(page, "42-guide-to-new-case")
    page.get_by_label("店铺/商家名称").fill("家居百货店")
    page.get_by_label("买了什么").fill("电饭煲")
    page.get_by_label("实付金额").fill("159")
    page.get_by_label("购买日期").fill(timezone.localdate().isoformat())
    page.get_by_label("质量问题").check()
    page.get_by_label("退货退款").check()
    page.get_by_role("button", name="创建案件").click()
    case = Case.objects.get(owner=User.objects.get(phone="13912340009"))
    assert case.platform.slug == "pinduoduo"
    expect(page.get_by_text(case.reference).first).to_be_visible()
