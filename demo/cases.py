"""The demo consumer's cases: one per rung of the ladder, with their timeline and evidence.

Each entry: the case's facts, the stage it reaches, its evidence as (kind, title, lines on
the picture, extra) where extra is True for a photo with GPS and "pdf" for a PDF report,
its events as (days ago, kind, summary, facts), and optionally how it closed.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from cases.models import EventKind, Outcome, Problem, Stage, Want
from evidence.models import EvidenceKind
from platforms.models import Platform


def demo_cases(*, today: date, platforms: dict[str, Platform]) -> list[dict[str, Any]]:
    """The cases as of `today`, matched on later runs by their order number."""
    return [
        {
            "case": dict(
                platform=platforms["pinduoduo"],
                shop_name="数码优选专营店",
                order_number="231104-58392019347721",
                product="无线蓝牙耳机（标称原装正品）",
                amount_paid=Decimal("299.00"),
                purchase_date=today - timedelta(days=21),
                received_date=today - timedelta(days=18),
                problem=Problem.COUNTERFEIT,
                wants=[Want.RETURN_REFUND, Want.COMPENSATION],
                description="收到的耳机没有防伪码，序列号在官网查不到，音质明显不对。",
            ),
            "stage": Stage.PLATFORM_INTERVENTION,
            "evidence": [
                (
                    EvidenceKind.ORDER_SCREENSHOT,
                    "订单详情",
                    ["订单号 231104-58392019347721", "数码优选专营店", "实付 ¥299.00"],
                    False,
                ),
                (
                    EvidenceKind.PRODUCT_PHOTO,
                    "耳机实物",
                    ["耳机盒无防伪码", "序列号官网查询不到"],
                    True,
                ),
                (
                    EvidenceKind.CHAT_LOG,
                    "聊天记录",
                    ["我：收到的是假货，要求退货退款", "商家：我们是正品，只能退货"],
                    False,
                ),
            ],
            "events": [
                (
                    20,
                    EventKind.MERCHANT_MESSAGE,
                    "在拼多多聊天里告诉商家是假货，要求退货退款并按假一赔十赔偿。",
                    {},
                ),
                (19, EventKind.MERCHANT_REPLY, "商家说是正品，只同意退货不赔偿。", {}),
                (
                    17,
                    EventKind.PLATFORM_REQUEST,
                    "申请售后：退货退款，理由为假冒品牌。",
                    {"ticket_number": "SH20261108001"},
                ),
                (
                    3,
                    EventKind.PHONE_CALL,
                    "拼多多客服接听，说会升级处理。",
                    {
                        "number_dialled": "02153395288",
                        "agent_id": "PDD-0731",
                        "promise": "3个工作日内给出处理结果",
                        "promised_by": today + timedelta(days=2),
                    },
                ),
            ],
        },
        {
            "case": dict(
                platform=platforms["douyin"],
                shop_name="美肤旗舰店(直播间)",
                order_number="6920481731205594",
                product="护肤品套装",
                amount_paid=Decimal("459.90"),
                purchase_date=today - timedelta(days=9),
                received_date=today - timedelta(days=6),
                problem=Problem.REFUND_REFUSED,
                wants=[Want.REFUND],
                description="未拆封申请七天无理由退货，商家拒绝退款。",
            ),
            "stage": Stage.MERCHANT,
            "evidence": [
                (
                    EvidenceKind.ORDER_SCREENSHOT,
                    "订单详情",
                    ["订单号 6920481731205594", "美肤旗舰店(直播间)", "实付 ¥459.90"],
                    False,
                ),
                (
                    EvidenceKind.REFUND_REQUEST,
                    "退款申请",
                    ["七天无理由退货", "商家已拒绝"],
                    False,
                ),
            ],
            "events": [
                (5, EventKind.MERCHANT_MESSAGE, "未拆封，申请七天无理由退货。", {}),
                (4, EventKind.MERCHANT_REPLY, "商家称直播间商品不支持退货。", {}),
            ],
        },
        {
            "case": dict(
                platform=platforms["tmall"],
                shop_name="运动潮鞋店",
                order_number="3912840012398812",
                product="运动鞋",
                amount_paid=Decimal("1299.00"),
                purchase_date=today - timedelta(days=45),
                received_date=today - timedelta(days=41),
                problem=Problem.COUNTERFEIT,
                wants=[Want.REFUND, Want.COMPENSATION],
                description="鉴定机构出具报告认定为仿冒品，平台和商家都未处理。",
            ),
            "stage": Stage.CONSUMER_AUTHORITY,
            "evidence": [
                (
                    EvidenceKind.ORDER_SCREENSHOT,
                    "订单详情",
                    ["订单号 3912840012398812", "运动潮鞋店", "实付 ¥1,299.00"],
                    False,
                ),
                (
                    EvidenceKind.PACKAGING_PHOTO,
                    "鞋盒标签",
                    ["标签字体与正品不同", "无防伪芯片"],
                    False,
                ),
                (
                    EvidenceKind.APPRAISAL_REPORT,
                    "鉴定报告",
                    ["鉴定结论：非品牌正品", "（示例，非真实报告）"],
                    "pdf",
                ),
            ],
            "events": [
                (
                    30,
                    EventKind.PLATFORM_REQUEST,
                    "天猫投诉商家售假。",
                    {"ticket_number": "TM-88231"},
                ),
                (
                    22,
                    EventKind.PLATFORM_DECISION,
                    "平台驳回，称证据不足。",
                    {"ticket_number": "TM-88231"},
                ),
                (
                    10,
                    EventKind.COMPLAINT_12315,
                    "在全国12315平台提交投诉，附鉴定报告。",
                    {"complaint_number": "1231520261115000123"},
                ),
            ],
        },
        {
            "case": dict(
                platform=platforms["jd"],
                shop_name="家电自营",
                order_number="289104773321",
                product="电热水壶",
                amount_paid=Decimal("89.00"),
                purchase_date=today - timedelta(days=60),
                received_date=today - timedelta(days=58),
                problem=Problem.DEFECT,
                wants=[Want.EXCHANGE],
            ),
            "stage": Stage.PLATFORM,
            "events": [
                (
                    55,
                    EventKind.PLATFORM_REQUEST,
                    "申请换货：底座漏电跳闸。",
                    {"ticket_number": "JD-5512"},
                ),
            ],
            "close": (Outcome.REFUNDED, today - timedelta(days=50), "全额退款 ¥89.00"),
        },
    ]
