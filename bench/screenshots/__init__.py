"""The generated screenshot set of issue 18: order-detail pages of Douyin, Tmall/Taobao,
Pinduoduo and JD in many variants, merchant chats and bad inputs, each with its truth.

Deterministic from a seed: `samples(seed=18)` gives the same images on every run.
`sample.truth` is the `OrderFacts` a perfect reader would return (all None for what is not an
order); `sample.personal` the personal items drawn on it, as (kind, text) with kind "name",
"phone" or "address" (one entry per drawn line); `sample.messages` a chat's (speaker, text).
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from PIL import Image

from evidence.reading.orders.facts import OrderFacts

from . import others
from .draw import DARK, LIGHT, Canvas
from .facts import facts as make_facts
from .orders import draw_order, variant_for

PLATFORMS = ("douyin", "tmall", "taobao", "pinduoduo", "jd")
SIZES = ((750, 1334), (1080, 2340), (1170, 2532), (1284, 2778))
TODAY = date(2026, 12, 1)


@dataclass(frozen=True)
class Sample:
    name: str
    kind: str  # "order", "chat" or "bad"
    image: Image.Image
    format: str  # "PNG" or "JPEG"
    truth: OrderFacts
    personal: tuple[tuple[str, str], ...] = ()
    messages: tuple[tuple[str, str], ...] = ()
    quality: int = 90
    notes: tuple[str, ...] = field(default=())

    def encoded(self) -> bytes:
        """The file as a phone would save it."""
        out = io.BytesIO()
        if self.format == "JPEG":
            self.image.save(out, "JPEG", quality=self.quality)
        else:
            self.image.save(out, "PNG")
        return out.getvalue()

    @property
    def filename(self) -> str:
        return f"{self.name}.{'jpg' if self.format == 'JPEG' else 'png'}"


def order_sample(index: int, *, seed: int = 18, platform: str | None = None) -> Sample:
    rng = random.Random(seed * 100_003 + index)
    platform = platform or PLATFORMS[index % len(PLATFORMS)]
    variant = variant_for(rng, index)
    facts = make_facts(rng, platform, today=TODAY, long_product=index % 3 == 2)
    width, height = SIZES[index % len(SIZES)]
    canvas = Canvas(width, width * 4, DARK if variant.dark else LIGHT)
    product, personal = draw_order(canvas, facts, variant, rng)
    # the phone's own height, or longer (a scrolled capture) when the page needs more
    image = canvas.image.crop((0, 0, width, max(height, canvas.px(canvas.y + 20))))
    low = index % 10 == 6
    if low:  # a small, heavily compressed copy, as forwarded through a chat app
        image = image.resize(
            (540, round(image.height * 540 / image.width)), Image.Resampling.LANCZOS
        )
    truth = OrderFacts(
        platform=platform,
        shop_name=facts.shop_name,
        product=product,
        amount_paid=facts.amount_paid,
        order_number=facts.order_number,
        purchase_date=facts.ordered_at.date(),
        received_date=facts.received_at.date() if facts.received_at else None,
    )
    notes = [variant.label_style, variant.date_format]
    notes += ["dark"] * variant.dark + ["recommendations"] * variant.recommendations
    notes += ["no-app-words"] * (not variant.show_words) + ["low-jpeg"] * low
    notes += ["wrapped"] * (len(product) > 17)
    return Sample(
        name=f"order-{index:03d}-{platform}",
        kind="order",
        image=image,
        format="JPEG" if low or index % 2 else "PNG",
        quality=35 if low else 88,
        truth=truth,
        personal=tuple(personal),
        notes=tuple(notes),
    )


def chat_sample(index: int, *, seed: int = 18) -> Sample:
    rng = random.Random(seed * 200_003 + index)
    width, height = SIZES[index % len(SIZES)]
    canvas = Canvas(width, height, LIGHT)
    shop = rng.choice(["小米", "美的", "安踏", "九阳"]) + rng.choice(["官方旗舰店", "专营店"])
    messages = others.draw_chat(canvas, rng, shop)
    return Sample(
        name=f"chat-{index:03d}",
        kind="chat",
        image=canvas.image,
        format="PNG" if index % 2 else "JPEG",
        truth=OrderFacts(),
        messages=tuple(messages),
    )


def bad_samples(*, seed: int = 18) -> list[Sample]:
    rng = random.Random(seed * 300_007)
    blurred_page = order_sample(2, seed=seed + 1)
    return [
        Sample(
            "bad-photo", "bad", others.photo_without_text(rng, (1170, 1560)), "JPEG", OrderFacts()
        ),
        Sample(
            "bad-blurred",
            "bad",
            others.blurred(blurred_page.image),
            "JPEG",
            OrderFacts(),
            personal=blurred_page.personal,
        ),
        Sample(
            "bad-long-capture", "bad", others.long_feed(rng, (1170, 12_000)), "JPEG", OrderFacts()
        ),
        Sample("bad-settings", "bad", others.settings_page(rng, (1170, 2532)), "PNG", OrderFacts()),
        Sample(
            "bad-product-page", "bad", others.product_page(rng, (1080, 2340)), "JPEG", OrderFacts()
        ),
    ]


def each_sample(*, seed: int = 18, orders: int = 60, chats: int = 4) -> Iterator[Sample]:
    """The whole set, one image at a time: `orders` order pages across the platforms and
    variants, `chats` merchant chats, then the bad inputs."""
    for index in range(orders):
        yield order_sample(index, seed=seed)
    for index in range(chats):
        yield chat_sample(index, seed=seed)
    yield from bad_samples(seed=seed)


def samples(*, seed: int = 18, orders: int = 60, chats: int = 4) -> list[Sample]:
    return list(each_sample(seed=seed, orders=orders, chats=chats))
