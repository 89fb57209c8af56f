"""Reading the facts of an order out of the OCR lines of its screenshot (pure: no queries).

Every fact comes from a label the platforms print on their order-detail pages, found in the
lines and followed to its value: in the same run of text ("订单编号：2405…"), on the same row to
the right (label and value in two columns), or on the line below. A value is believed only
when it has the right shape (shapes.py), each of its characters was read with confidence
(CHAR_CONFIDENCE) and its line too (LINE_CONFIDENCE), and the page agrees with itself (two
different values for one fact leave it empty). Everything below a recommendations heading
("为你推荐", "猜你喜欢", "相似商品"…) is ignored: those are other products' prices.

Which time is which:
- purchase date: 下单时间 (Douyin, PDD, JD) or 创建时间 (Taobao/Tmall), the moment the order
  was placed; failing those 拼单时间 (PDD), 付款时间/支付时间 (payment, minutes later).
- received date: 签收时间 (signed for), 确认收货时间/收货时间 (receipt confirmed); failing
  those 成交时间 — on Taobao/Tmall and PDD the moment the deal completed, which is the
  buyer's confirmation of receipt (or the automatic one ten days after shipping), so it is the
  receipt the page attests — and JD's 完成时间 (the order completed, likewise on receipt).
A page with fewer than two of the order labels (amount, number, purchase, received) is not an
order page: nothing is read from it (a chat, a product page, another app).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from ..ocr import OcrLine
from . import shapes
from .facts import OrderFacts

AMOUNT_LABELS = (("实付款", "实付金额", "应付总额", "实付"),)
NUMBER_LABELS = (("订单编号", "订单号"),)
PURCHASE_LABELS = (("下单时间", "创建时间"), ("拼单时间", "付款时间", "支付时间"))
RECEIVED_LABELS = (("签收时间", "确认收货时间", "收货时间"), ("成交时间", "完成时间"))
# Labels of other facts on the same pages: never taken for a value.
OTHER_LABELS = (
    "商品总价", "商品总额", "商品金额", "运费", "优惠", "店铺优惠", "平台优惠", "支付方式",
    "发货时间", "支付宝交易号", "交易号", "物流单号", "运单号", "收货人", "联系电话", "收货地址",
    "配送方式", "发票", "备注",
)  # fmt: skip
RECOMMENDATIONS = (
    "为你推荐", "猜你喜欢", "相似商品", "看了又看", "大家都在买", "更多推荐", "店铺推荐",
)  # fmt: skip
SHOP_SUFFIXES = ("旗舰店", "专营店", "专卖店", "官方店", "小店", "自营店", "企业店", "直营店")
# Buttons printed beside a value ("复制" beside the order number).
BUTTONS = ("复制", "查看", "修改", "更多", ">")
SHOP_LABELS = ("店铺名称", "店铺", "商家")
# Badges drawn on the shop line that OCR may read into it.
BADGES = ("天猫", "淘宝", "京东自营", "抖音商城")
# Words only one platform's order page prints, when the app does not name itself.
LABEL_PLATFORMS = {"拼单时间": "pinduoduo"}
CHAR_CONFIDENCE = 0.8
LINE_CONFIDENCE = 0.85
SHANGHAI = ZoneInfo("Asia/Shanghai")
SEPARATORS = ":：  \t"


@dataclass(frozen=True)
class _Line:
    text: str  # NFKC, as read (spaces kept: char confidences are indexed by position)
    line: OcrLine

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.line.box

    @property
    def height(self) -> int:
        return max(1, self.box[3] - self.box[1])


@dataclass(frozen=True)
class _Value:
    text: str
    sure: bool  # every character and the line read with confidence


def read_order(
    lines: Sequence[OcrLine],
    *,
    platforms: Sequence[tuple[str, Sequence[str]]],
    today: date | None = None,
) -> OrderFacts:
    """The facts of the order on the page, each None unless found by its label, sure and of
    the right shape. `platforms` are the directory's shopping platforms as (slug, names)."""
    today = today or datetime.now(tz=SHANGHAI).date()
    page = _page(lines)
    found = {
        "amount": _values(page, AMOUNT_LABELS),
        "number": _values(page, NUMBER_LABELS),
        "purchase": _values(page, PURCHASE_LABELS),
        "received": _values(page, RECEIVED_LABELS),
    }
    if sum(1 for values in found.values() if values is not None) < 2:
        return OrderFacts()
    platform = _platform(page, platforms)
    number = _one(found["number"], lambda v: shapes.parse_order_number(v, platform=platform))
    return OrderFacts(
        platform=platform,
        shop_name=_shop(page),
        product=_product(page),
        amount_paid=_one(found["amount"], shapes.parse_amount),
        order_number=number,
        purchase_date=_one(found["purchase"], lambda v: shapes.parse_date(v, today=today)),
        received_date=_one(found["received"], lambda v: shapes.parse_date(v, today=today)),
    )


