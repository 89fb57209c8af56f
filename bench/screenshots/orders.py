"""Order-detail pages of Douyin, Tmall/Taobao, Pinduoduo and JD, each with its own labels, drawn
from `Facts` in one of several variants (label styles, date formats, dark mode, a
recommendations block)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .draw import CSS_WIDTH, DARK, LIGHT, Canvas, status_bar
from .facts import Facts


@dataclass(frozen=True)
class Style:
    """What one platform's order page prints: its labels and the words of the app itself."""

    amount_labels: tuple[str, ...]
    number_labels: tuple[str, ...]
    ordered_labels: tuple[str, ...]
    paid_label: str
    received_labels: tuple[str, ...]
    total_label: str
    shipping_label: str
    discount_label: str
    words: tuple[str, ...]  # where the app names itself on the page (a badge, a footer)
    extra_rows: tuple[tuple[str, str], ...] = ()


STYLES = {
    "douyin": Style(
        ("实付款",),
        ("订单编号",),
        ("下单时间",),
        "支付时间",
        ("签收时间", "确认收货时间"),
        "商品总价",
        "运费",
        "店铺优惠",
        ("抖音商城", "抖店"),
        (("支付方式", "抖音支付"),),
    ),
    "tmall": Style(
        ("实付款",),
        ("订单编号",),
        ("创建时间",),
        "付款时间",
        ("成交时间",),
        "商品总价",
        "运费(快递)",
        "店铺优惠",
        ("天猫",),
        (("支付宝交易号", "2026021722001456781234567890"),),
    ),
    "taobao": Style(
        ("实付款",),
        ("订单编号",),
        ("创建时间",),
        "付款时间",
        ("成交时间",),
        "商品总价",
        "运费(快递)",
        "店铺优惠",
        ("淘宝",),
        (("支付宝交易号", "2026021722001456781234567890"),),
    ),
    "pinduoduo": Style(
        ("实付", "实付款"),
        ("订单编号",),
        ("下单时间", "拼单时间"),
        "支付时间",
        ("签收时间", "成交时间"),
        "商品总价",
        "运费",
        "平台优惠",
        ("拼多多",),
        (("支付方式", "微信支付"),),
    ),
    "jd": Style(
        ("应付总额", "实付款", "实付金额"),
        ("订单号", "订单编号"),
        ("下单时间",),
        "付款时间",
        ("确认收货时间", "签收时间"),
        "商品总额",
        "运费",
        "优惠",
        ("京东", "京东自营"),
        (("支付方式", "在线支付"),),
    ),
}

DATE_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y年%m月%d日 %H:%M:%S", "%Y-%m-%d"]
RECOMMENDED = [
    ("加厚纯棉毛巾三条装", "39.90"),
    ("家用抽纸整箱24包", "29.90"),
    ("夏季冰丝凉席三件套", "89.00"),
    ("保温饭盒上班族便当", "45.80"),
    ("蓝牙音箱小型便携", "59.00"),
    ("旅行收纳袋六件套", "19.90"),
]


@dataclass(frozen=True)
class Variant:
    label_style: str  # "columns": label left, value right; "run": "label：value"; "below"
    date_format: str
    dark: bool
    recommendations: bool
    show_words: bool
    labels: int  # which of the platform's alternative labels to use


def money(value: Decimal) -> str:
    return f"¥{value:.2f}"


def when(value: datetime, date_format: str) -> str:
    return value.strftime(date_format)


