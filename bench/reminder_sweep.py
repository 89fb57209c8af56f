"""Benchmark: the reminder sweep over 100,000 cases and 200,000 reminders (1,000 due), and
delivery of those 1,000 by a real Celery worker with 2 processes over a private redis-server.

Runs against a throw-away SQLite database; mail goes to Django's dummy backend, so what is
measured is weiquan's own path (claim, render, record, notify), not a mail server.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
CASES = int(os.environ.get("BENCH_CASES", "100000"))
REMINDERS_PER_CASE = 2
DUE = int(os.environ.get("BENCH_DUE", "1000"))

SEED = """
import os
import time
from datetime import date, time as clock, timedelta
from django.utils import timezone
from accounts.models import User
from cases.models import Case, Reminder
from platforms.models import Platform

cases_wanted = int(os.environ["BENCH_CASES"])
per_case = int(os.environ["BENCH_PER_CASE"])
due = int(os.environ["BENCH_DUE"])
started = time.perf_counter()
platform = Platform.objects.get(slug="douyin")
users = User.objects.bulk_create(
    User(username=f"bench{n}", email=f"bench{n}@example.cn", phone=f"137{n:08d}",
         quiet_hours_start=clock(0), quiet_hours_end=clock(0))
    for n in range(1000)
)
now = timezone.now()
cases = Case.objects.bulk_create(
    (Case(reference=f"WQ-2026-{n:06d}", owner=users[n % 1000], platform=platform,
          shop_name="店铺", product="商品", amount_paid=99, purchase_date=date(2026, 11, 1),
          problem="defect", wants=["refund"], last_activity_at=now)
     for n in range(cases_wanted)),
    batch_size=5000,
)
Reminder.objects.bulk_create(
    (Reminder(case=cases[n // per_case], kind="manual", message=f"提醒 {n}",
              channels=["email", "in_app"],
              due_at=now - timedelta(minutes=1) if n < due else now + timedelta(days=1 + n % 90))
     for n in range(cases_wanted * per_case)),
    batch_size=5000,
)
print(f"seeded in {time.perf_counter() - started:.1f} s")
"""

SWEEP = """
import statistics, time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from cases.reminders import reminders_due

timings = []
for _ in range(5):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        due = reminders_due()
        timings.append(time.perf_counter() - started)
print(len(due), len(queries), statistics.median(timings))
"""


def manage(env, *args, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=capture, text=True,
    )  # fmt: skip
    return result.stdout


def run() -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from bench.upload_hashing import row
    from tests.support.redis import redis_server

    work = Path(tempfile.mkdtemp(prefix="weiquan-bench-reminders-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    worker = None
    try:
        manage(env, "migrate", "-v0")
        env.update(
            BENCH_CASES=str(CASES), BENCH_PER_CASE=str(REMINDERS_PER_CASE), BENCH_DUE=str(DUE)
        )
        print(manage(env, "shell", "-c", SEED, capture=True).strip().splitlines()[-1])
        found, queries, seconds = manage(env, "shell", "-c", SWEEP, capture=True).split()[-3:]

        with redis_server(work) as redis_url:
            env["REDIS_URL"] = redis_url
            worker = subprocess.Popen(
                [str(ROOT / ".venv/bin/celery"), "-A", "weiquan", "worker", "--concurrency", "2",
                 "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                stderr=(work / "worker.log").open("w"),
            )  # fmt: skip
            time.sleep(3)  # the worker's processes start
            started = time.perf_counter()
            manage(
                env,
                "shell",
                "-c",
                "from cases.tasks import reminders_sweep; reminders_sweep.delay()",
            )
            count = (
                "from accounts.models import Notification; from cases.models import Reminder; "
                "print(Reminder.objects.filter(state='sent').count(), Notification.objects.count())"
            )
            sent = notified = 0
            while time.perf_counter() - started < 600:
                sent, notified = map(
                    int, manage(env, "shell", "-c", count, capture=True).split()[-2:]
                )
                if sent >= DUE:
                    break
                time.sleep(0.5)
            delivery_seconds = time.perf_counter() - started
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
            worker = None
        total = CASES * REMINDERS_PER_CASE
        label = f"reminders: {CASES:,} cases, {total:,} reminders, {DUE:,} due"
        return [
            row(f"{label}: one sweep", f"{float(seconds) * 1000:.0f} ms, {queries} query, "
                f"{found} found", "< 1 s, constant queries", float(seconds) < 1 and queries == "1"),
            row(f"{label}: delivery by 2 worker processes",
                f"{sent} sent, {notified} notifications in {delivery_seconds:.1f} s "
                f"({sent / delivery_seconds:.0f}/s)", "all, once each", sent == notified == DUE),
        ]  # fmt: skip
    finally:
        if worker is not None:
            worker.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    for line in run():
        print(line)
