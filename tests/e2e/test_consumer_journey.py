"""The whole consumer journey, on a phone and on a laptop, with the real Celery worker:

landing page → sign up → a Douyin counterfeit case → a photo, a PDF and a video → a logged call
with a promise → the next steps for Douyin → a reminder delivered by the worker → a dossier made
by the worker and downloaded. Screenshots of each page go to test-results/screens/.
"""

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from accounts.models import Notification, User
from cases.models import Case, EventKind, Reminder, ReminderState
from cases.tasks import reminders_sweep
from tests.support import files
from tests.support.browser import PHONE
from tests.support.screens import shot
from tests.support.waiting import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}


def tab(page, name: str) -> None:
    """Open a section of the case page from its tab, as a thumb does."""
    page.locator(".case-tabs").get_by_role("link", name=name).click()
    expect(page.locator(".case-tabs [aria-current=page]")).to_contain_text(name)


@pytest.mark.parametrize("device", ["phone", "laptop"])
def test_from_landing_page_to_a_downloaded_dossier(
    browser: Browser, live_server, worker, tmp_path, device
):
    context = browser.new_context(**(PHONE if device == "phone" else LAPTOP))
    page = context.new_page()
    phone_number = "13912340001" if device == "phone" else "13912340002"

    # a visitor arrives on the landing page and signs up
    page.goto(live_server.url)
    shot(page, f"30-{device}-landing")
    page.get_by_role("link", name="开始维权").first.click()
    page.get_by_label("手机号或邮箱").fill(phone_number)
    page.locator("#id_password1").fill("维权-correct-horse-9")
    page.get_by_label("我已阅读并同意").check()
    page.get_by_role("button", name="创建账户").click()
    user = User.objects.get(phone=phone_number)
    User.objects.filter(pk=user.pk).update(quiet_hours_start="00:00", quiet_hours_end="00:00")

    # opens a case about a Douyin fake
    expect(page.get_by_role("heading", name="新建案件")).to_be_visible()
    page.get_by_label("抖音").check()
    page.get_by_label("店铺/商家名称").fill("潮牌旗舰店")
    page.get_by_label("买了什么").fill("运动鞋")
    page.get_by_label("实付金额").fill("899")
    page.get_by_label("购买日期").fill((timezone.localdate() - timedelta(days=3)).isoformat())
    page.get_by_label("假货").check()
    page.get_by_label("退货退款").check()
    shot(page, f"31-{device}-new-case")
    page.get_by_role("button", name="创建案件").click()
    case = Case.objects.get(owner=user)
    expect(page.get_by_text(case.reference).first).to_be_visible()

    # adds three kinds of evidence: a photo, a PDF and a video
    tab(page, "证据")
    video = files.mp4(tmp_path / "unboxing.mp4")
    page.get_by_label("添加照片、截图、视频、录音或 PDF").set_input_files(
        [
            {"name": "鞋标.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg(title="鞋标")},
            {"name": "鉴定报告.pdf", "mimeType": "application/pdf", "buffer": files.pdf()},
            {"name": "开箱.mp4", "mimeType": "video/mp4", "buffer": video},
        ]
    )
    page.locator("#f0-kind").select_option("product_photo")
    page.locator("#f1-kind").select_option("appraisal_report")
    page.locator("#f2-kind").select_option("unboxing_video")
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.get_by_text("已保存 3 个文件")).to_be_visible()
    shot(page, f"32-{device}-evidence")

    # logs a call with what was promised
    tab(page, "沟通记录")
    page.locator(".kind-chips").get_by_role("link", name="电话沟通").click()
    expect(page.locator("input[name=kind]")).to_have_value(EventKind.PHONE_CALL.value)
    page.get_by_label("补充说明（可不填）").fill("客服说三天内给答复")
    page.get_by_label("客服工号").fill("DY-5520")
    page.get_by_label("对方承诺了什么").fill("三天内给出退款方案")
    page.get_by_label("承诺期限").fill((timezone.localdate() + timedelta(days=3)).isoformat())
    page.get_by_role("button", name="添加到时间线").click()
    expect(page.locator("#timeline")).to_contain_text("DY-5520")
    assert Reminder.objects.filter(case=case, kind="promise").exists()

    # sees the next step for this rung, and the Douyin guide for it
    tab(page, "下一步")
    expect(page.locator(".next-action")).to_contain_text("先保存证据")
    tab(page, "材料")
    expect(page.locator("#guides").get_by_role("link", name="抖音买到假货怎么维权")).to_be_visible()
    shot(page, f"33-{device}-next-steps")

    # sets a reminder for now; the worker delivers it once the sweep runs
    tab(page, "更多")
    page.locator("#reminders summary").click()
    now = timezone.localtime()
    page.locator("#id_remind_on").fill(now.date().isoformat())
    page.locator("#id_remind_at").fill(now.strftime("%H:%M"))
    page.locator("#reminders").get_by_label("提醒内容").fill("看看商家有没有回复")
    page.locator("#reminders").get_by_role("button", name="添加").click()
    reminder = Reminder.objects.get(case=case, message="看看商家有没有回复")
    reminders_sweep.delay()  # what beat does every minute
    assert wait_for(lambda: Reminder.objects.get(pk=reminder.pk).state == ReminderState.SENT), (
        Reminder.objects.get(pk=reminder.pk).state
    )
    assert Notification.objects.filter(user=user, title="看看商家有没有回复").count() == 1
    page.goto(f"{live_server.url}/accounts/notifications/")
    expect(page.get_by_text("看看商家有没有回复")).to_be_visible()
    shot(page, f"34-{device}-notification")

    # and makes the case file, which the worker builds while the page waits
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    tab(page, "材料")
    page.get_by_role("button", name="生成证据材料").click()
    assert wait_for(lambda: case.dossiers.filter(state__in=["ready", "failed"]).exists(), 60), list(
        case.dossiers.values("state", "progress", "error")
    )
    assert case.dossiers.get().state == "ready", case.dossiers.get().error
    download_link = page.locator("#dossiers").get_by_role("link", name="下载")
    expect(download_link).to_be_visible(timeout=60_000)
    shot(page, f"35-{device}-dossier-ready")
    with page.expect_download() as download_info:
        download_link.click()
    pdf = tmp_path / "dossier.pdf"
    download_info.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert case.reference in text and "DY-5520" in text
    for evidence in case.evidence.all():
        assert evidence.sha256[:32] in text
    context.close()
