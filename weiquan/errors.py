"""The page a request gets when the server fails it (handler500 in weiquan/urls.py).

A database that cannot be reached (PostgreSQL restarting, a failover, SQLite locked past its
timeout) is an outage, not a bug: the answer is 503 with a Retry-After and a Chinese message
that nothing saved is lost. Anything else is a 500. Either way no traceback reaches the
browser (Django logs it), and the page is rendered without the request: the context
processors would ask the database for the signed-in user, which is what just failed.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

RETRY_AFTER_SECONDS = 30


def database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls handler500 while it handles the exception, so it is still the current one.
    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = HttpResponse(loader.render_to_string("500.html"), status=500)
    response["Cache-Control"] = "no-store"
    return response
