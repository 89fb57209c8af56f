"""Draw the installable app's icons (static/img/icon-192.png, icon-512.png) from the favicon's
design: the brand red with a white tick. Run once after changing the brand; the PNGs are
committed. `python scripts/make_app_icons.py`"""

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = "#b4232c"
FOLDER = Path(__file__).resolve().parent.parent / "static" / "img"
SCALE = 4  # drawn larger, then scaled down, for smooth edges


def icon(size: int) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGB", (big, big), BRAND)  # full bleed, so it also works as maskable
    draw = ImageDraw.Draw(image)
    # The favicon's tick (M9 17 l5 5 9-11 on a 32 grid), kept inside the central safe zone.
    unit = big / 32
    points = [(9 * unit, 17 * unit), (14 * unit, 22 * unit), (23 * unit, 11 * unit)]
    width = round(3.5 * unit)
    draw.line(points, fill="white", width=width, joint="curve")
    for x, y in (points[0], points[-1]):
        draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill="white")
    return image.resize((size, size), Image.Resampling.LANCZOS)


if __name__ == "__main__":
    for size in (192, 512):
        icon(size).save(FOLDER / f"icon-{size}.png", optimize=True)
