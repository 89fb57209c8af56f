"""The load run's data, before and after: `seed` makes the people and cases the simulated users
play, `drain` waits for the worker to finish the seeded evidence's pictures, `verify` checks
every upload the run was told was saved. Each runs in a process of its own against the run's
site (`python bench/load_seed.py seed|drain|verify ARGUMENT`, the site's environment) and
prints one JSON line.

Seeding goes through the apps' own services (sign-up, case, timeline, upload, help request),
as the demo does; only the advisors' backlog of other people's shared cases is bulk-created,
so the list has pages to turn.
"""

import hashlib
import io
import json
import os
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-load-密码-2026"
CASES_PER_CONSUMER = 2
PHOTOS_PER_CASE = 1
BACKLOG = int(os.environ.get("BENCH_LOAD_BACKLOG", "2000"))
DRAIN_SECONDS = 600


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.load_settings")
    import django

    django.setup()


def seed(consumers: int, advisors: int) -> dict:
    _django()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts.services import user_sign_up
    from advisors.models import HelpRequest
    from advisors.roles import make_advisor
    from advisors.services import help_request
    from cases import services as case_services
    from cases.models import Case, EventKind
    from demo.photos import sample_photo
    from evidence import integrity, vault
    from platforms.models import Platform

    now, today = timezone.now(), timezone.localdate()
    platforms = list(Platform.objects.filter(kind="shopping").order_by("slug"))
    accounts: dict = {"consumers": [], "advisors": []}
    hashed = None
    for n in range(consumers):
        phone = f"139{n:08d}"
        owner = user_sign_up(phone=phone, password=PASSWORD)
        if hashed is None:
            hashed = owner.password
        else:  # the same password: hashed once (PBKDF2 costs ~1 s here), not once per person
            get_user_model().objects.filter(pk=owner.pk).update(password=hashed)
        references = []
        for c in range(CASES_PER_CONSUMER):
            case = case_services.case_create(
                owner=owner, platform=platforms[(n + c) % len(platforms)],
                shop_name=f"压测店铺{n}-{c}", product="蓝牙耳机", amount_paid=Decimal("299"),
                purchase_date=today - timedelta(days=20), problem="counterfeit",
                order_number=f"{n:06d}{c:02d}{'7' * 10}", wants=["refund", "compensation"],
            )  # fmt: skip
            for days, kind, summary in [
                (12, EventKind.MERCHANT_MESSAGE, "告诉商家是假货，要求退货退款。"),
                (10, EventKind.MERCHANT_REPLY, "商家称是正品，拒绝退款。"),
                (3, EventKind.MERCHANT_MESSAGE, "再次联系商家，附上鉴定结果。"),
            ]:
                case_services.case_add_event(
                    case=case, kind=kind, happened_at=now - timedelta(days=days), actor=owner,
                    summary=summary,
                )  # fmt: skip
            for p in range(PHOTOS_PER_CASE):
                taken = (now - timedelta(days=15)).replace(tzinfo=None)
                data = sample_photo(
                    title=f"商品照片 {p + 1}", lines=[case.reference], taken_at=taken
                )
                received = integrity.receive_stream(io.BytesIO(data), f"seed-{p}.jpg")
                try:
                    vault.evidence_add(case=case, received=received, kind="product_photo",
                                       actor=owner)  # fmt: skip
                finally:
                    received.close()
            references.append(case.reference)
        help_request(case=Case.objects.get(reference=references[0]), message="商家不退款怎么办？")
        accounts["consumers"].append({"login": phone, "cases": references})
    staff = []
    for n in range(advisors):
        email = f"advisor{n}@bench.example.cn"
        advisor = get_user_model().objects.create_user(
            username=f"bench-advisor{n}", email=email, display_name=f"志愿者{n}"
        )
        get_user_model().objects.filter(pk=advisor.pk).update(password=hashed)
        make_advisor(advisor)
        staff.append(advisor)
        accounts["advisors"].append({"login": email})
    _backlog(platforms, staff, now, today)
    accounts["password"] = PASSWORD
    accounts["shared"] = HelpRequest.objects.count()
    return accounts


