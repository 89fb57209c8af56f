"""The installable web app: its manifest, its service worker (served from the root so its
scope is the whole site) and the page the worker shows when the network is gone.

The worker keeps public static files and the offline page, nothing else: no page a signed-in
consumer sees is ever cached (templates/webapp/sw.js says how).
"""

import hashlib
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

THEME_COLOUR = "#b4232c"  # --wq-brand in static/css/app.css
ICONS = [(192, "img/icon-192.png"), (512, "img/icon-512.png")]
# Public files every page loads, kept by the worker so the offline page has its look.
PRECACHED_STATIC = [
    "vendor/bootstrap/bootstrap.min.css",
    "css/app.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "js/app.js",
    "img/favicon.svg",
    *(path for _size, path in ICONS),
]
# The worker's one cache; the page keeps it on logout (it holds nothing private).
CACHE_PREFIX = "weiquan-static-"


@require_GET
def manifest(request):
    with translation.override(settings.LANGUAGE_CODE):
        body = {
            "name": _("weiquan: online shopping rights"),
            "short_name": _("weiquan"),
            "lang": "zh-CN",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": THEME_COLOUR,
            "icons": [
                {"src": static(path), "sizes": f"{size}x{size}", "type": "image/png"}
                for size, path in ICONS
            ]
            + [
                {
                    "src": static(ICONS[-1][1]),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                }
            ],
        }
    return JsonResponse(
        body,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def service_worker(request):
    precache = [static(path) for path in PRECACHED_STATIC] + [reverse("offline")]
    # A new cache name whenever a file's hashed URL changes (in production) or the list does.
    version = hashlib.sha256("\n".join(precache).encode()).hexdigest()[:12]
    response = render(
        request,
        "webapp/sw.js",
        {
            "cache_name": json.dumps(CACHE_PREFIX + version),
            "precache": json.dumps(precache),
            "offline_url": json.dumps(reverse("offline")),
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # browsers look for a new worker on each visit
    return response


@require_GET
def offline(request) -> HttpResponse:
    """The page shown without a network. It names no user (the worker fetches it without
    cookies, so it can be cached for everyone)."""
    return render(request, "webapp/offline.html")
