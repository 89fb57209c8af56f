import importlib
import os
from fnmatch import fnmatch
from pathlib import Path

import pytest

from tests.support.celery_worker import redis_url, worker  # noqa: F401 - shared fixtures
from tests.support.s3 import ON_S3, s3_server, s3_storage  # noqa: F401 - shared fixtures

# Playwright's sync API runs an event loop in the test thread; Django's live server and ORM
# calls from that thread are safe here (one thread per test).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
# What a run may add to the project folder (all git-ignored): pytest's cache, screenshots and
# Playwright's traces (test-results), and what `make run` leaves there, which
# tests/test_run_script.py runs: var/ (its Redis log) and beat's schedule.
ROOT_OUTPUTS = (".pytest_cache", "test-results", "var", ".celerybeat-schedule*")
_root_at_start: set[str] = set()


def pytest_sessionstart(session):
    _root_at_start.update(os.listdir(ROOT))


def pytest_sessionfinish(session, exitstatus):
    """Nothing a test starts writes into the project folder (a subprocess given a relative
    SQLite name made `test_weiquan` there once; tests/support/database.py gives absolute
    ones): the run fails if a new entry appeared."""
    new = set(os.listdir(ROOT)) - _root_at_start
    strays = sorted(name for name in new if not any(fnmatch(name, p) for p in ROOT_OUTPUTS))
    if strays:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"\ntests left files in {ROOT}: {', '.join(strays)}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _isolated_settings(request, settings, tmp_path):
    """Every test gets its own media folder (or S3 key prefix), fast password hashing and
    Chinese as language."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if ON_S3:  # WEIQUAN_TEST_STORAGE=s3: a real SeaweedFS, a key prefix for each test
        request.getfixturevalue("s3_storage")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # OCR takes a second or more per picture: only the tests that read text turn it on
    # (the `ocr` fixture), so the hundreds of other uploads do not each run the engine.
    settings.WEIQUAN_OCR = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()  # rate-limit counters start at zero in every test
    # A request leaves its language active in the thread (LocaleMiddleware): a test that
    # switched to English must not make the next one render outside a request in English.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def ocr(settings):
    """Image uploads are read by the real OCR engine, as in production."""
    settings.WEIQUAN_OCR = True


@pytest.fixture(autouse=True)
def _celery_tasks_run_inline(request):
    """Tasks queued by the code run in the test itself, except where a test brings a real
    broker and worker (the reminder worker tests)."""
    if "redis_url" in request.fixturenames:
        yield
        return
    from weiquan.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium: Playwright's own browser download cannot run on these machines."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def consumer(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def other_consumer(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def consumer_client(client, consumer):
    client.force_login(consumer)
    return client


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """A test database in a file, not in memory, so a Celery worker in another process (the
    reminder tests kill one) sees the same data."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        folder = tmp_path_factory.mktemp("database")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture
def shopping_platforms(transactional_db):
    """Put back the platforms a data migration seeds: the flush after each transactional test
    empties every table."""
    from django.apps import apps

    migration = importlib.import_module("platforms.migrations.0002_seed_shopping_platforms")
    migration.seed(apps, None)
