"""A consumer asks for a volunteer; the volunteer finds the case in the admin, takes it, notes
and replies; the consumer reads the advice, sees who looked, takes a copy of all their data
and deletes their account, leaving no file behind.

The consumer is on a phone, the volunteer on a laptop; both in Debian's Chromium.
"""

import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.models import Notification, User
from advisors.models import AccessAction, AccessEntry, AdvisorNote
from advisors.roles import make_advisor
from cases.models import Case
from tests.factories import CaseFactory, UserFactory, platform
from tests.support import files
from tests.support.browser import PHONE
from tests.support.evidence import stored_files, upload
from tests.support.screens import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
LAPTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}


def consumer_logs_in(page: Page, live_server, phone: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("手机号或邮箱").fill(phone)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的案件")).to_be_visible()


@pytest.mark.parametrize("advisor_device", ["laptop", "phone"])
def test_volunteer_helps_and_the_consumer_keeps_control(
    page: Page, browser: Browser, live_server, tmp_path, advisor_device
):
    # given a consumer with an overdue Pinduoduo case holding a photo, and other shared cases
    consumer = UserFactory(phone="13700002222")
    consumer.quiet_hours_start = consumer.quiet_hours_end  # notified at once
    consumer.save()
    case = CaseFactory(owner=consumer, platform=platform("pinduoduo"), shop_name="潮品折扣店")
    uploader = Client()
    uploader.force_login(consumer)
    upload(uploader, case, ("订单.jpg", files.jpeg(title="订单详情")))
    decoy = CaseFactory(platform=platform("douyin"))
    advisor = UserFactory(email="volunteer@example.cn", display_name="小林")
    make_advisor(advisor)

    # when the consumer asks for a volunteer on the case page, consenting
    consumer_logs_in(page, live_server, consumer.phone)
    page.goto(f"{live_server.url}{reverse('cases:more', args=[case.reference])}")
    page.locator("#help summary").click()  # the request opens from one button
    page.locator("#id_help-message").fill("商家不退款，平台介入也被驳回了")
    page.locator("#id_help-consent").check()
    shot(page, "20-ask-for-help")
    page.get_by_role("button", name="请志愿者帮忙").click()
    expect(page.get_by_role("button", name="撤回同意")).to_be_visible()
    from advisors.services import help_request

    help_request(case=decoy)
    overdue = timezone.localdate() - timedelta(days=2)
    Case.objects.filter(pk__in=[case.pk, decoy.pk]).update(next_deadline_on=overdue)

    # and the volunteer logs into /admin/ on a laptop
    laptop = browser.new_context(**(LAPTOP if advisor_device == "laptop" else PHONE))
    admin = laptop.new_page()
    admin.goto(f"{live_server.url}/admin/")
    admin.locator("#id_username").fill("volunteer@example.cn")
    admin.locator("#id_password").fill(PASSWORD)
    admin.locator("input[type=submit]").click()
    shot(admin, f"21-admin-home-{advisor_device}")

    # then two clicks find the overdue, unassigned Pinduoduo cases
    admin.get_by_role("link", name="已逾期且无人跟进").click()
    admin.locator("#changelist-filter").get_by_role("link", name="拼多多").click()
    rows = admin.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(case.reference)
    shot(admin, f"22-admin-overdue-pinduoduo-{advisor_device}")

    # when they open it, take it, write an internal note and a reply
    admin.get_by_role("link", name=case.reference).click()
    expect(admin.locator("#timeline")).to_be_visible()
    expect(admin.locator(".ws-evidence img")).to_have_count(1)
    admin.get_by_role("button", name="认领这个案件").click()
    # the release button is behind "状态、放弃认领或转交给其他志愿者"; the holder is named
    expect(admin.locator("#holding")).to_contain_text(re.compile(r"认领人\s*你"))
    admin.get_by_label("内部备注（仅志愿者可见）").fill("商家历史上多次换货，先查物流签收照片")
    admin.get_by_role("button", name="保存备注").click()
    admin.get_by_label("给消费者的建议（对方能看到，并会收到通知）").fill(
        "请在拼多多订单页选择“申请平台介入”，理由选“假冒品牌”，并上传开箱视频。"
    )
    admin.get_by_role("button", name="预览").click()
    expect(admin.locator("#reply-preview")).to_contain_text("申请平台介入")
    admin.get_by_role("button", name="发送给消费者").click()
    expect(admin.locator("#replies .ws-entry")).to_contain_text("申请平台介入")
    shot(admin, f"23-admin-workspace-{advisor_device}")
    laptop.close()

    # then the consumer sees the advice and who looked, but never the internal note
    page.goto(f"{live_server.url}{reverse('cases:more', args=[case.reference])}")
    expect(page.locator("#advice")).to_contain_text("申请平台介入")
    page.get_by_text("谁查看过我的案件").click()
    expect(page.locator("#access-log")).to_contain_text("小林")
    expect(page.get_by_text("商家历史上多次换货")).to_have_count(0)
    shot(page, "24-consumer-sees-advice")
    # and answers it from the case page, which reaches the volunteer
    page.locator("#advice summary").click()
    page.get_by_label("回复志愿者").fill("已申请平台介入，等平台回复")
    page.get_by_role("button", name="发送回复").click()
    expect(page.locator("#advice")).to_contain_text("已申请平台介入，等平台回复")
    assert Notification.objects.filter(user=advisor, url__contains="#replies").exists()
    assert AccessEntry.objects.filter(case=case, action=AccessAction.VIEWED_CASE).exists()
    assert AdvisorNote.objects.filter(case=case).count() == 1

    # when the consumer downloads all their data
    page.goto(f"{live_server.url}/accounts/data/")
    shot(page, "25-data-export")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载我的全部数据").click()
    archive = tmp_path / "export.zip"
    download_info.value.save_as(archive)
    with zipfile.ZipFile(archive) as exported:
        names = exported.namelist()
        data = json.loads(exported.read("data.json"))
        everything = b"".join(exported.read(name) for name in names)
    evidence = case.evidence.get()
    assert any(name.endswith("订单.jpg") for name in names)
    assert evidence.sha256 in json.dumps(data)
    assert "申请平台介入".encode() in everything
    assert "商家历史上多次换货".encode() not in everything

    # and deletes the account
    assert any(evidence.public_id.hex in name for name in stored_files())
    page.goto(f"{live_server.url}/accounts/delete/")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=checkbox]").check()
    shot(page, "26-delete-account")
    page.get_by_role("button", name="永久注销我的账户").click()
    expect(page.get_by_text("你的账户及其全部数据已删除")).to_be_visible()

    # then no file of theirs is left, and the logs keep only hashes and anonymous ids
    assert not User.objects.filter(pk=consumer.pk).exists()
    assert not any(evidence.public_id.hex in name for name in stored_files())
    assert AccessEntry.objects.filter(case_reference=case.reference, case=None).exists()


