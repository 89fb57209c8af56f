import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import Outcome
from evidence.models import CustodyAction, Evidence
from evidence.storage import evidence_storage
from tests.factories import CaseFactory
from tests.support import files
from tests.support.evidence import sha256sum, stored_files, tamper, upload
from tests.support.s3 import ON_S3
from tests.support.sections import every_section, section

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


# --- a good batch ---------------------------------------------------------------------


def test_upload_two_photos_and_a_pdf(consumer_client, case, consumer):
    # when
    response = upload(
        consumer_client,
        case,
        ("订单截图.jpg", files.jpeg()),
        ("photo.png", files.png()),
        ("鉴定报告.pdf", files.pdf()),
        kind="product_photo",
    )
    # then
    assert response.status_code == 302 and response.url == section(case, "evidence")
    evidence = list(case.evidence.order_by("number"))
    assert [e.number for e in evidence] == [1, 2, 3]
    assert [e.content_type for e in evidence] == ["image/jpeg", "image/png", "application/pdf"]
    assert [e.original_name for e in evidence] == ["订单截图.jpg", "photo.png", "鉴定报告.pdf"]
    for item in evidence:
        assert item.sha256 == sha256sum(item.file.name)
        assert item.uploaded_by == consumer
        assert item.file.name.startswith("evidence/") and item.original_name not in item.file.name
        assert list(item.custody.values_list("action", flat=True)) == [CustodyAction.UPLOADED]
    assert "3" in messages_of(response)[0]


def test_each_file_can_have_its_own_kind_description_and_date(consumer_client, case):
    upload(
        consumer_client,
        case,
        ("a.jpg", files.jpeg(title="A")),
        ("b.png", files.png()),
        **{
            "f1-kind": "chat_log",
            "f1-description": "商家拒绝退款的聊天",
            "f1-captured_on": "2026-11-20",
        },
    )
    first, second = case.evidence.order_by("number")
    assert first.kind == "order_screenshot"  # the batch default
    assert (second.kind, second.description, str(second.captured_on)) == (
        "chat_log",
        "商家拒绝退款的聊天",
        "2026-11-20",
    )


def test_exif_and_gps_warning(consumer_client, case):
    response = upload(consumer_client, case, ("gps.jpg", files.jpeg(with_gps=True)))
    evidence = case.evidence.get()
    assert evidence.has_gps
    assert evidence.exif["make"] == "Xiaomi"
    assert any("GPS" in message for message in messages_of(response))


def test_the_same_file_twice_is_refused_as_a_duplicate(consumer_client, case):
    photo = files.jpeg()
    upload(consumer_client, case, ("a.jpg", photo))
    response = upload(consumer_client, case, ("again.jpg", photo))
    assert case.evidence.count() == 1
    assert any("again.jpg" in message for message in messages_of(response))


# --- refused files ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("setup.jpg", files.exe()),
        ("image.svg", files.svg_with_script()),
        ("page.html", files.html()),
        ("photo.jpg", files.jpeg_with_html_in_header()),
        ("anim.gif", files.gif_javascript_polyglot()),
        ("bomb.png", files.decompression_bomb_png()),
        ("half.jpg", files.truncated_jpeg()),
        ("empty.jpg", b""),
        ("report.pdf", files.pdf_with_javascript()),
        ("archive.jpg", files.zip_archive()),
    ],
)
def test_refused_file_is_explained_and_the_good_one_is_kept(
    consumer_client, case, settings, tmp_path, name, data
):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "incoming")
    (tmp_path / "incoming").mkdir()
    response = upload(consumer_client, case, (name, data), ("good.png", files.png()))
    assert response.status_code == 302
    assert [e.original_name for e in case.evidence.all()] == ["good.png"]
    errors = [m for m in messages_of(response) if name in m]
    assert errors, messages_of(response)
    assert "未保存" in errors[0]
    assert len(stored_files("evidence/")) == 1  # nothing of the refused file stays
    assert list((tmp_path / "incoming").iterdir()) == []  # not even a temporary file


@pytest.mark.parametrize("data", [files.jpeg_with_html_comment(), files.jpeg_with_html_in_header()])
def test_a_photo_with_web_page_code_in_it_is_refused_saying_what_is_wrong(
    consumer_client, case, data
):
    response = upload(consumer_client, case, ("订单截图.jpg", data))
    assert not case.evidence.exists()
    [error] = [m for m in messages_of(response) if "订单截图.jpg" in m]
    assert "这张图片里夹带了网页代码，可能不安全。请重新截图或导出后再上传。" in error
    assert "不支持这种文件" not in error


