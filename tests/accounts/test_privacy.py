"""PIPL data rights: "download all my data" and "delete my account"."""

import hashlib
import importlib
import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.apps import apps
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import privacy
from accounts.models import User
from accounts.notifications import notify_in_app
from accounts.privacy import PrivacyPart, safe_file_name
from advisors.models import AccessEntry, AdviceReply, AdvisorNote, HelpRequest
from advisors.roles import make_advisor
from advisors.services import case_take, help_request, note_add, reply_send
from cases.models import Case, CaseEvent, EventKind, Reminder
from cases.reminders import reminder_add
from cases.services import case_add_event, case_event_edit, case_event_hide
from evidence.dossier_pipeline import dossier_build, dossier_request
from evidence.models import CustodyAction, CustodyEntry, Dossier, DossierState, Evidence
from evidence.storage import evidence_storage
from evidence.vault import evidence_remove
from tests.factories import CaseFactory, UserFactory, add_call
from tests.support import files
from tests.support.evidence import stored_files, upload

pytestmark = pytest.mark.django_db

EXPORT = reverse("accounts:data_export")
DELETE = reverse("accounts:delete")
PASSWORD = "correct-horse-battery"  # the factories' password
SECRET_NOTE = "内部笔记：当事人情绪激动，暂不转律师 #N0TE-7F3A"
ADVICE = "建议先向平台申请客服介入，并保留全部聊天记录。"


@pytest.fixture
def advisor(db):
    user = UserFactory(display_name="小林", email="xiaolin@volunteer.example")
    make_advisor(user)
    return user


@pytest.fixture
def full_case(consumer, consumer_client, advisor, django_capture_on_commit_callbacks):
    """A case with everything a case can hold: an edited and a deleted timeline entry, a
    reminder, three evidence files (one removed), a help request with a note, a reply and
    access log entries, and a finished dossier."""
    case = CaseFactory(owner=consumer)
    call = add_call(case, summary="客服答应三天内处理", agent_id="PDD-0731")
    case_event_edit(
        event=call,
        actor=consumer,
        happened_at=call.happened_at,
        summary="客服答应两天内处理",
        agent_id="PDD-0731",
    )
    regret = case_add_event(
        case=case,
        kind=EventKind.NOTE,
        happened_at=timezone.now() - timedelta(minutes=30),
        actor=consumer,
        summary="这条写错了，删掉",
    )
    case_event_hide(event=regret, actor=consumer)
    reminder_add(
        case=case,
        due_at=timezone.now() + timedelta(days=2),
        message="问问客服处理进度",
        actor=consumer,
    )
    notify_in_app(user=consumer, title="提醒：问问客服处理进度")
    upload(  # and its task makes the thumbnails, the HEIC preview and the print renditions
        consumer_client,
        case,
        ("订单 截图.jpg", files.jpeg(title="订单详情")),
        ("包装.heic", files.heic()),
        ("报告.pdf", files.pdf()),
    )
    evidence_remove(evidence=case.evidence.get(number=3), actor=consumer)
    help_request(case=case, message="商家不退款，下一步怎么办？")
    case_take(case=case, advisor=advisor)
    note_add(case=case, author=advisor, body=SECRET_NOTE)
    reply_send(case=case, author=advisor, body=ADVICE)
    dossier = dossier_request(case=case, variant="full", actor=consumer, queue=False)
    assert dossier_build(dossier_id=dossier.pk).state == DossierState.READY
    return case


@pytest.fixture
def other_case(other_consumer):
    """Another consumer's case with an evidence file."""
    case = CaseFactory(owner=other_consumer, shop_name="别人的店")
    client = Client()
    client.force_login(other_consumer)
    upload(client, case, ("别人的订单.png", files.png(colour="green")))
    return case


