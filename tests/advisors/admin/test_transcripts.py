"""The text read in a shared case's screenshots, for advisors: in the workspace, in their
search box ("文字:…"), and the operators' Transcript admin — and never a case not shared."""

import pytest
from django.test import Client
from django.urls import reverse

from advisors.selectors import cases_for_advisors, cases_matching
from advisors.services import help_withdraw
from evidence.models import Transcript
from tests.support import files
from tests.support.advisors import CHANGELIST, listed, shared, workspace
from tests.support.evidence import upload
from tests.support.transcripts import transcript_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(consumer_client, consumer, private_case):
    """A shared case and a private one of the same consumer, each with a read chat."""
    shared_case = shared(owner=consumer)
    for case in (shared_case, private_case):
        upload(consumer_client, case, (f"{case.reference}.png", files.png()), kind="chat_log")
        transcript_store(case.evidence.get())
    return {"shared": shared_case, "private": private_case}


def transcript_of(case) -> Transcript:
    return Transcript.objects.get(evidence__case=case)


def test_the_workspace_shows_each_pictures_text_read_only(advisor_client, cases):
    page = listed(advisor_client.get(workspace(cases["shared"])))
    assert "图片中的文字" in page and "客服：不支持七天无理由退货<br>" in page
    assert "由 rapidocr-onnxruntime 1.4.4 识别于" in page
    assert advisor_client.get(workspace(cases["private"])).status_code == 404


def test_the_text_search_finds_shared_cases_only(advisor_client, cases):
    for term in ("文字:售后期", "文字： 七天  退货", "TEXT:售后期"):
        page = listed(advisor_client.get(reverse(CHANGELIST), {"q": term}))
        assert cases["shared"].reference in page, term
        assert cases["private"].reference not in page, term
    found = cases_matching(cases_for_advisors(), "文字:售后期 发票")
    assert list(found) == []  # every word must be in it


def test_the_other_searches_do_not_read_transcripts(cases):
    # "售后期" is a shop-name search: the screenshot's text is not read without 文字:
    assert list(cases_matching(cases_for_advisors(), "售后期")) == []
    assert list(cases_matching(cases_for_advisors(), "文字:")) == []


def test_withdrawn_consent_takes_the_case_out_of_the_text_search(advisor_client, cases):
    help_withdraw(case=cases["shared"])
    page = listed(advisor_client.get(reverse(CHANGELIST), {"q": "文字:售后期"}))
    assert cases["shared"].reference not in page


def test_advisors_have_no_transcript_admin(advisor_client, cases):
    assert advisor_client.get(reverse("admin:evidence_transcript_changelist")).status_code == 403
    for case in cases.values():
        url = reverse("admin:evidence_transcript_change", args=[transcript_of(case).pk])
        assert advisor_client.get(url).status_code == 403


def test_the_transcript_admin_holds_shared_cases_only_for_superusers_too(superuser, cases):
    client = Client()
    client.force_login(superuser)
    page = listed(client.get(reverse("admin:evidence_transcript_changelist")))
    assert cases["shared"].reference in page and cases["private"].reference not in page
    shared_url = reverse(
        "admin:evidence_transcript_change", args=[transcript_of(cases["shared"]).pk]
    )
    assert "已过售后期" in listed(client.get(shared_url))
    private_url = reverse(
        "admin:evidence_transcript_change", args=[transcript_of(cases["private"]).pk]
    )
    response = client.get(private_url, follow=True)
    assert "已过售后期" not in response.content.decode()
    # the evidence admin's page of the private picture, with its transcript inline, neither
    private_evidence = cases["private"].evidence.get()
    response = client.get(
        reverse("admin:evidence_evidence_change", args=[private_evidence.pk]), follow=True
    )
    assert "已过售后期" not in response.content.decode()
    shared_evidence = cases["shared"].evidence.get()
    page = listed(client.get(reverse("admin:evidence_evidence_change", args=[shared_evidence.pk])))
    assert "已过售后期" in page
