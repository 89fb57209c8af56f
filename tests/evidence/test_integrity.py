import hashlib
import io

import pytest

from evidence import integrity
from tests.support import files


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (files.jpeg(), "image/jpeg"),
        (files.png(), "image/png"),
        (files.heic(), "image/heic"),
        (files.pdf(), "application/pdf"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64, "video/mp4"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + b"\x00" * 64, "video/quicktime"),
        (b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00M4A mp42" + b"\x00" * 64, "audio/mp4"),
        (b"#!AMR\n" + b"\x00" * 64, "audio/amr"),
        (b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 64, "audio/mpeg"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt " + b"\x00" * 64, "audio/x-wav"),
    ],
)
def test_sniff_accepts_by_content(data, mime):
    assert integrity.sniff(data[: integrity.SNIFF_BYTES]).mime == mime


@pytest.mark.parametrize(
    "data",
    [
        files.exe(),
        files.svg_with_script(),
        files.html(),
        files.zip_archive(),
        files.jpeg_with_html_in_header(),
        b"#!/bin/sh\nrm -rf /\n",
        b"just some text",
    ],
)
def test_sniff_refuses_everything_else(data):
    assert integrity.sniff(data[: integrity.SNIFF_BYTES]) is None


def test_a_real_photo_with_web_page_code_in_its_comment_is_told_so():
    # given a JPEG that Pillow itself reads, with HTML in its comment segment
    data = files.jpeg_with_html_comment()
    from PIL import Image

    assert Image.open(io.BytesIO(data)).info["comment"].startswith(b"<html>")

    # when the vault looks at its first bytes
    head = data[: integrity.SNIFF_BYTES]

    # then it is refused for the code it carries, not as a type of file we do not take
    assert integrity.sniff(head) is None
    refused = integrity.refusal(head)
    assert refused.code == "markup"
    assert refused.message == integrity.REFUSED_MARKUP_IMAGE


@pytest.mark.parametrize("data", [files.html(), files.exe(), b"just some text"])
def test_files_of_other_types_are_still_refused_as_such(data):
    assert integrity.refusal(data[: integrity.SNIFF_BYTES]).code == "type"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("订单\x00截图\x1b[31m.jpg", "订单截图[31m.jpg"),
        ("  \u202eexe.jpg  ", "exe.jpg"),
        ("", "file"),
        ("a" * 300 + ".jpeg", "a" * 100 + ".jpeg"),
    ],
)
def test_sanitise_filename(raw, clean):
    assert integrity.sanitise_filename(raw) == clean


def test_receive_stream_hashes_the_bytes_it_writes():
    data = files.jpeg() * 3  # several chunks' worth is not needed: any bytes will do
    received = integrity.receive_stream(io.BytesIO(data), "photo.jpg")
    try:
        assert received.sha256 == hashlib.sha256(data).hexdigest()
        assert received.size == len(data)
        with open(received.temporary_file_path(), "rb") as written:
            assert written.read() == data
    finally:
        received.close()


def test_receiver_stops_at_the_size_limit_without_storing_the_rest(settings):
    settings.EVIDENCE_MAX_BYTES = {**settings.EVIDENCE_MAX_BYTES, "image": 1024 * 1024}
    receiver = integrity.Receiver("big.png")
    chunk = files.png() + b"\x00" * (256 * 1024 - len(files.png()))
    fed = 0
    with pytest.raises(integrity.RefusedFile) as refused:
        for _ in range(100):  # 25 MB offered
            receiver.feed(chunk if fed == 0 else b"\x00" * len(chunk))
            fed += 1
    assert refused.value.code == "too_large"
    assert fed <= 4  # refused on the chunk that crossed 1 MB, not after reading 25 MB
    assert receiver._file.closed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "code"),
    [
        (files.decompression_bomb_png(), "bomb"),
        (files.truncated_jpeg(), "damaged"),
        (files.gif_javascript_polyglot(), "damaged"),
        (files.pdf_with_javascript(), "pdf_active"),
        (files.pdf()[:-10], "damaged"),
    ],
)
def test_check_content_refuses_broken_or_booby_trapped_files(tmp_path, data, code):
    path = tmp_path / "upload"
    path.write_bytes(data)
    file_type = integrity.sniff(data[: integrity.SNIFF_BYTES])
    with pytest.raises(integrity.RefusedFile) as refused:
        integrity.check_content(str(path), file_type)
    assert refused.value.code == code


def test_read_exif_finds_time_device_and_gps(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(files.jpeg(with_gps=True))
    exif = integrity.read_exif(str(path))
    assert exif == {
        "captured_at": "2026-11-05T14:03:00",
        "make": "Xiaomi",
        "model": "Redmi Note 12",
        "orientation": 1,
        "has_gps": True,
    }


def test_read_exif_of_a_picture_without_exif_is_empty(tmp_path):
    path = tmp_path / "plain.png"
    path.write_bytes(files.png())
    assert integrity.read_exif(str(path)) == {}
