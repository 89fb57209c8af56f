"""The sign-up limit counts accounts created from an address over a sliding hour, in the
in-process cache (development) and in a real Redis (production) alike."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from accounts.ratelimit import signup_slot, signups_exhausted
from tests.support.redis import redis_server

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
SHANGHAI = ZoneInfo("Asia/Shanghai")
PASSWORD = "维权-correct-horse-9"


@pytest.fixture(scope="module")
def redis_location(tmp_path_factory):
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["in-process", "redis"])
def signup_cache(request, settings):
    """Run each test against both caches the limit meets; Redis is a real server."""
    if request.param == "redis":
        location = request.getfixturevalue("redis_location")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": location,
            }
        }
    caches["default"].clear()
    settings.SIGNUPS_PER_HOUR_PER_ADDRESS = 3
    return request.param


def at(clock: str) -> datetime:
    hour, minute, second = (int(part) for part in clock.split(":"))
    return datetime(2026, 12, 1, hour, minute, second, tzinfo=SHANGHAI)


def sign_up(client, number: int, *, password: str = PASSWORD) -> int:
    response = client.post(
        SIGNUP,
        {
            "identifier": f"1391234{number:04d}",
            "password1": password,
            "accept_privacy": "on",
        },
    )
    client.logout()
    return response.status_code


def test_forms_sent_back_with_mistakes_do_not_count(client, signup_cache):
    # given many attempts the form refused (the password is too short)
    for number in range(20):
        assert sign_up(client, number, password="abc") == 200
    assert not User.objects.exists()

    # then the address may still create its three accounts, and no fourth
    assert [sign_up(client, number) for number in range(3)] == [302, 302, 302]
    assert sign_up(client, 3) == 429
    assert User.objects.count() == 3


def test_the_hour_slides_instead_of_resetting_on_the_clock_hour(client, signup_cache):
    with time_machine.travel(at("14:20:00"), tick=False) as clock:
        assert sign_up(client, 1) == 302
        clock.move_to(at("14:59:50"))
        assert sign_up(client, 2) == 302
        assert sign_up(client, 3) == 302
        assert sign_up(client, 4) == 429

        # a new clock hour does not open the door again ...
        clock.move_to(at("15:00:06"))
        assert sign_up(client, 5) == 429
        clock.move_to(at("15:19:59"))
        assert sign_up(client, 6) == 429

        # ... sixty minutes after the first account, one more may be made, and only one
        clock.move_to(at("15:20:01"))
        assert sign_up(client, 7) == 302
        assert sign_up(client, 8) == 429

        # and after the 14:59:50 pair has aged out, two more
        clock.move_to(at("16:00:00"))
        assert [sign_up(client, n) for n in (9, 10, 11)] == [302, 302, 429]
        assert "一小时" in client.post(SIGNUP, {}).content.decode()


def test_once_the_hour_is_used_up_even_a_form_with_mistakes_gets_the_limit_page(
    client, signup_cache
):
    assert [sign_up(client, number) for number in range(3)] == [302, 302, 302]
    response = client.post(SIGNUP, {"identifier": "", "password1": ""})
    assert response.status_code == 429


def test_other_addresses_keep_their_own_hour(client, signup_cache):
    assert [sign_up(client, number) for number in range(3)] == [302, 302, 302]
    assert sign_up(client, 3) == 429
    response = client.post(
        SIGNUP,
        {
            "identifier": "13912349999",
            "password1": PASSWORD,
            "accept_privacy": "on",
        },
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302


def test_a_creation_that_fails_gives_its_slot_back(signup_cache):
    request = RequestFactory().post(SIGNUP)
    for _ in range(5):
        with pytest.raises(RuntimeError), signup_slot(request) as granted:
            assert granted
            raise RuntimeError("the database refused the account")
    assert not signups_exhausted(request)
    for _ in range(3):
        with signup_slot(request) as granted:
            assert granted
    with signup_slot(request) as granted:
        assert not granted
    assert signups_exhausted(request)


def test_racing_sign_ups_from_one_address_get_no_more_than_the_limit(signup_cache):
    request = RequestFactory().post(SIGNUP)
    outcomes: list[bool] = []
    start = threading.Barrier(12)

    def attempt():
        start.wait()
        with signup_slot(request) as granted:
            outcomes.append(granted)

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(outcomes) == [False] * 9 + [True] * 3


def test_a_cache_that_is_down_leaves_sign_up_open(settings, caplog):
    from tests.support.redis import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        }
    }
    request = RequestFactory().post(SIGNUP)
    assert not signups_exhausted(request)
    with signup_slot(request) as granted:
        assert granted
    assert "sign-up rate limit not checked" in caplog.text
