"""Nothing assumes a local path: downloads and verifications stream stored files in chunks,
renditions read an original once (after a header read when a dossier needs its geometry
first), a dossier hashes a picture in the read that makes its rendition, and ffmpeg reads
videos from a pipe. Against the local disk and a real SeaweedFS alike."""

import hashlib
import io
import shutil
import subprocess
import tracemalloc

import pytest
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.urls import reverse
from PIL import Image

from evidence.dossier_pipeline import dossier_build, dossier_request
from evidence.models import Evidence
from evidence.renditions import renditions_make
from evidence.renditions.prints import HEAD_BYTES
from evidence.renditions.web import index_first
from evidence.storage import STREAM_CHUNK, evidence_storage, read_head
from evidence.vault import evidence_verify
from tests.support import files
from tests.support.evidence import upload
from tests.support.reads import counted_reads
from tests.support.s3 import ON_S3

pytestmark = pytest.mark.django_db

BIG = 24 * 1024 * 1024  # three times what django-storages keeps in memory before spilling


@pytest.fixture(params=["local", "s3"])
def storage(request):
    """Each test runs on the local disk and on SeaweedFS."""
    if request.param == "local" and ON_S3:
        pytest.skip("the S3 pass stores every file in SeaweedFS: the local disk runs in the others")
    if request.param == "s3":
        request.getfixturevalue("s3_storage")
    return request.param


def _uploaded(client, case, name: str, data: bytes, **extra) -> Evidence:
    response = upload(client, case, (name, data), **extra)
    assert response.status_code == 302
    return case.evidence.order_by("-number").first()


def _replace_stored(evidence: Evidence, data: bytes) -> None:
    """Put other bytes under the evidence's stored name (as an attacker with storage access
    would), through the storage API."""
    name = evidence.file.name
    evidence_storage.delete(name)
    assert evidence_storage.save(name, ContentFile(data)) == name


