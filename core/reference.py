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

Within one web request every kind's token is read at once, the first time one is asked for
(`tokens_once_per_request`, a middleware): a page that reads the directory, the calendar and
the staff's permissions pays one query for the three. Outside a request (workers, commands,
tests calling selectors) each ask reads its token.
"""

import threading
import uuid
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import DataVersion

# The tokens read in this request (None outside a request; {} until the first ask).
_request_tokens: ContextVar[dict[str, str] | None] = ContextVar("reference_tokens", default=None)
_READ_ONCE = "*all read*"


def data_version(name: str) -> str:
    """The current token of this kind of data ("" before its first change)."""
    tokens = _request_tokens.get()
    if tokens is None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT token FROM {connection.ops.quote_name(DataVersion._meta.db_table)} "
                "WHERE name = %s",
                [name],
            )
            row = cursor.fetchone()
        return row[0] if row else ""
    if _READ_ONCE not in tokens:
        tokens.update(DataVersion.objects.values_list("name", "token"))
        tokens[_READ_ONCE] = ""
    return tokens.get(name, "")


def tokens_once_per_request(get_response):
    """Middleware: the request reads every kind's token in one query, when first asked."""

    def middleware(request):
        reset = _request_tokens.set({})
        try:
            return get_response(request)
        finally:
            _request_tokens.reset(reset)

    return middleware


def data_changed(name: str) -> None:
    """Give this kind of data a fresh token: every process's copy is stale from now on
    (this request's too: its copy of the tokens takes the new one)."""
    token = uuid.uuid4().hex
    tokens = _request_tokens.get()
    if tokens is not None and _READ_ONCE in tokens:
        tokens[name] = token
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

    def versioned_by_links(self, *through: type[models.Model]) -> None:
        """Move the token when rows are linked or unlinked through these many-to-many tables
        (a user added to a group, a permission given to a group)."""
        for model in through:
            uid = f"reference-data:{self.name}:{model._meta.label}:m2m"
            m2m_changed.connect(self._linked, sender=model, dispatch_uid=uid)

    def _linked(self, action: str, pk_set=None, **kwargs) -> None:
        # Django signals an add or remove that changed nothing with an empty pk_set: giving a
        # group the permissions it has (every `seed_demo`, `create_advisor`) moves nothing.
        if action == "post_clear" or (action in {"post_add", "post_remove"} and pk_set):
            data_changed(self.name)

    def _changed(self, **kwargs) -> None:
        data_changed(self.name)
