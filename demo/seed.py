"""Seed the demo: users, cases with their timeline and evidence, and the advisor's shared case.

Every write goes through the apps' own services (the same doors as a real sign-up, upload or
help request), so the demo shows what the code makes. Idempotent: users are matched by
username, cases by order number, the advisor's share by its help request; a re-run adds
nothing and changes nothing.
"""

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from advisors.roles import make_advisor
from advisors.selectors import help_request_of
from advisors.services import help_request
from cases import services as case_services
from cases.models import Case
from evidence import integrity, vault
from platforms.models import Platform

from .cases import demo_cases
from .photos import sample_pdf, sample_photo

DEMO_CONSUMER = {
    "username": "demo-consumer",
    "phone": "13800138000",
    "password": "weiquan-demo-2026",
}
DEMO_ADVISOR = {
    "username": "demo-advisor",
    "email": "advisor@weiquan.localhost",
    "password": "weiquan-advisor-2026",
}
HELP_MESSAGE = "商家拒绝退款，平台客服也不处理，下一步该怎么办？"


@dataclass(frozen=True)
class Seeded:
    consumer: User
    advisor: User
    new_cases: int
    shared_case: Case | None


@transaction.atomic
def seed_demo() -> Seeded:
    """The demo consumer and cases, and the demo advisor with the first case shared."""
    consumer = _user(
        username=DEMO_CONSUMER["username"],
        phone=DEMO_CONSUMER["phone"],
        display_name="小王",
        password=DEMO_CONSUMER["password"],
    )
    advisor = _user(
        username=DEMO_ADVISOR["username"],
        email=DEMO_ADVISOR["email"],
        display_name="志愿者李老师",
        password=DEMO_ADVISOR["password"],
    )
    make_advisor(advisor)
    new_cases = _cases(consumer)
    shared = consumer.cases.order_by("created_at").first()
    if shared is not None and help_request_of(case=shared) is None:
        help_request(case=shared, message=HELP_MESSAGE)
    return Seeded(consumer=consumer, advisor=advisor, new_cases=new_cases, shared_case=shared)


def _user(
    *, username: str, password: str, phone: str = "", email: str = "", display_name: str = ""
) -> User:
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "phone": phone,
            "email": email,
            "display_name": display_name,
            "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
            "privacy_accepted_at": timezone.now(),
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _cases(owner: User) -> int:
    now = timezone.now()
    platforms = {platform.slug: platform for platform in Platform.objects.all()}
    created = 0
    for spec in demo_cases(today=timezone.localdate(), platforms=platforms):
        if Case.objects.filter(owner=owner, order_number=spec["case"]["order_number"]).exists():
            continue
        case = case_services.case_create(owner=owner, **spec["case"])
        for days_ago, kind, summary, facts in spec["events"]:
            case_services.case_add_event(
                case=case,
                kind=kind,
                happened_at=now - timedelta(days=days_ago),
                actor=owner,
                summary=summary,
                **facts,
            )
        for number, (kind, title, lines, extra) in enumerate(spec.get("evidence", [])):
            _evidence(case, kind, title, lines, extra, taken_at=now - timedelta(days=15 - number))
        case_services.case_move_stage(case=case, stage=spec["stage"], actor=owner)
        if "close" in spec:
            outcome, closed_on, summary = spec["close"]
            case_services.case_close(
                case=case, outcome=outcome, closed_on=closed_on, actor=owner, summary=summary
            )
        created += 1
    return created


def _evidence(
    case: Case, kind: str, title: str, lines: list[str], extra: Any, *, taken_at: datetime
) -> None:
    """Store a generated picture (or a PDF of it) through the same door as an upload."""
    data = sample_photo(
        title=title,
        lines=lines,
        taken_at=timezone.localtime(taken_at).replace(tzinfo=None),
        with_gps=extra is True,
    )
    name = f"{title}.jpg"
    if extra == "pdf":
        data, name = sample_pdf(data), f"{title}.pdf"
    received = integrity.receive_stream(io.BytesIO(data), name)
    try:
        vault.evidence_add(
            case=case, received=received, kind=kind, actor=case.owner, description=title
        )
    finally:
        received.close()
