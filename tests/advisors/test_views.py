"""The consumer's side: asking a volunteer for help, with consent, and withdrawing it
(advisors/views.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from advisors.models import HelpRequest
from advisors.services import help_withdraw
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_asking_for_help_needs_explicit_consent(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    refused = consumer_client.post(
        reverse("advisors:help", args=[case.reference]), {"help-message": "帮帮我"}
    )
    assert refused.status_code == 400
    assert "勾选" in refused.content.decode()
    assert "帮帮我" in refused.content.decode()  # what was typed is kept
    assert not HelpRequest.objects.exists()
    consumer_client.post(
        reverse("advisors:help", args=[case.reference]),
        {"help-message": "帮帮我", "help-consent": "on"},
    )
    request = HelpRequest.objects.get(case=case)
    assert request.is_active and request.message == "帮帮我"
    help_withdraw(case=case)
    consumer_client.post(reverse("advisors:help", args=[case.reference]), {"help-consent": "on"})
    assert HelpRequest.objects.get(case=case).is_active  # asking again renews it


def test_nobody_else_can_ask_or_withdraw_for_a_case(other_consumer, shared_case):
    client = Client()
    client.force_login(other_consumer)
    assert (
        client.post(
            reverse("advisors:help", args=[shared_case.reference]), {"help-consent": "on"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("advisors:help_withdraw", args=[shared_case.reference])).status_code
        == 404
    )
    assert HelpRequest.objects.get(case=shared_case).is_active
