"""The installable app: its manifest, its service worker and the offline page."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from weiquan.webapp import PRECACHED_STATIC

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_app_in_chinese_with_its_icons(client):
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="en")

    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "网购维权助手"
    assert manifest["short_name"] == "维权"
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
        "/",
        "/",
        "standalone",
    )
    assert manifest["theme_color"] == "#b4232c"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        path = icon["src"].removeprefix("/static/")
        assert finders.find(path), icon["src"]


def test_every_page_links_the_manifest_and_the_worker(client):
    page = client.get("/").content.decode()

    assert f'<link rel="manifest" href="{reverse("manifest")}">' in page
    assert 'data-service-worker="/sw.js"' in page


def test_the_worker_is_served_from_the_root_as_javascript(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    script = response.content.decode()
    assert '"/offline/"' in script
    assert 'var CACHE = "weiquan-static-' in script


def test_the_worker_precaches_only_public_files_that_exist(client):
    script = client.get("/sw.js").content.decode()
    precache = json.loads(script.split("var PRECACHE = ", 1)[1].split(";\n", 1)[0])

    assert precache[-1] == "/offline/"
    assert all(url.startswith("/static/") for url in precache[:-1])
    for path in PRECACHED_STATIC:
        assert finders.find(path), path
    for private in ("/cases/", "/evidence/", "/calendar/", "/accounts/"):
        assert not any(url.startswith(private) for url in precache)


def test_the_offline_page_is_in_chinese_and_names_no_one(client, consumer):
    client.force_login(consumer)

    response = client.get("/offline/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "你现在没有联网" in page
    assert consumer.public_name not in page
    assert "csrfmiddlewaretoken" not in page


def test_the_content_security_policy_allows_the_worker_and_the_manifest(client):
    policy = client.get("/")["Content-Security-Policy"]

    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy
