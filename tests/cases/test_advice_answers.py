"""The consumer answers a volunteer's advice from their case page ("more" section)."""

import pytest
from django.urls import reverse

from accounts.models import Notification
from advisors.models import AdviceAnswer
from advisors.roles import make_advisor
from advisors.services import case_take, help_withdraw, reply_send
from tests.factories import UserFactory
from tests.support.advisors import shared
from tests.support.sections import section

pytestmark = pytest.mark.django_db


@pytest.fixture
def advised(consumer):
    """A shared case held by a volunteer who advised on it."""
    advisor = UserFactory(display_name="小林")
    make_advisor(advisor)
    case = shared(owner=consumer)
    case_take(case=case, advisor=advisor)
    reply = reply_send(case=case, author=advisor, body="先在平台申请售后")
    return case, reply, advisor


def answer_url(case, reply) -> str:
    return reverse("advisors:answer", args=[case.reference, reply.pk])


def test_the_case_page_offers_an_answer_under_the_latest_advice(consumer_client, advised):
    case, reply, _advisor = advised
    page = consumer_client.get(section(case, "more")).content.decode()
    assert f'action="{answer_url(case, reply)}"' in page
    assert "回复志愿者" in page


def test_the_answer_shows_on_the_page_and_reaches_the_volunteer(consumer_client, advised):
    case, reply, advisor = advised
    response = consumer_client.post(answer_url(case, reply), {"answer-body": "商家说已过售后期"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/more/#advice-{reply.pk}")
    assert AdviceAnswer.objects.get().body == "商家说已过售后期"
    page = consumer_client.get(section(case, "more")).content.decode()
    assert "商家说已过售后期" in page and "你的回复" in page
    told = Notification.objects.get(user=advisor)
    assert case.reference in told.title and told.body == "商家说已过售后期"


def test_an_empty_answer_is_refused_beside_the_field(consumer_client, advised):
    case, reply, advisor = advised
    response = consumer_client.post(answer_url(case, reply), {"answer-body": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请先写下你的回复。" in page
    assert page.index('for="id_answer-body"') < page.index("请先写下你的回复。")
    assert 'class="form-control is-invalid"' in page
    assert not AdviceAnswer.objects.exists()
    assert not Notification.objects.filter(user=advisor).exists()


def test_after_withdrawing_consent_there_is_no_answer_to_send(consumer_client, advised):
    case, reply, _advisor = advised
    help_withdraw(case=case)
    assert 'name="answer-body"' not in consumer_client.get(section(case, "more")).content.decode()
    consumer_client.post(answer_url(case, reply), {"answer-body": "还在吗"})
    assert not AdviceAnswer.objects.exists()


@pytest.mark.parametrize("who", ["stranger", "advisor", "superuser"])
def test_only_the_owner_answers(client, advised, who):
    case, reply, advisor = advised
    users = {
        "stranger": UserFactory(),
        "advisor": advisor,
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    client.force_login(users[who])
    assert client.post(answer_url(case, reply), {"answer-body": "冒充"}).status_code == 404
    assert not AdviceAnswer.objects.exists()


def test_an_answer_names_a_reply_of_this_case(consumer_client, consumer, advised):
    case, reply, advisor = advised
    other = shared(owner=consumer)
    case_take(case=other, advisor=advisor)
    elsewhere = reply_send(case=other, author=advisor, body="另一个案件")
    response = consumer_client.post(answer_url(case, elsewhere), {"answer-body": "x"})
    assert response.status_code == 404
    assert consumer_client.get(answer_url(case, reply)).status_code == 405
