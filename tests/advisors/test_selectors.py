"""The advisors' search box reads a reference and a mobile as the rest of weiquan does."""

import pytest

from advisors.selectors import cases_matching
from cases.models import Case
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "term",
    ["13812345678", "138 1234 5678", "+86 138-1234-5678", "0086 13812345678"],
)
def test_a_mobile_is_found_however_it_is_typed(term):
    case = CaseFactory(owner=UserFactory(phone="13812345678"))
    CaseFactory()
    assert list(cases_matching(Case.objects.all(), term)) == [case]


def test_a_number_that_is_no_mobile_is_still_tried_as_an_order_number():
    # 12x is not a mobile prefix (core.phones): only the order number can match.
    case = CaseFactory(order_number="12812345678")
    CaseFactory(owner=UserFactory(phone="12812345678"))
    assert list(cases_matching(Case.objects.all(), "12812345678")) == [case]


def test_a_reference_is_read_with_the_configured_prefix(settings):
    settings.CASE_REFERENCE_PREFIX = "Tst"
    case = CaseFactory()
    CaseFactory()
    assert case.reference.startswith("Tst-")
    assert list(cases_matching(Case.objects.all(), case.reference.lower())) == [case]
