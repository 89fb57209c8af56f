"""axe-core over every page a consumer, a visitor and an advisor can reach, on a phone, with
the navbar menu closed and opened by a tap: no serious or critical violation anywhere, and
every control in the main content at least 24 × 24 px (the main action 44 px high).

The data is made with the factories and services, then each role walks its pages in one
browser context. On a failure the message lists each rule, its targets and axe's advice.
"""

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from advisors import services as advisor_services
from advisors.roles import make_advisor
from cases import services as case_services
from cases.letters import LETTERS
from cases.models import STAGE_ORDER, SYSTEM_EVENT_KINDS, EventKind, Outcome
from cases.reminders import reminder_add
from evidence.dossier_pipeline import dossier_request
from evidence.models import DossierState, DossierVariant
from platforms.directory import directory_load
from tests.factories import CaseFactory, UserFactory, add_call, platform
from tests.support import files
from tests.support.axe import Finding, check, check_both_menu_states, summary
from tests.support.browser import PHONE
from tests.support.evidence import upload
from tests.support.screens import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
PHONE_CHECKED = {**PHONE, "bypass_csp": True}  # so the test can inject axe-core


def signed_in(browser: Browser, live_server, user) -> BrowserContext:
    """A phone browser holding a session for the user, signed in without the login form."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(**PHONE_CHECKED)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def visit(page: Page, url: str, where: str, *, status: int = 200) -> list[Finding]:
    response = page.goto(url)
    assert response is not None and response.status == status, (where, url, response.status)
    return check_both_menu_states(page, where, targets_block="/admin/" not in url)


def assert_accessible(findings: list[Finding], name: str) -> None:
    report = summary(findings, name=name)
    assert not report, f"accessibility problems:\n{report}"


def m4a(folder: Path) -> bytes:
    """Two seconds of a real AAC recording (a call recording), made by ffmpeg."""
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg, "ffmpeg is installed by scripts/setup.sh"
    path = folder / "call.m4a"
    subprocess.run(
        [ffmpeg, "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
         "sine=frequency=440:duration=2", "-c:a", "aac", "-y", str(path)],
        check=True,
    )  # fmt: skip
    return path.read_bytes()


def a_full_case(owner, tmp_path: Path):
    """A Pinduoduo case with an entry of every kind a person logs, evidence of every sort of
    file, a reminder, a ready dossier, a volunteer's reply and so a notification."""
    # received 9 days ago: the 7-day return has passed, so a date gone by is on the page
    case = CaseFactory(
        owner=owner,
        platform=platform("pinduoduo"),
        shop_name="潮品折扣店",
        received_date=timezone.localdate() - timedelta(days=9),
    )
    now = timezone.now()
    for hours, kind in enumerate(
        [kind for kind in EventKind if kind not in SYSTEM_EVENT_KINDS], start=1
    ):
        case_services.case_add_event(
            case=case,
            kind=kind,
            happened_at=now - timedelta(hours=40 - hours),
            actor=owner,
            summary=f"{kind.label} 的记录",
        )
    add_call(case, number_dialled="4001234567", agent_id="工号 8848", promise="三天内退款")
    uploader = Client()
    uploader.force_login(owner)
    for name, data, kind in [
        ("订单.jpg", files.jpeg(title="订单详情"), "order_screenshot"),
        ("包装.png", files.png(), "packaging_photo"),
        ("鉴定报告.pdf", files.pdf(), "appraisal_report"),
        ("开箱.mp4", files.mp4(tmp_path / "clip.mp4"), "unboxing_video"),
        ("通话.m4a", m4a(tmp_path), "call_recording"),
    ]:
        response = upload(uploader, case, (name, data), kind=kind)
        assert response.status_code in (200, 302), (name, response.status_code)
    assert case.evidence.count() == 5
    reminder_add(case=case, due_at=now + timedelta(days=2), message="给平台打电话", actor=owner)
    dossier = dossier_request(case=case, variant=DossierVariant.FULL, actor=owner)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.READY
    case_services.case_move_stage(case=case, stage="platform", actor=owner)
    return case


