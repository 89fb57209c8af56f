import pytest

from core.phones import (
    format_number,
    looks_like_phone,
    normalise_dialled_number,
    normalise_mobile,
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
