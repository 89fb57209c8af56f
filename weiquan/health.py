"""/healthz: whether this instance can serve (database), queue work (Redis) and reach stored
files (a HEAD on the storage sentinel), for the load balancer and docker compose. Says
nothing else about the system, and writes nothing."""

import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as CheckTimeout

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from evidence.storage import storage_sentinel_exists

STORAGE_TIMEOUT_SECONDS = 2
# One thread for storage checks: a hung storage cannot pile up threads (a check waiting behind a
# hung one times out too, which is the right answer while storage hangs).
_storage_checks = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz-storage")


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _redis() -> str:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def _storage() -> str:
    """The sentinel written at deploy time by `manage.py check_storage` is there. A missing
    sentinel means the wrong bucket, prefix or folder, or a deploy that skipped the check."""
    found = _storage_checks.submit(storage_sentinel_exists).result(STORAGE_TIMEOUT_SECONDS)
    if not found:
        raise FileNotFoundError("storage sentinel missing: run manage.py check_storage")
    return "ok"


@never_cache
@require_GET
def healthz(request):
    checks, healthy = {}, True
    for name, check in (("database", _database), ("redis", _redis), ("storage", _storage)):
        started = time.perf_counter()
        try:
            checks[name] = {"status": check()}
        except CheckTimeout:
            healthy = False
            checks[name] = {"status": "down", "error": "Timeout"}
        except Exception as error:
            healthy = False
            checks[name] = {"status": "down", "error": type(error).__name__}
        checks[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": checks}, status=200 if healthy else 503
    )
