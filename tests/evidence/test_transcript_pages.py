"""The text read in a picture on the owner's pages: the evidence page (waiting, read, empty,
failed), the part it polls, the tiles' excerpt, the owner's search, the data export and
deletion. Rows hold what the real engine read once per session (tests/support/transcripts.py);
test_transcript_journey.py runs the engine behind an upload."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.privacy import account_delete, account_export
from evidence.models import CustodyEntry, Evidence, Transcript, TranscriptState
from tests.factories import CaseFactory
from tests.support import files
from tests.support.evidence import upload
from tests.support.transcripts import transcript_store

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    return client.get(reverse("evidence:search"), {"q": q, **params})


@pytest.fixture
def chat(consumer_client, case) -> Evidence:
    """Evidence 1: a chat screenshot whose text the engine read."""
    upload(consumer_client, case, ("chat.png", files.png()), kind="chat_log")
    evidence = case.evidence.get()
    transcript_store(evidence)
    return evidence


def test_the_evidence_page_shows_the_lines_a_copy_button_and_who_read_them(consumer_client, chat):
    html = consumer_client.get(chat.get_absolute_url()).content.decode()
    assert "图片中的文字" in html
    assert '<span class="line">客服：不支持七天无理由退货</span>' in html
    assert '<span class="line">已过售后期</span>' in html
    assert (
        'data-transcript-copy="客服：不支持七天无理由退货\n订单编号3712845590021\n已过售后期"'
        in html
    )
    assert "复制文字" in html and "js/transcript.js" in html
    assert "由 rapidocr-onnxruntime 1.4.4 识别于" in html and "以原图为准" in html
    assert "data-status-url" not in html  # nothing to wait for


def test_while_waiting_the_page_says_so_and_its_part_is_polled_without_writing(
    consumer_client, case
):
    upload(consumer_client, case, ("a.png", files.png()))
    evidence = case.evidence.get()
    Transcript.objects.create(evidence=evidence)  # queued, not read yet
    html = consumer_client.get(evidence.get_absolute_url()).content.decode()
    status_url = reverse("evidence:transcript", args=[evidence.public_id])
    assert "正在识别文字…" in html and f'data-status-url="{status_url}"' in html
    assert ">刷新</a>" in html  # without JavaScript
    custody, rows = CustodyEntry.objects.count(), list(Transcript.objects.values())

    part = consumer_client.get(status_url)
    assert part.status_code == 200 and 'data-state="waiting"' in part.content.decode()
    assert (CustodyEntry.objects.count(), list(Transcript.objects.values())) == (custody, rows)

    transcript_store(evidence)  # the worker finished
    part = consumer_client.get(status_url).content.decode()
    assert 'data-state="done"' in part and "已过售后期" in part and "data-status-url" not in part


def test_a_picture_without_text_and_one_that_failed_say_so(consumer_client, case):
    upload(consumer_client, case, ("a.png", files.png()), ("b.png", files.png(colour="red")))
    first, second = case.evidence.order_by("number")
    Transcript.objects.create(evidence=first, state=TranscriptState.DONE, engine="rapidocr")
    Transcript.objects.create(
        evidence=second, state=TranscriptState.FAILED, error="无法识别这张图片中的文字。"
    )
    assert "没有识别到文字" in consumer_client.get(first.get_absolute_url()).content.decode()
    html = consumer_client.get(second.get_absolute_url()).content.decode()
    assert "无法识别这张图片中的文字。" in html and "复制文字" not in html


def test_a_pdf_has_no_transcript_part(consumer_client, case):
    upload(consumer_client, case, ("a.pdf", files.pdf()), kind="payment_proof")
    html = consumer_client.get(case.evidence.get().get_absolute_url()).content.decode()
    assert "图片中的文字" not in html and "transcript.js" not in html


def test_another_consumer_gets_404_for_the_page_and_its_polled_part(other_consumer, chat):
    stranger = Client()
    stranger.force_login(other_consumer)
    assert stranger.get(chat.get_absolute_url()).status_code == 404
    assert stranger.get(reverse("evidence:transcript", args=[chat.public_id])).status_code == 404
    anonymous = Client().get(reverse("evidence:transcript", args=[chat.public_id]))
    assert anonymous.status_code == 302


# --- the owner's search ------------------------------------------------------------------


def test_the_owner_finds_the_screenshot_by_words_in_it_with_the_line_marked(consumer_client, chat):
    response = search(consumer_client, "七天 退货")
    html = response.content.decode()
    assert response.status_code == 200
    assert "找到 1 份证据" in html
    assert f"{chat.get_absolute_url()}?q=%E4%B8%83%E5%A4%A9%20%E9%80%80%E8%B4%A7" in html
    assert "客服：不支持<mark>七天</mark>无理由<mark>退货</mark>" in html
    assert "已过售后期" not in html  # only the lines that matched
    # the link marks the line on the evidence page too
    page = consumer_client.get(chat.get_absolute_url(), {"q": "售后期"}).content.decode()
    assert '<span class="line">已过<mark>售后期</mark></span>' in page


def test_every_word_must_be_in_it_and_description_and_file_name_count(consumer_client, case, chat):
    assert "找到 0 份证据" in search(consumer_client, "七天 发票").content.decode()
    upload(consumer_client, case, ("发票.png", files.png(colour="red")), description="电子发票")
    html = search(consumer_client, "发票").content.decode()
    assert "找到 1 份证据" in html and "电子<mark>发票</mark>" in html
    assert "<mark>发票</mark>.png" in html


def test_the_search_finds_order_numbers_in_letters_case_insensitively(consumer_client, chat):
    transcript = chat.transcript
    transcript.text += "\nOrder SF1234567"
    transcript.save()
    assert "<mark>sf1234567</mark>" not in search(consumer_client, "sf1234567").content.decode()
    assert "<mark>SF1234567</mark>" in search(consumer_client, "sf1234567").content.decode()


def test_a_search_inside_one_case_leaves_out_the_others(consumer_client, consumer, chat):
    other = CaseFactory(owner=consumer)
    upload(consumer_client, other, ("b.png", files.png(colour="red")))
    transcript_store(other.evidence.get())
    assert "找到 2 份证据" in search(consumer_client, "售后期").content.decode()
    html = search(consumer_client, "售后期", case=other.reference).content.decode()
    assert "找到 1 份证据" in html and str(other.evidence.get().public_id) in html
    assert str(chat.public_id) not in html


def test_another_consumer_finds_nothing_of_mine(other_consumer, chat):
    stranger = Client()
    stranger.force_login(other_consumer)
    html = search(stranger, "售后期").content.decode()
    assert "找到 0 份证据" in html and str(chat.public_id) not in html
    assert search(stranger, "售后期", case=chat.case.reference).status_code == 404
    assert Client().get(reverse("evidence:search"), {"q": "售后期"}).status_code == 302


def test_removed_evidence_and_unread_rows_are_not_found(consumer_client, case, chat):
    upload(consumer_client, case, ("b.png", files.png(colour="red")))
    Transcript.objects.create(
        evidence=case.evidence.get(number=2), state=TranscriptState.FAILED, text="售后期"
    )
    assert "找到 1 份证据" in search(consumer_client, "售后期").content.decode()
    consumer_client.post(reverse("evidence:remove", args=[chat.public_id]))
    assert "找到 0 份证据" in search(consumer_client, "售后期").content.decode()


@pytest.mark.parametrize(
    ("q", "message"),
    [("   ", "请输入要查找的文字"), ("字" * 101, "最多输入 100 个字。")],
)
def test_bad_input_gets_a_message_beside_the_field(consumer_client, chat, q, message):
    response = search(consumer_client, q)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'id="id_q_error"' in html


def test_the_search_page_without_words_shows_only_the_box(consumer_client, chat):
    response = consumer_client.get(reverse("evidence:search"))
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert "找到" not in response.content.decode()


def test_the_case_list_and_the_evidence_section_offer_the_search(consumer_client, case, chat):
    assert (
        'action="/evidence/search/"' in consumer_client.get(reverse("cases:list")).content.decode()
    )
    html = consumer_client.get(reverse("cases:evidence", args=[case.reference])).content.decode()
    assert f'name="case" value="{case.reference}"' in html


# --- the case page's tiles -----------------------------------------------------------------


def test_each_tile_shows_a_line_of_its_text_for_the_same_queries(consumer_client, case):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = consumer_client.get(reverse("cases:evidence", args=[case.reference]))
        assert response.status_code == 200
        return len(captured)

    upload(consumer_client, case, *[(f"p{n}.png", files.png(colour=(n, 9, 9))) for n in range(2)])
    consumer_client.get(reverse("cases:evidence", args=[case.reference]))
    no_text = queries()
    for evidence in case.evidence.all():
        transcript_store(evidence)
    # Text read from a file adds one query, the refusals found in it, for any number of tiles.
    two = queries()
    assert two == no_text + 1
    upload(consumer_client, case, *[(f"q{n}.png", files.png(colour=(n, 90, 9))) for n in range(4)])
    for evidence in case.evidence.filter(number__gt=2):
        transcript_store(evidence)
    assert queries() == two
    html = consumer_client.get(reverse("cases:evidence", args=[case.reference])).content.decode()
    assert html.count('<span class="excerpt" lang="zh-Hans">客服：不支持七天无理由退货</span>') == 6


# --- export and deletion -------------------------------------------------------------------


def test_the_data_export_holds_each_pictures_text(consumer, chat):
    buffer = io.BytesIO()
    account_export(user=consumer, zip_file=buffer)
    with zipfile.ZipFile(buffer) as archive:
        data = json.loads(archive.read("data.json"))
    [case] = data["cases"]
    (exported,) = case["evidence"]
    assert exported["transcript"]["text"].splitlines()[-1] == "已过售后期"
    assert exported["transcript"]["engine"].startswith("rapidocr-onnxruntime")


def test_deleting_the_account_deletes_the_transcripts(consumer, other_consumer, chat):
    case = CaseFactory(owner=other_consumer)
    theirs = Client()
    theirs.force_login(other_consumer)
    upload(theirs, case, ("b.png", files.png(colour="red")))
    kept = transcript_store(case.evidence.get())
    assert Transcript.objects.count() == 2
    account_delete(user=consumer)
    assert list(Transcript.objects.values_list("pk", flat=True)) == [kept.pk]