def _backlog(platforms, staff, now, today) -> None:
    """Other people's cases shared with the advisors, bulk-created as bench/advisor_list.py
    does, so that the advisors' list has pages to turn and shops to search."""
    from accounts.models import User
    from advisors.models import HelpRequest
    from cases.models import Case

    owners = User.objects.bulk_create(
        User(username=f"backlog{n}", phone=f"137{n:08d}") for n in range(max(BACKLOG // 10, 1))
    )
    stages = ["evidence", "merchant", "platform", "platform_intervention", "consumer_authority"]
    cases = Case.objects.bulk_create(
        (Case(reference=f"WQ-2025-{n:06d}", owner=owners[n % len(owners)],
              platform=platforms[n % len(platforms)], shop_name=f"店铺{n}", product="商品",
              order_number=f"{n:018d}", amount_paid=99 + n % 500, purchase_date=date(2026, 10, 1),
              problem="defect", wants=["refund"], stage=stages[n % len(stages)],
              last_activity_at=now - timedelta(hours=n % 2000),
              next_deadline_on=today + timedelta(days=n % 40 - 10), shared_with_advisors=True)
         for n in range(BACKLOG)),
        batch_size=2000,
    )  # fmt: skip
    HelpRequest.objects.bulk_create(
        (HelpRequest(case=case, consent_version="bench", consented_at=now,
                     advisor=staff[n % 7] if staff and n % 7 < len(staff) else None)
         for n, case in enumerate(cases)),
        batch_size=2000,
    )  # fmt: skip


def drain(_: str = "") -> dict:
    """Wait until the worker has made the pictures of every stored file (or given up on it)."""
    _django()
    from evidence.models import Evidence, RenditionsState

    started = time.monotonic()
    waiting = Evidence.objects.filter(
        renditions_state__in=[RenditionsState.PENDING, RenditionsState.MAKING]
    )
    while waiting.exists() and time.monotonic() - started < DRAIN_SECONDS:
        time.sleep(0.5)
    return {"seconds": time.monotonic() - started, "waiting": waiting.count()}


def check_uploads(uploads: list[dict], *, client, bucket: str, location: str = "") -> list[str]:
    """What is wrong with each upload answered as saved, one line each (none: nothing lost):
    its row (case and SHA-256) must exist, its object must be in the bucket, read straight from
    S3 with `client` (boto3, not through weiquan), and the SHA-256 of the object's bytes must
    be the SHA-256 of what was sent."""
    from botocore.exceptions import ClientError

    from evidence.models import Evidence

    lost: list[str] = []
    for upload in (upload for upload in uploads if upload["saved"]):
        row = Evidence.objects.filter(
            case__reference=upload["reference"], sha256=upload["sha256"]
        ).first()
        if row is None:
            lost.append(f"{upload['name']}: no row")
            continue
        key = f"{location.strip('/')}/{row.file.name}" if location else row.file.name
        try:
            body = client.get_object(Bucket=bucket, Key=key)["Body"]
        except ClientError as error:
            lost.append(f"{upload['name']}: no object {key} ({error})")
            continue
        digest = hashlib.sha256()
        for chunk in iter(lambda body=body: body.read(1 << 20), b""):
            digest.update(chunk)
        if digest.hexdigest() != upload["sha256"]:
            lost.append(f"{upload['name']}: the object's SHA-256 is not what was sent")
    return lost


def verify(ledger: str) -> dict:
    """check_uploads() on the run's ledger, against the bucket the site's environment names."""
    _django()
    import boto3
    from botocore.config import Config

    from evidence.models import Evidence

    client = boto3.client(
        "s3", endpoint_url=os.environ["WEIQUAN_S3_ENDPOINT_URL"], region_name="us-east-1",
        aws_access_key_id=os.environ["WEIQUAN_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["WEIQUAN_S3_SECRET_ACCESS_KEY"],
        config=Config(s3={"addressing_style": "path"}),
    )  # fmt: skip
    uploads = [json.loads(line) for line in Path(ledger).read_text().splitlines() if line]
    lost = check_uploads(uploads, client=client, bucket=os.environ["WEIQUAN_S3_BUCKET"],
                         location=os.environ.get("WEIQUAN_S3_LOCATION", ""))  # fmt: skip
    return {"sent": len(uploads), "saved": sum(1 for upload in uploads if upload["saved"]),
            "lost": lost, "rows": Evidence.objects.count()}  # fmt: skip


if __name__ == "__main__":
    action, argument = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""
    if action == "seed":
        consumers, advisors = (int(part) for part in argument.split(","))
        result = seed(consumers, advisors)
    else:
        result = {"drain": drain, "verify": verify}[action](argument)
    print(json.dumps(result, ensure_ascii=False))