def test_every_public_page_is_accessible(browser: Browser, live_server, settings):
    directory_load()
    context = browser.new_context(**PHONE_CHECKED)
    page = context.new_page()
    url = live_server.url
    findings: list[Finding] = []

    # the pages anyone can read
    findings += visit(page, f"{url}/", "home")
    findings += visit(page, f"{url}/guides/", "guides")
    findings += visit(page, f"{url}/guides/?q=拼多多", "guides search")
    findings += visit(page, f"{url}/guides/pinduoduo-complaint-channels/", "guide")
    shot(page, "a11y-guide")
    findings += visit(page, f"{url}/guides/online-shopping-rights/", "guide (law)")
    findings += visit(page, f"{url}/platforms/", "platforms")
    findings += visit(page, f"{url}/platforms/?q=退款", "platforms search")
    findings += visit(page, f"{url}/platforms/pinduoduo/", "platform")
    shot(page, "a11y-platform")
    findings += visit(page, f"{url}/accounts/privacy/", "privacy notice")
    findings += visit(page, f"{url}/accounts/signup/", "sign-up")
    findings += visit(page, f"{url}/accounts/login/", "login")
    findings += visit(page, f"{url}/accounts/password-reset/", "password reset")
    findings += visit(page, f"{url}/accounts/password-reset/sent/", "password reset sent")
    findings += visit(page, f"{url}/accounts/reset/MQ/bad-token/", "password reset link expired")
    findings += visit(page, f"{url}/accounts/reset/done/", "password reset done")
    findings += visit(page, f"{url}/offline/", "offline page")
    findings += visit(page, f"{url}/no-such-page/", "404", status=404)
    findings += visit(page, f"{url}/admin/login/", "advisor login")

    # a login form with its errors, then the lock-out page
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("手机号或邮箱").fill("13700009999")
    page.locator("#id_password").fill("wrong")
    page.get_by_role("button", name="登录").click()
    findings += check_both_menu_states(page, "login with errors")
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        if page.locator("form #id_password").count() == 0:
            break
        page.locator("#id_password").fill("wrong")
        page.get_by_role("button", name="登录").click()
    expect(page.locator("#id_password")).to_have_count(0)
    findings += check_both_menu_states(page, "locked out")

    # a sign-up form with its errors, then the sign-up limit page
    page.goto(f"{url}/accounts/signup/")
    page.get_by_role("button", name="创建账户").click()
    findings += check_both_menu_states(page, "sign-up with errors")
    settings.SIGNUPS_PER_HOUR_PER_ADDRESS = 0
    page.goto(f"{url}/accounts/signup/")
    page.get_by_label("手机号或邮箱").fill("13912340019")
    page.locator("#id_password1").fill("维权-correct-horse-9")
    page.get_by_role("button", name="显示密码").click()
    expect(page.locator("#id_password1")).to_have_attribute("type", "text")
    page.get_by_label("我已阅读并同意").check()
    with page.expect_response(lambda response: response.status == 429):
        page.get_by_role("button", name="创建账户").click()
    findings += check_both_menu_states(page, "sign-up limited")
    context.close()
    assert_accessible(findings, "public")


