"""The scale benchmark's measuring process: grows the site in steps and times the pages.

Run inside `manage.py shell` by bench/advisor_list.py, on whatever database DATABASE_URL
names. Each step adds cases in bulk (bench/bulk_cases.py), then times every page through
Django's test client (median of BENCH_ROUNDS requests after five warm-ups) and counts its
queries, beside a minimal view in the same process. One JSON line per size on stdout.
"""

import hashlib
import json
import os
import statistics
import sys
import time
from datetime import timedelta

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse
from django.utils import timezone

from bench import bulk_cases

PAGES = [
    "list",
    "filtered",
    "search: shop name",
    "search: order number",
    "search: reference",
    "search: phone",
    "consumer case page",
    "consumer case list",
    "minimal",
]


def _install_minimal_view() -> None:
    """Same middleware, and it reads the signed-in user as every page must (session and user
    queries), but does no work of its own."""
    import weiquan.urls

    weiquan.urls.urlpatterns.insert(
        0, path("bench-minimal/", lambda request: HttpResponse(request.user.get_username()))
    )


def _people() -> tuple[list[int], list[int], object, object]:
    """The advisors, and a consumer with a full case (30 entries, 20 files) among 8."""
    from accounts.models import User
    from advisors.roles import make_advisor
    from cases import services
    from cases.models import Case, Stage
    from evidence.models import Evidence, EvidenceKind, RenditionsState
    from platforms.models import Platform

    platforms = list(Platform.objects.filter(kind="shopping").order_by("sort_order", "slug"))
    advisors = []
    for n in range(bulk_cases.ADVISORS):
        advisor = User.objects.create_user(
            username=f"advisor{n}",
            email=f"advisor{n}@example.cn",
            password="bench-password-2026",
            display_name=f"志愿者{n}",
        )
        make_advisor(advisor)
        advisors.append(advisor)
    owner = User.objects.create_user(
        username="13912345678", phone="13912345678", password="bench-password-2026"
    )
    today, now = timezone.localdate(), timezone.now()
    cases = [
        services.case_create(
            owner=owner,
            platform=platforms[n % len(platforms)],
            shop_name=f"数码优选专营店{n}",
            order_number=f"231104-5839201934{n:04d}",
            product="AirPods Pro 2",
            amount_paid=299,
            purchase_date=today - timedelta(days=30 + n),
            received_date=today - timedelta(days=27),
            problem="counterfeit",
            wants=["refund", "compensation"],
            description="",
        )
        for n in range(8)
    ]
    case = cases[0]
    kinds = [
        "merchant_message",
        "merchant_reply",
        "platform_request",
        "platform_decision",
        "phone_call",
        "note",
    ]
    for n in range(28):
        kind = kinds[n % len(kinds)]
        facts = {"ticket_number": f"T{n}"} if kind.startswith("platform") else {}
        services.case_add_event(
            case=case,
            kind=kind,
            happened_at=now - timedelta(days=28 - n),
            actor=owner,
            summary=f"第{n}次沟通：商家拒绝退款",
            **facts,
        )
    services.case_move_stage(case=case, stage=Stage.PLATFORM, actor=owner)
    services.case_move_stage(case=case, stage=Stage.CONSUMER_AUTHORITY, actor=owner)
    evidence_kinds = list(EvidenceKind.values)
    Evidence.objects.bulk_create(
        Evidence(
            case=case,
            number=n + 1,
            kind=evidence_kinds[n % len(evidence_kinds)],
            file=f"evidence/bench/{n}.jpg",
            original_name=f"IMG_{n}.jpg",
            content_type="image/jpeg",
            size=3_000_000,
            uploaded_by=owner,
            sha256=hashlib.sha256(str(n).encode()).hexdigest(),
            renditions_state=RenditionsState.DONE,
            thumbnail=f"thumbnails/bench/{n}.jpg",
        )
        for n in range(20)
    )
    case = Case.objects.get(pk=case.pk)
    return [p.pk for p in platforms], [a.pk for a in advisors], owner, case


def _urls(platform_id: int, case) -> dict[str, str]:
    changelist = reverse("admin:cases_case_changelist")
    probe = 4242  # a bulk case present at every size
    shop = bulk_cases.shop_name(7_777)
    return {
        "list": changelist,
        "filtered": f"{changelist}?deadline=overdue&advisor=unassigned"
        f"&platform__id__exact={platform_id}",
        # A shop's name without its kind ("…专营店"), as an advisor types it.
        "search: shop name": f"{changelist}?q={shop[:-3] if len(shop) > 7 else shop}",
        "search: order number": f"{changelist}?q={bulk_cases.order_number(probe)}",
        "search: reference": f"{changelist}?q={bulk_cases.case_reference(probe)}",
        "search: phone": f"{changelist}?q={bulk_cases.owner_phone(probe // 5)}",
        "consumer case page": case.get_absolute_url(),
        "consumer case list": reverse("cases:list"),
        "minimal": "/bench-minimal/",
    }


def _measure(client: Client, url: str, rounds: int) -> dict:
    for _ in range(5):  # warm caches and templates
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    queries: list[str] = []

    def count(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        response = client.get(url)
    body = response.content.decode()
    timings = []
    for _ in range(rounds):
        begun = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - begun) * 1000)
    return {
        "ms": statistics.median(timings),
        "queries": len(queries),
        "rows": body.count('class="field-reference"'),
    }


def main() -> None:
    sizes = [int(size) for size in os.environ["BENCH_SIZES"].split(",")]
    rounds = int(os.environ.get("BENCH_ROUNDS", "30"))
    _install_minimal_view()
    platform_ids, advisor_ids, owner, case = _people()
    advisor_client, consumer_client = Client(), Client()
    from accounts.models import User

    advisor_client.force_login(User.objects.get(pk=advisor_ids[0]))
    consumer_client.force_login(owner)
    urls = _urls(platform_ids[0], case)
    done = 0
    for size in sizes:
        begun = time.perf_counter()
        bulk_cases.grow(start=done, upto=size, platform_ids=platform_ids, advisor_ids=advisor_ids)
        done = size
        seeded = time.perf_counter() - begun
        results = {}
        for name in PAGES:
            client = consumer_client if name.startswith("consumer") else advisor_client
            results[name] = _measure(client, urls[name], rounds)
        line = {"engine": connection.vendor, "size": size, "seeded_s": seeded, "results": results}
        print(json.dumps(line), flush=True)
        sys.stderr.write(f"  {connection.vendor} {size:,} cases measured\n")
