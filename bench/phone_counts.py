"""What a person does on a phone, counted: the wrappers the phone journey calls for each action.

Each wrapper does what a thumb would do and adds it to a `Tally`: a tap (a click, a tap, a
field focus), the characters typed, a native date picker as 3 taps, a select as 1, a file pick
as 1 tap to open the picker, 1 per file and 1 to confirm. Before every action the control is
scrolled into view as a person would scroll to it, and the change of window.scrollY is added
to the scroll distance. Page loads are counted from the main frame's navigations; after each
the page's height is read (document.scrollingElement.scrollHeight). Time spent waiting for the
server (a navigation, the dossier) is measured with a monotonic clock.
"""

import io
import time
from dataclasses import dataclass, field
from datetime import datetime

from playwright.sync_api import Locator, Page

SCREEN = 844  # the phone's viewport height, in CSS pixels

# Keystroke-Level Model operators (Card, Moran & Newell), as the issue prices them.
KLM_TAP_S = 1.1
KLM_CHAR_S = 0.3
KLM_SCREEN_S = 1.5


@dataclass
class Tally:
    page: Page
    taps: int = 0
    chars: int = 0
    loads: int = 0
    scrolled_px: float = 0.0
    waits_s: float = 0.0
    heights: dict[str, float] = field(default_factory=dict)  # label → screens

    def __post_init__(self) -> None:
        self.page.on("framenavigated", self._navigated)

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.loads += 1

    # what the eye and the thumb do
    def reach(self, locator: Locator) -> None:
        """Scroll the control into view as a person would, adding the distance scrolled."""
        before = self.page.evaluate("window.scrollY")
        locator.scroll_into_view_if_needed()
        after = self.page.evaluate("window.scrollY")
        self.scrolled_px += abs(after - before)

    def tap(self, locator: Locator, *, navigates: bool = False) -> None:
        self.reach(locator)
        self.taps += 1
        if navigates:
            started = time.perf_counter()
            with self.page.expect_navigation():
                locator.click()
            self.page.wait_for_load_state("load")
            self.waits_s += time.perf_counter() - started
        else:
            before = self.page.evaluate("window.scrollY")
            locator.click()  # Playwright scrolls again if the sticky navbar covers the control
            self.scrolled_px += abs(self.page.evaluate("window.scrollY") - before)

    def type(self, locator: Locator, text: str) -> None:
        self.tap(locator)  # the field's focus
        locator.fill(text)
        self.chars += len(text)

    def pick_date(self, locator: Locator, value: str) -> None:
        """A native date (or date-time) picker: open, choose, done — three taps."""
        self.reach(locator)
        self.taps += 3
        locator.fill(value)

    def select(self, locator: Locator, value: str) -> None:
        self.reach(locator)
        self.taps += 1
        locator.select_option(value)

    def pick_files(self, locator: Locator, files: list[dict], *, navigates: bool = False) -> None:
        """Open the gallery (1), pick each file (1 each), confirm (1); an input that uploads
        as soon as the gallery closes navigates, and that wait is timed."""
        self.reach(locator)
        self.taps += 1 + len(files) + 1
        if not navigates:
            locator.set_input_files(files)
            return
        started = time.perf_counter()
        with self.page.expect_navigation():
            locator.set_input_files(files)
        self.page.wait_for_load_state("load")
        self.waits_s += time.perf_counter() - started

    def wait(self, action) -> None:
        """Time the person spends waiting for the server (e.g. the worker building a PDF)."""
        started = time.perf_counter()
        action()
        self.waits_s += time.perf_counter() - started

    def measure(self, label: str) -> float:
        height = self.page.evaluate("document.scrollingElement.scrollHeight") / SCREEN
        self.heights[label] = max(height, self.heights.get(label, 0.0))
        return height

    # the figures
    @property
    def swipes(self) -> float:
        return self.scrolled_px / SCREEN

    @property
    def tallest(self) -> float:
        return max(self.heights.values(), default=0.0)

    @property
    def klm_s(self) -> float:
        return (
            KLM_TAP_S * self.taps
            + KLM_CHAR_S * self.chars
            + KLM_SCREEN_S * (self.loads + self.swipes)
            + self.waits_s
        )

    def line(self) -> str:
        return (
            f"taps {self.taps} chars {self.chars} loads {self.loads} swipes {self.swipes:.1f} "
            f"tallest {self.tallest:.1f} klm_s {self.klm_s:.0f}"
        )


# sample files, made on the spot (the benchmark does not import tests/)
def screenshot_png() -> bytes:
    """A tall phone screenshot of an order page (1170×2532, as an iPhone takes it)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1170, 2532), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1170, 220), fill="#e02e24")
    for row in range(12):
        top = 300 + row * 180
        draw.rectangle((60, top, 1110, top + 140), outline="#dddddd", width=4)
        draw.text((90, top + 50), f"order 231104-58392019347721 line {row}", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def product_jpeg() -> bytes:
    """A 4:3 camera photo with photo-like detail (gradient and sensor-like noise)."""
    from PIL import Image, ImageChops

    size = (1600, 1200)
    base = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise(size, 18)
    red = ImageChops.add(base, noise, scale=1.6)
    green = ImageChops.add(base.rotate(90), noise, scale=1.9)
    blue = ImageChops.multiply(noise, base)
    buffer = io.BytesIO()
    Image.merge("RGB", (red, green, blue)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def appraisal_pdf() -> bytes:
    """A one-page A4 PDF (an appraisal report as a scan)."""
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (595, 842), "white")
    ImageDraw.Draw(page).text((60, 80), "Appraisal report: not genuine", fill="black")
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=72)
    return buffer.getvalue()


def order_screenshot_png(*, ordered: datetime, received: datetime) -> bytes:
    """The story's Pinduoduo order page (数码优选专营店, AirPods Pro 2 earphones, ¥299.00) as a
    1170×2532 screenshot, drawn by the project's generated set (bench/screenshots/) with the
    story's dates, for the journey's screenshot path."""
    import random
    from decimal import Decimal

    from bench.screenshots.draw import LIGHT, Canvas
    from bench.screenshots.facts import Facts
    from bench.screenshots.orders import Variant, draw_order

    facts = Facts(
        platform="pinduoduo",
        shop_name="数码优选专营店",
        product="AirPods Pro 2 主动降噪无线蓝牙耳机",
        unit_price=Decimal("299.00"),
        shipping=Decimal("0.00"),
        discount=Decimal("0.00"),
        amount_paid=Decimal("299.00"),
        order_number=f"{ordered:%y%m%d}-583920193477215",
        ordered_at=ordered,
        paid_at=ordered,
        shipped_at=ordered,
        received_at=received,
        name="王芳",
        phone="139****5678",
        address="广东省深圳市南山区科技园路88号3栋1201室",
        spec="颜色分类：白色",
    )
    variant = Variant("columns", "%Y-%m-%d %H:%M:%S", False, False, True, 0)
    canvas = Canvas(1170, 2532 * 2, LIGHT)
    draw_order(canvas, facts, variant, random.Random(16))
    image = canvas.image.crop((0, 0, 1170, max(2532, canvas.px(canvas.y + 20))))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
