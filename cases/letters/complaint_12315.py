"""The 12315 complaint, field by field, in the order the 全国12315平台 online form asks.

One declaration: the letter page's copy boxes, the saved per-field drafts and the complaint
text (templates/cases/letters/complaint_12315.txt, also printed in the 12315 case file) are
all made from FIELDS.
"""

from dataclasses import dataclass

# Values the consumer must type themselves; never left as silent blanks.
ASK_NAME = "【请填写你的姓名】"
ASK_PHONE = "【请填写联系电话】"
ASK_ADDRESS = "【请填写通讯地址】"
ASK_RESPONDENT_ADDRESS = "【请从店铺页面“店铺资质/营业执照”中抄写经营者名称和地址】"
ASK_ORDER = "【请填写订单号】"


@dataclass(frozen=True)
class LetterField:
    code: str
    label: str  # as the 12315 form names it (the form is in Chinese whatever the screen)
    section: str  # the heading the field sits under in the complaint text
    line: str = ""  # the label it carries inside its section ("" for a paragraph)
    rows: int = 1


FIELDS = (
    LetterField("respondent", "被投诉方（经营者名称）", "【被投诉人】", "名称"),
    LetterField("respondent_address", "经营者地址/网址", "【被投诉人】", "地址", rows=2),
    LetterField("purchased_on", "购买时间", "【购买时间/订单】", "购买时间"),
    LetterField("product", "商品名称", "【购买时间/订单】", "商品名称"),
    LetterField("amount", "金额", "【购买时间/订单】", "金额"),
    LetterField("order", "订单号", "【购买时间/订单】", "订单号"),
    LetterField("demand", "诉求", "【诉求】", rows=3),
    LetterField("facts", "事实与理由", "【事实与理由】", rows=6),
    LetterField("name", "投诉人姓名", "【投诉人】", "姓名"),
    LetterField("phone", "联系电话", "【投诉人】", "电话"),
    LetterField("address", "通讯地址", "【投诉人】", "通讯地址", rows=2),
)
FIELD_CODES = tuple(field.code for field in FIELDS)


def sections(values: dict[str, str]) -> list[tuple[str, list[str]]]:
    """The complaint text's sections in the form's order, each with its lines."""
    grouped: list[tuple[str, list[str]]] = []
    for field in FIELDS:
        value = values.get(field.code, "").strip()
        line = f"{field.line}：{value}" if field.line else value
        if grouped and grouped[-1][0] == field.section:
            grouped[-1][1].append(line)
        else:
            grouped.append((field.section, [line]))
    return grouped
