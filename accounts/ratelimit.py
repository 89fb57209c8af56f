"""How many accounts one address may create per hour (sign-in failures are django-axes's).

Counted in the shared cache by a hash of the address, never the address itself.
"""

import hashlib
import logging
import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def signup_allowed(request) -> bool:
    """Count this sign-up attempt; False once the address made too many this hour. If the
    cache is down, sign-up stays open (and the failure is logged)."""
    address = get_client_ip_address(request) or "unknown"
    digest = hashlib.sha256(address.encode()).hexdigest()[:20]
    key = f"signup:{digest}:{int(time.time() // 3600)}"
    try:
        cache.add(key, 0, timeout=3600)
        count = cache.incr(key)
    except Exception as error:
        logger.warning("sign-up rate limit not checked: %s", type(error).__name__)
        return True
    return count <= settings.SIGNUPS_PER_HOUR_PER_ADDRESS
