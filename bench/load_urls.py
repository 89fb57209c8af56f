"""The site's URLs plus /bench-minimal/, the load run's reference view: the same middleware as
every page, and it reads the signed-in user as every page must (session and user queries),
but does no work of its own. A page's p95 is read against this view's p95 in the same run."""

from django.http import HttpResponse
from django.urls import path

from weiquan.urls import urlpatterns as site_urlpatterns


def minimal(request):
    return HttpResponse(request.user.get_username(), content_type="text/plain")


urlpatterns = [path("bench-minimal/", minimal, name="bench_minimal"), *site_urlpatterns]
