"""Drawing helpers for the generated screenshots: a phone-sized canvas in CSS pixels (375 wide)
scaled to the device, the Noto Sans CJK fonts, light and dark themes, wrapped text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

REGULAR = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
CSS_WIDTH = 375


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(BOLD if bold else REGULAR, size, index=2)  # 2: the SC face


@dataclass(frozen=True)
class Theme:
    page: str
    card: str
    text: str
    muted: str
    accent: str
    line: str


LIGHT = Theme("#f4f4f4", "#ffffff", "#1a1a1a", "#8a8a8a", "#ff4f00", "#e6e6e6")
DARK = Theme("#101010", "#1e1e1e", "#e8e8e8", "#9a9a9a", "#ff7a3d", "#333333")


class Canvas:
    """A page drawn top to bottom in CSS px; `y` is where the next block starts."""

    def __init__(self, width: int, height: int, theme: Theme) -> None:
        self.image = Image.new("RGB", (width, height), theme.page)
        self.draw = ImageDraw.Draw(self.image)
        self.scale = width / CSS_WIDTH
        self.theme = theme
        self.y = 0.0

    def px(self, value: float) -> int:
        return round(value * self.scale)

    def font(self, size: float, bold: bool = False) -> ImageFont.FreeTypeFont:
        return font(self.px(size), bold)

    def width_of(self, text: str, size: float, bold: bool = False) -> float:
        return self.font(size, bold).getlength(text) / self.scale

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float = 14,
        color: str | None = None,
        bold: bool = False,
        anchor: str = "la",
    ) -> None:
        self.draw.text(
            (self.px(x), self.px(y)),
            text,
            font=self.font(size, bold),
            fill=color or self.theme.text,
            anchor=anchor,
        )

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: str, radius: float = 0):
        box = (self.px(x0), self.px(y0), self.px(x1), self.px(y1))
        if radius:
            self.draw.rounded_rectangle(box, radius=self.px(radius), fill=fill)
        else:
            self.draw.rectangle(box, fill=fill)

    def card(self, height: float, margin: float = 10) -> float:
        """A white card of this height at the current y; returns its top."""
        top = self.y + margin
        self.rect(10, top, CSS_WIDTH - 10, top + height, self.theme.card, radius=8)
        self.y = top + height
        return top

    def wrap(self, text: str, size: float, width: float, bold: bool = False) -> list[str]:
        lines, current = [], ""
        for char in text:
            if self.width_of(current + char, size, bold) > width and current:
                lines.append(current)
                current = char
            else:
                current += char
        if current:
            lines.append(current)
        return lines

    @property
    def css_height(self) -> float:
        return self.image.height / self.scale


def status_bar(canvas: Canvas, clock: str) -> None:
    canvas.text(24, 14, clock, 14, bold=True)
    canvas.rect(330, 16, 352, 27, canvas.theme.text, radius=3)
    canvas.y = 44
