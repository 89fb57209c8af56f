"""Uploads in context: kinds guessed from the file (自动识别), each checklist item's own upload
button presetting its kind, and correcting the kind afterwards on the evidence page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import Outcome
from evidence.models import CustodyAction
from tests.factories import CaseFactory
from tests.support import files
from tests.support.evidence import upload
from tests.support.sections import section

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def screenshot() -> bytes:
    """An iPhone-shaped screenshot: a tall PNG with no camera EXIF."""
    return files.png(size=(1170, 2532), colour="white")


# --- 自动识别 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("IMG_0001.PNG", screenshot(), "order_screenshot"),
        ("IMG_0002.JPG", files.jpeg(size=(1170, 2532)), "product_photo"),  # camera EXIF wins
        ("DSC_0003.JPG", files.jpeg(size=(800, 600)), "product_photo"),
        ("检测报告.pdf", files.pdf(), "appraisal_report"),
        ("录音.wav", files.wav(), "call_recording"),
    ],
)
def test_auto_guesses_the_kind_from_the_file(consumer_client, case, name, data, kind):
    # given a counterfeit case with no evidence, when a file is uploaded on 自动识别
    response = upload(consumer_client, case, (name, data), kind="auto")
    # then it is kept with the kind its shape suggests
    assert response.status_code == 302, messages_of(response)
    assert case.evidence.get().kind == kind


def test_screenshots_after_the_order_screenshot_are_taken_for_the_chat(consumer_client, case):
    upload(
        consumer_client,
        case,
        ("1.png", screenshot()),
        ("2.png", files.png(size=(1170, 2532), colour="ivory")),
        kind="auto",
    )
    assert list(case.evidence.order_by("number").values_list("kind", flat=True)) == [
        "order_screenshot",
        "chat_log",
    ]


def test_a_kind_chosen_for_one_file_is_kept_and_the_others_are_guessed(consumer_client, case):
    upload(
        consumer_client,
        case,
        ("a.png", screenshot()),
        ("b.pdf", files.pdf()),
        kind="auto",
        **{"f0-kind": "product_page", "f1-kind": "auto"},
    )
    assert list(case.evidence.order_by("number").values_list("kind", flat=True)) == [
        "product_page",
        "appraisal_report",
    ]


def test_auto_is_the_default_of_the_general_upload(consumer_client, case):
    page = consumer_client.get(section(case, "evidence")).content.decode()
    assert '<option value="auto" selected>自动识别</option>' in page


# --- one upload button per checklist item ------------------------------------------------


def item_forms(page: str) -> list[str]:
    return [chunk.split("</form>")[0] for chunk in page.split('class="item-upload"')[1:]]


def test_each_item_not_done_has_its_own_upload_presetting_its_kind(consumer_client, case):
    upload(consumer_client, case, ("order.png", screenshot()), kind="order_screenshot")
    page = consumer_client.get(section(case, "evidence")).content.decode()
    forms = item_forms(page)
    kinds = [form.split('name="kind" value="')[1].split('"')[0] for form in forms]
    # the order screenshot is done (✓, no button); the optional appraisal report has one
    assert kinds == [
        "product_photo",
        "packaging_photo",
        "chat_log",
        "product_page",
        "appraisal_report",
    ]
    assert 'aria-label="上传商品照片"' in forms[0]
    assert 'accept="image/*,.heic,.heif"' in forms[0]
    assert 'accept="application/pdf,image/*,.heic,.heif"' in forms[-1]
    assert all(">发送</button>" in form for form in forms)  # for browsers without JavaScript


def test_uploading_through_an_item_gives_the_file_that_items_kind(consumer_client, case):
    # a tall screenshot would be guessed as the order screenshot; the chat item says otherwise
    response = upload(
        consumer_client, case, ("chat.png", screenshot()), kind="chat_log", item="chat_log"
    )
    assert response.status_code == 302
    assert case.evidence.get().kind == "chat_log"
    case.refresh_from_db()
    assert case.evidence_percent == 20  # one of the five required kinds


def test_a_closed_case_has_no_item_buttons(consumer_client, consumer):
    closed = CaseFactory(owner=consumer)
    case_services.case_close(
        case=closed, outcome=Outcome.REFUNDED, closed_on=timezone.localdate(), actor=consumer
    )
    page = consumer_client.get(section(closed, "evidence")).content.decode()
    assert 'class="item-upload"' not in page


# --- bad input through an item's button: still said clearly ------------------------------


def test_an_item_sent_without_a_file_says_so_beside_that_item(consumer_client, case):
    response = upload(consumer_client, case, kind="chat_log", item="chat_log")
    assert response.status_code == 400
    page = response.content.decode()
    error = page.split('id="item-chat_log-error"')[1].split("</div>")[0]
    assert "请选择" in error
    assert 'aria-describedby="item-chat_log-error"' in page
    assert not case.evidence.exists()


def test_a_wrong_type_through_an_item_is_refused_in_chinese(consumer_client, case):
    response = upload(
        consumer_client, case, ("setup.exe", files.exe()), kind="chat_log", item="chat_log"
    )
    assert not case.evidence.exists()
    [error] = [m for m in messages_of(response) if "setup.exe" in m]
    assert "未保存" in error and "不支持" in error


def test_an_oversized_file_through_an_item_is_refused_in_chinese(consumer_client, case, settings):
    settings.EVIDENCE_MAX_BYTES = {**settings.EVIDENCE_MAX_BYTES, "image": 1024 * 1024}
    big = files.png() + b"\x00" * (2 * 1024 * 1024)
    response = upload(consumer_client, case, ("big.png", big), kind="chat_log", item="chat_log")
    assert not case.evidence.exists()
    assert any("big.png" in m and "1 MB" in m for m in messages_of(response))


def test_an_unknown_kind_is_refused(consumer_client, case):
    response = upload(consumer_client, case, ("a.png", screenshot()), kind="selfie")
    assert response.status_code == 400
    assert not case.evidence.exists()


# --- correcting the kind afterwards --------------------------------------------------------


def edit_url(evidence) -> str:
    return reverse("evidence:edit", args=[evidence.public_id])


def test_the_kind_and_description_can_be_corrected_and_custody_records_it(
    consumer_client, case, consumer
):
    upload(consumer_client, case, ("a.png", screenshot()), kind="auto")
    evidence = case.evidence.get()
    assert evidence.kind == "order_screenshot"
    detail = consumer_client.get(evidence.get_absolute_url()).content.decode()
    assert "更改证据类型或说明" in detail

    response = consumer_client.post(
        edit_url(evidence), {"kind": "chat_log", "description": "客服拒绝退货"}
    )

    assert response.status_code == 302
    evidence.refresh_from_db()
    assert (evidence.kind, evidence.description) == ("chat_log", "客服拒绝退货")
    entry = evidence.custody.get(action=CustodyAction.DETAILS_CHANGED)
    assert entry.actor == consumer
    assert entry.details == {
        "kind": ["order_screenshot", "chat_log"],
        "description": ["", "客服拒绝退货"],
    }
    case.refresh_from_db()
    assert case.evidence_percent == 20  # the meter follows the kind
    assert "已更改类型或说明" in consumer_client.get(evidence.get_absolute_url()).content.decode()


def test_saving_unchanged_details_records_nothing(consumer_client, case):
    upload(consumer_client, case, ("a.png", screenshot()), kind="chat_log")
    evidence = case.evidence.get()
    consumer_client.post(edit_url(evidence), {"kind": "chat_log", "description": ""})
    assert not evidence.custody.filter(action=CustodyAction.DETAILS_CHANGED).exists()


def test_a_bad_kind_is_said_beside_the_field(consumer_client, case):
    upload(consumer_client, case, ("a.png", screenshot()), kind="chat_log")
    evidence = case.evidence.get()
    response = consumer_client.post(edit_url(evidence), {"kind": "", "description": ""})
    assert response.status_code == 400
    assert "请选择证据类型。" in response.content.decode()
    evidence.refresh_from_db()
    assert evidence.kind == "chat_log"


def test_another_users_evidence_cannot_be_edited(client, other_consumer, consumer_client, case):
    upload(consumer_client, case, ("a.png", screenshot()), kind="chat_log")
    evidence = case.evidence.get()
    client.force_login(other_consumer)
    response = client.post(edit_url(evidence), {"kind": "other", "description": ""})
    assert response.status_code == 404
    evidence.refresh_from_db()
    assert evidence.kind == "chat_log"


def test_anonymous_edit_goes_to_login(client, consumer_client, case):
    upload(consumer_client, case, ("a.png", screenshot()), kind="chat_log")
    evidence = case.evidence.get()
    client.logout()
    response = client.post(edit_url(evidence), {"kind": "other", "description": ""})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_edit_page_only_takes_posts(consumer_client, case):
    upload(consumer_client, case, ("a.png", screenshot()), kind="chat_log")
    response = consumer_client.get(edit_url(case.evidence.get()))
    assert response.status_code == 405
