"""Databases as another process sees them, whatever the engine the suite runs on.

A Celery worker or `manage.py` started by a test is a new process: it finds its database in
DATABASE_URL, not in this process's settings. On SQLite the test database is a file (see
tests/conftest.py), on PostgreSQL a database named `test_weiquan` on the server DATABASE_URL
names. The process only sees committed rows, so tests that use it are transactional.

Nothing here writes into the project folder: a SQLite database given by a relative name would
land in the subprocess's working directory (the repo root), so a relative name is refused.
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import psycopg
from django.db import connection


def engine() -> str:
    """`sqlite` or `postgresql`: the engine of the default database."""
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise NotImplementedError(f"tests/support/database.py knows no {vendor} database")
    return vendor


def _sqlite_url(path: str | Path) -> str:
    path = Path(path)
    if not path.is_absolute():
        raise ValueError(
            f"the SQLite database {path} is not an absolute path: a subprocess would make it "
            "in its own working directory"
        )
    return f"sqlite:///{path}"


def _postgresql_url(settings_dict: dict[str, Any], name: str) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password, safe='')}" if password else user
    host = settings_dict.get("HOST") or "localhost"
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    port = settings_dict.get("PORT") or 5432
    at = f"{credentials}@" if credentials else ""
    return f"postgres://{at}{host}:{port}/{quote(name, safe='')}"


def subprocess_database_url() -> str:
    """DATABASE_URL for a subprocess that must work on this test's database (its rows, its
    migrations). Call it inside a test that uses the database: only then is the test
    database's name in the connection's settings."""
    settings_dict = connection.settings_dict
    name = str(settings_dict["NAME"])
    if engine() == "sqlite":
        if connection.is_in_memory_db():
            raise ValueError("an in-memory SQLite database cannot be shared with a subprocess")
        return _sqlite_url(name)
    return _postgresql_url(settings_dict, name)


@dataclass(frozen=True)
class ScratchDatabase:
    """A database of its own for tests that set one up from scratch in subprocesses
    (`manage.py migrate` and all): a file in a temporary folder on SQLite, a database on the
    same server on PostgreSQL. Made empty; `copy()` clones it, `drop()` removes it."""

    url: str
    path: Path | None = None  # SQLite only
    name: str | None = None  # PostgreSQL only

    @classmethod
    def create(cls, folder: Path) -> ScratchDatabase:
        if engine() == "sqlite":
            path = folder / "db.sqlite3"
            return cls(url=_sqlite_url(path), path=path)
        name = f"test_weiquan_scratch_{uuid.uuid4().hex[:12]}"
        _maintenance(f'CREATE DATABASE "{name}"')
        return cls(url=_postgresql_url(connection.settings_dict, name), name=name)

    @classmethod
    def at(cls, url: str) -> ScratchDatabase:
        """The scratch database a URL from `create()` or `copy()` names."""
        parsed = urlsplit(url)
        if parsed.scheme == "sqlite":
            return cls(url=url, path=Path("/" + parsed.path.lstrip("/")))
        return cls(url=url, name=unquote(parsed.path.lstrip("/")))

    def copy(self, folder: Path) -> ScratchDatabase:
        """A clone to spoil: no process may be connected to this one meanwhile."""
        if self.path is not None:
            path = folder / self.path.name
            shutil.copy(self.path, path)
            return ScratchDatabase(url=_sqlite_url(path), path=path)
        name = f"test_weiquan_scratch_{uuid.uuid4().hex[:12]}"
        _maintenance(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
        return ScratchDatabase(url=_postgresql_url(connection.settings_dict, name), name=name)

    def rows(self, sql: str) -> list[tuple]:
        """What a query finds now, through a connection of its own (committed rows only)."""
        if self.path is not None:
            with sqlite3.connect(self.path, timeout=10) as db:
                return db.execute(sql).fetchall()
        with psycopg.connect(self.url, connect_timeout=10) as db:
            return db.execute(sql).fetchall()  # type: ignore[arg-type]

    def drop(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)
        else:
            # WITH (FORCE): a worker killed by the test may still hold a connection
            _maintenance(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _maintenance(sql: str) -> None:
    """CREATE or DROP DATABASE, which run outside a transaction, from the server's
    `postgres` database."""
    url = _postgresql_url(connection.settings_dict, "postgres")
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as db:
        db.execute(sql)  # type: ignore[arg-type]
