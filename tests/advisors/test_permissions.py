"""Who may open what: consumer A (the owner), consumer B, an advisor, the same advisor on a case
that was never shared, and a superuser, across every case, evidence, dossier, note, export and
admin address; and who may send, correct, follow up on and answer advice."""

import hashlib
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from advisors.models import AdviceAnswer, AdviceReply, AdvisorFollowUp, AdvisorNote
from advisors.replies import preview_digest
from advisors.roles import make_advisor
from advisors.services import case_take, help_request, help_withdraw, note_add, reply_send
from evidence.models import Dossier, DossierState
from tests.factories import CaseFactory, UserFactory, add_call
from tests.support import files
from tests.support.evidence import upload

pytestmark = pytest.mark.django_db

SECRET_NOTE = "内部备注-勿给消费者看-7731"


def ready_dossier(case) -> Dossier:
    """A finished case file (how one is made is tested in tests/evidence/test_dossiers.py)."""
    pdf = b"%PDF-1.7 made for the permission tests"
    dossier = Dossier(case=case, variant="full", state=DossierState.READY, pages=1, size=len(pdf))
    dossier.sha256 = hashlib.sha256(pdf).hexdigest()
    dossier.finished_at = timezone.now()
    dossier.file.save("dossier.pdf", ContentFile(pdf))
    return dossier


@pytest.fixture
def world(consumer_client, consumer):
    """Two cases of consumer A, one shared with advisors and one not, each with a photo and a
    dossier; an internal note on the shared one."""
    advisor = UserFactory(display_name="小林")
    make_advisor(advisor)
    cases = {}
    for name in ("shared", "private"):
        case = CaseFactory(owner=consumer)
        upload(consumer_client, case, ("订单.jpg", files.jpeg(title=name)))
        ready_dossier(case)
        cases[name] = case
    help_request(case=cases["shared"])
    case_take(case=cases["shared"], advisor=advisor)
    note_add(case=cases["shared"], author=advisor, body=SECRET_NOTE)
    return {
        "cases": cases,
        "users": {
            "owner": consumer,
            "stranger": UserFactory(),
            "advisor": advisor,
            "superuser": UserFactory(is_staff=True, is_superuser=True),
        },
    }


def consumer_urls(case) -> dict[str, str]:
    evidence = case.evidence.get()
    dossier = case.dossiers.get()
    return {
        "case": reverse("cases:detail", args=[case.reference]),
        "case edit": reverse("cases:edit", args=[case.reference]),
        "letter": reverse("cases:letter", args=[case.reference, "merchant"]),
        "evidence page": reverse("evidence:detail", args=[evidence.public_id]),
        "evidence file": reverse("evidence:download", args=[evidence.public_id]),
        "evidence thumbnail": reverse("evidence:thumbnail", args=[evidence.public_id]),
        "dossier status": reverse("evidence:dossier_status", args=[dossier.public_id]),
        "dossier file": reverse("evidence:dossier_download", args=[dossier.public_id]),
    }


def admin_urls(case) -> dict[str, str]:
    evidence = case.evidence.get()
    dossier = case.dossiers.get()
    return {
        "workspace": reverse("admin:cases_case_change", args=[case.pk]),
        "admin evidence view": reverse(
            "admin:advisors_evidence_file", args=[case.pk, evidence.public_id, "view"]
        ),
        "admin evidence download": reverse(
            "admin:advisors_evidence_file", args=[case.pk, evidence.public_id, "download"]
        ),
        "admin thumbnail": reverse(
            "admin:advisors_evidence_file", args=[case.pk, evidence.public_id, "thumbnail"]
        ),
        "admin dossier": reverse("admin:advisors_dossier_file", args=[case.pk, dossier.public_id]),
    }


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def status(client, url) -> int:
    return client.get(url).status_code


# --- consumer pages: only the owner -----------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "stranger", "advisor", "superuser"])
@pytest.mark.parametrize("which", ["shared", "private"])
def test_consumer_pages_are_the_owners_alone(world, who, which):
    client = client_for(world["users"][who])
    for name, url in consumer_urls(world["cases"][which]).items():
        expected = 200 if who == "owner" else 404
        assert status(client, url) == expected, (who, which, name)


def test_anonymous_visitors_are_sent_to_sign_in(world):
    client = Client()
    for url in consumer_urls(world["cases"]["shared"]).values():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- the admin: advisors and superusers, shared cases only -----------------------------


@pytest.mark.parametrize(
    ("who", "which", "expected"),
    [
        ("advisor", "shared", 200),
        ("advisor", "private", 404),
        ("superuser", "shared", 200),
        ("superuser", "private", 404),
    ],
)
def test_admin_workspace_needs_the_owners_consent(world, who, which, expected):
    client = client_for(world["users"][who])
    for name, url in admin_urls(world["cases"][which]).items():
        assert status(client, url) == expected, (who, which, name)


