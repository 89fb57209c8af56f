import pytest
from django.test import Client

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
def advisor_client(advisor):
    """A browser of its own, so a test can hold the consumer's (`consumer_client`) too."""
    client = Client()
    client.force_login(advisor)
    return client


@pytest.fixture
def consumer(db):
    """A consumer with no quiet hours, so what advisors send reaches them at once."""
    user = UserFactory()
    user.quiet_hours_start = user.quiet_hours_end
    user.save()
    return user


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