def test_a_large_download_streams_in_chunks_with_flat_memory(storage, consumer_client, case):
    evidence = _uploaded(consumer_client, case, "扫描件.pdf", files.pdf())
    big = files.pdf() + bytes(range(256)) * (BIG // 256)
    _replace_stored(evidence, big)

    tracemalloc.start()
    try:
        response = consumer_client.get(reverse("evidence:download", args=[evidence.public_id]))
        assert isinstance(response, FileResponse) and response.block_size == STREAM_CHUNK
        assert int(response["Content-Length"]) == len(big)
        hasher, chunks = hashlib.sha256(), 0
        for chunk in response.streaming_content:
            assert len(chunk) <= STREAM_CHUNK
            hasher.update(chunk)
            chunks += 1
        response.close()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert hasher.hexdigest() == hashlib.sha256(big).hexdigest()
    assert chunks >= len(big) // STREAM_CHUNK
    # the object never sat in memory whole: at most a few chunks at a time
    assert peak < 4 * STREAM_CHUNK, f"peak {peak / 2**20:.1f} MiB"


def test_verifying_a_large_file_reads_it_once_in_chunks(
    storage, consumer_client, case, monkeypatch
):
    evidence = _uploaded(consumer_client, case, "扫描件.pdf", files.pdf())
    _replace_stored(evidence, files.pdf() + b"\0" * BIG)
    with counted_reads(monkeypatch) as reads:
        tracemalloc.start()
        try:
            ok = evidence_verify(evidence=evidence, actor=None)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert ok is False  # the bytes were changed: the hash proves it
    assert reads.whole(evidence.file.name) == 1
    assert peak < 4 * STREAM_CHUNK, f"peak {peak / 2**20:.1f} MiB"


def test_the_renditions_task_reads_a_picture_once(storage, consumer_client, case, monkeypatch):
    evidence = _uploaded(consumer_client, case, "照片.heic", files.heic(), renditions=False)
    with counted_reads(monkeypatch) as reads:
        renditions_make(evidence_id=evidence.pk)
    evidence.refresh_from_db()
    assert evidence.thumbnail and evidence.preview and evidence.print_rendition
    assert reads.whole(evidence.file.name) == 1  # thumbnail, preview and print: one read
    assert reads.ranged(evidence.file.name) == []


def test_a_dossier_reads_each_original_once_hashing_it_with_its_rendition(
    storage, consumer_client, case, monkeypatch
):
    # given a photo whose print rendition is not made yet, and a PDF
    photo = _uploaded(
        consumer_client, case, "订单.jpg", files.jpeg(size=(3000, 4000)), renditions=False
    )
    document = _uploaded(consumer_client, case, "发票.pdf", files.pdf())
    dossier = dossier_request(case=case, variant="full", actor=case.owner, queue=False)
    # when the dossier is built
    with counted_reads(monkeypatch) as reads:
        built = dossier_build(dossier_id=dossier.pk)
    # then
    assert built.state == "ready"
    photo.refresh_from_db()
    assert photo.print_rendition and photo.last_verified_ok and photo.sha256
    if storage == "s3":  # the header bytes for the layout, then the original once
        assert reads.ranged(photo.file.name) == [f"bytes=0-{HEAD_BYTES - 1}"]
        assert reads.whole(photo.file.name) == 1
    else:  # the disk: one open for the header, one for the original
        assert reads.whole(photo.file.name) == 2
    assert reads.whole(document.file.name) == 1  # hashed, nothing else
    assert reads.ranged(document.file.name) == []


def test_a_dossier_over_ready_renditions_reads_each_original_once(
    storage, consumer_client, case, monkeypatch
):
    photo = _uploaded(consumer_client, case, "订单.jpg", files.jpeg())
    assert photo.print_rendition
    dossier = dossier_request(case=case, variant="full", actor=case.owner, queue=False)
    with counted_reads(monkeypatch) as reads:
        assert dossier_build(dossier_id=dossier.pk).state == "ready"
    assert reads.by_name[photo.file.name] == [None]  # the hash
    assert reads.by_name[photo.print_rendition.name] == [None]  # the picture printed


def test_the_print_geometry_comes_from_the_header_when_it_tells(storage, consumer_client, case):
    photo = _uploaded(
        consumer_client, case, "订单.jpg", files.jpeg(size=(3000, 4000), orientation=6)
    )
    head = read_head(photo.file.name, HEAD_BYTES)
    assert len(head) == HEAD_BYTES < photo.size
    with Image.open(io.BytesIO(head)) as image:  # a JPEG's header alone gives size and EXIF
        assert image.size == (3000, 4000)
        assert image.getexif().get(0x0112) == 6


def _video(tmp_path, *, faststart: bool) -> bytes:
    target = tmp_path / ("fast.mp4" if faststart else "plain.mp4")
    flags = ["-movflags", "+faststart"] if faststart else []
    subprocess.run(
        [shutil.which("ffmpeg"), "-nostdin", "-loglevel", "error", "-f", "lavfi",
         "-i", "testsrc=duration=2:size=320x240:rate=10", "-pix_fmt", "yuv420p", *flags,
         "-y", str(target)],
        check=True,
    )  # fmt: skip
    return target.read_bytes()


def test_index_first_tells_a_streamable_mp4_from_one_that_must_be_seeked(tmp_path):
    assert index_first(_video(tmp_path, faststart=True)[:HEAD_BYTES]) is True
    assert index_first(_video(tmp_path, faststart=False)[:HEAD_BYTES]) is False
    assert index_first(b"\x1a\x45\xdf\xa3" + b"\0" * 100) is True  # WebM streams
    old_quicktime = b"\0\0\0\x08wide" + b"\0\0\x10\x00mdat" + b"\0" * 64
    assert index_first(old_quicktime) is False  # no `ftyp`, frames first: copied


@pytest.mark.parametrize("faststart", [True, False], ids=["piped", "copied"])
def test_a_video_gets_its_poster_from_storage_either_way(
    storage, consumer_client, case, tmp_path, faststart
):
    evidence = _uploaded(
        consumer_client,
        case,
        "开箱.mp4",
        _video(tmp_path, faststart=faststart),
        kind="unboxing_video",
    )
    assert evidence.thumbnail, "no poster frame"
    with evidence_storage.open(evidence.thumbnail.name, "rb") as poster:
        assert Image.open(poster).width == 480
