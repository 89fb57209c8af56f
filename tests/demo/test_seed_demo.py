"""`seed_demo`: one command for every layer, safe to run again, and the logins it prints work."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from advisors.selectors import is_advisor
from cases.models import Case, CaseEvent
from demo.seed import DEMO_ADVISOR, DEMO_CONSUMER
from evidence.models import Evidence

pytestmark = pytest.mark.django_db


def every_row() -> dict[str, list[dict]]:
    """Each model's rows, every column, in primary-key order (join tables included)."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
    }


def test_running_it_twice_gives_the_same_rows():
    # given a first run
    call_command("seed_demo", force=True)
    first = every_row()
    # when it runs again
    call_command("seed_demo", force=True)
    # then not a row was added, removed or changed, in any table
    assert every_row() == first
    assert Case.objects.count() >= 4 and CaseEvent.objects.count() >= 8
    assert len(set(Case.objects.values_list("stage", flat=True))) >= 3
    assert Case.objects.filter(closed_on__isnull=False).exists()
    assert Evidence.objects.count() >= 8


def test_one_command_seeds_the_advisor_and_shares_one_case():
    call_command("seed_demo", force=True)
    advisor = User.objects.get(username=DEMO_ADVISOR["username"])
    assert is_advisor(advisor) and advisor.is_staff and not advisor.is_superuser
    consumer = User.objects.get(username=DEMO_CONSUMER["username"])
    shared = consumer.cases.filter(shared_with_advisors=True)
    assert list(shared) == [consumer.cases.order_by("created_at").first()]
    assert shared.get().help_request.withdrawn_at is None


def test_the_printed_logins_work_and_the_advisor_sees_the_shared_case(capsys):
    call_command("seed_demo", force=True)
    printed = capsys.readouterr().out
    assert DEMO_CONSUMER["phone"] in printed and DEMO_ADVISOR["email"] in printed
    shared = Case.objects.get(shared_with_advisors=True)
    unshared = Case.objects.exclude(shared_with_advisors=True).first()

    consumer = Client()
    response = consumer.post(
        reverse("accounts:login"),
        {"username": DEMO_CONSUMER["phone"], "password": DEMO_CONSUMER["password"]},
    )
    assert response.status_code == 302
    assert consumer.get(shared.get_absolute_url()).status_code == 200

    advisor = Client()
    response = advisor.post(
        reverse("admin:login"),
        {"username": DEMO_ADVISOR["email"], "password": DEMO_ADVISOR["password"]},
    )
    assert response.status_code == 302
    page = advisor.get(reverse("admin:cases_case_change", args=[shared.pk]))
    assert page.status_code == 200 and shared.reference in page.content.decode()
    assert advisor.get(reverse("admin:cases_case_change", args=[unshared.pk])).status_code == 404


def test_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not Case.objects.exists()