def test_volunteer_answers_the_most_urgent_case_in_few_clicks(browser: Browser, live_server):
    """The benchmark's journey (bench/advisor_journey.py `play`) on a shorter queue: the
    oldest request is first, the volunteer takes it, sends a templated advice they previewed
    and sets a dated follow-up, all found by role and name on a 1366×768 laptop."""
    import importlib

    from django.apps import apps

    from advisors.models import AdvisorFollowUp, HelpRequest, VolunteerStatus
    from bench.advisor_journey import (
        CLICKS_GOAL,
        FOLLOW_UP_DAYS,
        LAPTOP,
        QUEUE,
        VOLUNTEER,
        play,
        seed,
    )

    # the reply templates a fresh install has (the flush after each transactional test
    # empties every table)
    importlib.import_module("advisors.migrations.0004_replies").seed(apps, None)
    # given a queue of four: the oldest request first in the seed, a colleague's case, and
    # two newer requests
    references = seed(QUEUE[:4])["references"]
    urgent = references[0]

    context = browser.new_context(**LAPTOP)
    tally = play(context.new_page(), live_server.url, urgent=urgent)
    context.close()

    # then the volunteer holds the case, the consumer has the filled template's advice, and
    # the follow-up is due on the day typed
    help = HelpRequest.objects.select_related("advisor", "case").get(case__reference=urgent)
    assert help.advisor.email == VOLUNTEER
    assert help.first_advice_at is not None
    assert help.status == VolunteerStatus.TAKEN
    reply = help.case.advice_replies.get()
    assert urgent in reply.body and "{reference}" not in reply.body
    assert "申请平台客服介入" in reply.body
    followup = AdvisorFollowUp.objects.get(case=help.case, advisor=help.advisor)
    assert followup.due_on == timezone.localdate() + timedelta(days=FOLLOW_UP_DAYS)
    # and nothing else was touched
    assert AdvisorFollowUp.objects.count() == 1
    assert not HelpRequest.objects.filter(advisor=help.advisor).exclude(pk=help.pk).exists()
    assert tally.clicks <= CLICKS_GOAL
