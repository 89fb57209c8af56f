"""Every reminder state a person sees, in Chinese: the case page, the advisor's workspace and
the data export. The labels have their own translation context ("reminder state"), so a
reminder's "Failed" and a dossier's "Failed" are translated each for itself."""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.privacy import DataExport
from advisors.roles import make_advisor
from cases.models import Reminder, ReminderState
from cases.privacy import cases_export
from tests.factories import CaseFactory, UserFactory
from tests.support.advisors import shared, workspace

pytestmark = pytest.mark.django_db

CHINESE = {
    ReminderState.SCHEDULED: "待发送",
    ReminderState.SENDING: "发送中",
    ReminderState.SENT: "已发送",
    ReminderState.SNOOZED: "已推迟",
    ReminderState.DONE: "已处理",
    ReminderState.CANCELLED: "已取消",
    ReminderState.FAILED: "发送失败",
}
# What the case page and the workspace list: what is coming, then what went out or could not.
ON_THE_CASE_PAGE = [
    ReminderState.SCHEDULED,
    ReminderState.SENDING,
    ReminderState.SNOOZED,
    ReminderState.SENT,
    ReminderState.FAILED,
]


def one_of_each(case, states) -> None:
    now = timezone.now()
    for hours, state in enumerate(states):
        Reminder.objects.create(
            case=case, kind="manual", message=f"提醒-{state}", channels=["email", "in_app"],
            due_at=now + timedelta(hours=hours + 1), state=state,
            sent_at=now if state == ReminderState.SENT else None,
        )  # fmt: skip


def test_every_state_has_its_own_chinese_label():
    with translation.override("zh-hans"):
        assert {state: str(state.label) for state in ReminderState} == CHINESE


def test_the_case_page_labels_each_reminder_in_chinese(client):
    case = CaseFactory()
    one_of_each(case, ON_THE_CASE_PAGE)
    client.force_login(case.owner)
    html = client.get(reverse("cases:more", args=[case.reference])).content.decode()
    items = re.findall(
        r'<li class="reminder state-(\w+)[^"]*">.*?<span class="reminder-state">([^<]*)</span>',
        html,
        flags=re.DOTALL,
    )
    shown = dict(
        re.findall(r'<div>(提醒-\w+)</div>.*?class="reminder-state">([^<]*)<', html, re.DOTALL)
    )
    assert shown == {f"提醒-{state}": CHINESE[state] for state in ON_THE_CASE_PAGE}
    # the deadline reminders the case called for are labelled the same way
    assert all(label == CHINESE[ReminderState(state)] for state, label in items)
    # the button that marks a reminder dealt with is an action, not the state's label
    waiting = sum(state in {"scheduled", "snoozed"} for state, _ in items)
    assert waiting >= 2 and html.count(">标为已处理</button>") == waiting
    assert "Failed" not in html and "Scheduled" not in html


def test_the_advisors_workspace_labels_each_reminder_in_chinese():
    case = shared()
    one_of_each(case, ON_THE_CASE_PAGE)
    advisor = UserFactory(display_name="小林")
    make_advisor(advisor)
    browser = Client()
    browser.force_login(advisor)
    html = browser.get(workspace(case)).content.decode()
    section = html[html.index('id="reminders"') :]
    shown = dict(re.findall(r"· 提醒-(\w+) · ([^<]*)</li>", section))
    assert shown == {state.value: CHINESE[state] for state in ON_THE_CASE_PAGE}


def test_the_data_export_labels_every_state_in_chinese():
    case = CaseFactory()
    one_of_each(case, list(ReminderState))
    data: dict = {}
    with zipfile.ZipFile(io.BytesIO(), "w") as archive, translation.override("zh-hans"):
        cases_export(case.owner, DataExport(archive, data))
    [section] = data["cases"]
    labels = {row["state"]: row["state_label"] for row in section["reminders"]}
    assert labels == {state.value: text for state, text in CHINESE.items()}
