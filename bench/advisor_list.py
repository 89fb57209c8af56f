"""Benchmark: the advisors' case list in the admin over 10,000 shared cases, 25 rows a page.

Server time per request (middleware, session, permissions, the list's queries, the template)
through Django's test client in one process, beside the time of a minimal view in the same
process, so the figure says what the list itself costs. Runs on a throw-away SQLite database.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
CASES = int(os.environ.get("BENCH_ADVISOR_CASES", "10000"))
ROUNDS = 40

MEASURE = r"""
import json, os, random, statistics, time
from datetime import date, timedelta
import django
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django.utils import timezone

import weiquan.urls

# The minimal view: same middleware, and it reads the signed-in user as the list must (session
# and user queries), but does no work of its own.
weiquan.urls.urlpatterns.insert(
    0, path("bench-minimal/", lambda request: HttpResponse(request.user.get_username()))
)

from accounts.models import User
from advisors.models import HelpRequest
from advisors.roles import make_advisor
from cases.models import Case
from platforms.models import Platform

count = int(os.environ["BENCH_CASES"])
rounds = int(os.environ["BENCH_ROUNDS"])
started = time.perf_counter()
platforms = list(Platform.objects.filter(kind="shopping"))
stages = ["evidence", "merchant", "platform", "platform_intervention", "consumer_authority"]
rng = random.Random(7)
owners = User.objects.bulk_create(
    User(username=f"shopper{n}", phone=f"136{n:08d}", email=f"shopper{n}@example.cn")
    for n in range(count // 5)
)
advisors = []
for n in range(5):
    advisor = User.objects.create_user(username=f"advisor{n}", email=f"advisor{n}@example.cn",
                                       password="bench-password-2026", display_name=f"志愿者{n}")
    make_advisor(advisor)
    advisors.append(advisor)
now = timezone.now()
today = timezone.localdate()
cases = Case.objects.bulk_create(
    (Case(reference=f"WQ-2026-{n:06d}", owner=owners[n % len(owners)],
          platform=platforms[n % len(platforms)], shop_name=f"店铺{n}", product="商品",
          order_number=f"{n:018d}", amount_paid=99 + n % 500, purchase_date=date(2026, 10, 1),
          problem=rng.choice(["counterfeit", "defect", "refund_refused"]), wants=["refund"],
          stage=rng.choice(stages), last_activity_at=now - timedelta(hours=rng.randint(0, 2000)),
          next_deadline_on=today + timedelta(days=rng.randint(-10, 30)),
          evidence_percent=rng.choice([0, 33, 67, 100]), shared_with_advisors=True)
     for n in range(count)),
    batch_size=2000,
)
HelpRequest.objects.bulk_create(
    (HelpRequest(case=case, consent_version="bench", consented_at=now,
                 advisor=advisors[n % 7] if n % 7 < 5 else None)
     for n, case in enumerate(cases)),
    batch_size=2000,
)
seeded = time.perf_counter() - started

client = Client()
client.force_login(advisors[0])
pages = {
    "list": "/admin/cases/case/",
    "filtered": "/admin/cases/case/?deadline=overdue&advisor=unassigned&platform__id__exact="
                f"{platforms[0].pk}",
    "search": "/admin/cases/case/?q=店铺42",
    "minimal": "/bench-minimal/",
}
results = {}
for name, url in pages.items():
    for _ in range(5):  # warm caches and templates
        assert client.get(url).status_code == 200, url
    queries = []

    def count(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        response = client.get(url)
    rows = response.content.decode().count('class="field-reference"')
    timings = []
    for _ in range(rounds):
        begun = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - begun) * 1000)
    results[name] = {"ms": statistics.median(timings), "queries": len(queries), "rows": rows}
print(json.dumps({"seeded": seeded, "results": results}))
"""


def run() -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from bench.scratch import manage_shell, prepare, scratch_env
    from bench.upload_hashing import row

    with tempfile.TemporaryDirectory(prefix="weiquan-bench-advisors-") as work:
        env = scratch_env(work, production=True) | {
            "BENCH_CASES": str(CASES),
            "BENCH_ROUNDS": str(ROUNDS),
        }
        prepare(env)
        output = manage_shell(env, MEASURE)
    figures = json.loads(output.strip().splitlines()[-1])["results"]
    minimal = figures["minimal"]["ms"]
    rows = []
    for name, label in [
        ("list", "all shared cases"),
        ("filtered", "overdue + unassigned + one platform"),
        ("search", "search by shop name"),
    ]:
        figure = figures[name]
        own = figure["ms"] - minimal
        rows.append(
            row(
                f"advisor case list, {CASES:,} cases, 25 rows: {label}",
                f"{figure['ms']:.1f} ms (minimal view {minimal:.1f} ms, list's own "
                f"{own:.1f} ms), {figure['queries']} queries, {figure['rows']} rows",
                "≤ 20 ms, ≤ 12 queries" + ("" if name == "list" else " (list's goal, here too)"),
                figure["ms"] <= 20 and figure["queries"] <= 12,
            )
        )
    return rows


if __name__ == "__main__":
    for line in run():
        print(line)