def download(client) -> zipfile.ZipFile:
    response = client.post(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert re.fullmatch(
        r'attachment; filename="weiquan-data-\d{8}\.zip"', response["Content-Disposition"]
    )
    body = b"".join(response.streaming_content)  # the test client closes it once read
    return zipfile.ZipFile(io.BytesIO(body))


def data_of(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read("data.json").decode("utf-8"))


def stored_names(case: Case) -> set[str]:
    names = set()
    for row in Evidence.objects.filter(case=case).values_list(
        "file", "thumbnail", "preview", "print_rendition"
    ):
        names.update(name for name in row if name)
    names.update(name for name in case.dossiers.values_list("file", flat=True) if name)
    return names


def files_in_storage() -> set[str]:
    return set(stored_files())


# --- export ----------------------------------------------------------------------------


def test_export_page_explains_the_copy_and_get_does_not_download(consumer_client):
    response = consumer_client.get(EXPORT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert "data.json" in html
    assert 'method="post"' in html
    assert "csrfmiddlewaretoken" in html


def test_profile_links_both_pages(consumer_client):
    html = consumer_client.get(reverse("accounts:profile")).content.decode()
    assert EXPORT in html
    assert DELETE in html


def test_privacy_notice_points_to_both_pages(client):
    html = client.get(reverse("accounts:privacy")).content.decode()
    assert EXPORT in html
    assert DELETE in html


@pytest.mark.parametrize("url", [EXPORT, DELETE])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_login(client, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_export_holds_account_timeline_reminders_and_evidence_hashes(
    consumer, consumer_client, full_case
):
    data = data_of(download(consumer_client))

    assert data["account"]["phone"] == consumer.phone
    assert data["account"]["username"] == consumer.username
    assert data["account"]["privacy_notice_version"] == consumer.privacy_notice_version
    assert data["account"]["quiet_hours_start"] == "22:00:00"
    assert [n["title"] for n in data["notifications"]] == ["提醒：问问客服处理进度"]
    [case] = data["cases"]
    assert case["reference"] == full_case.reference
    assert case["shop_name"] == full_case.shop_name
    assert case["amount_paid"] == "299.00"
    call = next(event for event in case["timeline"] if event["kind"] == EventKind.PHONE_CALL)
    assert call["summary"] == "客服答应两天内处理"
    assert call["details"] == {"agent_id": "PDD-0731"}
    assert [v["summary"] for v in call["earlier_versions"]] == ["客服答应三天内处理"]
    assert call["recorded_by_you"] is True
    hidden = next(event for event in case["timeline"] if event["kind"] == EventKind.NOTE)
    assert hidden["hidden"] is True
    assert hidden["summary"] == "这条写错了，删掉"
    assert "问问客服处理进度" in [reminder["message"] for reminder in case["reminders"]]
    assert {item["sha256"] for item in case["evidence"]} == set(
        full_case.evidence.values_list("sha256", flat=True)
    )
    removed = next(item for item in case["evidence"] if item["number"] == 3)
    assert removed["removed_at"]
    assert [entry["action"] for entry in removed["custody_log"]] == [
        CustodyAction.UPLOADED,
        CustodyAction.REMOVED,
    ]
    assert case["help_request"]["message"] == "商家不退款，下一步怎么办？"


def test_exported_files_are_byte_identical_removed_ones_included(consumer_client, full_case):
    archive = download(consumer_client)
    data = data_of(archive)

    exported = {item["number"]: item for item in data["cases"][0]["evidence"]}
    prefix = f"cases/{full_case.reference}/evidence/"
    assert exported[1]["file"] == f"{prefix}1-订单 截图.jpg"
    assert exported[3]["file"] == f"{prefix}3-报告.pdf"  # no way out of its folder
    for evidence in full_case.evidence.all():
        content = archive.read(exported[evidence.number]["file"])
        assert hashlib.sha256(content).hexdigest() == evidence.sha256
    assert "README.txt" in archive.namelist()
    assert archive.testzip() is None
    # Taking the copy is a download in each file's custody log.
    assert (
        CustodyEntry.objects.filter(
            evidence__case=full_case, action=CustodyAction.DOWNLOADED, details__via="data_export"
        ).count()
        == 3
    )


def test_a_finished_dossier_pdf_is_in_the_export(consumer_client, full_case):
    archive = download(consumer_client)
    dossier = full_case.dossiers.get()

    [pdf] = [name for name in archive.namelist() if "/dossiers/" in name]
    assert re.fullmatch(
        rf"cases/{full_case.reference}/dossiers/full-\d{{8}}-\d{{4}}-{dossier.public_id.hex[:8]}\.pdf",
        pdf,
    )
    assert hashlib.sha256(archive.read(pdf)).hexdigest() == dossier.sha256
    [exported] = data_of(archive)["cases"][0]["dossiers"]
    assert exported["file"] == pdf
    assert exported["pages"] == dossier.pages
    assert exported["evidence_hashes"] == dossier.evidence_hashes


def test_advice_and_access_log_are_exported_internal_notes_and_advisor_contacts_never(
    consumer_client, full_case, advisor
):
    archive = download(consumer_client)
    data = data_of(archive)

    [case] = data["cases"]
    assert [reply["body"] for reply in case["advice_replies"]] == [ADVICE]
    assert case["advice_replies"][0]["author_name"] == "小林"
    assert {entry["actor_name"] for entry in case["access_log"]} == {"小林"}
    assert {entry["action"] for entry in case["access_log"]} >= {"took_case", "wrote_note"}
    for name in archive.namelist():
        content = archive.read(name)
        assert SECRET_NOTE.encode() not in content, name
        assert b"N0TE-7F3A" not in content, name
    text = archive.read("data.json").decode()
    for contact in (advisor.phone, advisor.username, advisor.email):
        assert contact not in text


def test_another_consumers_cases_never_appear(consumer_client, full_case, other_case):
    archive = download(consumer_client)
    text = archive.read("data.json").decode()

    assert other_case.reference not in text
    assert other_case.shop_name not in text
    assert other_case.evidence.get().sha256 not in text
    assert not [name for name in archive.namelist() if other_case.reference in name]


def test_a_file_missing_from_storage_does_not_stop_the_export(consumer_client, full_case):
    gone = full_case.evidence.get(number=2)
    evidence_storage.delete(gone.file.name)

    archive = download(consumer_client)

    exported = {item["number"]: item for item in data_of(archive)["cases"][0]["evidence"]}
    assert exported[2]["file"] is None
    assert exported[2]["sha256"] == gone.sha256
    assert archive.read(exported[1]["file"])


@pytest.mark.parametrize(
    ("uploaded", "safe"),
    [
        ("订单截图.jpg", "订单截图.jpg"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\wang\\聊天记录.png", "聊天记录.png"),
        (".hidden", "hidden"),
        ("a:b*c?.pdf", "a_b_c_.pdf"),
        ("line\nbreak.jpg", "linebreak.jpg"),
        ("..", "file"),
        ("长" * 150 + ".jpeg", "长" * 95 + ".jpeg"),
    ],
)
def test_safe_file_name(uploaded, safe):
    assert safe_file_name(uploaded) == safe


# --- deletion --------------------------------------------------------------------------


def test_delete_page_says_what_goes_and_what_stays(consumer_client):
    response = consumer_client.get(DELETE)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="password"' in html
    assert 'name="understood"' in html
    assert "csrfmiddlewaretoken" in html
    assert EXPORT in html


def test_wrong_password_deletes_nothing(
    consumer, consumer_client, full_case, django_capture_on_commit_callbacks
):
    before = files_in_storage()

    with django_capture_on_commit_callbacks(execute=True):
        response = consumer_client.post(DELETE, {"password": "wrong", "understood": "on"})

    assert response.status_code == 200
    assert response.context["form"].has_error("password", code="wrong_password")
    assert User.objects.filter(pk=consumer.pk).exists()
    assert Case.objects.filter(pk=full_case.pk).exists()
    assert full_case.evidence.count() == 3
    assert files_in_storage() == before


def test_not_ticking_the_box_deletes_nothing(consumer, consumer_client, full_case):
    response = consumer_client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 200
    assert response.context["form"].has_error("understood")
    assert User.objects.filter(pk=consumer.pk).exists()


def test_deleting_removes_the_account_its_rows_and_files_and_keeps_the_logs(
    consumer, consumer_client, full_case, other_case, django_capture_on_commit_callbacks
):
    # given
    mine = stored_names(full_case)
    theirs = stored_names(other_case)
    assert mine <= files_in_storage()
    assert Evidence.objects.filter(case=full_case).exclude(thumbnail="").exists()
    assert Evidence.objects.filter(case=full_case).exclude(preview="").exists()
    assert Evidence.objects.filter(case=full_case).exclude(print_rendition="").exists()
    evidence_ids = set(full_case.evidence.values_list("public_id", flat=True))
    hashes = set(full_case.evidence.values_list("sha256", flat=True))
    access_entries = AccessEntry.objects.filter(case=full_case).count()
    assert access_entries
    # A rendition whose row was never updated (say, the worker died in between).
    stray = full_case.evidence.get(number=1).public_id.hex
    evidence_storage.save(f"previews/{stray[:2]}/{stray}-print.jpg", ContentFile(b"\xff\xd8"))

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = consumer_client.post(DELETE, {"password": PASSWORD, "understood": "on"})

    # then
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert not User.objects.filter(pk=consumer.pk).exists()
    assert not Case.objects.filter(reference=full_case.reference).exists()
    assert not CaseEvent.objects.filter(case_id=full_case.pk).exists()
    assert not Reminder.objects.filter(case_id=full_case.pk).exists()
    assert not Evidence.objects.filter(public_id__in=evidence_ids).exists()
    assert not Dossier.objects.filter(case_id=full_case.pk).exists()
    assert not HelpRequest.objects.filter(case_id=full_case.pk).exists()
    assert not AdvisorNote.objects.filter(case_id=full_case.pk).exists()
    assert not AdviceReply.objects.filter(case_id=full_case.pk).exists()
    assert files_in_storage() == theirs
    # The other consumer's data is untouched.
    assert other_case.evidence.count() == 1
    assert User.objects.filter(pk=other_case.owner_id).exists()
    # The custody log stays, with hashes and anonymous ids only.
    custody = CustodyEntry.objects.filter(evidence_uid__in=evidence_ids)
    assert custody.count() >= 3 + 1 + 2  # the uploads, the removal, the dossier's checks
    assert set(custody.values_list("evidence_uid", flat=True)) == evidence_ids
    assert set(custody.values_list("sha256", flat=True)) == hashes
    assert not custody.filter(evidence__isnull=False).exists()
    assert not custody.filter(actor__isnull=False).exists()
    # The access log stays, with the case reference only.
    log = AccessEntry.objects.filter(case_reference=full_case.reference)
    assert log.count() == access_entries
    assert not log.filter(case__isnull=False).exists()
    # Logged out.
    assert "_auth_user_id" not in consumer_client.session
    assert consumer_client.get(reverse("accounts:profile")).status_code == 302


def test_a_failed_deletion_keeps_rows_and_files(
    consumer, full_case, monkeypatch, django_capture_on_commit_callbacks
):
    """Files go only once the rows are gone for good: here the last part fails."""

    def fail(user):
        raise RuntimeError("database went away")

    failing = PrivacyPart(name="failing", export=lambda user, export: None, erase=fail)
    monkeypatch.setattr(privacy, "_parts", {"failing": failing, **privacy._parts})
    before = files_in_storage()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        privacy.account_delete(user=User.objects.get(pk=consumer.pk))

    assert User.objects.filter(pk=consumer.pk).exists()
    assert full_case.evidence.count() == 3
    assert full_case.dossiers.count() == 1
    assert files_in_storage() == before


def test_custody_entries_keep_the_evidence_id_and_old_ones_are_backfilled(full_case):
    evidence = full_case.evidence.get(number=1)
    assert set(evidence.custody.values_list("evidence_uid", flat=True)) == {evidence.public_id}

    CustodyEntry.objects.update(evidence_uid=None)
    migration = importlib.import_module("evidence.migrations.0004_backfill_custody_evidence_uid")
    migration.backfill(apps, None)

    assert set(evidence.custody.values_list("evidence_uid", flat=True)) == {evidence.public_id}


def test_guessing_the_password_here_is_locked_out_like_a_sign_in(
    consumer, consumer_client, settings
):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        consumer_client.post(DELETE, {"password": "guess", "understood": "on"})

    response = consumer_client.post(DELETE, {"password": PASSWORD, "understood": "on"})

    assert response.status_code == 429
    assert User.objects.filter(pk=consumer.pk).exists()


def test_failed_sign_ins_go_with_the_account(consumer, consumer_client):
    consumer_client.post(DELETE, {"password": "guess", "understood": "on"})
    assert AccessAttempt.objects.filter(username=consumer.username).exists()

    consumer_client.post(DELETE, {"password": PASSWORD, "understood": "on"})

    assert not AccessFailureLog.objects.filter(username=consumer.username).exists()
    assert not AccessAttempt.objects.filter(username=consumer.username).exists()
