"""The screenshots that are not orders: merchant chats (with the refusals the excuses reader
looks for) and the bad inputs (a photo with no text, a blurred page, a long scrolling
capture, another app's settings page, a product page that is not an order)."""

from __future__ import annotations

import random

from PIL import Image, ImageFilter

from .draw import CSS_WIDTH, LIGHT, Canvas, status_bar

REFUSALS = [
    "亲，已过售后期了哦",
    "不支持七天无理由退货",
    "亲，这个不是质量问题呢",
    "退货的话运费需要您自行承担哦",
    "请联系厂家售后处理",
    "已经使用过的商品不能退的",
    "特价商品不退不换哦",
]
ASKS = [
    "你好，收到的东西坏了，能退货吗？",
    "我想申请退款",
    "这个明明是质量问题",
    "收到才三天，为什么不能退？",
    "请给个处理方案",
]


def draw_chat(canvas: Canvas, rng: random.Random, shop: str) -> list[tuple[str, str]]:
    """A chat with the merchant's customer service; returns (speaker, text) in order."""
    theme = canvas.theme
    status_bar(canvas, f"{rng.randint(8, 22)}:{rng.randint(10, 59)}")
    canvas.text(CSS_WIDTH / 2, canvas.y + 8, f"{shop}客服", 16, bold=True, anchor="ma")
    canvas.y += 50
    messages: list[tuple[str, str]] = []
    refusals = rng.sample(REFUSALS, 3)
    asks = rng.sample(ASKS, 3)
    for ask, refusal in zip(asks, refusals, strict=True):
        for speaker, text in (("consumer", ask), ("merchant", refusal)):
            lines = canvas.wrap(text, 15, 220)
            height = 16 + 22 * len(lines)
            width = max(canvas.width_of(line, 15) for line in lines) + 24
            top = canvas.y + 14
            if speaker == "merchant":
                canvas.rect(56, top, 56 + width, top + height, theme.card, 8)
                canvas.rect(12, top, 48, top + 36, "#c9c2b8", 18)
                left = 68
            else:
                canvas.rect(319 - width, top, 319, top + height, "#95ec69", 8)
                canvas.rect(327, top, 363, top + 36, "#9fb6cf", 18)
                left = 331 - width
            for index, line in enumerate(lines):
                canvas.text(left, top + 8 + 22 * index, line, 15, "#111111")
            canvas.y = top + height
            messages.append((speaker, text))
    canvas.rect(0, canvas.css_height - 56, CSS_WIDTH, canvas.css_height, theme.card)
    canvas.text(20, canvas.css_height - 38, "请输入消息...", 14, theme.muted)
    return messages


def photo_without_text(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Soft blobs of colour, as a photo of a wall or the sky."""
    small = Image.new("RGB", (12, 24))
    for x in range(12):
        for y in range(24):
            small.putpixel((x, y), tuple(rng.randint(60, 200) for _ in range(3)))
    return small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(20))


def blurred(image: Image.Image) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(image.width / 90))


def settings_page(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    canvas = Canvas(*size, LIGHT)
    status_bar(canvas, "10:24")
    canvas.text(20, canvas.y + 10, "设置", 28, bold=True)
    canvas.y += 60
    groups = [
        "飞行模式 无线局域网 蓝牙 蜂窝网络",
        "通知 声音与触感 专注模式",
        "通用 显示与亮度 电池",
    ]
    for group in (names.split() for names in groups):
        top = canvas.card(44 * len(group))
        for index, item in enumerate(group):
            canvas.text(60, top + 12 + index * 44, item, 16)
            canvas.rect(22, top + 10 + index * 44, 46, top + 34 + index * 44, "#3b82f6", 6)
            canvas.text(350, top + 12 + index * 44, ">", 16, LIGHT.muted, anchor="ra")
    return canvas.image


def product_page(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """A product's page before buying: a price, a shop, no order."""
    canvas = Canvas(*size, LIGHT)
    status_bar(canvas, "21:05")
    canvas.rect(0, canvas.y, CSS_WIDTH, canvas.y + 360, "#d9d2c5")
    canvas.y += 370
    canvas.text(16, canvas.y, f"¥{rng.randint(50, 900)}.00", 26, LIGHT.accent, bold=True)
    canvas.text(200, canvas.y + 8, "已售 1.2万+", 13, LIGHT.muted)
    canvas.y += 44
    canvas.text(16, canvas.y, "美的电饭煲家用4L智能预约多功能", 16, bold=True)
    canvas.y += 30
    canvas.text(16, canvas.y, "美的官方旗舰店", 14)
    canvas.text(16, canvas.y + 30, "发货 广东佛山  快递：免运费", 13, LIGHT.muted)
    canvas.rect(0, canvas.css_height - 60, CSS_WIDTH, canvas.css_height, "#ffffff")
    canvas.rect(200, canvas.css_height - 52, 360, canvas.css_height - 12, LIGHT.accent, 20)
    canvas.text(280, canvas.css_height - 42, "立即购买", 16, "#ffffff", anchor="ma")
    return canvas.image


def long_feed(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """A long scrolling capture of a shopping feed: many products and prices, no order."""
    canvas = Canvas(*size, LIGHT)
    status_bar(canvas, "13:47")
    canvas.text(CSS_WIDTH / 2, canvas.y + 8, "猜你喜欢", 17, bold=True, anchor="ma")
    canvas.y += 40
    names = ["纯棉T恤男夏季", "无线鼠标静音", "不锈钢保温杯", "折叠雨伞晴雨两用", "LED台灯护眼",
             "运动水壶大容量", "懒人沙发", "蓝牙耳机"]  # fmt: skip
    while canvas.y < canvas.css_height - 260:
        top = canvas.y + 10
        for column in range(2):
            left = 10 + column * 180
            canvas.rect(left, top, left + 175, top + 240, "#ffffff", 8)
            canvas.rect(left, top, left + 175, top + 160, "#d9d2c5", 8)
            canvas.text(left + 8, top + 170, rng.choice(names), 13)
            canvas.text(left + 8, top + 194, f"¥{rng.randint(9, 299)}.90", 15, LIGHT.accent)
            canvas.text(left + 8, top + 218, f"{rng.randint(1, 99)}万人付款", 11, LIGHT.muted)
        canvas.y = top + 240
    return canvas.image