def test_oversized_file_is_refused_without_keeping_any_of_it(consumer_client, case, settings):
    settings.EVIDENCE_MAX_BYTES = {**settings.EVIDENCE_MAX_BYTES, "image": 1024 * 1024}
    big = files.png() + b"\x00" * (3 * 1024 * 1024)
    response = upload(consumer_client, case, ("big.png", big), ("small.jpg", files.jpeg()))
    assert [e.original_name for e in case.evidence.all()] == ["small.jpg"]
    assert any("big.png" in m and "1 MB" in m for m in messages_of(response))
    assert len(stored_files("evidence/")) == 1


def test_request_over_the_total_limit_stores_nothing(consumer_client, case, settings):
    settings.EVIDENCE_MAX_REQUEST_BYTES = 10 * 1024
    response = upload(consumer_client, case, ("a.jpg", files.jpeg()))
    assert not case.evidence.exists()
    assert any("分批" in m for m in messages_of(response))


def test_dangerous_names_are_kept_only_as_harmless_text(consumer_client, case, settings):
    upload(consumer_client, case, ("../../../etc/\x07pass\x1bwd.png", files.png()))
    evidence = case.evidence.get()
    assert evidence.original_name == "passwd.png"
    assert evidence.file.name.startswith("evidence/") and "passwd" not in evidence.file.name
    assert stored_files("evidence/") == [evidence.file.name]


def test_fifty_files_at_once_keeps_twenty_and_says_why_not_the_rest(consumer_client, case):
    batch = [(f"p{number}.png", files.png(colour=(number, 0, 0))) for number in range(50)]
    response = upload(consumer_client, case, *batch)
    assert case.evidence.count() == 20
    refusals = [m for m in messages_of(response) if "未保存" in m]
    assert len(refusals) == 30
    assert "20" in refusals[0]


def test_malformed_capture_date_refuses_only_that_file(consumer_client, case):
    response = upload(
        consumer_client,
        case,
        ("a.png", files.png()),
        ("b.jpg", files.jpeg()),
        **{"f1-kind": "chat_log", "f1-captured_on": "2026-13-45"},
    )
    assert [e.original_name for e in case.evidence.all()] == ["a.png"]
    assert any("b.jpg" in m and "有效日期" in m for m in messages_of(response))


def test_upload_without_files_says_so(consumer_client, case):
    response = upload(consumer_client, case)
    assert response.status_code == 400
    assert "请选择" in response.content.decode()


def test_closed_case_takes_no_evidence(consumer_client, case, consumer):
    case_services.case_close(
        case=case, outcome=Outcome.REFUNDED, closed_on=timezone.localdate(), actor=consumer
    )
    upload(consumer_client, case, ("a.png", files.png()))
    assert not case.evidence.exists()


def test_upload_is_csrf_protected(client, consumer, case):
    csrf_client = client.__class__(enforce_csrf_checks=True)
    csrf_client.force_login(consumer)
    assert upload(csrf_client, case, ("a.png", files.png())).status_code == 403
    assert not case.evidence.exists()


# --- private files -------------------------------------------------------------------


def test_download_is_an_attachment_with_safe_headers_and_logged(consumer_client, case):
    upload(consumer_client, case, ("订单.jpg", files.jpeg()))
    evidence = case.evidence.get()
    response = consumer_client.get(reverse("evidence:download", args=[evidence.public_id]))
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == evidence.sha256
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert CustodyAction.DOWNLOADED in evidence.custody.values_list("action", flat=True)


@pytest.mark.skipif(ON_S3, reason="X-Accel-Redirect is for the local disk (test_downloads.py)")
def test_x_accel_redirect_hands_the_file_to_nginx(consumer_client, case, settings):
    settings.EVIDENCE_X_ACCEL_REDIRECT_PREFIX = "/protected/"
    upload(consumer_client, case, ("a.png", files.png()))
    evidence = case.evidence.get()
    response = consumer_client.get(reverse("evidence:download", args=[evidence.public_id]))
    assert response["X-Accel-Redirect"] == f"/protected/{evidence.file.name}"
    assert response.content == b""


def test_no_public_url_serves_evidence(client, consumer_client, case):
    upload(consumer_client, case, ("a.png", files.png()))
    evidence = case.evidence.get()
    for url in (
        f"/media/{evidence.file.name}",
        f"/{evidence.file.name}",
        f"/static/{evidence.file.name}",
    ):
        assert client.get(url).status_code == 404


