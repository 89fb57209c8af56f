import pytest

from cases.models import Problem
from evidence.checklist import HINTS, REQUIREMENTS, checklist_for
from evidence.models import EvidenceKind as K


@pytest.mark.parametrize(
    ("problem", "needed"),
    [
        (
            Problem.COUNTERFEIT,
            {K.ORDER_SCREENSHOT, K.PRODUCT_PHOTO, K.PACKAGING_PHOTO, K.CHAT_LOG, K.PRODUCT_PAGE},
        ),
        (Problem.REFUND_REFUSED, {K.ORDER_SCREENSHOT, K.REFUND_REQUEST, K.CHAT_LOG}),
        (
            Problem.NOT_AS_DESCRIBED,
            {K.ORDER_SCREENSHOT, K.PRODUCT_PAGE, K.PRODUCT_PHOTO, K.CHAT_LOG},
        ),
        (
            Problem.UNSAFE_FOOD,
            {K.ORDER_SCREENSHOT, K.PACKAGING_PHOTO, K.PAYMENT_PROOF, K.PRODUCT_PHOTO},
        ),
        (Problem.AUTO_RENEWAL, {K.PAYMENT_PROOF, K.ORDER_SCREENSHOT, K.CHAT_LOG}),
    ],
)
def test_each_problem_names_the_evidence_it_needs(problem, needed):
    checklist = checklist_for(problem=problem, counts_by_kind={})
    assert {item.kind for item in checklist.missing} == needed
    assert checklist.percent == 0


def test_counterfeit_appraisal_report_is_optional_and_not_missing():
    checklist = checklist_for(problem=Problem.COUNTERFEIT, counts_by_kind={})
    appraisal = next(item for item in checklist.items if item.kind == K.APPRAISAL_REPORT)
    assert appraisal.optional and appraisal not in checklist.missing


def test_percent_counts_required_kinds_present():
    checklist = checklist_for(
        problem=Problem.REFUND_REFUSED,
        counts_by_kind={K.ORDER_SCREENSHOT: 2, K.CHAT_LOG: 1, K.LOGISTICS_RECORD: 1},
    )
    assert checklist.percent == 67
    assert [item.kind for item in checklist.missing] == [K.REFUND_REQUEST]


def test_every_problem_has_requirements_and_every_kind_a_hint():
    assert set(REQUIREMENTS) == set(Problem.values)
    assert set(HINTS) == set(K.values)
