"""Helpers for the advisors' tests: shared cases and the admin addresses advisors use."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from advisors.models import HelpRequest
from advisors.services import help_request
from cases.models import Case
from tests.factories import CaseFactory, UserFactory

CHANGELIST = "admin:cases_case_changelist"


def workspace(case: Case) -> str:
    return reverse("admin:cases_case_change", args=[case.pk])


def shared(**fields) -> Case:
    """A case whose owner asked for help."""
    case = CaseFactory(**fields)
    help_request(case=case, message="请帮忙")
    return case


def overdue(case: Case, days: int = 3) -> Case:
    Case.objects.filter(pk=case.pk).update(
        next_deadline_on=timezone.localdate() - timedelta(days=days)
    )
    return case


def listed(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def many_shared_cases(count: int) -> None:
    owner = UserFactory()
    template = CaseFactory(owner=owner)
    now = timezone.now()
    cases = Case.objects.bulk_create(
        Case(
            reference=f"WQ-2099-{n:06d}",
            owner=owner,
            platform=template.platform,
            shop_name=f"店铺{n}",
            product="耳机",
            amount_paid=template.amount_paid,
            purchase_date=template.purchase_date,
            problem=template.problem,
            last_activity_at=now - timedelta(hours=n),
            next_deadline_on=timezone.localdate() - timedelta(days=n % 5),
            shared_with_advisors=True,
        )
        for n in range(count)
    )
    HelpRequest.objects.bulk_create(
        HelpRequest(case=case, consent_version="t", consented_at=now) for case in cases
    )


def send_advice(client, case: Case, body: str):
    """Advice as a volunteer sends it from the workspace: preview, then send what was shown.

    Returns the send's response (a redirect when it went out)."""
    preview = client.post(workspace(case), {"reply-body": body, "reply-preview": ""})
    assert preview.status_code == 200, preview.status_code
    form = preview.context["reply_form"]
    return client.post(
        workspace(case),
        {
            "reply-body": form.initial["body"],
            "reply-previewed": form.initial["previewed"],
            "reply-send": "",
        },
    )
