"""The server-error pages (weiquan/errors.py), on either engine: a database that cannot be
opened is a 503 in Chinese, any other failure a 500 in Chinese, never a traceback.
tests/weiquan/test_database_outage.py restarts a real PostgreSQL under a running app."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client
from django.urls import path

import weiquan.urls
from weiquan import errors


def boom(request):
    raise ValueError("a bug in a view")


urlpatterns = [path("boom/", boom), *weiquan.urls.urlpatterns]
handler500 = weiquan.urls.handler500


@contextmanager
def database_unreachable(folder):
    """The default database pointed at a folder: no engine can open that as its database
    (SQLite: "unable to open database file"; PostgreSQL: no database by that name)."""
    name = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = str(folder)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name


def test_the_real_urlconf_uses_the_handler():
    assert weiquan.urls.handler500 is errors.server_error


@pytest.mark.django_db(transaction=True)  # no test transaction to lose with the connection
def test_a_database_that_cannot_be_reached_gives_a_503_in_chinese(tmp_path):
    client = Client(raise_request_exception=False)
    with database_unreachable(tmp_path):
        response = client.get("/platforms/")
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and response["Cache-Control"] == "no-store"
    assert "服务暂时不可用" in body and "你已保存的内容不会丢失" in body
    assert "Traceback" not in body and "OperationalError" not in body
    # and once the database is back, the same client is served
    assert client.get("/platforms/").status_code == 200


@pytest.mark.urls(__name__)
def test_any_other_failure_gives_a_500_in_chinese():
    response = Client(raise_request_exception=False).get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错了" in body and "已经记录下来" in body
    assert "Retry-After" not in response
    assert "ValueError" not in body and "a bug in a view" not in body
