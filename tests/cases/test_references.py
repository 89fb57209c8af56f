"""The case reference, defined once: formatted, recognised and normalised from one prefix."""

import pytest

from cases.references import format_reference, normalise_reference, reference_pattern


@pytest.mark.parametrize(
    ("year", "number", "expected"),
    [(2026, 123, "WQ-2026-000123"), (2026, 1, "WQ-2026-000001"), (2031, 999999, "WQ-2031-999999")],
)
def test_format_reference(year, number, expected):
    assert format_reference(year, number) == expected


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("WQ-2026-000123", "WQ-2026-000123"),
        ("wq-2026-000123", "WQ-2026-000123"),
        ("  WQ-2026-000123 ", "WQ-2026-000123"),
        ("WQ-2026-00123", None),  # five digits
        ("WQ-26-000123", None),
        ("XX-2026-000123", None),
        ("WQ-2026-000123-1", None),
        ("13800138000", None),
        ("", None),
    ],
)
def test_normalise_reference(term, expected):
    assert normalise_reference(term) == expected


def test_the_prefix_comes_from_settings(settings):
    settings.CASE_REFERENCE_PREFIX = "Tst"
    assert format_reference(2026, 7) == "Tst-2026-000007"
    assert normalise_reference("tst-2026-000007") == "Tst-2026-000007"
    assert normalise_reference("WQ-2026-000007") is None
    assert reference_pattern().match(format_reference(2026, 7))


@pytest.mark.django_db
def test_the_service_hands_out_formatted_references(settings):
    from cases.services import case_next_reference

    settings.CASE_REFERENCE_PREFIX = "Tst"
    first = case_next_reference(year=2026)
    assert normalise_reference(first) == first
    assert case_next_reference(year=2026) == format_reference(2026, int(first[-6:]) + 1)
