"""Transcripts for tests: screenshots drawn with the CJK font, read by the real engine once
per session, and Transcript rows stored from what the engine read (so a page test need not
pay one or more seconds of OCR for each row it shows)."""

import functools
import io

from PIL import Image, ImageDraw, ImageFont

from evidence.models import Evidence, Transcript, TranscriptState
from evidence.reading import ocr
from evidence.reading.transcripts import reading_columns

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

# A chat screenshot with the merchant's refusal and an order number: what people search for.
CHAT = ("客服：不支持七天无理由退货", "订单编号 3712845590021", "已过售后期")


def screenshot(lines: tuple[str, ...], size=(600, 420), font_size=30) -> bytes:
    """A small white screenshot with one line of black text per entry (PNG)."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, font_size)
    for row, text in enumerate(lines):
        draw.text((30, 40 + row * 70), text, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@functools.cache
def reading_of(lines: tuple[str, ...] = CHAT) -> ocr.OcrReading:
    """What the real engine reads in `screenshot(lines)`, read once per test session."""
    return ocr.read_bytes(screenshot(lines))


def transcript_store(evidence: Evidence, reading: ocr.OcrReading | None = None) -> Transcript:
    """The evidence's transcript as the reading task stores it, from the engine's reading."""
    reading = reading or reading_of()
    transcript, _created = Transcript.objects.update_or_create(
        evidence=evidence,
        defaults={"state": TranscriptState.DONE, **reading_columns(reading)},
    )
    return transcript
