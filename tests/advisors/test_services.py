"""The advisors' services beside the other apps' (advisors/services.py)."""

import pytest

from advisors.services import help_request
from cases.models import Case
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_editing_a_case_keeps_what_other_apps_store_on_it(consumer):
    from cases.services import case_update

    case = CaseFactory(owner=consumer)
    stale = Case.objects.get(pk=case.pk)  # loaded before the owner asked for help
    help_request(case=case)
    Case.objects.filter(pk=case.pk).update(evidence_percent=60)
    case_update(case=stale, shop_name="改过名字的店")
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.shop_name == "改过名字的店"
    assert fresh.shared_with_advisors and fresh.evidence_percent == 60
