"""Benchmark: each section of the consumer's case page, for a case with 20 files and 30 entries.

Server time per request (middleware, session, the section's queries, the template) through
Django's test client in one process with production settings (DEBUG off, collected static
files), beside the logged-in home page in the same process, and the number of queries each
section runs. The goal of issue 16: ≤ 20 ms median and ≤ 12 queries for any section. Runs on
a throw-away SQLite database among 2,000 other cases.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
GOAL_MS, GOAL_QUERIES = 20.0, 12

MEASURE = r"""
import hashlib, json, os, statistics, time
from datetime import date, timedelta
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import User
from cases import services
from cases.models import Case, CaseEvent, Stage
from evidence.models import Evidence, EvidenceKind, RenditionsState
from platforms.models import Platform

rounds = int(os.environ["BENCH_ROUNDS"])
platform = Platform.objects.get(slug="pinduoduo")
others = User.objects.bulk_create(
    User(username=f"other{n}", phone=f"137{n:08d}") for n in range(200)
)
now, today = timezone.now(), timezone.localdate()
Case.objects.bulk_create(
    (Case(reference=f"WQ-2026-{n + 100:06d}", owner=others[n % 200], platform=platform,
          shop_name=f"店铺{n}", product="商品", amount_paid=99, purchase_date=date(2026, 10, 1),
          problem="counterfeit", wants=["refund"], last_activity_at=now)
     for n in range(2000)), batch_size=1000)
owner = User.objects.create_user(username="13912345678", phone="13912345678",
                                 password="bench-password-2026")
case = services.case_create(owner=owner, platform=platform, shop_name="数码优选专营店",
    order_number="231104-58392019347721", product="AirPods Pro 2", amount_paid=299,
    purchase_date=today - timedelta(days=30), received_date=today - timedelta(days=27),
    problem="counterfeit", wants=["refund", "compensation"], description="")
kinds = ["merchant_message", "merchant_reply", "platform_request", "platform_decision",
         "phone_call", "note"]
for n in range(28):
    kind = kinds[n % len(kinds)]
    facts = {"ticket_number": f"T{n}"} if kind.startswith("platform") else {}
    services.case_add_event(case=case, kind=kind, happened_at=now - timedelta(days=28 - n),
                            actor=owner, summary=f"第{n}次沟通：商家拒绝退款", **facts)
services.case_move_stage(case=case, stage=Stage.PLATFORM, actor=owner)
services.case_move_stage(case=case, stage=Stage.CONSUMER_AUTHORITY, actor=owner)
evidence_kinds = list(EvidenceKind.values)
Evidence.objects.bulk_create(
    Evidence(case=case, number=n + 1, kind=evidence_kinds[n % len(evidence_kinds)],
             file=f"evidence/bench/{n}.jpg", original_name=f"IMG_{n}.jpg",
             content_type="image/jpeg", size=3_000_000, uploaded_by=owner,
             sha256=hashlib.sha256(str(n).encode()).hexdigest(),
             renditions_state=RenditionsState.DONE, thumbnail=f"thumbnails/bench/{n}.jpg")
    for n in range(20))
assert case.events.count() == 30, case.events.count()

client = Client()
client.force_login(owner)
base = case.get_absolute_url()
pages = {"home (reference)": "/", "next step": base, "evidence": base + "evidence/",
         "contacts": base + "timeline/", "files": base + "files/", "more": base + "more/"}
results = {}
for name, url in pages.items():
    for _ in range(5):  # warm caches and templates
        assert client.get(url).status_code == 200, url
    queries = []

    def count(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        client.get(url)
    timings = []
    for _ in range(rounds):
        begun = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - begun) * 1000)
    results[name] = {"ms": statistics.median(timings), "queries": len(queries)}
print(json.dumps(results))
"""


def run() -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from bench.scratch import manage_shell, prepare, scratch_env
    from bench.upload_hashing import row

    with tempfile.TemporaryDirectory(prefix="weiquan-bench-sections-") as work:
        env = scratch_env(work, production=True) | {"BENCH_ROUNDS": str(ROUNDS)}
        prepare(env)
        output = manage_shell(env, MEASURE)
    figures = json.loads(output.strip().splitlines()[-1])
    label = "case page section, 20 files + 30 entries"
    home = figures.pop("home (reference)")
    rows = [row(f"{label}: logged-in home page (reference)",
                f"{home['ms']:.1f} ms, {home['queries']} queries", "—", True)]  # fmt: skip
    # Each section beside the home page measured in the same run: on a shared machine the
    # absolute figures move from run to run, the difference between the two much less.
    for name, figure in figures.items():
        ok = figure["ms"] <= GOAL_MS and figure["queries"] <= GOAL_QUERIES
        value = (f"{figure['ms']:.1f} ms (home {home['ms']:.1f} ms), "
                 f"{figure['queries']} queries")  # fmt: skip
        rows.append(row(f"{label}: {name}", value,
                        f"≤ {GOAL_MS:.0f} ms, ≤ {GOAL_QUERIES} queries", ok))  # fmt: skip
    return rows


if __name__ == "__main__":
    for line in run():
        print(line)
