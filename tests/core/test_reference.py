"""Reference data kept in memory (core/reference.py): read once per version, and never stale
after a save or a delete, whoever made it."""

import re
from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from cases import services
from cases.models import CalendarDay, HolidayNotice, Stage
from cases.selectors import work_calendar
from core.reference import ReferenceData, data_changed, data_version
from platforms.directory import directory_load
from platforms.models import ContactChannel, Policy
from platforms.selectors import directory_channels, platform_promises
from tests.factories import CaseFactory, platform

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def directory(db):
    """The real directory file, loaded."""
    return directory_load()


def test_a_second_read_costs_only_the_version(django_assert_num_queries):
    directory_channels(slugs=["pinduoduo", "12315"])
    with django_assert_num_queries(1):
        channels = directory_channels(slugs=["pinduoduo", "12315"])
    assert {"pinduoduo", "12315"} <= set(channels)


def test_an_edited_channel_is_read_afresh():
    # given a copy made before the edit
    before = directory_channels(slugs=["pinduoduo"])["pinduoduo"][0]
    # when the channel is changed as the admin changes it
    channel = ContactChannel.objects.get(pk=before.pk)
    channel.value = "400-000-0000"
    channel.save()
    # then the next read sees it
    after = directory_channels(slugs=["pinduoduo"])["pinduoduo"]
    assert [c.value for c in after if c.pk == before.pk] == ["400-000-0000"]


def test_a_deleted_channel_is_gone_from_the_next_read():
    first = directory_channels(slugs=["pinduoduo"])["pinduoduo"][0]
    ContactChannel.objects.filter(pk=first.pk).delete()
    assert first.pk not in [c.pk for c in directory_channels(slugs=["pinduoduo"])["pinduoduo"]]


def test_a_new_promise_is_read_afresh():
    pinduoduo = platform("pinduoduo")
    before = platform_promises(platform=pinduoduo)
    Policy.objects.create(
        platform=pinduoduo, code="bench-ten", title="假一赔十", counterfeit_multiplier=10
    )
    assert platform_promises(platform=pinduoduo) == [*before, ("假一赔十", 10, False)]


def test_a_new_holiday_is_read_afresh():
    assert work_calendar().is_workday(date(2031, 1, 6))  # a Monday
    notice = HolidayNotice.objects.create(
        year=2031, title="国务院办公厅关于2031年部分节假日安排的通知"
    )
    CalendarDay.objects.create(notice=notice, date=date(2031, 1, 6), is_workday=False)
    assert not work_calendar().is_workday(date(2031, 1, 6))


def test_the_directory_loader_moves_the_version():
    # given a copy of the directory and a directory file with a changed number
    channel = ContactChannel.objects.filter(platform__slug="pinduoduo").first()
    directory_channels(slugs=["pinduoduo"])
    version = data_version("directory")
    ContactChannel.objects.filter(pk=channel.pk).delete()  # the loader will create it again
    # when the file is loaded
    directory_load()
    # then the version moved and the copy shows the loaded rows
    assert data_version("directory") != version
    values = [c.value for c in directory_channels(slugs=["pinduoduo"])["pinduoduo"]]
    assert channel.value in values


def test_a_rolled_back_write_cannot_leave_its_copy_behind():
    # given a copy made inside a write that is then rolled back
    data = ReferenceData("test-rollback")
    before = data_version("test-rollback")
    with pytest.raises(RuntimeError), transaction.atomic():
        data_changed("test-rollback")
        assert data.get("key", lambda: "made in the rolled-back write") == (
            "made in the rolled-back write"
        )
        raise RuntimeError
    assert data_version("test-rollback") == before
    # when another write commits
    data_changed("test-rollback")
    # then its fresh token is not the rolled-back one, so the copy is made again
    assert data.get("key", lambda: "made after the write") == "made after the write"


def test_the_case_page_shows_a_channel_right_after_it_was_edited(consumer_client, consumer):
    # given a case at the platform's rung, whose page shows a channel of the directory
    case = CaseFactory(owner=consumer)
    services.case_move_stage(case=case, stage=Stage.PLATFORM, actor=consumer)
    page = reverse("cases:detail", args=[case.reference])
    shown = re.search(r'id="channel-(\d+)"', consumer_client.get(page).content.decode())
    assert shown is not None
    # when an advisor renames it
    channel = ContactChannel.objects.get(pk=shown[1])
    channel.label = "新的入口名称"
    channel.save()
    # then the next view shows the new name
    assert "新的入口名称" in consumer_client.get(page).content.decode()


def test_one_request_reads_every_kind_of_token_in_one_query(django_assert_num_queries):
    from core.reference import tokens_once_per_request

    data_changed("directory")
    data_changed("calendar")
    pinduoduo = platform("pinduoduo")
    directory_channels(slugs=["pinduoduo"])
    platform_promises(platform=pinduoduo)
    work_calendar()  # the copies made: from now on each read costs only its token

    def view(request):
        directory_channels(slugs=["pinduoduo"])
        work_calendar()
        platform_promises(platform=pinduoduo)
        return "done"

    with django_assert_num_queries(1):  # the tokens of the three reads, in one query
        assert tokens_once_per_request(view)(object()) == "done"


def test_a_write_inside_a_request_is_seen_later_in_the_same_request():
    from core.reference import tokens_once_per_request

    data = ReferenceData("test-in-request")

    def view(request):
        assert data.get("key", lambda: "before") == "before"
        data_changed("test-in-request")
        return data.get("key", lambda: "after the write")

    assert tokens_once_per_request(view)(object()) == "after the write"
    # and outside a request, as the next request would, the token is read afresh
    assert data.get("key", lambda: "not this") == "after the write"
