"""What an order screenshot says: the facts a case starts from, each None where unsure."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

# The keys of `read_screenshot --json`, in the order the issue fixes.
JSON_KEYS = (
    "file",
    "platform",
    "shop_name",
    "product",
    "amount_paid",
    "order_number",
    "purchase_date",
    "received_date",
)


@dataclass(frozen=True)
class OrderFacts:
    platform: str | None = None  # the directory's slug (Platform.slug)
    shop_name: str | None = None
    product: str | None = None
    amount_paid: Decimal | None = None
    order_number: str | None = None
    purchase_date: date | None = None
    received_date: date | None = None

    def as_json(self, file: str) -> dict[str, Any]:
        """The line `read_screenshot --json` prints: amounts as "299.00", dates as ISO."""
        return {
            "file": file,
            "platform": self.platform,
            "shop_name": self.shop_name,
            "product": self.product,
            "amount_paid": None if self.amount_paid is None else f"{self.amount_paid:.2f}",
            "order_number": self.order_number,
            "purchase_date": None if self.purchase_date is None else self.purchase_date.isoformat(),
            "received_date": None if self.received_date is None else self.received_date.isoformat(),
        }

    def filled(self) -> list[str]:
        """The names of the fields that were read."""
        return [field.name for field in fields(self) if getattr(self, field.name) is not None]


FIELDS = tuple(field.name for field in fields(OrderFacts))