def _page(lines: Sequence[OcrLine]) -> list[_Line]:
    """The lines top to bottom, cut at the first recommendations heading."""
    ordered = sorted(lines, key=lambda line: (line.box[1], line.box[0]))
    page = []
    for line in ordered:
        text = shapes.normalise_keep_spaces(line.text)
        if shapes.normalise(text) in RECOMMENDATIONS:
            break
        page.append(_Line(text, line))
    return page


def _label_at(text: str, labels: Sequence[str]) -> tuple[int, str] | None:
    """The earliest (then longest) of the labels in the text, with where it starts."""
    best: tuple[int, str] | None = None
    for label in labels:
        at = text.find(label)
        if at >= 0 and (best is None or (at, -len(label)) < (best[0], -len(best[1]))):
            best = (at, label)
    return best


def _is_label(text: str) -> bool:
    bare = shapes.normalise(text).rstrip(":")
    every = [label for groups in (AMOUNT_LABELS, NUMBER_LABELS, PURCHASE_LABELS, RECEIVED_LABELS)
             for group in groups for label in group]  # fmt: skip
    return any(bare.startswith(label) for label in (*every, *OTHER_LABELS)) or bare.endswith("时间")


def _values(page: list[_Line], groups: Sequence[Sequence[str]]) -> list[_Value] | None:
    """The values after the labels of the first group found on the page (groups in order of
    preference); None when no label of any group is on it."""
    every = [label for group in groups for label in group]
    for group in groups:
        values = []
        for item in page:
            hit = _label_at(item.text, every)
            if hit is None or hit[1] not in group:
                continue
            at, label = hit
            values.append(_value_after(page, item, at + len(label)))
        if values:
            return values
    return None


def _value_after(page: list[_Line], item: _Line, start: int) -> _Value:
    rest = item.text[start:]
    skipped = len(rest) - len(rest.lstrip(SEPARATORS))
    if rest.strip(SEPARATORS):
        return _sure(item, start + skipped, len(item.text))
    left, top, right, bottom = item.box
    row = [
        other for other in page
        if other is not item and _same_row(item, other) and other.box[0] >= right - item.height
        and shapes.normalise(other.text) not in BUTTONS
    ]  # fmt: skip
    if row:
        nearest = min(row, key=lambda other: other.box[0])
        if _is_label(nearest.text):
            return _Value("", False)
        return _sure(nearest, 0, len(nearest.text))
    below = [
        other for other in page
        if top < other.box[1] and other.box[1] - bottom < item.height
        and abs(other.box[0] - left) < item.height and not _is_label(other.text)
    ]  # fmt: skip
    if below:
        nearest = min(below, key=lambda other: other.box[1])
        return _sure(nearest, 0, len(nearest.text))
    return _Value("", False)


def _same_row(a: _Line, b: _Line) -> bool:
    overlap = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
    return overlap >= 0.5 * min(a.height, b.height)


