"""Bulk cases for the scale benchmark: users, cases, help requests, timeline entries and
evidence rows, written with COPY on PostgreSQL and executemany on SQLite.

Runs inside a Django process (bench/advisor_pages.py imports it). The site grows in steps
(`grow(upto=...)`): the rows of case n depend only on n, so the database at 100,000 cases is
the one at 10,000 plus 90,000 more, in the same proportions:

- one owner per 5 cases (phones 136…, emails), 20 advisors;
- half the cases shared with advisors, and of those 60 % taken by an advisor;
- 30 % closed (with an outcome), stages and problems spread over their choices;
- next deadlines from 30 days behind to 30 days ahead (a fifth none): about half of the open
  ones overdue;
- shop names in Chinese from 20,000 shops (city, brand, goods, kind of shop), 18-digit order
  numbers, references over several years;
- 2 timeline entries and 0.5 evidence rows per case: the list reads neither, the case page
  reads one case's (the measured consumer's case has 30 entries and 20 files, as in
  bench/case_sections.py).

Only constant column values go through the model fields once; each row then sets the few
columns that vary, already in the form the database takes, so a million rows take a minute,
not ten.
"""

import hashlib
import random
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta

from django.db import connection, models, transaction
from django.utils import timezone

# fmt: off
CITIES = ["深圳", "广州", "杭州", "上海", "北京", "成都", "武汉", "南京", "苏州", "厦门",
          "义乌", "东莞", "泉州", "长沙", "重庆", "天津", "青岛", "宁波", "郑州", "合肥"]
BRANDS = ["优选", "极客", "小米", "华强", "潮流", "良品", "臻品", "乐购", "星辰", "云尚",
          "品质", "嘉禾", "万家", "惠民", "好物", "精选", "悦享", "尚品", "汇通", "博雅",
          "锦绣", "恒信", "新锐", "天天", "百货", "金牛", "银河", "东方", "南方", "北辰",
          "西子", "瑞丰", "鑫源", "宏图", "利达", "永盛", "安心", "诚信", "智能", "时代",
          "未来", "欧亚", "环球", "海纳", "阳光", "绿洲", "春风", "秋实", "明月", "清风"]
GOODS = ["数码", "服饰", "母婴", "美妆", "家电", "食品", "鞋靴", "箱包", "家居", "玩具",
         "图书", "运动", "户外", "珠宝", "手表", "茶叶", "酒水", "宠物", "汽配", "文具"]
# fmt: on
KINDS = ["专营店", "旗舰店", "官方店", "小店", "商行"]
SHOPS = len(CITIES) * len(BRANDS) * len(GOODS)  # 20,000
STAGES = [
    "evidence",
    "merchant",
    "platform",
    "platform_intervention",
    "consumer_authority",
    "regulator",
    "lawsuit",
]
PROBLEMS = [
    "counterfeit",
    "defect",
    "not_as_described",
    "refund_refused",
    "not_delivered",
    "unsafe_food",
    "auto_renewal",
    "other",
]
OUTCOMES = ["refunded", "compensated", "partly", "withdrawn", "lost"]
EVENT_KINDS = ["merchant_message", "merchant_reply", "platform_request", "note", "phone_call"]
EVIDENCE_KINDS = ["order_screenshot", "chat_record", "product_photo"]
CASES_PER_OWNER = 5
ADVISORS = 20
# Bulk rows' ids start here, clear of the rows the services make through the sequences (which
# are left alone: nothing the benchmark creates later comes near a million).
ID_BASE = 1_000_000


def _same(value):
    return value


def _sqlite_datetime(value: datetime) -> str:
    return str(value.astimezone(UTC).replace(tzinfo=None))


def _uuid_hex(value: uuid.UUID) -> str:
    return value.hex


