"""What to cover before a screenshot is shared: the boxes of the personal items in its text.

Pure functions over the lines OCR read (evidence/reading/ocr.py), no database, no image: the
consumer's mobile and landline numbers (core/phones.py, the one definition of them; masked
ones too, since what is shown is still theirs), ID-card numbers, the name after 收货人 /
联系人 / 姓名 / 收件人, the address after 收货地址 / 地址 and lines that read as an address,
and, for whoever asks, order numbers. A box covers only the item when the engine gave each
character its box, and its whole line when it did not: covering too much is the safe error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from core.phones import phone_spans

from .ocr import OcrLine

Box = tuple[int, int, int, int]  # left, top, right, bottom, in the picture's pixels


class CoverKind(StrEnum):
    PHONE = "phone"
    ID_NUMBER = "id_number"
    NAME = "name"
    ADDRESS = "address"
    ORDER_NUMBER = "order_number"
    MANUAL = "manual"


# Covered unless the consumer turns them off; order numbers only when asked ("也遮挡订单号").
ON_BY_DEFAULT = frozenset({CoverKind.PHONE, CoverKind.ID_NUMBER, CoverKind.NAME, CoverKind.ADDRESS})


@dataclass(frozen=True)
class Cover:
    id: str  # stable for the same transcript: the kind and where it starts
    kind: CoverKind
    box: Box

    @property
    def on_by_default(self) -> bool:
        return self.kind in ON_BY_DEFAULT

    def as_json(self) -> dict:
        return {"id": self.id, "kind": str(self.kind), "box": list(self.box)}


_SEP = r"[\s:：]*"
_NAME_LABEL = re.compile(rf"(?:收货人|收件人|联系人|姓名)(?:姓名)?{_SEP}")
_ADDRESS_LABEL = re.compile(rf"(?:收货地址|收件地址|详细地址|所在地区|配送地址|地址){_SEP}")
_ORDER_LABEL = re.compile(
    rf"(?:订单编号|订单号码|订单号|交易单号|交易号|支付单号|物流单号|运单号|快递单号){_SEP}"
)
_ORDER_VALUE = re.compile(r"[A-Za-z0-9-]{8,40}")
# A name: up to six CJK characters (or a masked one, 李*明) or a Latin name, before a phone.
_NAME_VALUE = re.compile(r"[\u4e00-\u9fff·*＊]{1,6}|[A-Za-z][A-Za-z .]{0,30}")
# A line that is only a name and a phone, as JD and Taobao print the delivery block.
_NAME_BEFORE_PHONE = re.compile(r"^\s*([\u4e00-\u9fff·*＊]{2,5})\s*$")
# …but not a label such as 联系电话 / 客服热线 before a number.
_NOT_A_NAME = re.compile(r"电话|手机|号码|热线|联系|客服|[店号话机线码]")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z*＊])[1-8][0-9*＊]{16}[0-9Xx*＊](?![0-9A-Za-z*＊])")
_ID_LABEL = re.compile(r"身份证|证件号")
_ADDRESS_PARTS = re.compile(
    r"省|自治区|特别行政区|市|区|县|镇|乡|街道|村|路|街|大道|巷|弄|胡同|号|栋|幢|座|单元|楼|层|室|小区|花园|公寓|大厦"
)
_NOT_AN_ADDRESS = re.compile(r"[¥￥]|订单|实付|合计|总价|运费|优惠|退款|时间|商品|店铺|客服")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def covers_for(lines: Sequence[OcrLine]) -> list[Cover]:
    """Every personal item found in the lines, in reading order, each with its box."""
    found: list[Cover] = []
    address_line_above = False
    name_label_above = False
    above: OcrLine | None = None
    for number, line in enumerate(lines):
        text = line.text
        spans: list[tuple[CoverKind, int, int]] = []
        phones = phone_spans(text)
        spans += [(CoverKind.PHONE, start, end) for start, end in phones]
        spans += _id_numbers(text)
        orders = _after(_ORDER_LABEL, _ORDER_VALUE, text)
        spans += [(CoverKind.ORDER_NUMBER, start, end) for start, end in orders]
        names = _names(text, phones)
        alone = _NAME_BEFORE_PHONE.match(_before_phone(text, phones))
        if not names and name_label_above and alone and not _NOT_A_NAME.search(alone.group(1)):
            names = [alone.span(1)]
        spans += [(CoverKind.NAME, start, end) for start, end in names]
        continues = address_line_above and _next_line(above, line)
        addresses = _addresses(text, phones, continues=continues)
        spans += [(CoverKind.ADDRESS, start, end) for start, end in addresses]
        spans = [span for span in spans if span[2] > span[1]]
        for kind, start, end in spans:
            found.append(
                Cover(id=f"{kind}-{number}-{start}", kind=kind, box=_box(line, start, end))
            )
        address_line_above = bool(addresses) and addresses[-1][1] >= len(text.rstrip())
        name_label_above = bool(_NAME_LABEL.fullmatch(text.strip()))
        above = line
    return found + _names_beside_phones(lines, found)


def _names_beside_phones(lines: Sequence[OcrLine], found: list[Cover]) -> list[Cover]:
    """A name the engine read as a line of its own, left of a phone on the same row (the
    delivery block of a page that prints no 收货人 label)."""
    phones = [c for c in found if c.kind == CoverKind.PHONE]
    named = {c.id.split("-")[1] for c in found if c.kind == CoverKind.NAME}
    extra = []
    for number, line in enumerate(lines):
        alone = _NAME_BEFORE_PHONE.fullmatch(line.text)
        if not alone or str(number) in named or _NOT_A_NAME.search(alone.group(1)):
            continue
        middle = (line.box[1] + line.box[3]) / 2
        if any(p.box[1] <= middle <= p.box[3] and p.box[0] >= line.box[2] - 4 for p in phones):
            extra.append(
                Cover(
                    id=f"{CoverKind.NAME}-{number}-{alone.start(1)}",
                    kind=CoverKind.NAME,
                    box=_box(line, *alone.span(1)),
                )
            )
    return extra


def _next_line(above: OcrLine | None, line: OcrLine) -> bool:
    """Whether `line` is printed right under `above` (a wrapped address), not further on."""
    if above is None:
        return False
    height = max(above.box[3] - above.box[1], 1)
    return line.box[1] - above.box[3] < height * 1.2


def _after(label: re.Pattern, value: re.Pattern, text: str) -> list[tuple[int, int]]:
    spans = []
    for match in label.finditer(text):
        found = value.match(text, match.end())
        if found:
            spans.append(found.span())
    return spans


def _before_phone(text: str, phones: list[tuple[int, int]]) -> str:
    return text[: phones[0][0]] if phones else text


def _names(text: str, phones: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The name after its label, up to the phone or the line's end (the label stays)."""
    spans = []
    for label in _NAME_LABEL.finditer(text):
        end = next((start for start, _end in phones if start >= label.end()), len(text))
        value = _NAME_VALUE.match(text[:end], label.end())
        if value:
            spans.append((value.start(), value.end()))
    if not spans and phones:  # 李小明 138****1234: a short name alone before the phone
        head = _NAME_BEFORE_PHONE.match(text[: phones[0][0]])
        if head and not _NOT_A_NAME.search(head.group(1)):
            spans.append(head.span(1))
    return spans


