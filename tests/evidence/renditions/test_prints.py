"""Print renditions: the size promised from the header is the size delivered, upright.

A dossier lays its pages out before the renditions exist (they are decoded on the other
core meanwhile), so `print_geometry` must predict every rendition exactly.
"""

import io
import subprocess

import pytest
from PIL import Image, ImageOps

from evidence.dossier_pipeline import dossier_build, dossier_request
from evidence.models import Evidence
from evidence.renditions import prints
from evidence.storage import evidence_storage
from tests.support import files
from tests.support.evidence import upload

pytestmark = pytest.mark.django_db


def halves(size, mode="RGB", first="red", second="blue") -> Image.Image:
    """Left half one colour, right half another: shows which way a picture was turned."""
    image = Image.new(mode, size, first)
    image.paste(Image.new(mode, (size[0] // 2, size[1]), second), (size[0] // 2, 0))
    return image


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def rotated_jpeg(size, orientation) -> bytes:
    image = halves(size)
    exif = image.getexif()
    exif[0x0112] = orientation
    return encoded(image, "JPEG", quality=90, exif=exif)


def stored_evidence(consumer_client, case, name, data) -> Evidence:
    response = upload(consumer_client, case, (name, data), kind="product_photo")
    assert response.status_code == 302, response.content
    evidence = case.evidence.get(original_name=name)
    evidence.print_rendition.delete(save=True)  # as if no task had made it yet
    return evidence


def made(evidence: Evidence) -> tuple[prints.PrintGeometry, Image.Image]:
    geometry = prints.print_geometry(evidence)
    rendition = Image.open(io.BytesIO(prints._print_jpeg(evidence)))
    assert rendition.format == "JPEG"
    assert (rendition.size, rendition.mode) == (geometry.size, geometry.mode)
    return geometry, rendition


@pytest.mark.parametrize(
    ("name", "data", "size"),
    [
        # a 12 MP phone photo is decoded at 3/8 scale inside libjpeg: no resizing at all
        ("IMG_0001.jpg", encoded(halves((4000, 3000)), "JPEG"), (1500, 1125)),
        ("IMG_0002.jpg", encoded(halves((4032, 3024)), "JPEG"), (1512, 1134)),
        # 48 MP: the nearest scale is too large, so it is resized down to the print edge
        ("IMG_0003.jpg", encoded(halves((8160, 6120)), "JPEG"), (1600, 1200)),
        # a tall phone screenshot keeps as much detail as the print edge allows
        ("Screenshot.jpg", encoded(halves((1080, 2400)), "JPEG"), (675, 1500)),
        ("Screenshot.png", encoded(halves((1080, 2400)), "PNG"), (720, 1600)),
        ("small.png", encoded(halves((300, 200)), "PNG"), (300, 200)),
        ("IMG_0004.HEIC", files.heic(), (640, 480)),
    ],
)
def test_rendition_has_the_promised_size(consumer_client, case, name, data, size):
    geometry, _rendition = made(stored_evidence(consumer_client, case, name, data))
    assert geometry.size == size
    assert max(size) <= prints.PRINT_LONG_EDGE


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_rendition_is_turned_upright(consumer_client, case, orientation):
    data = rotated_jpeg((4000, 3000), orientation)
    geometry, rendition = made(stored_evidence(consumer_client, case, "IMG_0005.jpg", data))
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).resize(geometry.size)
    width, height = geometry.size
    for box in [(0, 0, width // 4, height // 4), (width * 3 // 4, height * 3 // 4, width, height)]:
        got = rendition.crop(box).resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
        want = expected.crop(box).resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
        assert all(abs(a - b) < 24 for a, b in zip(got, want, strict=True)), (box, got, want)


def test_greyscale_stays_greyscale_and_transparency_turns_white(consumer_client, case):
    grey = stored_evidence(
        consumer_client, case, "grey.jpg", encoded(halves((2000, 1500), "L", 0, 255), "JPEG")
    )
    assert made(grey)[0].mode == "L"
    clear = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    glass = stored_evidence(consumer_client, case, "glass.png", encoded(clear, "PNG"))
    _, rendition = made(glass)
    assert rendition.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=3)


def test_a_dossier_over_evidence_without_renditions_makes_and_embeds_them(
    consumer_client, case, tmp_path
):
    photos = [
        stored_evidence(consumer_client, case, f"IMG_{n}.jpg", rotated_jpeg((4000, 3000), n))
        for n in (1, 6)
    ]
    dossier = dossier_request(case=case, variant="full", actor=case.owner, queue=False)
    dossier = dossier_build(dossier_id=dossier.pk)
    assert dossier.state == "ready", dossier.error
    pdf = tmp_path / "dossier.pdf"
    with evidence_storage.open(dossier.file.name, "rb") as stored:
        pdf.write_bytes(stored.read())
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    embedded = sorted(
        (int(line.split()[3]), int(line.split()[4]), line.split()[8])
        for line in listing.splitlines()[2:]
    )
    assert embedded == [(1125, 1500, "jpeg"), (1500, 1125, "jpeg")]
    for photo in photos:  # kept for the next dossier
        photo.refresh_from_db()
        assert photo.print_rendition
        with evidence_storage.open(photo.print_rendition.name, "rb") as stored:
            assert Image.open(stored).size == prints.print_geometry(photo).size
