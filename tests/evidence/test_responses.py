"""Every stored file leaves with the same sandboxed policy, whoever downloads it: evidence
and dossiers, the consumer and the advisor alike."""

import pytest
from django.test import Client
from django.urls import reverse

from advisors.roles import make_advisor
from advisors.services import help_request
from evidence.dossier_pipeline import dossier_build, dossier_request
from evidence.responses import FILE_CONTENT_SECURITY_POLICY
from tests.factories import UserFactory
from tests.support import files
from tests.support.evidence import upload
from weiquan.middleware import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db


@pytest.fixture
def advisor_client(db):
    advisor = UserFactory()
    make_advisor(advisor)
    client = Client()
    client.force_login(advisor)
    return client


@pytest.fixture
def shared_case_with_a_dossier(consumer_client, case):
    upload(consumer_client, case, ("订单.jpg", files.jpeg()))
    help_request(case=case, message="请帮忙看看")
    dossier = dossier_request(case=case, variant="full", actor=case.owner, queue=False)
    return case, dossier_build(dossier_id=dossier.pk)


def assert_sandboxed(response) -> None:
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == FILE_CONTENT_SECURITY_POLICY
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Security-Policy"] != CONTENT_SECURITY_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")


def test_the_consumer_s_dossier_download_is_sandboxed(consumer_client, shared_case_with_a_dossier):
    _case, dossier = shared_case_with_a_dossier
    response = consumer_client.get(reverse("evidence:dossier_download", args=[dossier.public_id]))
    assert response["Content-Type"] == "application/pdf"
    assert_sandboxed(response)
    assert response["Cache-Control"] == "private, no-store"


def test_the_advisor_s_dossier_file_is_sandboxed(advisor_client, shared_case_with_a_dossier):
    case, dossier = shared_case_with_a_dossier
    response = advisor_client.get(
        reverse("admin:advisors_dossier_file", args=[case.pk, dossier.public_id])
    )
    assert response["Content-Type"] == "application/pdf"
    assert_sandboxed(response)


def test_evidence_files_carry_the_same_policy(
    consumer_client, advisor_client, shared_case_with_a_dossier
):
    case, _dossier = shared_case_with_a_dossier
    evidence = case.evidence.get()
    assert_sandboxed(consumer_client.get(reverse("evidence:download", args=[evidence.public_id])))
    assert_sandboxed(
        advisor_client.get(
            reverse("admin:advisors_evidence_file", args=[case.pk, evidence.public_id, "download"])
        )
    )
