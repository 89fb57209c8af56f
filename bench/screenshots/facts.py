"""Random but plausible order facts and personal details, drawn from a seeded `random.Random`."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = list("伟芳娜敏静丽强磊洋艳勇军杰娟涛明")
CITIES = [
    ("广东省", "深圳市", "南山区"),
    ("浙江省", "杭州市", "西湖区"),
    ("江苏省", "南京市", "鼓楼区"),
    ("四川省", "成都市", "武侯区"),
    ("湖北省", "武汉市", "洪山区"),
    ("北京市", "北京市", "朝阳区"),
    ("上海市", "上海市", "浦东新区"),
]
ROADS = ["科技园路", "文三路", "中山北路", "人民南路", "珞喻路", "建国路", "张杨路"]
BRANDS = ["小米", "华为", "美的", "安踏", "李宁", "森马", "飞利浦", "九阳", "罗技", "倍思"]
SHOP_SUFFIXES = ["官方旗舰店", "旗舰店", "数码专营店", "专卖店", "官方店", "的小店"]
PRODUCTS = [
    "无线蓝牙耳机降噪入耳式运动跑步超长续航",
    "电热水壶家用304不锈钢大容量1.7L",
    "男士运动鞋夏季透气网面跑步鞋",
    "空气炸锅家用多功能大容量5L智能触控",
    "机械键盘青轴有线电竞游戏办公",
    "羽绒服女中长款2026新款加厚保暖外套",
    "扫地机器人全自动扫拖一体智能家用",
    "手机壳适用iPhone15防摔硅胶保护套",
    "充电宝20000毫安超大容量快充移动电源",
    "儿童保温杯带吸管316不锈钢水杯",
]
EXTRAS = ["2026新款", "官方正品", "顺丰包邮", "限时特惠", "送礼佳品", "爆款热卖"]
SPECS = ["颜色分类：黑色", "规格：标准版", "尺码：42", "颜色：白色；尺码：L", "容量：1.7L"]


@dataclass(frozen=True)
class Facts:
    platform: str
    shop_name: str
    product: str
    unit_price: Decimal
    shipping: Decimal
    discount: Decimal
    amount_paid: Decimal
    order_number: str
    ordered_at: datetime
    paid_at: datetime
    shipped_at: datetime
    received_at: datetime | None
    name: str
    phone: str  # as shown: masked or whole
    address: str
    spec: str


def order_number(rng: random.Random, platform: str, day: date) -> str:
    """The shapes the platforms print: Taobao/Tmall 19 digits, Douyin 19 digits starting 69/50,
    JD 12 digits, Pinduoduo the order day (YYMMDD), a dash and 15 digits."""
    digits = "0123456789"
    if platform in {"taobao", "tmall"}:
        return str(rng.choice([1, 2, 3, 4])) + "".join(rng.choices(digits, k=18))
    if platform == "douyin":
        return rng.choice(["69", "50", "48"]) + "".join(rng.choices(digits, k=17))
    if platform == "jd":
        return str(rng.choice([2, 3])) + "".join(rng.choices(digits, k=11))
    return day.strftime("%y%m%d") + "-" + "".join(rng.choices(digits, k=15))


def phone(rng: random.Random, masked: bool) -> str:
    number = rng.choice(["138", "139", "150", "186", "177", "135"]) + "".join(
        rng.choices("0123456789", k=8)
    )
    return f"{number[:3]}****{number[7:]}" if masked else number


def facts(rng: random.Random, platform: str, *, today: date, long_product: bool) -> Facts:
    brand = rng.choice(BRANDS)
    shop = brand + rng.choice(SHOP_SUFFIXES)
    product = brand + rng.choice(PRODUCTS)
    if long_product:
        product += "".join(rng.sample(EXTRAS, 2)) + "正品保障"
    unit = Decimal(rng.randint(19, 2999)) + Decimal(rng.choice([0, 0, 90, 50, 99])) / 100
    shipping = rng.choice([Decimal("0.00"), Decimal("0.00"), Decimal("6.00"), Decimal("10.00")])
    discount = rng.choice([Decimal("0.00"), Decimal("5.00"), Decimal("10.00"), Decimal("30.00")])
    discount = min(discount, unit - 1)
    paid = unit + shipping - discount
    ordered = datetime.combine(
        today - timedelta(days=rng.randint(5, 300)),
        time(rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)),
    )
    paid_at = ordered + timedelta(seconds=rng.randint(5, 300))
    shipped = ordered + timedelta(hours=rng.randint(5, 48))
    received = shipped + timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 10))
    if received.date() >= today:
        received = None
    province, city, district = rng.choice(CITIES)
    address = (
        f"{province}{city}{district}{rng.choice(ROADS)}{rng.randint(1, 999)}号"
        f"{rng.randint(1, 30)}栋{rng.randint(101, 2808)}室"
    )
    return Facts(
        platform=platform,
        shop_name=shop,
        product=product,
        unit_price=unit,
        shipping=shipping,
        discount=discount,
        amount_paid=paid,
        order_number=order_number(rng, platform, ordered.date()),
        ordered_at=ordered,
        paid_at=paid_at,
        shipped_at=shipped,
        received_at=received,
        name=rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice([1, 2]))),
        phone=phone(rng, masked=rng.random() < 0.5),
        address=address,
        spec=rng.choice(SPECS),
    )