def test_every_consumer_page_is_accessible(browser: Browser, live_server, tmp_path):
    # given a consumer with a full case, a closed case, a volunteer's reply and a notification
    directory_load()
    consumer = UserFactory(phone="13700002222", display_name="王女士")
    case = a_full_case(consumer, tmp_path)
    closed = CaseFactory(owner=consumer, platform=platform("douyin"))
    case_services.case_close(
        case=closed, outcome=Outcome.REFUNDED, closed_on=timezone.localdate(), actor=consumer
    )
    advisor = UserFactory(email="volunteer@example.cn", display_name="小林")
    make_advisor(advisor)
    advisor_services.help_request(case=case, message="平台驳回了")
    advisor_services.case_take(case=case, advisor=advisor)
    advisor_services.reply_send(case=case, author=advisor, body="请申请平台介入。")
    advisor_services.access_record(actor=advisor, case=case, action="viewed_case")
    event = case.events.filter(kind=EventKind.PHONE_CALL).first()
    evidence = list(case.evidence.order_by("number"))

    context = signed_in(browser, live_server, consumer)
    page = context.new_page()
    url = live_server.url
    findings: list[Finding] = []

    # when they walk every page of theirs
    findings += visit(page, f"{url}/", "home (signed in)")
    findings += visit(page, f"{url}/cases/", "case list")
    findings += visit(page, f"{url}/cases/?status=closed", "case list (closed)")
    findings += visit(page, f"{url}/cases/new/", "new case")
    findings += visit(page, f"{url}/cases/new/?platform=pinduoduo", "new case from a guide")
    page.goto(f"{url}/cases/new/")
    page.get_by_role("button", name="创建案件").click()
    findings += check_both_menu_states(page, "new case with errors")
    findings += visit(page, f"{url}{case.get_absolute_url()}", "case page")
    shot(page, "a11y-case")
    for kind in ("phone_call", "complaint_12315"):
        timeline = reverse("cases:timeline", args=[case.reference])
        findings += visit(page, f"{url}{timeline}?kind={kind}", f"contact form, {kind}")
    for section in ("evidence", "timeline", "files", "more"):  # "more" last: its access log
        where = f"case page, {section}"
        findings += visit(page, f"{url}{reverse(f'cases:{section}', args=[case.reference])}", where)
        shot(page, f"a11y-case-{section}")
    expect(page.locator(".deadline.past").first).to_be_visible()  # a past date, greyed
    page.get_by_text("谁查看过我的案件").click()
    findings.append(check(page, "case more, access log opened"))
    findings += visit(page, f"{url}{case.get_absolute_url()}edit/", "case edit")
    findings += visit(page, f"{url}{reverse('cases:event_edit', args=[case.reference, event.pk])}",
                      "event edit")  # fmt: skip
    findings += visit(
        page, f"{url}{reverse('cases:event_delete', args=[case.reference, event.pk])}",
        "event delete",
    )  # fmt: skip
    findings += visit(page, f"{url}{reverse('cases:close', args=[case.reference])}", "close")
    findings += visit(page, f"{url}{closed.get_absolute_url()}", "closed case (reopen)")
    for stage in STAGE_ORDER:
        findings += visit(
            page, f"{url}{reverse('cases:guidance', args=[case.reference, stage])}",
            f"guidance {stage}",
        )  # fmt: skip
    for kind in LETTERS:
        findings += visit(
            page, f"{url}{reverse('cases:letter', args=[case.reference, kind])}", f"letter {kind}"
        )
    shot(page, "a11y-letter")
    for item in evidence:
        findings += visit(
            page, f"{url}{reverse('evidence:detail', args=[item.public_id])}",
            f"evidence {item.number} ({item.content_type})",
        )  # fmt: skip
    shot(page, "a11y-evidence")
    findings += visit(
        page, f"{url}{reverse('evidence:remove', args=[evidence[0].public_id])}", "evidence remove"
    )
    findings += visit(page, f"{url}/accounts/profile/", "profile")
    findings += visit(page, f"{url}/calendar/", "calendar feed (not made yet)")
    page.get_by_role("button", name="生成我的日历链接").click()
    findings += visit(page, f"{url}/calendar/", "calendar feed")
    shot(page, "a11y-calendar-feed")
    findings += visit(page, f"{url}/calendar/reset/", "calendar feed reset")
    findings += visit(page, f"{url}/accounts/notifications/", "notifications")
    findings += visit(page, f"{url}/accounts/data/", "data export")
    findings += visit(page, f"{url}/accounts/delete/", "account delete")
    findings += visit(page, f"{url}/guides/tmall-counterfeit/", "guide (signed in)")
    findings += visit(page, f"{url}/platforms/douyin/", "platform (signed in)")
    findings += visit(page, f"{url}/cases/NO-SUCH-CASE/", "404 (signed in)", status=404)
    context.close()

    # then nothing serious or critical, and no target too small for a finger
    assert_accessible(findings, "consumer")


