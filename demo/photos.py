"""Sample evidence for the demo data and the tests: real JPEGs with EXIF, drawn with Pillow."""

import io
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

CJK_FONTS = [
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
]


def _font(size: int):
    for path in CJK_FONTS:
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def sample_photo(
    *,
    title: str,
    lines: list[str],
    taken_at: datetime,
    colour: str = "#f4f1ea",
    size: tuple[int, int] = (1080, 1440),
    device: tuple[str, str] = ("Xiaomi", "Redmi Note 12"),
    with_gps: bool = False,
) -> bytes:
    """A phone-sized JPEG that looks like a screenshot or photo, with camera EXIF."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, size[0], 140], fill="#b4232c")
    draw.text((48, 40), title, font=_font(56), fill="white")
    y = 220
    for line in lines:
        draw.text((48, y), line, font=_font(40), fill="#222222")
        y += 72
    draw.text((48, size[1] - 90), "weiquan 示例证据 · demo", font=_font(30), fill="#888888")
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = device  # Make, Model
    exif[0x0112] = 1  # orientation: upright
    exif.get_ifd(0x8769)[0x9003] = taken_at.strftime("%Y:%m:%d %H:%M:%S")  # DateTimeOriginal
    if with_gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (31.0, 13.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, exif=exif)
    return buffer.getvalue()


def sample_pdf(jpeg: bytes) -> bytes:
    """The same picture as a one-page PDF, as an appraisal report arrives."""
    image = Image.open(io.BytesIO(jpeg))
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=150)
    return buffer.getvalue()
