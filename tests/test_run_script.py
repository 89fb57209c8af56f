"""`make run` (scripts/run.sh) stopped as a terminal or a supervisor stops it, with a signal to
its whole process group, leaves nothing behind: not its private redis-server, not the web
server, worker or beat that honcho started in sessions of their own.

Slow (about 20 s: the script migrates a new database and seeds the demo before it serves)."""

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.redis import free_port

ROOT = Path(__file__).resolve().parent.parent


def descendants(pid: int) -> set[int]:
    """Every process below pid, wherever it went (honcho gives each child its own session)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def serving(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_nothing_make_run_starts_outlives_a_signal_to_its_group(tmp_path, stop_with):
    # given scripts/run.sh serving on free ports with its own Redis and a new database
    web_port, redis_port = free_port(), free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "PORT": str(web_port),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    log = (tmp_path / "run.log").open("w")
    script = subprocess.Popen(
        ["scripts/run.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a terminal gives it
    )  # fmt: skip
    started: set[int] = set()
    try:
        deadline = time.monotonic() + 180
        while not serving(web_port):
            assert script.poll() is None, (tmp_path / "run.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "run.sh did not serve within 180 s"
            time.sleep(0.5)
        started = descendants(script.pid)
        commands = " ".join(Path(f"/proc/{pid}/cmdline").read_text() for pid in alive(started))
        assert "redis-server" in commands and "runserver" in commands and "celery" in commands

        # when the whole group is signalled, as Ctrl-C or a supervisor does
        os.killpg(script.pid, stop_with)

        # then within 20 s the script and everything it started are gone
        script.wait(timeout=20)
        deadline = time.monotonic() + 20
        while alive(started) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert alive(started) == set(), [
            Path(f"/proc/{pid}/cmdline").read_text() for pid in alive(started)
        ]
        assert not serving(web_port)
    finally:
        for pid in alive(started | {script.pid}):  # only what this test started
            os.kill(pid, signal.SIGKILL)
        log.close()