def _isoformat(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def shop_name(shop: int) -> str:
    cities = CITIES
    city = cities[shop % len(cities)]
    brand = BRANDS[shop // len(cities) % len(BRANDS)]
    goods = GOODS[shop // (len(cities) * len(BRANDS)) % len(GOODS)]
    return f"{city}{brand}{goods}{KINDS[shop % len(KINDS)]}"


def owner_phone(owner: int) -> str:
    return f"136{owner:08d}"


def case_reference(n: int) -> str:
    return f"WQ-{2020 + n // 400_000}-{n % 400_000 + 1:06d}"


def order_number(n: int) -> str:
    return f"{(n * 7_919 + 31) % 10**18:018d}"


def case_shared(n: int) -> bool:
    return n % 2 == 0


class Writer:
    """Rows into one table: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, model: type[models.Model], constants: dict, varying: list[str]):
        self.fields = {f.attname: f for f in model._meta.concrete_fields}
        self.table = model._meta.db_table
        self.varying = varying
        prototype = model(**constants)
        columns, values = [], []
        for field in model._meta.concrete_fields:
            if field.attname in varying:
                continue
            value = field.pre_save(prototype, add=True)
            columns.append(field.column)
            values.append(field.get_db_prep_save(value, connection))
        self.constant_columns, self.constant_values = columns, values
        self.prep = {name: self._prep_for(self.fields[name]) for name in varying}

    def _prep_for(self, field: models.Field) -> Callable:
        """How a varying value is written: psycopg takes Python's dates, datetimes and uuids
        as they are; SQLite as Django stores them (UTC text without offset, uuid hex)."""
        if connection.vendor == "postgresql":
            return _same
        if isinstance(field, models.DateTimeField):
            return _sqlite_datetime
        if isinstance(field, models.UUIDField):
            return _uuid_hex
        if isinstance(field, models.DateField):
            return _isoformat
        return _same

    def write(self, rows: Iterable[tuple]) -> int:
        quote = connection.ops.quote_name
        columns = [self.fields[name].column for name in self.varying] + self.constant_columns
        names = ", ".join(quote(column) for column in columns)
        preps = [self.prep[name] for name in self.varying]
        constants = self.constant_values

        def prepared() -> Iterator[list]:
            for row in rows:
                yield [prep(value) for prep, value in zip(preps, row, strict=True)] + constants

        written = 0
        # One transaction: SQLite in autocommit would sync the file after every row.
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor
                with raw.copy(f"COPY {quote(self.table)} ({names}) FROM STDIN") as copy:
                    for values in prepared():
                        copy.write_row(values)
                        written += 1
            else:
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {quote(self.table)} ({names}) VALUES ({marks})"
                batch: list[list] = []
                for values in prepared():
                    batch.append(values)
                    if len(batch) == 5000:
                        cursor.executemany(sql, batch)
                        written += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    written += len(batch)
        return written


def analyse() -> None:
    """Fresh planner statistics (and, on PostgreSQL, the visibility map index-only scans
    need) after a bulk load."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            old = connection.autocommit
            connection.set_autocommit(True)
            try:
                cursor.execute("VACUUM ANALYZE")
            finally:
                connection.set_autocommit(old)
        else:
            cursor.execute("ANALYZE")


def grow(*, start: int, upto: int, platform_ids: list[int], advisor_ids: list[int]) -> None:
    """Add cases number `start` to `upto` - 1 (and their owners, help requests, entries,
    files), then analyse."""
    from accounts.models import User
    from advisors.models import HelpRequest
    from cases.models import Case, CaseEvent
    from evidence.models import Evidence

    now = timezone.now()
    today = timezone.localdate()
    epoch = datetime(2026, 1, 1, tzinfo=timezone.get_current_timezone())
    first_owner = -(-start // CASES_PER_OWNER)
    last_owner = -(-upto // CASES_PER_OWNER)
    users = Writer(
        User,
        {"password": "!", "is_active": True},
        ["id", "username", "phone", "email", "display_name", "date_joined"],
    )
    users.write(
        (
            ID_BASE + o,
            f"bulk{o}",
            owner_phone(o),
            f"bulk{o}@example.cn",
            f"用户{o}",
            epoch + timedelta(minutes=o),
        )
        for o in range(first_owner, last_owner)
    )

    def asked_at(n: int):
        return now - timedelta(minutes=n % 200_000)

    def case_row(n: int) -> tuple:
        rng = random.Random(n)
        closed = rng.random() < 0.3
        deadline = None if rng.random() < 0.2 else today + timedelta(days=rng.randint(-30, 30))
        purchased = date(2025, 1, 1) + timedelta(days=n % 600)
        return (
            ID_BASE + n,
            case_reference(n),
            ID_BASE + n // CASES_PER_OWNER,
            platform_ids[n % len(platform_ids)],
            shop_name(rng.randrange(SHOPS)),
            order_number(n),
            f"{99 + n % 900}.00",
            purchased,
            PROBLEMS[n % len(PROBLEMS)],
            STAGES[rng.randrange(len(STAGES))],
            OUTCOMES[n % 5] if closed else "",
            today - timedelta(days=rng.randint(1, 90)) if closed else None,
            now - timedelta(minutes=rng.randint(0, 400_000)),
            deadline,
            rng.choice([0, 33, 67, 100]),
            case_shared(n),
            asked_at(n) if case_shared(n) and n % 10 >= 6 else None,  # nobody holds it
        )

    cases = Writer(
        Case,
        {
            "product": "商品",
            "wants": ["refund"],
            "description": "",
            "purchase_date": today,
            "next_deadline_name": "对方承诺：平台回复",
        },
        [
            "id",
            "reference",
            "owner_id",
            "platform_id",
            "shop_name",
            "order_number",
            "amount_paid",
            "purchase_date",
            "problem",
            "stage",
            "outcome",
            "closed_on",
            "last_activity_at",
            "next_deadline_on",
            "evidence_percent",
            "shared_with_advisors",
            "help_waiting_since",
        ],
    )
    cases.write(case_row(n) for n in range(start, upto))
    help_requests = Writer(
        HelpRequest,
        {"consent_version": "bench", "message": "商家不退款，平台也不管，下一步怎么办？"},
        ["id", "case_id", "consented_at", "advisor_id"],
    )
    help_requests.write(
        (
            ID_BASE + n,
            ID_BASE + n,
            asked_at(n),
            advisor_ids[n % len(advisor_ids)] if n % 10 < 6 else None,
        )
        for n in range(start, upto)
        if case_shared(n)
    )
    events = Writer(
        CaseEvent,
        {"data": {}, "time_known": True},
        ["id", "case_id", "kind", "happened_at", "actor_id", "summary"],
    )
    events.write(
        (
            ID_BASE + 2 * n + e,
            ID_BASE + n,
            EVENT_KINDS[(n + e) % len(EVENT_KINDS)],
            now - timedelta(hours=n % 2000 + e),
            ID_BASE + n // CASES_PER_OWNER,
            f"第{e + 1}次联系商家",
        )
        for n in range(start, upto)
        for e in range(2)
    )
    evidence = Writer(
        Evidence,
        {"content_type": "image/jpeg", "size": 3_000_000, "exif": {}, "renditions_state": "done"},
        [
            "id",
            "public_id",
            "case_id",
            "number",
            "kind",
            "file",
            "original_name",
            "sha256",
            "uploaded_by_id",
        ],
    )
    evidence.write(
        (
            ID_BASE + n,
            uuid.UUID(int=n),
            ID_BASE + n,
            1,
            EVIDENCE_KINDS[n % 3],
            f"evidence/bulk/{n}",
            f"IMG_{n}.jpg",
            hashlib.sha256(str(n).encode()).hexdigest(),
            ID_BASE + n // CASES_PER_OWNER,
        )
        for n in range(start, upto, 2)
    )
    analyse()
