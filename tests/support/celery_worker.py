"""A real Celery worker over a private redis-server, for the tests that prove the worker path
(the reminder tests and the browser journeys). Everything else runs tasks inline."""

import pytest
from celery.contrib.testing.worker import start_worker

from tests.support.redis import redis_server
from weiquan.celery import app as celery_app


def use_broker(url: str) -> None:
    """Point the app at another broker (kombu keeps one connection pool per broker URL)."""
    celery_app.conf.update(broker_url=url)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def forget_backend() -> None:
    """Drop the result backend the app built from earlier settings, so the next use rebuilds it."""
    celery_app._backend_cache = None
    celery_app._local.backend = None


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A private Redis as broker and result store (the tests wait for task results; the app
    itself keeps none)."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        previous = celery_app.conf.broker_url, celery_app.conf.result_backend
        celery_app.conf.update(result_backend=url, task_always_eager=False)
        use_broker(url)
        forget_backend()
        yield url
        celery_app.conf.update(result_backend=previous[1])
        use_broker(previous[0])
        forget_backend()


@pytest.fixture
def worker(redis_url):
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield
