"""Password guessing is stopped on the consumer login and the admin login alike."""

import pytest
from django.test import Client
from django.urls import reverse

from advisors.roles import make_advisor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def guess(client, url, username, times, password="wrong-password-123"):
    return [
        client.post(url, {"username": username, "password": password}).status_code
        for _ in range(times)
    ]


def test_consumer_login_locks_after_five_wrong_passwords(settings):
    user = UserFactory()
    client = Client()
    url = reverse("accounts:login")
    assert guess(client, url, user.phone, 4) == [200] * 4
    statuses = guess(client, url, user.phone, 2)
    assert statuses[-1] == 429
    # Even the right password is refused while locked, with a page saying what to do.
    locked = client.post(url, {"username": user.phone, "password": "correct-horse-battery"})
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "15" in text and reverse("accounts:password_reset") in text
    # Another account from the same address is not affected (shared carrier NAT).
    other = UserFactory()
    ok = client.post(url, {"username": other.phone, "password": "correct-horse-battery"})
    assert ok.status_code == 302


def test_admin_login_is_rate_limited_too():
    advisor = UserFactory(email="volunteer@example.cn")
    make_advisor(advisor)
    client = Client()
    url = reverse("admin:login")
    guess(client, url, "volunteer@example.cn", 5)
    response = client.post(
        url, {"username": "volunteer@example.cn", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429


def test_a_successful_login_resets_the_count():
    user = UserFactory()
    client = Client()
    url = reverse("accounts:login")
    guess(client, url, user.phone, 4)
    assert (
        client.post(url, {"username": user.phone, "password": "correct-horse-battery"}).status_code
        == 302
    )
    client.logout()
    assert guess(client, url, user.phone, 4) == [200] * 4