def test_every_advisor_page_is_accessible(browser: Browser, live_server, tmp_path):
    # given shared cases (one overdue), an advisor with a note and a reply, and a superuser
    directory_load()
    consumer = UserFactory(phone="13700003333")
    case = a_full_case(consumer, tmp_path)
    advisor = UserFactory(email="volunteer@example.cn", display_name="小林")
    make_advisor(advisor)
    advisor_services.help_request(case=case, message="商家不退款，平台介入也被驳回了")
    advisor_services.case_take(case=case, advisor=advisor)
    advisor_services.note_add(case=case, author=advisor, body="先查物流签收照片")
    advisor_services.reply_send(case=case, author=advisor, body="请申请平台介入。")
    waiting = CaseFactory(platform=platform("douyin"))
    advisor_services.help_request(case=waiting)
    type(waiting).objects.filter(pk=waiting.pk).update(
        next_deadline_on=timezone.localdate() - timedelta(days=2)
    )
    add_call(waiting, summary="客服不接电话")
    superuser = UserFactory(email="root@example.cn", is_staff=True, is_superuser=True)

    context = signed_in(browser, live_server, advisor)
    page = context.new_page()
    url = live_server.url
    changelist = reverse("admin:cases_case_changelist")
    findings: list[Finding] = []

    # when the advisor walks the admin
    findings += visit(page, f"{url}/admin/", "admin index")
    findings += visit(page, f"{url}/admin/dashboard/", "dashboard")
    shot(page, "a11y-dashboard")
    settings_page = reverse("admin:advisors_preferences")
    findings += visit(page, f"{url}{settings_page}", "notification settings")
    findings += visit(page, f"{url}{changelist}", "case list")
    findings += visit(page, f"{url}{changelist}?advisor=unassigned", "case list: unassigned")
    findings += visit(page, f"{url}{changelist}?deadline=overdue&advisor=unassigned",
                      "case list: overdue")  # fmt: skip
    findings += visit(page, f"{url}{changelist}?q={case.reference}", "case list: search")
    findings += visit(page, f"{url}{reverse('admin:cases_case_change', args=[case.pk])}",
                      "workspace")  # fmt: skip
    shot(page, "a11y-workspace")
    page.locator("#id_note-body").fill("")
    page.get_by_role("button", name="保存备注").click()
    findings.append(check(page, "workspace, empty note sent", targets_block=False))
    page.get_by_role("button", name="预览", exact=True).click()
    findings.append(check(page, "workspace, empty advice previewed", targets_block=False))
    page.locator("#id_reply-body").fill("请在{platform}申请平台介入。")
    page.get_by_role("button", name="预览", exact=True).click()
    findings.append(check(page, "workspace, advice previewed", targets_block=False))
    shot(page, "a11y-workspace-preview")
    page.get_by_role("button", name="提醒我", exact=True).click()
    findings.append(check(page, "workspace, follow-up without a day", targets_block=False))
    findings += visit(page, f"{url}{reverse('admin:advisors_replytemplate_changelist')}",
                      "reply templates")  # fmt: skip
    findings += visit(page, f"{url}{reverse('admin:cases_case_change', args=[waiting.pk])}",
                      "workspace, unassigned")  # fmt: skip
    findings += visit(page, f"{url}{reverse('admin:advisors_helprequest_changelist')}",
                      "help requests")  # fmt: skip
    findings += visit(page, f"{url}{reverse('admin:platforms_platform_changelist')}", "platforms")
    context.close()

    # and the superuser reads the access log
    context = signed_in(browser, live_server, superuser)
    page = context.new_page()
    findings += visit(page, f"{url}{reverse('admin:advisors_accessentry_changelist')}",
                      "access log")  # fmt: skip
    context.close()

    # then nothing serious or critical, and no target too small for a finger
    assert_accessible(findings, "advisor")