def _addresses(
    text: str, phones: list[tuple[int, int]], *, continues: bool
) -> list[tuple[int, int]]:
    """The address after its label; or the whole line when it reads as an address (two of
    省/市/区/路/号/室…), or as its second half right under one (one of them is enough)."""
    label = _ADDRESS_LABEL.search(text)
    if label:
        start = label.end()
    elif _NOT_AN_ADDRESS.search(text):
        return []
    else:
        parts = len(_ADDRESS_PARTS.findall(text))
        if parts < (1 if continues else 2) or not re.search(r"[\u4e00-\u9fff]", text):
            return []
        start = len(text) - len(text.lstrip())
    end = next((s for s, _e in phones if s >= start), len(text))
    value = text[start:end].rstrip(" ,，")
    return [(start, start + len(value))] if value.strip() else []


def _id_numbers(text: str) -> list[tuple[CoverKind, int, int]]:
    """18-character ID-card numbers: a valid one anywhere (region, birth date, check digit),
    a masked one (3301**********123X) or any 18 characters after 身份证 / 证件号."""
    spans = []
    labelled = bool(_ID_LABEL.search(text))
    for match in _ID_NUMBER.finditer(text):
        value = match.group().upper()
        if labelled or "*" in value or "＊" in value or _valid_id(value):
            spans.append((CoverKind.ID_NUMBER, *match.span()))
    return spans


def _valid_id(value: str) -> bool:
    if not value[:17].isdigit() or not ("1900" <= value[6:10] <= "2099"):
        return False
    if not ("01" <= value[10:12] <= "12" and "01" <= value[12:14] <= "31"):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value, _ID_WEIGHTS, strict=False))
    return "10X98765432"[total % 11] == value[17]


def _box(line: OcrLine, start: int, end: int) -> Box:
    """The box of text[start:end], padded: from the characters' boxes when the engine gave
    one per character of the text, else the whole line (never less than the item)."""
    left, top, right, bottom = line.box
    height = max(bottom - top, 1)
    if len(line.chars) == len(line.text) and "".join(c.text for c in line.chars) == line.text:
        chosen = [c.box for c in line.chars[start:end] if c.text.strip()]
        if chosen:
            left = min(b[0] for b in chosen)
            right = max(b[2] for b in chosen)
            top = min(top, *(b[1] for b in chosen))
            bottom = max(bottom, *(b[3] for b in chosen))
    across = max(3, round(height * 0.25))
    down = max(3, round(height * 0.15))
    return (max(0, left - across), max(0, top - down), right + across, bottom + down)


def clip(box: Box, width: int, height: int) -> Box:
    left, top, right, bottom = box
    return (max(0, left), max(0, top), min(width, right), min(height, bottom))
