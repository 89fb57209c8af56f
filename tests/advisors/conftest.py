import pytest

from advisors.roles import make_advisor
from advisors.services import help_request
from tests.factories import CaseFactory, UserFactory


@pytest.fixture
def advisor(db):
    user = UserFactory(display_name="小林")
    make_advisor(user)
    return user


@pytest.fixture
def other_advisor(db):
    user = UserFactory(display_name="老周")
    make_advisor(user)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True, display_name="管理员")


@pytest.fixture
def advisor_client(client, advisor):
    client.force_login(advisor)
    return client


@pytest.fixture
def shared_case(consumer):
    """A case whose owner asked for help (and so consented to advisors reading it)."""
    case = CaseFactory(owner=consumer)
    help_request(case=case, message="商家不退款，下一步怎么办？")
    return case


@pytest.fixture
def private_case(consumer):
    """A case of the same consumer that was never shared with advisors."""
    return CaseFactory(owner=consumer)
