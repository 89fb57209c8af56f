"""The load run's private site: PostgreSQL (scripts/pg.sh, its cluster in the run's folder),
Redis, SeaweedFS, a Celery worker and gunicorn with production settings, all on loopback and
free ports, each stopped when the `site()` context ends, whatever ends it (failure, Ctrl-C).
"""

import os
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.load_cpu import process_group
from bench.phone_journey import free_port, process, redis_command
from bench.scratch import MANAGE, ROOT, scratch_env
from bench.seaweedfs import seaweedfs

PG = str(ROOT / "scripts/pg.sh")
BUCKET = "weiquan-bench"


@dataclass(frozen=True)
class Site:
    base_url: str
    env: dict
    work: Path
    groups: dict[str, int]  # process groups by role, for bench/load_cpu.py


@contextmanager
def postgres(folder: Path) -> Iterator[str]:
    """A fresh private cluster under `folder` (pg.sh's WEIQUAN_PG_DIR); its DATABASE_URL."""
    env = {**os.environ, "WEIQUAN_PG_DIR": str(folder)}
    started = subprocess.run([PG, "start"], env=env, capture_output=True, text=True)
    try:
        if started.returncode != 0:
            raise RuntimeError(f"scripts/pg.sh start failed: {started.stderr[-2000:]}")
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([PG, "stop"], env=env, capture_output=True, check=False)


@contextmanager
def site(
    work: Path, *, web_workers: int, web_threads: int, worker_concurrency: int
) -> Iterator[Site]:
    """Start everything, migrate, load the directory, collect static, write the storage
    sentinel; yield the running site."""
    # As root, pg.sh runs PostgreSQL as `postgres`, which must be able to enter the folder.
    work.chmod(0o755)
    web_port, redis_port = free_port(), free_port()
    with ExitStack() as stack:
        database_url = stack.enter_context(postgres(work / "pg"))
        redis = stack.enter_context(
            process(redis_command(work, redis_port), env=dict(os.environ), log=work / "redis.log",
                    port=redis_port)
        )  # fmt: skip
        (work / "s3").mkdir()
        s3 = stack.enter_context(seaweedfs(work / "s3", bucket=BUCKET))
        env = (
            scratch_env(work, production=True, hosts="127.0.0.1")
            | s3.storage_environ()
            | {
                "DATABASE_URL": database_url,
                "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
                "DJANGO_SETTINGS_MODULE": "bench.load_settings",
                "PYTHONPATH": str(ROOT),
                "WEIQUAN_LOG_FORMAT": "plain",
                "GUNICORN_BIND": f"127.0.0.1:{web_port}",
                "WEB_CONCURRENCY": str(web_workers),
                "GUNICORN_THREADS": str(web_threads),
                "GUNICORN_LOG_LEVEL": "warning",
            }
        )
        for command in (["migrate"], ["load_directory"], ["collectstatic", "--noinput"],
                        ["check_storage"]):  # fmt: skip
            done = subprocess.run([*MANAGE, *command, "-v0"], cwd=ROOT, env=env,
                                  capture_output=True, text=True)  # fmt: skip
            if done.returncode != 0:
                raise RuntimeError(f"manage.py {command[0]} failed: {done.stderr[-2000:]}")
        celery = [str(ROOT / ".venv/bin/celery"), "-A", "weiquan", "worker", "--loglevel",
                  "WARNING", "--without-gossip", "--without-mingle",
                  f"--concurrency={worker_concurrency}"]  # fmt: skip
        worker = stack.enter_context(process(celery, env=env, log=work / "worker.log"))
        gunicorn = [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py",
                    "weiquan.wsgi:application"]  # fmt: skip
        web = stack.enter_context(process(gunicorn, env=env, log=work / "web.log", port=web_port))
        postmaster = int((work / "pg/data/postmaster.pid").read_text().split()[0])
        groups = {"gunicorn": web.pid, "celery worker": worker.pid, "seaweedfs": s3.pid,
                  "redis": redis.pid, "postgresql": process_group(postmaster)}  # fmt: skip
        yield Site(base_url=f"http://127.0.0.1:{web_port}", env=env, work=work, groups=groups)
