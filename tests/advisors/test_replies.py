"""Reply templates, their placeholders, the edit window and consumers' answers
(advisors/replies.py)."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Notification
from accounts.privacy import DataExport
from advisors.models import AccessAction, AccessEntry, AdviceAnswer, ReplyTemplate
from advisors.privacy import advisors_export
from advisors.replies import (
    PLACEHOLDERS,
    REPLY_EDIT_WINDOW,
    answer_add,
    fill,
    placeholder_values,
    preview_digest,
    reply_edit,
    reply_editable,
    templates_for_case,
    unknown_placeholders,
)
from advisors.roles import make_advisor
from advisors.services import case_release, case_take, help_withdraw, note_add, reply_send
from cases.models import Problem, Stage
from tests.factories import CaseFactory, UserFactory, add_call

pytestmark = pytest.mark.django_db


def test_fill_replaces_known_placeholders_and_leaves_everything_else_as_typed():
    values = {"reference": "WQ-2026-000001", "platform": "拼多多"}
    text = "案件 {reference} 在{platform}：{unknown} {reference.__class__} {{reference}} {}"
    assert fill(text, values) == (
        "案件 WQ-2026-000001 在拼多多：{unknown} {reference.__class__} {WQ-2026-000001} {}"
    )


def test_placeholders_are_exactly_the_four_the_issue_names():
    assert set(PLACEHOLDERS) == {"reference", "platform", "next_deadline", "draft_12315_url"}
    assert unknown_placeholders("{reference}{platform}{next_deadline}{draft_12315_url}") == []
    assert unknown_placeholders("{note} {owner_email} {reference}") == ["note", "owner_email"]


def test_values_come_from_the_case_alone(shared_case):
    # given a case with a promise on its timeline
    promised = timezone.localdate() + timedelta(days=3)
    add_call(shared_case, promised_by=promised.isoformat(), promise="三天内退款")
    # when its placeholder values are read
    values = placeholder_values(case=shared_case)
    # then they are four strings about this case
    assert set(values) == set(PLACEHOLDERS)
    assert all(isinstance(value, str) for value in values.values())
    assert values["reference"] == shared_case.reference
    assert values["platform"] == shared_case.platform.name
    assert values["draft_12315_url"].endswith(f"/cases/{shared_case.reference}/letters/12315/")
    assert f"{promised:%Y-%m-%d}" in values["next_deadline"]


def test_no_deadline_ahead_is_said_in_chinese(shared_case):
    values = placeholder_values(case=shared_case, today=timezone.localdate() + timedelta(days=4000))
    assert values["next_deadline"] == "目前没有即将到来的期限"


def test_a_template_cannot_reach_notes_accounts_or_another_consumers_case(shared_case, advisor):
    # given an internal note on this case and another consumer's case
    shared_case.owner.email = "owner@example.cn"
    shared_case.owner.save()
    case_take(case=shared_case, advisor=advisor)
    note_add(case=shared_case, author=advisor, body="内部备注-机密-4471")
    other = CaseFactory(owner=UserFactory(email="other@example.cn"))
    template = ReplyTemplate.objects.create(
        title="试探",
        body=(
            "{note} {advisor_notes} {owner} {email} {case.owner.email} {{ case.advisor_notes }}"
            " {% for n in case.advisor_notes.all %}{{ n.body }}{% endfor %} {reference}"
        ),
    )
    # when it is filled for this case
    text = fill(template.body, placeholder_values(case=shared_case))
    # then only the reference was filled: nothing else of any case or account shows
    assert shared_case.reference in text
    for secret in ("内部备注-机密-4471", shared_case.owner.email, "other@example.cn"):
        assert secret not in text
    assert other.reference not in text
    assert "{note}" in text and "{% for n in case.advisor_notes.all %}" in text


def test_templates_are_chosen_by_stage_and_problem(shared_case):
    ReplyTemplate.objects.all().delete()
    shared_case.stage, shared_case.problem = Stage.PLATFORM, Problem.COUNTERFEIT
    fits = [
        ReplyTemplate.objects.create(title="任何", body="x"),
        ReplyTemplate.objects.create(title="平台", body="x", stages=[Stage.PLATFORM]),
        ReplyTemplate.objects.create(title="假货", body="x", problems=[Problem.COUNTERFEIT]),
        ReplyTemplate.objects.create(
            title="平台假货", body="x", stages=[Stage.PLATFORM], problems=[Problem.COUNTERFEIT]
        ),
    ]
    ReplyTemplate.objects.create(title="诉讼", body="x", stages=[Stage.LAWSUIT])
    ReplyTemplate.objects.create(title="食品", body="x", problems=[Problem.UNSAFE_FOOD])
    ReplyTemplate.objects.create(title="停用", body="x", active=False)
    assert {t.title for t in templates_for_case(case=shared_case)} == {t.title for t in fits}


def test_the_seeded_templates_use_only_known_placeholders_and_cover_every_stage():
    seeded = list(ReplyTemplate.objects.all())
    assert len(seeded) >= 5
    for template in seeded:
        assert unknown_placeholders(template.body) == [], template.title
        assert set(template.stages) <= set(Stage.values), template.title
        assert set(template.problems) <= set(Problem.values), template.title
    covered = {stage for template in seeded for stage in template.stages}
    assert covered == set(Stage.values)
    assert any("{draft_12315_url}" in template.body for template in seeded)


def test_the_preview_digest_changes_with_the_text():
    assert preview_digest("先申请售后") == preview_digest("先申请售后")
    assert preview_digest("先申请售后") != preview_digest("先申请售后。")


# --- the edit window ---------------------------------------------------------------------


def test_the_author_corrects_advice_within_the_window(shared_case, advisor):
    case_take(case=shared_case, advisor=advisor)
    reply = reply_send(case=shared_case, author=advisor, body="先找商家")
    assert reply_editable(reply, user=advisor)
    assert reply_edit(reply=reply, author=advisor, body="先在平台申请售后")
    reply.refresh_from_db()
    assert reply.body == "先在平台申请售后" and reply.edited_at is not None
    assert AccessEntry.objects.filter(case=shared_case, action=AccessAction.EDITED_REPLY).exists()


def test_nobody_corrects_advice_after_the_window_or_someone_elses(
    shared_case, advisor, other_advisor
):
    case_take(case=shared_case, advisor=advisor)
    reply = reply_send(case=shared_case, author=advisor, body="先找商家")
    later = reply.created_at + REPLY_EDIT_WINDOW + timedelta(seconds=1)
    assert not reply_editable(reply, user=advisor, now=later)
    assert not reply_edit(reply=reply, author=advisor, body="改", now=later)
    assert not reply_editable(reply, user=other_advisor)
    assert not reply_edit(reply=reply, author=other_advisor, body="改")
    reply.refresh_from_db()
    assert reply.body == "先找商家" and reply.edited_at is None


# --- the consumer's answer -----------------------------------------------------------------


def test_an_answer_reaches_the_volunteer_holding_the_case(shared_case, advisor, other_advisor):
    # given advice written by one volunteer on a case another now holds
    case_take(case=shared_case, advisor=other_advisor)
    reply = reply_send(case=shared_case, author=other_advisor, body="先找商家")
    case_release(case=shared_case, advisor=other_advisor, note="我这周没空，请接手")
    case_take(case=shared_case, advisor=advisor)
    # when the consumer answers
    answer_add(reply=reply, body="商家说已过售后期")
    # then the holder is told, in Chinese, with a link to the workspace
    told = Notification.objects.get(user=advisor)
    assert told.title == f"消费者回复了你在案件 {shared_case.reference} 上的建议"
    assert told.body == "商家说已过售后期"
    assert told.url.endswith(f"/admin/cases/case/{shared_case.pk}/change/#replies")
    assert not Notification.objects.filter(user=other_advisor).exists()


def test_an_answer_on_an_unheld_case_reaches_the_advices_author(shared_case, advisor):
    case_take(case=shared_case, advisor=advisor)
    reply = reply_send(case=shared_case, author=advisor, body="先找商家")
    case_release(case=shared_case, advisor=advisor, note="已给出建议，等消费者回复")
    answer_add(reply=reply, body="好的")
    assert Notification.objects.filter(user=advisor).count() == 1


def test_nobody_is_told_who_is_no_longer_an_advisor_or_of_a_withdrawn_case(shared_case, consumer):
    former = UserFactory()
    make_advisor(former)
    case_take(case=shared_case, advisor=former)
    reply = reply_send(case=shared_case, author=former, body="先找商家")
    former.groups.clear()
    former.is_staff = False
    former.save()
    answer_add(reply=reply, body="好的")
    assert not Notification.objects.filter(user=former).exists()
    assert AdviceAnswer.objects.filter(reply=reply).count() == 1

    advisor = UserFactory()
    make_advisor(advisor)
    case_take(case=shared_case, advisor=advisor)
    reply = reply_send(case=shared_case, author=advisor, body="再试试")
    help_withdraw(case=shared_case)
    answer_add(reply=reply, body="不用了")
    assert not Notification.objects.filter(user=advisor).exists()


def test_the_consumers_answers_and_the_edit_are_in_their_data_export(shared_case, advisor):
    case_take(case=shared_case, advisor=advisor)
    reply = reply_send(case=shared_case, author=advisor, body="先找商家")
    reply_edit(reply=reply, author=advisor, body="先在平台申请售后")
    answer_add(reply=reply, body="好的，已申请")
    data: dict = {}
    with zipfile.ZipFile(io.BytesIO(), "w") as archive:
        advisors_export(shared_case.owner, DataExport(archive, data))
    [exported] = data["cases"][0]["advice_replies"]
    assert exported["body"] == "先在平台申请售后" and exported["edited_at"] is not None
    assert [answer["body"] for answer in exported["answers"]] == ["好的，已申请"]
