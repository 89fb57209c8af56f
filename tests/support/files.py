"""Real files of every kind the vault meets, made on the spot (no binary fixtures in git)."""

import io
import shutil
import struct
import subprocess
import zlib
from datetime import datetime
from pathlib import Path

from PIL import Image

from demo.photos import sample_photo


def jpeg(*, title="订单详情", with_gps=False, size=(600, 800), orientation=1) -> bytes:
    data = sample_photo(
        title=title,
        lines=["订单号 231104-1", "实付 ¥299.00"],
        taken_at=datetime(2026, 11, 5, 14, 3),  # noqa: DTZ001 - EXIF times have no zone
        size=size,
        with_gps=with_gps,
    )
    if orientation != 1:
        image = Image.open(io.BytesIO(data))
        exif = image.getexif()
        exif[0x0112] = orientation
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", exif=exif)
        data = buffer.getvalue()
    return data


def png(size=(300, 200), colour="navy") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def heic() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "orange").save(buffer, "HEIF")
    return buffer.getvalue()


def pdf(text_colour="black") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (595, 842), "white").save(buffer, "PDF", resolution=72)
    return buffer.getvalue()


def pdf_with_javascript() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj\n"
        b"2 0 obj << /S /JavaScript /JS (app.alert('hi')) >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def mp4(path: Path) -> bytes:
    """A two-second real H.264 video made by ffmpeg."""
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg, "ffmpeg is installed by scripts/setup.sh"
    source = "testsrc=duration=2:size=320x240:rate=10"
    subprocess.run(
        [ffmpeg, "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", source,
         "-pix_fmt", "yuv420p", "-y", str(path)],
        check=True,
    )  # fmt: skip
    return path.read_bytes()


def exe() -> bytes:
    """The start of a Windows executable (MZ header, PE signature)."""
    header = bytearray(512)
    header[0:2] = b"MZ"
    header[0x3C:0x40] = struct.pack("<I", 0x80)
    header[0x80:0x84] = b"PE\x00\x00"
    return bytes(header) + b"\x90" * 4096


def svg_with_script() -> bytes:
    return b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def html() -> bytes:
    return b"<!DOCTYPE html><html><body><script>fetch('/cases/')</script></body></html>"


def gif_javascript_polyglot() -> bytes:
    """Starts like a GIF but is a script: a browser that sniffs it would run the JavaScript."""
    return b"GIF89a/*\x00\x00\x00\x00*/=1;alert(document.cookie);/*" + b"\x00" * 64 + b"*/"


def jpeg_with_html_in_header() -> bytes:
    """A JPEG whose first bytes carry an HTML payload in a comment segment."""
    payload = b"<html><script>alert(1)</script></html>"
    comment = b"\xff\xfe" + struct.pack(">H", len(payload) + 2) + payload
    data = jpeg()
    return data[:2] + comment + data[2:]


def jpeg_with_html_comment() -> bytes:
    """A genuine photo, written by Pillow, whose JPEG comment (COM segment) is a web page."""
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "white").save(
        buffer, "JPEG", comment=b"<html><body><script>fetch('/cases/')</script></body></html>"
    )
    return buffer.getvalue()


def decompression_bomb_png(width=60000, height=60000) -> bytes:
    """A tiny PNG whose header claims 3.6 gigapixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def truncated_jpeg() -> bytes:
    data = jpeg()
    return data[: len(data) // 2]


def zip_archive() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    return buffer.getvalue()


def wav(seconds: float = 0.5) -> bytes:
    """A real PCM WAV recording (silence), as a voice recorder app exports it."""
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(8000)
        recording.writeframes(b"\x00\x00" * int(8000 * seconds))
    return buffer.getvalue()


def pdf_with_text(pages: list[str], size=(595, 842)) -> bytes:
    """A PDF with one line of real text per page (Helvetica, no embedded font), written by
    hand so that it owes nothing to the renderer the dossier tests check."""
    width, height = size
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    font = 3 + 2 * len(pages)
    kids = []
    for number, text in enumerate(pages):
        page, content = 3 + 2 * number, 4 + 2 * number
        kids.append(f"{page} 0 R".encode())
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 18 Tf 72 {height - 100} Td ({escaped}) Tj ET".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
            f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(pages))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_scanned(pages: list[str]) -> bytes:
    """A PDF of page images (what a scanner or a phone's "scan document" makes): no text in
    it, only pictures of text."""
    from PIL import ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 40)
    images = []
    for text in pages:
        image = Image.new("RGB", (1240, 1754), "white")  # A4 at 150 dpi
        ImageDraw.Draw(image).text((120, 160), text, fill="black", font=font)
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def pdf_damaged() -> bytes:
    """Starts and ends like a PDF (the vault takes it), but nothing in between is one."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\ntrailer << /Root 9 0 R >>\n%%EOF\n"
