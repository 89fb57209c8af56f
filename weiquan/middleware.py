"""Security headers and one structured log line per request.

The log line names the user by id only, and the path without its query string: phone
numbers, emails and search terms never reach the logs.
"""

import json
import logging
import time
import uuid

from django.conf import settings
from django.db import DatabaseError

logger = logging.getLogger("weiquan.requests")

# No inline scripts anywhere (templates load static files only); blob: for the previews
# the upload form shows of files not sent yet; data: for Bootstrap's inline SVG icons.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",  # the service worker at /sw.js (weiquan/webapp.py)
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Evidence and dossier files set a stricter, sandboxed policy of their own
        # (evidence/responses.py FILE_CONTENT_SECURITY_POLICY); keep theirs.
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex[:16]
        started = time.perf_counter()
        response = self.get_response(request)
        fields = {
            "request_id": request_id,
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            "user": _user_id(request),
        }
        response.headers.setdefault("X-Request-ID", request_id)
        if settings.LOG_FORMAT == "json":
            logger.info(json.dumps(fields, ensure_ascii=False))
        else:
            logger.info(" ".join(f"{key}={value}" for key, value in fields.items()))
        return response


def _user_id(request) -> int | None:
    """The signed-in user's id, or None. Finding the user may ask the database (the session,
    the user row) when the view did not: if that is what failed the request (a 503, see
    weiquan/errors.py), the line is still logged, without the user."""
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except DatabaseError:
        return None
