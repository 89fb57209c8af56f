"""End to end with the real engine: a screenshot uploaded through the browser form is read
by the task queued on commit, its text shows on the evidence page, and its owner's search
finds it while another consumer's does not."""

import pytest
from django.test import Client
from django.urls import reverse

from evidence.models import TranscriptState
from tests.support.evidence import upload
from tests.support.transcripts import screenshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ocr")]


def test_an_uploaded_screenshot_is_read_shown_and_found_by_its_owner_only(
    consumer_client, case, other_consumer
):
    # given a small chat screenshot with the merchant's refusal
    data = screenshot(("客服：不支持七天无理由退货", "已过售后期"), size=(520, 200))

    # when the consumer uploads it (the reading task runs as on commit)
    upload(consumer_client, case, ("聊天.png", data), kind="chat_log")

    # then the engine read it, and the evidence page shows its lines
    evidence = case.evidence.get()
    assert evidence.transcript.state == TranscriptState.DONE
    assert evidence.transcript.text.splitlines() == ["客服：不支持七天无理由退货", "已过售后期"]
    page = consumer_client.get(evidence.get_absolute_url()).content.decode()
    assert '<span class="line">已过售后期</span>' in page and "复制文字" in page

    # and the owner's search finds it by words in the picture, the line marked
    found = consumer_client.get(reverse("evidence:search"), {"q": "无理由"}).content.decode()
    assert "找到 1 份证据" in found and "不支持七天<mark>无理由</mark>退货" in found

    # but another consumer's search finds nothing
    stranger = Client()
    stranger.force_login(other_consumer)
    theirs = stranger.get(reverse("evidence:search"), {"q": "无理由"}).content.decode()
    assert "找到 0 份证据" in theirs and str(evidence.public_id) not in theirs
