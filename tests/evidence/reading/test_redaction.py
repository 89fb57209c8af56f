"""What to cover: the personal items found in a transcript's lines, each with its box."""

import pytest

from evidence.reading.ocr import OcrChar, OcrLine
from evidence.reading.redaction import CoverKind, clip, covers_for


def line(text: str, top: int = 0, *, chars: bool = True, left: int = 10) -> OcrLine:
    """A line as the engine gives it: 20 px per character, 30 px tall."""
    boxes = tuple(
        OcrChar(c, (left + 20 * i, top, left + 20 * i + 18, top + 30), 0.99)
        for i, c in enumerate(text)
    )
    return OcrLine(
        text=text,
        box=(left, top, left + 20 * len(text), top + 30),
        confidence=0.99,
        chars=boxes if chars else (),
    )


def found(*texts: str) -> list[tuple[str, str]]:
    lines = [line(t, top=50 * i) for i, t in enumerate(texts)]
    result = []
    for cover in covers_for(lines):
        source = lines[int(cover.id.split("-")[1])]
        # which characters the box covers (their centres inside it)
        covered = "".join(
            c.text
            for c in source.chars
            if cover.box[0] <= (c.box[0] + c.box[2]) / 2 <= cover.box[2]
        )
        result.append((str(cover.kind), covered))
    return result


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["收货人：李小明 13812345678"], [("phone", "13812345678"), ("name", "李小明")]),
        (["联系人:张*  138****1234"], [("phone", "138****1234"), ("name", "张*")]),
        (["姓名：王建国"], [("name", "王建国")]),
        (["收货人：赵*186****9021"], [("phone", "186****9021"), ("name", "赵*")]),  # no space
        (["收件人", "赵六"], [("name", "赵六")]),
        (["李小明 138****1234"], [("phone", "138****1234"), ("name", "李小明")]),
        (["联系电话 138****1234"], [("phone", "138****1234")]),  # a label, not a name
        (["收货地址：浙江省杭州市西湖区文三路90号"], [("address", "浙江省杭州市西湖区文三路90号")]),
        (
            ["收货地址：浙江省杭州市西湖区文三路90号", "3幢502室"],
            [("address", "浙江省杭州市西湖区文三路90号"), ("address", "3幢502室")],
        ),
        (
            ["收货地址：北京市朝阳区建国路88号", "小米官方旗舰店"],
            [("address", "北京市朝阳区建国路88号")],
        ),
        (["广东省深圳市南山区科技园路1号"], [("address", "广东省深圳市南山区科技园路1号")]),
        (["身份证号 33010619900101123X"], [("id_number", "33010619900101123X")]),
        (["11010519491231002X"], [("id_number", "11010519491231002X")]),  # a valid one alone
        (["3301**********123X"], [("id_number", "3301**********123X")]),
        (["订单编号：240512123456789012"], [("order_number", "240512123456789012")]),
        (["240512123456789012"], []),  # 18 digits that are no valid ID, with no label
        (["实付款 ¥299.00", "小米手环8 NFC版", "店铺：小米官方旗舰店"], []),
        (["下单时间 2024-05-12 13:45:01"], []),
    ],
)
def test_the_items_found_and_what_their_boxes_cover(texts, expected):
    assert found(*texts) == expected


def test_order_numbers_are_off_by_default_and_the_rest_on():
    covers = covers_for([line("订单号：240512123456789012"), line("电话13812345678", 50)])
    assert {(str(c.kind), c.on_by_default) for c in covers} == {
        ("order_number", False),
        ("phone", True),
    }


def test_a_box_is_padded_around_its_characters():
    cover = covers_for([line("电话13812345678", top=100)])[0]
    left, top, right, bottom = cover.box
    assert left < 10 + 2 * 20 and right > 10 + 13 * 20 - 2  # first and last digit inside
    assert top < 100 and bottom > 130
    assert left > 10 + 1 * 20 + 18 - 10  # the label stays readable (mostly)


def test_a_line_without_character_boxes_is_covered_whole():
    plain = line("收货人：李小明 13812345678", top=40, chars=False)
    covers = covers_for([plain])
    assert {c.kind for c in covers} == {CoverKind.PHONE, CoverKind.NAME}
    for cover in covers:
        assert cover.box[0] <= plain.box[0] and cover.box[2] >= plain.box[2]
        assert cover.box[1] <= plain.box[1] and cover.box[3] >= plain.box[3]


def test_ids_are_stable_and_unique():
    lines = [line("收货人：李小明 13812345678"), line("电话 13912345678", 50)]
    first, again = covers_for(lines), covers_for(lines)
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first) == 3


def test_clip_keeps_a_box_inside_the_picture():
    assert clip((-5, -5, 900, 40), 780, 560) == (0, 0, 780, 40)


def test_a_name_read_as_its_own_line_beside_a_phone_is_found():
    name = line("王伟", top=100)
    phone = line("138****1234", top=102, left=200)
    far = line("李强", top=400)  # alone, on no phone's row
    covers = covers_for([name, phone, far])
    assert sorted(str(c.kind) for c in covers) == ["name", "phone"]
    named = next(c for c in covers if c.kind == CoverKind.NAME)
    assert named.box[0] < 10 and named.box[2] > 10 + 2 * 20 - 2 and named.box[1] < 100
