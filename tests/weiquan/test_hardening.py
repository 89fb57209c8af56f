"""What an attacker and an operator meet: headers, no inline scripts, rate limits, health,
and logs without personal data."""

import logging
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from advisors.roles import make_advisor
from advisors.services import help_request
from platforms.directory import directory_load
from tests.factories import CaseFactory, UserFactory
from tests.support.redis import free_port, redis_server
from tests.support.sections import every_section

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)


@pytest.fixture
def pages(consumer_client, consumer):
    directory_load()
    case = CaseFactory(owner=consumer)
    help_request(case=case)
    advisor = UserFactory()
    make_advisor(advisor)
    staff = Client()
    staff.force_login(advisor)
    public = Client()
    return [
        (public, reverse("home")),
        (public, reverse("guides:list")),
        (public, reverse("platforms:detail", args=["pinduoduo"])),
        (public, reverse("accounts:signup")),
        (public, reverse("accounts:login")),
        (consumer_client, reverse("cases:list")),
        *((consumer_client, url) for url in every_section(case)),
        (consumer_client, reverse("cases:new")),
        (consumer_client, reverse("accounts:profile")),
        (staff, reverse("admin:index")),
        (staff, reverse("admin:cases_case_changelist")),
        (staff, reverse("admin:cases_case_change", args=[case.pk])),
        (staff, reverse("advisor_dashboard")),
    ]


def test_every_page_has_a_strict_policy_and_no_inline_script(pages):
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, url
        assert "frame-ancestors 'none'" in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html).group(0))
        assert not re.search(r"\son(click|load|change|submit)=", html), url
        assert "cdn" not in " ".join(re.findall(r'(?:src|href)="(https?://[^"]+)"', html)), url


def test_health_reports_the_database_and_redis(client, settings, tmp_path):
    call_command("check_storage")
    with redis_server(tmp_path) as url:
        settings.REDIS_URL = url
        healthy = client.get("/healthz")
    assert healthy.status_code == 200
    assert healthy.json()["checks"]["database"]["status"] == "ok"
    assert healthy.json()["checks"]["redis"]["status"] == "ok"
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    down = client.get("/healthz")
    assert down.status_code == 503
    assert down.json()["checks"]["redis"]["status"] == "down"
    assert down["Cache-Control"].startswith("max-age=0")


def test_sign_up_is_rate_limited_per_address(client, settings):
    settings.SIGNUPS_PER_HOUR_PER_ADDRESS = 3
    statuses = []
    for number in range(4):
        statuses.append(
            client.post(
                reverse("accounts:signup"),
                {
                    "identifier": f"1391234{number:04d}",
                    "password1": "维权-correct-horse-9",
                    "accept_privacy": "on",
                },
            ).status_code
        )
        client.logout()
    assert statuses == [302, 302, 302, 429]
    assert "一小时" in client.post(reverse("accounts:signup"), {}).content.decode()


def test_request_log_names_users_by_id_only(client, caplog):
    user = UserFactory(phone="13566667777", email="wang@example.cn")
    with caplog.at_level(logging.INFO, logger="weiquan.requests"):
        client.post(reverse("accounts:login"), {"username": user.phone, "password": "nope"})
        client.force_login(user)
        client.get(reverse("guides:list") + "?q=13566667777")
    lines = [record.getMessage() for record in caplog.records if record.name == "weiquan.requests"]
    assert len(lines) == 2
    assert f"user={user.pk}" in lines[-1]
    for line in lines:
        assert "13566667777" not in line and "wang@" not in line and "?q=" not in line


def test_evidence_is_never_under_a_public_url(client):
    for url in ["/media/", "/media/evidence/anything.jpg", "/evidence/", "/dossiers/"]:
        assert client.get(url).status_code == 404, url
