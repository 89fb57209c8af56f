"""The OCR door finds text band by band down a phone-sized page (evidence/reading/ocr.py), so
the detector's memory stays bounded: every line is still read, once, and in order. The real
engine reads a real picture here."""

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from evidence.reading import ocr

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
PAGE = (1170, 2532)  # the phone screenshot the benchmark and most uploads have
STEP = 61  # px between lines: they fall on every band edge and inside every overlap


def page_lines() -> list[str]:
    return [f"第{row:02d}行 订单编号 {31_234_500 + row}" for row in range(PAGE[1] // STEP - 1)]


def page() -> Image.Image:
    image = Image.new("RGB", PAGE, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 34)
    for row, text in enumerate(page_lines()):
        draw.text((40 + (row % 3) * 90, 30 + row * STEP), text, fill="black", font=font)
    return image


@pytest.fixture(scope="module")
def reading_and_bands():
    """The page read once by the real engine, with the height of each picture its detector
    was given (recorded on the way through, then handed on unchanged)."""
    engine = ocr._the_engine()
    banded = engine.text_det
    heights: list[int] = []
    real = banded.detector

    class Recording:
        def __getattr__(self, name):
            return getattr(real, name)

        def __call__(self, img):
            heights.append(img.shape[0])
            return real(img)

    banded.detector = Recording()
    try:
        out = io.BytesIO()
        page().save(out, "PNG")
        reading = ocr.read_bytes(out.getvalue())
    finally:
        banded.detector = real
    return reading, heights


def test_every_line_of_a_phone_page_is_read_once_and_in_order(reading_and_bands):
    reading, _heights = reading_and_bands
    read = ["".join(line.text.split()) for line in reading.lines]
    expected = ["".join(text.split()) for text in page_lines()]
    assert read == expected


def test_the_detector_never_sees_the_whole_page_only_bands(reading_and_bands):
    reading, heights = reading_and_bands
    assert len(heights) >= 3
    assert max(heights) == ocr.DETECT_BAND
    assert reading.height == PAGE[1]


def test_boxes_stay_in_the_pictures_pixels(reading_and_bands):
    reading, _heights = reading_and_bands
    tops = [line.box[1] for line in reading.lines]
    assert tops == sorted(tops)
    for row, line in enumerate(reading.lines):
        assert abs(line.box[1] - (30 + row * STEP)) < STEP / 2
        assert 0 <= line.box[0] < line.box[2] <= PAGE[0]
