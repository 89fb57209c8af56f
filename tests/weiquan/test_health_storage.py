"""/healthz checks stored files: a HEAD on the sentinel `manage.py check_storage` writes at
deploy time. Against the local disk and a real SeaweedFS, up, down and hanging."""

import socket
import time

import pytest
from django.core.management import CommandError, call_command

from evidence.storage import SENTINEL, SENTINEL_TEXT, evidence_storage
from tests.support.redis import free_port
from tests.support.s3 import seaweedfs, use_s3
from tests.support.storage import stored_names
from weiquan.health import STORAGE_TIMEOUT_SECONDS

pytestmark = pytest.mark.django_db


def storage_check(client) -> dict:
    response = client.get("/healthz")
    check = response.json()["checks"]["storage"]
    if check["status"] == "down":  # (Redis is not running here: the answer is 503 anyway)
        assert response.status_code == 503 and response.json()["status"] == "down"
    return check


def test_without_the_sentinel_storage_is_down_and_the_check_writes_nothing(client):
    check = storage_check(client)
    assert check["status"] == "down" and check["error"] == "FileNotFoundError"
    assert stored_names() == set()  # no writes on GET


def test_check_storage_writes_the_sentinel_once_and_health_is_then_ok(client):
    call_command("check_storage")
    call_command("check_storage")  # at every deploy: finds it, writes no second copy
    assert stored_names() == {SENTINEL}
    with evidence_storage.open(SENTINEL, "rb") as stored:
        assert stored.read() == SENTINEL_TEXT
    assert storage_check(client)["status"] == "ok"


def test_on_seaweedfs_health_follows_the_server_up_and_down(client, settings, tmp_path):
    with seaweedfs(tmp_path) as server:
        use_s3(settings, server, "health")
        assert storage_check(client)["status"] == "down"  # up, but the sentinel is missing
        call_command("check_storage")
        assert server.keys() == [f"health/{SENTINEL}"]
        assert storage_check(client)["status"] == "ok"
    # the server is stopped (killed): nothing listens on its port any more
    started = time.monotonic()
    check = storage_check(client)
    assert check["status"] == "down" and check["error"] != "FileNotFoundError"
    assert time.monotonic() - started < STORAGE_TIMEOUT_SECONDS + 1


def test_a_storage_that_hangs_is_reported_down_within_the_time_limit(client, settings, s3_server):
    with socket.socket() as silent:  # accepts connections and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        port = silent.getsockname()[1]
        hanging = s3_server.__class__(
            endpoint_url=f"http://127.0.0.1:{port}",
            access_key=s3_server.access_key,
            secret_key=s3_server.secret_key,
            bucket=s3_server.bucket,
            pid=0,
        )
        use_s3(settings, hanging, "")
        started = time.monotonic()
        check = storage_check(client)
        elapsed = time.monotonic() - started
    assert check == {"status": "down", "error": "Timeout", "ms": check["ms"]}
    assert STORAGE_TIMEOUT_SECONDS <= elapsed < STORAGE_TIMEOUT_SECONDS + 1.5


def test_check_storage_fails_clearly_when_s3_is_unreachable(settings, s3_server):
    gone = s3_server.__class__(
        endpoint_url=f"http://127.0.0.1:{free_port()}",
        access_key=s3_server.access_key,
        secret_key=s3_server.secret_key,
        bucket=s3_server.bucket,
        pid=0,
    )
    use_s3(settings, gone, "")
    with pytest.raises(CommandError, match=r"Evidence storage \(s3://weiquan-test/ at http"):
        call_command("check_storage")


def test_check_storage_fails_clearly_with_wrong_keys(settings, s3_server):
    wrong = s3_server.__class__(
        endpoint_url=s3_server.endpoint_url,
        access_key=s3_server.access_key,
        secret_key="not-the-secret",
        bucket=s3_server.bucket,
        pid=0,
    )
    use_s3(settings, wrong, "")
    with pytest.raises(CommandError, match="ClientError"):
        call_command("check_storage")
