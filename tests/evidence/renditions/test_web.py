"""Thumbnails, HEIC previews and video posters: made by the task after upload, served after."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from evidence.models import Evidence
from evidence.renditions import renditions_make, thumbnail_state
from evidence.renditions.web import thumbnail_make
from evidence.storage import evidence_storage
from tests.support import files
from tests.support.evidence import upload
from tests.support.sections import section
from tests.support.storage import stored_names

pytestmark = pytest.mark.django_db


def picture(response) -> Image.Image:
    assert response["Content-Type"] == "image/jpeg"
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


def test_thumbnail_is_upright_and_made_once(consumer_client, case):
    # a landscape picture whose EXIF says "rotate 90°": shown upright it is portrait
    upload(consumer_client, case, ("rotated.jpg", files.jpeg(size=(800, 400), orientation=6)))
    evidence = case.evidence.get()
    url = reverse("evidence:thumbnail", args=[evidence.public_id])
    thumbnail = picture(consumer_client.get(url))
    assert thumbnail.height > thumbnail.width
    name = evidence.thumbnail.name
    renditions_make(evidence_id=evidence.pk)  # the task, run again
    evidence.refresh_from_db()
    assert evidence.thumbnail.name == name


def test_heic_photo_gets_a_jpeg_preview(consumer_client, case):
    upload(consumer_client, case, ("IMG_0001.HEIC", files.heic()))
    evidence = case.evidence.get()
    assert evidence.content_type == "image/heic"
    preview = picture(consumer_client.get(reverse("evidence:preview", args=[evidence.public_id])))
    assert preview.size == (640, 480)


def test_video_gets_a_poster_frame(consumer_client, case, mp4_bytes):
    upload(consumer_client, case, ("unboxing.mp4", mp4_bytes), kind="unboxing_video")
    evidence = case.evidence.get()
    assert evidence.content_type == "video/mp4"
    poster = picture(consumer_client.get(reverse("evidence:thumbnail", args=[evidence.public_id])))
    assert poster.width == 480


def test_without_ffmpeg_a_video_keeps_its_icon_and_its_upload(
    consumer_client, case, mp4_bytes, monkeypatch
):
    monkeypatch.setenv("PATH", "/nonexistent")  # no ffmpeg on this server
    response = upload(consumer_client, case, ("unboxing.mp4", mp4_bytes), kind="unboxing_video")
    assert response.status_code == 302
    evidence = case.evidence.get()
    assert evidence.preview_failed and not evidence.thumbnail
    assert thumbnail_state(evidence) == "none"  # the icon, not a placeholder for ever
    html = consumer_client.get(section(case, "evidence")).content.decode()
    assert "evidence-video.svg" in html and "预览生成中" not in html


def test_pdf_thumbnail_is_the_generic_icon(consumer_client, case):
    upload(consumer_client, case, ("r.pdf", files.pdf()))
    evidence = case.evidence.get()
    response = consumer_client.get(reverse("evidence:thumbnail", args=[evidence.public_id]))
    assert response.status_code == 302 and response.url.endswith("evidence-document.svg")
    assert not evidence.thumbnail and thumbnail_state(evidence) == "none"


def test_two_runs_at_once_keep_one_thumbnail(consumer_client, case):
    """A stale copy of the row (a second task that loaded it before the first finished)
    makes its files, loses the claim, and deletes them again."""
    upload(consumer_client, case, ("IMG_0002.HEIC", files.heic()), renditions=False)
    stale = Evidence.objects.get(case=case)
    renditions_make(evidence_id=stale.pk)
    before = stored_names()
    # when the stale copy runs too
    assert thumbnail_make(stale) is True
    # then the first run's files stay, and nothing else
    fresh = Evidence.objects.get(pk=stale.pk)
    assert stored_names() == before
    assert (stale.thumbnail.name, stale.preview.name) == (
        fresh.thumbnail.name,
        fresh.preview.name,
    )
    assert evidence_storage.exists(fresh.thumbnail.name)
