"""`make run` (scripts/run.sh) stopped as a terminal or a supervisor stops it, with a signal to
its whole process group, leaves nothing behind: not its private redis-server, not the web
server, worker or beat that honcho started in sessions of their own. A worker that dies is
started again (scripts/supervise.sh) while the web server keeps serving.

Slow (about 20 s each: the script migrates a new database and seeds the demo before it
serves)."""

import os
import signal
import subprocess
import time
import urllib.request
from contextlib import contextmanager
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


def commandline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


def worker_main(pids: set[int]) -> int | None:
    """The Celery worker's main process: the `celery worker` that scripts/supervise.sh runs
    (not a pool process, nor one left over from a killed worker)."""
    for pid in alive(pids):
        if " worker " in commandline(pid) and "celery" in commandline(pid):
            parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
            if "supervise.sh worker" in commandline(parent):
                return pid
    return None


@contextmanager
def make_run(tmp_path: Path):
    """scripts/run.sh serving on free ports with its own Redis and a new database; yields
    (process, web port); afterwards kills whatever it started that is still alive."""
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
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 180
        while not serving(web_port):
            assert script.poll() is None, (tmp_path / "run.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "run.sh did not serve within 180 s"
            time.sleep(0.5)
        yield script, web_port, seen
    finally:
        for pid in alive(seen | descendants(script.pid) | {script.pid}):  # only ours
            os.kill(pid, signal.SIGKILL)
        log.close()


def stop_and_check_nothing_is_left(script, stop_with, started: set[int], web_port: int) -> None:
    os.killpg(script.pid, stop_with)
    script.wait(timeout=20)
    deadline = time.monotonic() + 20
    while alive(started) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert alive(started) == set(), [commandline(pid) for pid in alive(started)]
    assert not serving(web_port)


@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_nothing_make_run_starts_outlives_a_signal_to_its_group(tmp_path, stop_with):
    # given scripts/run.sh serving
    with make_run(tmp_path) as (script, web_port, seen):
        started = descendants(script.pid)
        seen |= started
        commands = " ".join(commandline(pid) for pid in alive(started))
        assert "redis-server" in commands and "runserver" in commands and "celery" in commands

        # when the whole group is signalled, as Ctrl-C or a supervisor does
        # then within 20 s the script and everything it started are gone
        stop_and_check_nothing_is_left(script, stop_with, started, web_port)


def test_make_run_restarts_a_killed_worker_and_keeps_serving(tmp_path):
    # given scripts/run.sh serving, with its worker's main process known
    with make_run(tmp_path) as (script, web_port, seen):
        seen |= descendants(script.pid)
        first = worker_main(seen)
        assert first is not None, [commandline(pid) for pid in alive(seen)]

        # when the kernel kills the worker (as the out-of-memory killer does)
        os.kill(first, signal.SIGKILL)

        # then a new worker starts within a few seconds and the web server never stopped
        deadline = time.monotonic() + 30
        second = None
        while second in (None, first):
            assert time.monotonic() < deadline, (tmp_path / "run.log").read_text()[-3000:]
            assert script.poll() is None, (tmp_path / "run.log").read_text()[-3000:]
            assert serving(web_port)
            time.sleep(0.3)
            seen |= descendants(script.pid)
            second = worker_main(seen)
        assert (
            "run: worker exited with 137, restarting in 1 s" in (tmp_path / "run.log").read_text()
        )
        while "celery@" not in (tmp_path / "run.log").read_text().split("restarting in 1 s")[-1]:
            assert time.monotonic() < deadline, (tmp_path / "run.log").read_text()[-3000:]
            time.sleep(0.3)
        assert serving(web_port)

        # and a SIGTERM to the group still stops everything, the new worker included
        seen |= descendants(script.pid)
        stop_and_check_nothing_is_left(script, signal.SIGTERM, alive(seen), web_port)
