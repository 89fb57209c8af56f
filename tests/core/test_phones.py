import pytest

from core.phones import (
    format_number,
    looks_like_phone,
    normalise_dialled_number,
    normalise_mobile,
    phone_spans,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("008613800138000", "13800138000"),
        ("19912345678", "19912345678"),
        ("12800138000", None),  # 12x is not a mobile prefix
        ("1380013800", None),  # ten digits
        ("138001380000", None),  # twelve digits
        ("abc", None),
        ("", None),
    ],
)
def test_normalise_mobile(raw, expected):
    assert normalise_mobile(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12315", "12315"),
        ("021-53395288", "02153395288"),
        ("400-8822-528", "4008822528"),
        ("95188", "95188"),
        ("13800138000", "13800138000"),
        ("0571-8815 8198", "057188158198"),
        ("12", None),
        ("+1 212 555 0100", None),
        ("call me", None),
    ],
)
def test_normalise_dialled_number(raw, expected):
    assert normalise_dialled_number(raw) == expected


def test_looks_like_phone_tells_numbers_from_emails():
    assert looks_like_phone("+86 138 0013 8000")
    assert not looks_like_phone("a@b.cn")
    assert not looks_like_phone("")


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("13800138000", "138 0013 8000"),
        ("02153395288", "021-53395288"),
        ("057188158198", "0571-88158198"),
        ("4008822528", "400-882-2528"),
        ("12315", "12315"),
    ],
)
def test_format_number(number, shown):
    assert format_number(number) == shown


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("收货人：李小明13812345678", ["13812345678"]),
        ("联系电话 138****1234", ["138****1234"]),
        ("手机 138 1234 5678", ["138 1234 5678"]),
        ("+86 138-1234-5678 已验证", ["+86 138-1234-5678"]),
        ("客服电话0571-88888888", ["0571-88888888"]),
        ("电话 021 53395288转123", ["021 53395288转123"]),
        ("订单编号：240512123456789012", []),  # digits inside a longer run are not a phone
        ("身份证33010619900101123X", []),
        ("实付款¥299.00 2024-05-12 13:45:01", []),
        ("1**********", []),  # nothing of the number is shown
        ("400-800-1234", []),  # a company's service line, not the consumer's
    ],
)
def test_phone_spans_find_what_is_shown_of_a_number(text, found):
    assert [text[start:end] for start, end in phone_spans(text)] == found
