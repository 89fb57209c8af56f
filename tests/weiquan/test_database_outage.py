"""PostgreSQL restarted under a running app (issue 17): requests during the outage get a clean
503 page in Chinese, never a traceback, and the same app serves again once the server is
back, without being restarted.

The app runs in one thread that serves one request after another, as a gunicorn worker
thread does: its database connection outlives a request (CONN_MAX_AGE), which is what a
restart breaks. The cluster restarted is the suite's own, scripts/pg.sh's private one (about
2 s: a fast shutdown and a start); the test's own connection dies with it and is reopened.
"""

import json
import os
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import HTTPError
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections

from tests.factories import CaseFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the server thread reads committed rows
    pytest.mark.usefixtures("shopping_platforms"),  # a transactional test before may flush them
]
ROOT = Path(__file__).resolve().parents[2]
OUTAGE_MESSAGE = "网站暂时连不上数据库。你已保存的内容不会丢失，请过一分钟再试。"


def private_cluster() -> Path | None:
    """scripts/pg.sh's folder, when the suite's database is on its cluster."""
    folder = Path(os.environ.get("WEIQUAN_PG_DIR", ROOT / "var/pg"))
    port = folder / "port"
    if not port.exists() or port.read_text().strip() != str(connection.settings_dict["PORT"]):
        return None
    return folder


def pg(command: str) -> str:
    done = subprocess.run(
        [str(ROOT / "scripts/pg.sh"), command], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # the app logs its own request line
        pass


@contextmanager
def serving() -> Iterator[str]:
    server: WSGIServer = make_server("127.0.0.1", 0, WSGIHandler(), handler_class=QuietHandler)

    def serve() -> None:
        try:
            server.serve_forever(poll_interval=0.05)
        finally:
            connections.close_all()  # this thread's connection: none left to block DROP DATABASE

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def get(url: str, cookie: str = "") -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def assert_clean_outage_page(status: int, headers: dict[str, str], body: str) -> None:
    assert status == 503, body[:2000]
    assert headers["Retry-After"] == "30"
    assert headers["Content-Type"].startswith("text/html")
    assert "服务暂时不可用" in body and OUTAGE_MESSAGE in body
    for leak in ("Traceback", "OperationalError", "psycopg", "connection", "127.0.0.1"):
        assert leak not in body


def test_postgresql_restarted_under_the_app_fails_requests_cleanly_and_the_app_recovers(
    client, caplog
):
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL server restart: SQLite has no server to restart")
    if private_cluster() is None:
        pytest.skip("the suite's PostgreSQL is not scripts/pg.sh's private cluster, the only one "
                    "this test may stop and start")  # fmt: skip
    settings_dict = connection.settings_dict
    assert settings_dict["CONN_MAX_AGE"] > 0 and settings_dict["CONN_HEALTH_CHECKS"]
    owner = UserFactory()
    case = CaseFactory(owner=owner, shop_name="恢复测试旗舰店")
    client.force_login(owner)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    page = case.get_absolute_url()
    url = pg("url")
    caplog.set_level("INFO", logger="weiquan.requests")
    try:
        with serving() as base:
            # given the app serving, its connection kept from one request to the next
            status, _, body = get(base + page, cookie)
            assert status == 200 and "恢复测试旗舰店" in body

            # when PostgreSQL restarts between two requests
            pg("restart")
            # then the next request checks its old connection, opens a new one and succeeds
            status, _, body = get(base + page, cookie)
            assert status == 200 and "恢复测试旗舰店" in body

            # when PostgreSQL is down
            pg("stop")
            try:
                # then a signed-in page, a public page and the health check fail cleanly
                assert_clean_outage_page(*get(base + page, cookie))
                assert_clean_outage_page(*get(base + "/platforms/"))
                status, _, body = get(base + "/healthz")
                assert status == 503
                assert json.loads(body)["checks"]["database"]["status"] == "down"
            finally:
                assert pg("start") == url  # back on the same port

            # then the same app serves again, without a restart
            status, _, body = get(base + page, cookie)
            assert status == 200 and "恢复测试旗舰店" in body
            assert get(base + "/platforms/")[0] == 200
    finally:
        connection.close()  # the test's own connection died with the server
    logged = [record.getMessage() for record in caplog.records if record.name == "weiquan.requests"]
    assert sum("status=503" in line for line in logged) == 3, logged
    assert sum("status=200" in line for line in logged) == 4, logged
