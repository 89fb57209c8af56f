import pytest
from django.urls import reverse

from advisors.services import help_request
from tests.factories import CaseFactory, add_call

pytestmark = pytest.mark.django_db


def test_admin_lists_and_shows_cases_with_their_timeline(admin_client):
    case = CaseFactory(shop_name="可搜索的店")
    help_request(case=case)  # only cases shared with advisors are in the admin
    add_call(case, agent_id="PDD-0731")
    listing = admin_client.get(reverse("admin:cases_case_changelist") + "?q=可搜索")
    assert listing.status_code == 200
    assert case.reference in listing.content.decode()
    detail = admin_client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert detail.status_code == 200
    assert "PDD-0731" in detail.content.decode()


def test_admin_search_finds_a_case_by_consumer_phone(admin_client):
    case = CaseFactory()
    help_request(case=case)
    response = admin_client.get(reverse("admin:cases_case_changelist") + f"?q={case.owner.phone}")
    assert case.reference in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "admin:cases_caseevent_changelist",
        "admin:accounts_user_changelist",
        "admin:platforms_platform_changelist",
        "admin:cases_reminder_changelist",
        "admin:cases_holidaynotice_changelist",
        "admin:accounts_notification_changelist",
        "admin:evidence_evidence_changelist",
        "admin:evidence_custodyentry_changelist",
        "admin:advisors_accessentry_changelist",
        "admin:advisors_helprequest_changelist",
    ],
)
def test_admin_lists_render(admin_client, name):
    CaseFactory()
    assert admin_client.get(reverse(name)).status_code == 200