@pytest.mark.parametrize("who", ["owner", "stranger"])
def test_consumers_never_reach_the_admin(world, who):
    client = client_for(world["users"][who])
    for url in [
        reverse("admin:index"),
        reverse("admin:cases_case_changelist"),
        *admin_urls(world["cases"]["shared"]).values(),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_plain_staff_without_the_advisors_group_sees_no_case(world):
    staff = UserFactory(is_staff=True)
    client = client_for(staff)
    assert status(client, reverse("admin:cases_case_changelist")) == 403
    for url in admin_urls(world["cases"]["shared"]).values():
        assert status(client, url) == 403, url


@pytest.mark.parametrize(
    ("who", "expected"), [("advisor", 403), ("superuser", 200), ("owner", 302)]
)
def test_only_superusers_read_the_access_log(world, who, expected):
    client = client_for(world["users"][who])
    assert status(client, reverse("admin:advisors_accessentry_changelist")) == expected


@pytest.mark.parametrize(
    "name",
    [
        "admin:cases_case_changelist",
        "admin:cases_caseevent_changelist",
        "admin:cases_reminder_changelist",
        "admin:evidence_evidence_changelist",
        "admin:evidence_custodyentry_changelist",
        "admin:advisors_helprequest_changelist",
    ],
)
def test_admin_lists_hold_shared_cases_only(world, name):
    page = client_for(world["users"]["superuser"]).get(reverse(name)).content.decode()
    assert world["cases"]["private"].reference not in page


# --- internal notes ---------------------------------------------------------------------


def test_internal_notes_appear_on_no_consumer_page(world):
    assert AdvisorNote.objects.filter(body=SECRET_NOTE).exists()
    owner = client_for(world["users"]["owner"])
    pages = [
        reverse("cases:list"),
        reverse("accounts:notifications"),
        *consumer_urls(world["cases"]["shared"]).values(),
    ]
    for url in pages:
        response = owner.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET_NOTE.encode() not in body, url
    advisor_page = client_for(world["users"]["advisor"]).get(
        admin_urls(world["cases"]["shared"])["workspace"]
    )
    assert SECRET_NOTE in advisor_page.content.decode()


# --- the admin's "view on site" redirect ----------------------------------------------


def view_on_site(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


def case_objects(case) -> dict[str, object]:
    """Everything of a case an admin address can name by content type and pk."""
    evidence = case.evidence.get()
    objects = {
        "case": case,
        "evidence": evidence,
        "dossier": case.dossiers.get(),
        "event": add_call(case, agent_id="PDD-0731"),
        "custody entry": evidence.custody.first(),
    }
    if hasattr(case, "help_request"):
        objects["help request"] = case.help_request
    return objects


# Who is sent where by view-on-site for a case that is shared; every other answer is a 404.
# Advisors have no right to the admin's evidence list (they open evidence in the workspace),
# so its link is theirs neither.
REDIRECTED = {("advisor", "case"), ("superuser", "case"), ("superuser", "evidence")}


@pytest.mark.parametrize("who", ["owner", "stranger", "advisor", "superuser", "plain staff"])
def test_view_on_site_redirects_only_to_what_the_user_may_see_here(world, consumer_client, who):
    # given the shared and the never-shared case, and one whose owner withdrew consent
    withdrawn = CaseFactory(owner=world["users"]["owner"])
    upload(consumer_client, withdrawn, ("订单.jpg", files.jpeg(title="withdrawn")))
    ready_dossier(withdrawn)
    help_request(case=withdrawn)
    help_withdraw(case=withdrawn)
    cases = {**world["cases"], "withdrawn": withdrawn}
    users = {**world["users"], "plain staff": UserFactory(is_staff=True)}
    client = client_for(users[who])
    for which, case in cases.items():
        for name, obj in case_objects(case).items():
            # when they follow the admin's view-on-site link for it
            response = client.get(view_on_site(obj))
            # then only staff reach the view, and it sends them only to what they may see
            where = (who, which, name)
            if who in ("owner", "stranger"):
                assert response.status_code == 302, where
                assert response["Location"].startswith("/admin/login/"), where
                assert case.reference not in response["Location"], where
            elif which == "shared" and (who, name) in REDIRECTED:
                assert response.status_code == 302, where
                assert response["Location"].endswith(obj.get_absolute_url()), where
            else:
                assert response.status_code == 404, where
                assert case.reference not in response.content.decode(), where


def test_view_on_site_refuses_addresses_that_name_nothing(world):
    client = client_for(world["users"]["superuser"])
    case_type = ContentType.objects.get_for_model(world["cases"]["shared"]).pk
    for args in [("x", "1"), (999999, "1"), (case_type, "x"), (case_type, "999999")]:
        assert status(client, reverse("admin:view_on_site", args=args)) == 404, args


def test_view_on_site_holds_back_unshared_cases_even_behind_an_unlimited_admin(world):
    """The second lock: were an app's admin registered without the shared-cases limit, what
    belongs to an unshared case would still be a 404."""
    from django.contrib import admin

    from evidence.admin import EvidenceAdmin
    from evidence.models import Evidence

    shared_admin = admin.site._registry[Evidence]
    admin.site._registry[Evidence] = EvidenceAdmin(Evidence, admin.site)
    try:
        client = client_for(world["users"]["superuser"])
        private = world["cases"]["private"].evidence.get()
        assert status(client, view_on_site(private)) == 404
        assert status(client, view_on_site(world["cases"]["shared"].evidence.get())) == 302
    finally:
        admin.site._registry[Evidence] = shared_admin


# --- advice, follow-ups and answers: the holder, another volunteer, no consent, plain staff ---


def workspace_posts(reply) -> dict[str, dict]:
    """Every post of the workspace's advice and follow-up forms (advisors/admin/replies.py)."""
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    return {
        "preview advice": {"reply-preview": "", "reply-body": "先申请售后"},
        "send advice": {
            "reply-send": "",
            "reply-body": "先申请售后",
            "reply-previewed": preview_digest("先申请售后"),
        },
        "correct advice": {"reply-edit": reply.pk, f"edit-{reply.pk}-body": "改过的建议"},
        "remind me on": {"followup-add": "", "followup-due_on": day},
        "remind the consumer on": {"remind-on": "", "remind-remind_on": day},
        "remind the consumer now": {"remind-now": ""},
    }


# What each post answers, by who sends it on the shared case. Advice from another volunteer
# is refused beside the form (200): only the holder writes advice (issue 19), while any
# advisor on a shared case may follow it up and remind the consumer.
SHARED_EXPECTED = {
    "holder": {"preview advice": 200, "default": 302},
    "other volunteer": {"preview advice": 200, "send advice": 200, "default": 302},
    "plain staff": {"default": 403},
    "owner": {"default": 302},
}


@pytest.fixture
def advised(world):
    shared, private = world["cases"]["shared"], world["cases"]["private"]
    holder = world["users"]["advisor"]
    case_take(case=shared, advisor=holder)
    other = UserFactory(display_name="老周")
    make_advisor(other)
    # advice on the private case was given while it was shared; then consent was withdrawn
    help_request(case=private)
    case_take(case=private, advisor=holder)
    private_reply = reply_send(case=private, author=holder, body="原来的建议")
    help_withdraw(case=private)
    return {
        "replies": {
            "shared": reply_send(case=shared, author=holder, body="原来的建议"),
            "private": private_reply,
        },
        "users": {
            **world["users"],
            "holder": holder,
            "other volunteer": other,
            "plain staff": UserFactory(is_staff=True),
        },
    }


@pytest.mark.parametrize("who", ["holder", "other volunteer", "plain staff", "owner"])
def test_workspace_advice_and_follow_ups_on_a_shared_case(world, advised, who):
    case, reply = world["cases"]["shared"], advised["replies"]["shared"]
    client = client_for(advised["users"][who])
    url = admin_urls(case)["workspace"]
    for name, data in workspace_posts(reply).items():
        response = client.post(url, data)
        expected = SHARED_EXPECTED[who].get(name, SHARED_EXPECTED[who]["default"])
        assert response.status_code == expected, (who, name)
        if who == "owner":
            assert response["Location"].startswith("/admin/login/"), name
        if who == "other volunteer" and name == "send advice":
            assert "小林正在处理此案件" in response.content.decode()  # beside the form
    reply.refresh_from_db()
    # only the author corrects their advice; nobody else's post changed it
    assert (reply.body == "改过的建议") == (who == "holder")
    followups = AdvisorFollowUp.objects.filter(case=case)
    assert list(followups.values_list("advisor__display_name", flat=True)) == (
        [advised["users"][who].display_name] if who in ("holder", "other volunteer") else []
    )
    sent = AdviceReply.objects.filter(case=case, body="先申请售后").count()
    assert sent == (1 if who == "holder" else 0)
    if who in ("plain staff", "owner"):
        assert case.reminders.filter(kind="manual").count() == 1  # the fixture's advice
        assert AdviceReply.objects.filter(case=case).count() == 1


@pytest.mark.parametrize("who", ["holder", "other volunteer", "superuser"])
def test_workspace_advice_and_follow_ups_need_the_owners_consent(world, advised, who):
    case, reply = world["cases"]["private"], advised["replies"]["private"]
    client = client_for(advised["users"][who])
    url = admin_urls(case)["workspace"]
    for name, data in workspace_posts(reply).items():
        assert client.post(url, data).status_code == 404, (who, name)
    reply.refresh_from_db()
    assert reply.body == "原来的建议"
    assert not AdvisorFollowUp.objects.filter(case=case).exists()
    assert case.reminders.filter(kind="manual").count() == 1  # the fixture's advice


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 302),
        ("stranger", 404),
        ("holder", 404),
        ("other volunteer", 404),
        ("plain staff", 404),
        ("superuser", 404),
    ],
)
def test_only_the_owner_answers_advice(world, advised, who, expected):
    case, reply = world["cases"]["shared"], advised["replies"]["shared"]
    client = client_for(advised["users"][who])
    url = reverse("advisors:answer", args=[case.reference, reply.pk])
    assert client.post(url, {"answer-body": "收到"}).status_code == expected
    assert AdviceAnswer.objects.filter(reply=reply).exists() == (who == "owner")