def draw_order(
    canvas: Canvas, facts: Facts, variant: Variant, rng: random.Random
) -> tuple[str, list[tuple[str, str]]]:
    """Draws the page; returns the product name as shown (cut to two lines) and the personal
    items on it as (kind, text)."""
    style = STYLES[facts.platform]
    theme = canvas.theme
    pick = variant.labels
    personal: list[tuple[str, str]] = []
    status_bar(canvas, f"{rng.randint(8, 22)}:{rng.randint(10, 59)}")
    canvas.text(CSS_WIDTH / 2, canvas.y + 8, "订单详情", 17, bold=True, anchor="ma")
    if variant.show_words and facts.platform in {"douyin", "taobao"}:
        canvas.text(CSS_WIDTH - 16, canvas.y + 10, style.words[pick % len(style.words)], 13,
                    theme.muted, anchor="ra")  # fmt: skip
    canvas.y += 40
    received = facts.received_at is not None
    status = "交易成功" if received else "卖家已发货"
    canvas.text(22, canvas.y + 6, status, 20, theme.accent, bold=True)
    canvas.y += 40

    # the consignee: name, phone, address
    top = canvas.card(76)
    name_text = facts.name
    if rng.random() < 0.5:
        canvas.text(22, top + 12, f"收货人：{facts.name}", 15, bold=True)
        name_text = facts.name
    else:
        canvas.text(22, top + 12, facts.name, 15, bold=True)
    canvas.text(22 + canvas.width_of(f"收货人：{facts.name}", 15, True) + 16, top + 12,
                facts.phone, 15, bold=True)  # fmt: skip
    personal += [("name", name_text), ("phone", facts.phone)]
    for index, line in enumerate(canvas.wrap(facts.address, 13, 320)[:2]):
        canvas.text(22, top + 38 + index * 18, line, 13, theme.muted)
        personal.append(("address", line))

    # the shop and the product
    product_lines = canvas.wrap(facts.product, 14, 245)[:2]
    shown_product = "".join(product_lines)
    top = canvas.card(150 + 18 * len(product_lines))
    x = 22
    if facts.platform == "tmall" and variant.show_words:
        canvas.rect(22, top + 12, 52, top + 30, "#ff0036", radius=3)
        canvas.text(37, top + 14, "天猫", 11, "#ffffff", bold=True, anchor="ma")
        x = 60
    if facts.platform == "jd" and variant.show_words:
        canvas.rect(22, top + 12, 70, top + 30, "#e1251b", radius=3)
        canvas.text(46, top + 14, "京东自营", 10, "#ffffff", bold=True, anchor="ma")
        x = 78
    canvas.text(x, top + 12, facts.shop_name + "  >", 15, bold=True)
    canvas.rect(22, top + 44, 92, top + 114, "#cfd6dd" if not variant.dark else "#3a3f44", 6)
    for index, line in enumerate(product_lines):
        canvas.text(100, top + 44 + index * 20, line, 14)
    spec_y = top + 48 + 20 * len(product_lines)
    canvas.text(100, spec_y, facts.spec, 12, theme.muted)
    canvas.text(353, spec_y + 22, money(facts.unit_price), 14, anchor="ra")
    canvas.text(353, spec_y + 42, "x1", 12, theme.muted, anchor="ra")
    canvas.text(100, spec_y + 42, "七天无理由退货", 11, theme.muted)

    # the amounts
    amount_label = style.amount_labels[pick % len(style.amount_labels)]
    rows = [
        (style.total_label, money(facts.unit_price)),
        (style.shipping_label, money(facts.shipping) if facts.shipping else "免运费"),
    ]
    if facts.discount:
        rows.append((style.discount_label, "-" + money(facts.discount)))
    rows.append((amount_label, money(facts.amount_paid)))
    info = [(style.number_labels[pick % len(style.number_labels)], facts.order_number)]
    info += list(style.extra_rows)
    info.append((style.ordered_labels[pick % len(style.ordered_labels)],
                 when(facts.ordered_at, variant.date_format)))  # fmt: skip
    info.append((style.paid_label, when(facts.paid_at, variant.date_format)))
    info.append(("发货时间", when(facts.shipped_at, variant.date_format)))
    if facts.received_at is not None:
        info.append((style.received_labels[pick % len(style.received_labels)],
                     when(facts.received_at, variant.date_format)))  # fmt: skip
    for block in (rows, info):
        step = 46 if variant.label_style == "below" else 28
        top = canvas.card(16 + step * len(block))
        for index, (label, value) in enumerate(block):
            y = top + 12 + index * step
            strong = label == amount_label
            if variant.label_style == "run":
                canvas.text(22, y, f"{label}：{value}", 14, bold=strong)
            elif variant.label_style == "below":
                canvas.text(22, y, label, 12, theme.muted)
                canvas.text(22, y + 18, value, 14, bold=strong)
            else:
                canvas.text(22, y, label, 14, theme.muted)
                if block is rows:
                    canvas.text(353, y, value, 14 if not strong else 16, bold=strong, anchor="ra")
                else:
                    canvas.text(120, y, value, 14)
            if label == info[0][0] and block is info:
                canvas.text(353, y, "复制", 12, theme.muted, anchor="ra")

    if variant.show_words and facts.platform in {"pinduoduo", "douyin"}:
        canvas.text(CSS_WIDTH / 2, canvas.y + 16, f"{style.words[0]}官方客服 为您服务", 12,
                    theme.muted, anchor="ma")  # fmt: skip
        canvas.y += 30
    top = canvas.card(50)
    for index, button in enumerate(("联系客服", "申请售后", "查看物流")):
        canvas.rect(150 + index * 70, top + 12, 212 + index * 70, top + 38, theme.page, 13)
        canvas.text(181 + index * 70, top + 18, button, 12, anchor="ma")

    if variant.recommendations:
        canvas.y += 20
        canvas.text(CSS_WIDTH / 2, canvas.y, rng.choice(["为你推荐", "猜你喜欢"]), 15, bold=True,
                    anchor="ma")  # fmt: skip
        canvas.y += 20
        items = rng.sample(RECOMMENDED, 4)
        for row in range(2):
            top = canvas.y + 10
            for column in range(2):
                title, price = items[row * 2 + column]
                left = 10 + column * 180
                canvas.rect(left, top, left + 175, top + 230, theme.card, 8)
                canvas.rect(left, top, left + 175, top + 150, "#d9d2c5", 8)
                canvas.text(left + 8, top + 158, title, 13)
                canvas.text(left + 8, top + 180, "实付¥" + price if column else "¥" + price, 15,
                            theme.accent, bold=True)  # fmt: skip
                canvas.text(left + 8, top + 204, "优选旗舰店", 11, theme.muted)
            canvas.y = top + 230
    return shown_product, personal


def variant_for(rng: random.Random, index: int) -> Variant:
    return Variant(
        label_style=["columns", "run", "below"][index % 3],
        date_format=DATE_FORMATS[(index // 3) % len(DATE_FORMATS)],
        dark=index % 7 == 3,
        recommendations=index % 4 == 1,
        show_words=index % 9 != 8,
        labels=rng.randint(0, 2),
    )


__all__ = ["DARK", "LIGHT", "STYLES", "Variant", "draw_order", "variant_for"]
