"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.TIME_ZONE, s.LANGUAGE_CODE, s.CELERY_BROKER_URL)"
)


def run_with(env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "weiquan.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_development_defaults_are_sqlite_shanghai_and_chinese():
    result = run_with({"REDIS_URL": "redis://127.0.0.1:6399/3"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "Asia/Shanghai",
        "zh-hans",
        "redis://127.0.0.1:6399/3",
    ]


def test_database_url_selects_postgresql():
    result = run_with({"DATABASE_URL": "postgres://weiquan:pw@db.internal:5432/weiquan"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


def test_production_without_a_secret_key_refuses_to_start():
    result = run_with({"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


PRINT_PROXY_HEADER = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_PROXY_SSL_HEADER)"
)
PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50}


def proxy_header_with(env: dict) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-c", PRINT_PROXY_HEADER],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "weiquan.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_production_does_not_trust_a_forwarded_proto_header_by_default():
    """docker-compose publishes gunicorn directly: a client could send the header itself."""
    assert proxy_header_with(PRODUCTION) == "None"
    assert proxy_header_with({**PRODUCTION, "DJANGO_BEHIND_PROXY": "0"}) == "None"


def test_behind_a_proxy_production_trusts_its_forwarded_proto_header():
    assert proxy_header_with({**PRODUCTION, "DJANGO_BEHIND_PROXY": "1"}) == str(
        ("HTTP_X_FORWARDED_PROTO", "https")
    )


def test_gunicorn_config_is_valid():
    import subprocess
    import sys
    from pathlib import Path

    gunicorn = Path(sys.executable).parent / "gunicorn"
    result = subprocess.run(
        [
            str(gunicorn),
            "--check-config",
            "--config",
            "gunicorn.conf.py",
            "weiquan.wsgi:application",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