def test_every_evidence_url_is_404_for_another_consumer(
    consumer_client, case, other_consumer, client
):
    upload(consumer_client, case, ("a.png", files.png()))
    evidence = case.evidence.get()
    client.force_login(other_consumer)
    for name, method in [
        ("evidence:detail", "get"),
        ("evidence:download", "get"),
        ("evidence:thumbnail", "get"),
        ("evidence:preview", "get"),
        ("evidence:verify", "post"),
        ("evidence:remove", "get"),
        ("evidence:remove", "post"),
    ]:
        response = getattr(client, method)(reverse(name, args=[evidence.public_id]))
        assert response.status_code == 404, name
    assert upload(client, case, ("b.png", files.png(colour="red"))).status_code == 404
    assert case.evidence.count() == 1 and not case.evidence.get().is_removed
    actions = set(evidence.custody.values_list("action", flat=True))
    assert actions == {CustodyAction.UPLOADED}


def test_detail_page_shows_the_facts_and_logs_the_view(consumer_client, case):
    upload(consumer_client, case, ("a.jpg", files.jpeg()))
    evidence = case.evidence.get()
    html = consumer_client.get(evidence.get_absolute_url()).content.decode()
    assert evidence.sha256 in html
    assert "Redmi Note 12" in html
    assert CustodyAction.VIEWED in evidence.custody.values_list("action", flat=True)


# --- integrity over time -------------------------------------------------------------


def test_verify_button_records_the_result(consumer_client, case):
    upload(consumer_client, case, ("a.png", files.png()))
    evidence = case.evidence.get()
    consumer_client.post(reverse("evidence:verify", args=[evidence.public_id]))
    evidence.refresh_from_db()
    assert evidence.last_verified_ok is True
    tamper(evidence.file.name, files.png(colour="red"))  # someone alters the file
    response = consumer_client.post(reverse("evidence:verify", args=[evidence.public_id]))
    evidence.refresh_from_db()
    assert evidence.last_verified_ok is False
    assert any("不一致" in m or "不匹配" in m for m in messages_of(response))
    assert CustodyAction.VERIFY_FAILED in evidence.custody.values_list("action", flat=True)


def test_verify_evidence_command_fails_on_altered_or_missing_files(consumer_client, case):
    upload(consumer_client, case, ("a.png", files.png()), ("b.jpg", files.jpeg()))
    call_command("verify_evidence")  # all fine
    first, second = case.evidence.order_by("number")
    tamper(first.file.name, b"tampered")
    evidence_storage.delete(second.file.name)
    with pytest.raises(CommandError, match="2 failed"):
        call_command("verify_evidence")


def test_remove_hides_the_evidence_but_keeps_hash_and_custody(consumer_client, case):
    upload(consumer_client, case, ("a.png", files.png()))
    evidence = case.evidence.get()
    consumer_client.post(reverse("evidence:remove", args=[evidence.public_id]))
    evidence.refresh_from_db()
    assert evidence.is_removed and evidence_storage.exists(evidence.file.name)
    assert list(evidence.custody.values_list("action", flat=True)) == ["removed", "uploaded"]
    assert consumer_client.get(evidence.get_absolute_url()).status_code == 404
    html = consumer_client.get(section(case, "evidence")).content.decode()
    assert str(evidence.public_id) not in html
    # the same file can be added again after removal
    upload(consumer_client, case, ("a.png", files.png()))
    assert Evidence.objects.filter(case=case, removed_at__isnull=True).get().number == 2


# --- the case page -------------------------------------------------------------------


def test_case_page_shows_checklist_and_completeness(consumer_client, case):
    html = consumer_client.get(section(case, "evidence")).content.decode()
    assert 'value="0"' in html and "缺" in html
    upload(consumer_client, case, ("a.jpg", files.jpeg()), kind="order_screenshot")
    html = consumer_client.get(section(case, "evidence")).content.decode()
    assert 'value="20"' in html  # 1 of the 5 kinds a counterfeit case needs


def test_case_page_queries_do_not_grow_with_evidence(
    consumer_client, case, django_assert_max_num_queries
):
    upload(consumer_client, case, *[(f"p{n}.png", files.png(colour=(n, 9, 9))) for n in range(12)])
    with django_assert_max_num_queries(12):
        consumer_client.get(section(case, "evidence"))


def test_another_case_of_mine_does_not_show_this_evidence(consumer_client, case, consumer):
    upload(consumer_client, case, ("a.png", files.png()))
    other = CaseFactory(owner=consumer)
    assert (
        str(case.evidence.get().public_id)
        in consumer_client.get(section(case, "evidence")).content.decode()
    )
    for url in every_section(other):
        html = consumer_client.get(url).content.decode()
        assert str(case.evidence.get().public_id) not in html, url
