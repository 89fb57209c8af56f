"""The vault's services: what they keep, and the completeness they refresh explicitly."""

import io

import pytest

from cases.models import Case, Problem
from cases.services import case_update
from evidence import integrity
from evidence.models import CustodyAction
from evidence.vault import evidence_add, evidence_remove
from tests.support import files

pytestmark = pytest.mark.django_db


def added(case, kind: str, data: bytes, name: str = "photo.jpg"):
    received = integrity.receive_stream(io.BytesIO(data), name)
    try:
        return evidence_add(case=case, received=received, kind=kind, actor=case.owner)
    finally:
        received.close()


def stored_percent(case) -> int:
    return Case.objects.values_list("evidence_percent", flat=True).get(pk=case.pk)


def test_completeness_follows_adding_and_removing_evidence(case):
    # given a counterfeit case, which needs five kinds of evidence
    assert stored_percent(case) == 0
    # when two of them are added
    order = added(case, "order_screenshot", files.jpeg(title="订单"))
    assert stored_percent(case) == 20
    added(case, "product_photo", files.png(colour="red"), "product.png")
    assert stored_percent(case) == 40 == case.evidence_percent
    # and one is taken off again
    evidence_remove(evidence=order, actor=case.owner)
    assert stored_percent(case) == 20
    assert list(order.custody.values_list("action", flat=True)) == [
        CustodyAction.REMOVED,
        CustodyAction.UPLOADED,
    ]


def test_completeness_follows_a_change_of_the_cases_problem(case):
    added(case, "order_screenshot", files.jpeg(title="订单"))
    assert stored_percent(case) == 20  # 1 of the 5 a counterfeit case needs
    case_update(case=case, problem=Problem.REFUND_REFUSED)
    assert stored_percent(case) == 33  # 1 of the 3 a refused refund needs
    case_update(case=case, shop_name="新店名")  # other facts leave it as it is
    assert stored_percent(case) == 33
