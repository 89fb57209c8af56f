"""A shared case's files opened from the workspace (advisors/admin/files.py)."""

import pytest
from django.urls import reverse

from advisors.models import AccessAction, AccessEntry
from evidence.vault import evidence_remove
from tests.support import files
from tests.support.advisors import listed, shared, workspace
from tests.support.evidence import upload
from tests.support.sections import section

pytestmark = pytest.mark.django_db


def test_evidence_files_open_through_the_workspace_and_are_logged(
    advisor_client, consumer_client, consumer
):
    case = shared(owner=consumer)
    upload(consumer_client, case, ("订单.jpg", files.jpeg()))
    evidence = case.evidence.get()
    page = listed(advisor_client.get(workspace(case)))
    thumbnail = reverse(
        "admin:advisors_evidence_file", args=[case.pk, evidence.public_id, "thumbnail"]
    )
    assert thumbnail in page
    assert advisor_client.get(thumbnail).status_code == 200
    viewed = advisor_client.get(
        reverse("admin:advisors_evidence_file", args=[case.pk, evidence.public_id, "view"])
    )
    assert viewed.status_code == 200
    assert viewed["Content-Security-Policy"].startswith("default-src 'none'")
    downloaded = advisor_client.get(
        reverse("admin:advisors_evidence_file", args=[case.pk, evidence.public_id, "download"])
    )
    assert downloaded["Content-Disposition"].startswith("attachment")
    actions = set(AccessEntry.objects.filter(case=case).values_list("action", flat=True))
    assert {AccessAction.VIEWED_EVIDENCE, AccessAction.DOWNLOADED_EVIDENCE} <= actions
    log = listed(consumer_client.get(section(case, "more")))
    assert "下载了证据文件" in log or "downloaded an evidence file" in log


def test_evidence_the_consumer_removed_is_a_404_for_advisors(
    advisor_client, consumer_client, consumer
):
    # given a shared case whose owner removed a file after sharing
    case = shared(owner=consumer)
    upload(consumer_client, case, ("订单.jpg", files.jpeg()))
    evidence = case.evidence.get()
    evidence_remove(evidence=evidence, actor=consumer)

    # then none of its addresses opens for an advisor
    for what in ("thumbnail", "view", "download"):
        url = reverse("admin:advisors_evidence_file", args=[case.pk, evidence.public_id, what])
        assert advisor_client.get(url).status_code == 404, what
