"""Holding a case (advisors/services.py): take, release with a note, hand to, step in, the
volunteer status and first response time; only the holder writes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Notification, User
from advisors import services
from advisors.models import (
    AccessAction,
    AccessEntry,
    AdviceReply,
    AdvisorNote,
    HelpRequest,
    VolunteerOutcome,
    VolunteerStatus,
)
from advisors.roles import advisor_revoke
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def help_of(case) -> HelpRequest:
    return HelpRequest.objects.select_related("advisor", "handover_by").get(case=case)


def test_a_new_request_needs_a_volunteer_and_taking_it_says_taken(shared_case, advisor):
    assert help_of(shared_case).status == VolunteerStatus.NEEDS_VOLUNTEER
    assert services.case_take(case=shared_case, advisor=advisor)
    assert help_of(shared_case).status == VolunteerStatus.TAKEN
    assert help_of(shared_case).advisor == advisor


def test_nobody_writes_on_a_case_they_do_not_hold(shared_case, advisor, other_advisor):
    # unheld: even a note is refused, with what to do
    with pytest.raises(services.NotHolder) as refused:
        services.note_add(case=shared_case, author=advisor, body="先看看")
    assert "请先接手" in refused.value.message
    services.case_take(case=shared_case, advisor=advisor)
    # held by a colleague: neither a note nor advice, and the holder is named
    for write in (services.note_add, services.reply_send):
        with pytest.raises(services.NotHolder) as refused:
            write(case=shared_case, author=other_advisor, body="我来回复")
        assert "小林" in refused.value.message
    assert not AdvisorNote.objects.exists() and not AdviceReply.objects.exists()


def test_first_advice_sets_the_first_response_time_once(
    shared_case, advisor, django_capture_on_commit_callbacks
):
    services.case_take(case=shared_case, advisor=advisor)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_send(case=shared_case, author=advisor, body="先申请平台介入")
    first = help_of(shared_case).first_advice_at
    assert first is not None
    assert help_of(shared_case).first_response == first - help_of(shared_case).consented_at
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_send(case=shared_case, author=advisor, body="还有一点")
    assert help_of(shared_case).first_advice_at == first


def test_release_keeps_the_status_and_records_the_handover(shared_case, advisor, other_advisor):
    services.case_take(case=shared_case, advisor=advisor)
    services.case_set_status(
        case=shared_case, advisor=advisor, status=VolunteerStatus.WAITING_ON_CONSUMER
    )
    with pytest.raises(ValueError):
        services.case_release(case=shared_case, advisor=advisor, note="  ")
    assert services.case_release(case=shared_case, advisor=advisor, note="已请她补物流截图")
    released = help_of(shared_case)
    assert released.advisor is None
    assert released.status == VolunteerStatus.WAITING_ON_CONSUMER
    assert released.handover_by == advisor and released.handover_note == "已请她补物流截图"
    assert released.handover_at is not None
    # someone else's case cannot be released by a plain advisor
    services.case_take(case=shared_case, advisor=other_advisor)
    assert not services.case_release(case=shared_case, advisor=advisor, note="不是我的")
    assert help_of(shared_case).advisor == other_advisor


def test_hand_to_moves_the_case_and_tells_the_new_holder(shared_case, advisor, other_advisor):
    services.case_take(case=shared_case, advisor=advisor)
    assert services.case_hand_to(
        case=shared_case, advisor=advisor, to=other_advisor, note="商家已承诺三天退款"
    )
    assert help_of(shared_case).advisor == other_advisor
    told = Notification.objects.get(user=other_advisor)
    assert shared_case.reference in told.title and "商家已承诺三天退款" in told.body
    entry = AccessEntry.objects.get(case=shared_case, action=AccessAction.HANDED_OVER)
    assert entry.target == "老周"
    # the new holder writes; the previous one no longer can
    services.note_add(case=shared_case, author=other_advisor, body="接手")
    with pytest.raises(services.NotHolder):
        services.note_add(case=shared_case, author=advisor, body="还想写")


def test_hand_to_refuses_someone_who_is_not_an_advisor(shared_case, advisor):
    services.case_take(case=shared_case, advisor=advisor)
    staff = UserFactory(is_staff=True)
    assert not services.case_hand_to(case=shared_case, advisor=advisor, to=staff, note="给你")
    assert not services.case_hand_to(case=shared_case, advisor=advisor, to=advisor, note="自己")
    assert help_of(shared_case).advisor == advisor


def test_stepping_in_tells_the_holder_and_is_logged(shared_case, advisor, other_advisor):
    services.case_take(case=shared_case, advisor=advisor)
    assert services.case_step_in(case=shared_case, advisor=other_advisor)
    assert help_of(shared_case).advisor == other_advisor
    assert "老周" in Notification.objects.get(user=advisor).title
    assert AccessEntry.objects.filter(
        case=shared_case, actor=other_advisor, action=AccessAction.STEPPED_IN
    ).exists()
    assert not services.case_step_in(case=shared_case, advisor=other_advisor)  # already theirs


def test_status_is_the_holders_and_ended_needs_an_outcome(shared_case, advisor, other_advisor):
    services.case_take(case=shared_case, advisor=advisor)
    with pytest.raises(services.NotHolder):
        services.case_set_status(
            case=shared_case, advisor=other_advisor, status=VolunteerStatus.ADVISED
        )
    with pytest.raises(ValueError):
        services.case_set_status(case=shared_case, advisor=advisor, status=VolunteerStatus.ENDED)
    with pytest.raises(ValueError):
        services.case_set_status(case=shared_case, advisor=advisor, status=VolunteerStatus.TAKEN)
    services.case_set_status(
        case=shared_case,
        advisor=advisor,
        status=VolunteerStatus.ENDED,
        outcome=VolunteerOutcome.RESOLVED,
    )
    ended = help_of(shared_case)
    assert (ended.status, ended.outcome) == (VolunteerStatus.ENDED, VolunteerOutcome.RESOLVED)
    entry = AccessEntry.objects.get(case=shared_case, action=AccessAction.SET_STATUS)
    assert entry.target.startswith("已结束")
    # advised clears the outcome again
    services.case_set_status(case=shared_case, advisor=advisor, status=VolunteerStatus.ADVISED)
    assert help_of(shared_case).outcome == ""


def test_asking_again_after_the_end_puts_the_case_back_for_a_volunteer(shared_case, advisor):
    services.case_take(case=shared_case, advisor=advisor)
    services.case_set_status(
        case=shared_case, advisor=advisor, status="ended", outcome=VolunteerOutcome.NO_REPLY
    )
    services.help_request(case=shared_case, message="商家又不认了")
    renewed = help_of(shared_case)
    assert renewed.status == VolunteerStatus.NEEDS_VOLUNTEER and renewed.outcome == ""


def test_a_volunteer_whose_role_is_removed_holds_nothing_at_once(
    shared_case, advisor, other_advisor
):
    # given a case the volunteer holds and a notification about it
    services.case_take(case=shared_case, advisor=advisor)
    services.case_step_in(case=shared_case, advisor=other_advisor)
    services.case_hand_to(case=shared_case, advisor=other_advisor, to=advisor, note="还给你")
    assert Notification.objects.filter(user=advisor).count() == 2
    # when their role is removed by hand in the admin (out of the group, nothing else)
    advisor.groups.clear()
    advisor = User.objects.get(pk=advisor.pk)  # as the next request loads them
    # then at once they hold nothing (the case is back in the queue where it stood, with a
    # handover note), their volunteer notifications are gone, and a colleague can take it
    released = help_of(shared_case)
    assert released.advisor is None and released.handover_by == advisor
    shared_case.refresh_from_db()
    assert shared_case.help_waiting_since == released.consented_at
    assert not Notification.objects.filter(user=advisor).exists()
    assert services.case_take(case=shared_case, advisor=other_advisor)
    assert not services.case_hand_to(
        case=shared_case, advisor=other_advisor, to=advisor, note="再给你"
    )
    assert help_of(shared_case).advisor == other_advisor
    # and the revoke service also releases their cases and removes their notifications
    assert advisor_revoke(other_advisor) == 1
    released = help_of(shared_case)
    assert released.advisor is None and released.handover_by == other_advisor
    assert released.handover_note == "该志愿者已不再在维权平台提供帮助。"
    assert not Notification.objects.filter(user=other_advisor).exists()


def test_case_viewed_logs_one_view_per_visit_and_keeps_the_last_opened(shared_case, advisor):
    now = timezone.now()
    assert services.case_viewed(advisor=advisor, case=shared_case, now=now) is None
    later = now + timedelta(minutes=10)
    assert services.case_viewed(advisor=advisor, case=shared_case, now=later) == now
    views = AccessEntry.objects.filter(case=shared_case, action=AccessAction.VIEWED_CASE)
    assert views.count() == 1
    # a later visit is a new view
    AccessEntry.objects.update(at=now - timedelta(hours=1))
    services.case_viewed(advisor=advisor, case=shared_case, now=now + timedelta(minutes=40))
    assert views.count() == 2
