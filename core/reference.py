"""Read-mostly reference data (the platform directory, the work calendar) kept in each
process's memory, and dropped the moment any process changes it.

A page that reads the directory on every view (the case page's next step names the
platform's channels, its compensation promises and the official calendar) spends a few
milliseconds of queries and model building on rows that change a few times a year. Each
kind of data has a version row (`DataVersion`); every save or delete of one of its models
gives the row a fresh random token in the same transaction as the write, and a reader
compares the token (one indexed read) with the one its copy was made under. A fresh token
rather than a counter: a rolled-back write restores the old token, and a counter would hand
the same number to the next write.
"""

import threading
import uuid
from collections.abc import Callable, Hashable
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models.signals import post_delete, post_save

from .models import DataVersion


def data_version(name: str) -> str:
    """The current token of this kind of data ("" before its first change)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT token FROM {connection.ops.quote_name(DataVersion._meta.db_table)} "
            "WHERE name = %s",
            [name],
        )
        row = cursor.fetchone()
    return row[0] if row else ""


def data_changed(name: str) -> None:
    """Give this kind of data a fresh token: every process's copy is stale from now on."""
    token = uuid.uuid4().hex
    if DataVersion.objects.filter(name=name).update(token=token):
        return
    try:
        with transaction.atomic():
            DataVersion.objects.create(name=name, token=token)
    except IntegrityError:  # another writer made the row first
        DataVersion.objects.filter(name=name).update(token=token)


class ReferenceData:
    """Values computed from the models of one kind of data, by key, kept until its token
    moves. `versioned_by` names the models whose writes move it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._token: str | None = None
        self._values: dict[Hashable, Any] = {}

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value for key, computed once per token. The token is read before the value,
        so a write that lands in between leaves a copy that the next read drops."""
        token = data_version(self.name)
        with self._lock:
            if token != self._token:
                self._token, self._values = token, {}
            if key in self._values:
                return self._values[key]
        value = compute()
        with self._lock:
            if token == self._token:
                self._values[key] = value
        return value

    def versioned_by(self, *watched: type[models.Model]) -> None:
        """Move the token on every save and delete of these models (signals, because the
        admin, the directory loader and the fixtures all write them)."""
        for model in watched:
            uid = f"reference-data:{self.name}:{model._meta.label}"
            post_save.connect(self._changed, sender=model, dispatch_uid=uid + ":save")
            post_delete.connect(self._changed, sender=model, dispatch_uid=uid + ":delete")

    def _changed(self, **kwargs) -> None:
        data_changed(self.name)