def _sure(item: _Line, start: int, end: int) -> _Value:
    """The text from start to end of the line, and whether it was read with confidence: the
    line, and each of its letters, digits and hanzi (not the punctuation: OCR is unsure of the
    currency sign and of colons, which no value depends on)."""
    text = item.text[start:end]
    chars = item.line.chars
    sure = item.line.confidence >= LINE_CONFIDENCE
    if len(chars) == len(item.text):
        sure = sure and all(
            char.confidence >= CHAR_CONFIDENCE for char in chars[start:end] if char.text.isalnum()
        )
    return _Value(text.strip(), sure)


def _one(values: list[_Value] | None, parse) -> object:
    """The one value the page gives for a fact: every occurrence sure, of the right shape and
    the same; None otherwise."""
    if not values or not all(value.sure for value in values):
        return None
    parsed = {parse(value.text) for value in values}
    if len(parsed) != 1:
        return None
    return parsed.pop()


def _platform(page: list[_Line], platforms: Sequence[tuple[str, Sequence[str]]]) -> str | None:
    """The platform whose own words are on the page (Tmall over Taobao: Tmall shops are read
    in the Taobao app), or whose label only it prints; None if none or several."""
    text = "".join(shapes.normalise(item.text) for item in page)
    named = {slug for slug, names in platforms if any(name and name in text for name in names)}
    if {"tmall", "taobao"} <= named:
        named.discard("taobao")
    if len(named) == 1:
        return named.pop()
    if named:
        return None
    known = {slug for slug, _names in platforms}
    hinted = {slug for label, slug in LABEL_PLATFORMS.items() if label in text and slug in known}
    if any(shapes.looks_pinduoduo(item.text) for item in page) and "pinduoduo" in known:
        hinted.add("pinduoduo")
    return hinted.pop() if len(hinted) == 1 else None


def _shop_name(item: _Line) -> str | None:
    text = shapes.normalise(item.text).rstrip(">〉›》")
    for label in SHOP_LABELS:
        if text.startswith(label) and len(text) > len(label) + 1:
            text = text[len(label) :].lstrip(":")
            return text if _sure(item, 0, len(item.text)).sure else None
    if not text.endswith(SHOP_SUFFIXES):
        return None
    for badge in BADGES:
        if text.startswith(badge) and len(text) - len(badge) >= 4:
            text = text[len(badge) :]
    if len(text) < 3 or not _sure(item, 0, len(item.text)).sure:
        return None
    return text


def _shop_line(page: list[_Line]) -> _Line | None:
    for item in page:
        if _is_label(item.text):
            continue
        if _shop_name(item) is not None:
            return item
    return None


def _shop(page: list[_Line]) -> str | None:
    item = _shop_line(page)
    return None if item is None else _shop_name(item)


def _product(page: list[_Line]) -> str | None:
    """The product's title: the first line of at least six characters after the shop's, and the
    line wrapped under it (same left edge, right below), never a price, a spec or a label."""
    shop = _shop_line(page)
    if shop is None:
        return None
    after = [item for item in page if item.box[1] > shop.box[3] - shop.height * 0.3]
    title: list[_Line] = []
    for item in after:
        text = shapes.normalise(item.text)
        if _is_label(text) or (shapes.amounts_in(text) and not _has_words(text)):
            if title:
                break
            continue
        if ":" in text or (not title and len(text) < 6):
            if title:
                break
            continue
        if not title:
            title.append(item)
            continue
        last = title[-1]
        aligned = abs(item.box[0] - last.box[0]) < last.height * 0.6
        close = item.box[1] - last.box[3] < last.height * 0.8
        if aligned and close and len(title) < 3:
            title.append(item)
        else:
            break
    if not title or not all(_sure(item, 0, len(item.text)).sure for item in title):
        return None
    return "".join(shapes.normalise(item.text) for item in title)


def _has_words(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


__all__ = ["Decimal", "read_order"]
