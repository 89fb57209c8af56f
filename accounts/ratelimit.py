"""How many accounts one address may create in any sixty minutes (sign-in failures are
django-axes's).

Only accounts actually created count: a form sent back with a mistake costs nothing, so a
careless user is never locked out by their own typos. The hour slides: each account counts for
exactly sixty minutes after it was made, so there is no clock hour at which the limit resets
(an address that made ten accounts at 14:59 waits until 15:59, not 15:00).

Counted in the shared cache by a hash of the address, never the address itself. With Redis
behind the cache (production) the creation times are a sorted set changed by one Lua script,
so web processes racing each other cannot create more than the limit between them; with
Django's in-process cache (development, most tests) a lock does the same within the process.
"""

import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 3600

# Drop creations older than the window, then add this one only if the rest leave room.
# KEYS[1] the address's set; ARGV now, window, limit, member. Returns 1 if added.
CLAIM_SCRIPT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1
"""

_local_lock = threading.Lock()


def _key(request: HttpRequest) -> str:
    address = get_client_ip_address(request) or "unknown"
    digest = hashlib.sha256(address.encode()).hexdigest()[:20]
    return cache.make_key(f"signups:{digest}")


def _redis():
    """The Redis connection behind the default cache, or None when the cache is not Redis.
    Django's Redis cache keeps its connection pool on `_cache`; reusing it honours the
    cache's LOCATION and OPTIONS instead of configuring Redis a second time."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return backend._cache.get_client(write=True)
    return None


def _recent(times: list[tuple[float, str]], now: float) -> list[tuple[float, str]]:
    return [(at, member) for at, member in times if at > now - WINDOW_SECONDS]


def signups_exhausted(request: HttpRequest) -> bool:
    """True once this address created the allowed number of accounts in the last sixty
    minutes. If the cache is down, sign-up stays open (and the failure is logged)."""
    now = time.time()
    limit = settings.SIGNUPS_PER_HOUR_PER_ADDRESS
    key = _key(request)
    try:
        client = _redis()
        if client is not None:
            return client.zcount(key, f"({now - WINDOW_SECONDS}", "+inf") >= limit
        return len(_recent(cache.get(key, []), now)) >= limit
    except Exception as error:
        logger.warning("sign-up rate limit not checked: %s", type(error).__name__)
        return False


def _claim(key: str, now: float, member: str) -> bool:
    limit = settings.SIGNUPS_PER_HOUR_PER_ADDRESS
    client = _redis()
    if client is not None:
        return bool(client.eval(CLAIM_SCRIPT, 1, key, now, WINDOW_SECONDS, limit, member))
    with _local_lock:
        times = _recent(cache.get(key, []), now)
        if len(times) >= limit:
            return False
        cache.set(key, [*times, (now, member)], timeout=WINDOW_SECONDS)
        return True


def _release(key: str, member: str) -> None:
    client = _redis()
    if client is not None:
        client.zrem(key, member)
        return
    with _local_lock:
        times = cache.get(key, [])
        cache.set(key, [item for item in times if item[1] != member], timeout=WINDOW_SECONDS)


@contextmanager
def signup_slot(request: HttpRequest) -> Iterator[bool]:
    """Take one of the address's account creations for the sliding hour, atomically; yields
    False when none is left. Wrap the creation itself: if it fails, the slot is given back, so
    only accounts that exist are counted. If the cache is down, sign-up stays open."""
    key, now = _key(request), time.time()
    member = f"{now:.6f}:{secrets.token_hex(4)}"
    try:
        granted = _claim(key, now, member)
    except Exception as error:
        logger.warning("sign-up rate limit not checked: %s", type(error).__name__)
        yield True
        return
    if not granted:
        yield False
        return
    try:
        yield True
    except BaseException:
        try:
            _release(key, member)
        except Exception as error:
            logger.warning("sign-up slot not given back: %s", type(error).__name__)
        raise
