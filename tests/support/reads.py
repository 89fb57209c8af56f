"""Count what is read from evidence storage, per stored name, at the backend itself.

On S3: every GetObject request any thread sends (botocore's own API call, wrapped; the
request still goes to the server), with its Range if any. On the local disk: every open of
a file by FileSystemStorage. Names are the storage's names (the S3 key prefix taken off).
"""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from botocore.client import BaseClient
from django.core.files.storage import FileSystemStorage

from evidence.storage import evidence_storage


@dataclass
class Reads:
    by_name: dict[str, list[str | None]] = field(default_factory=lambda: defaultdict(list))

    def whole(self, name: str) -> int:
        """Reads of the whole file (no Range)."""
        return sum(1 for ranged in self.by_name.get(name, []) if ranged is None)

    def ranged(self, name: str) -> list[str]:
        return [ranged for ranged in self.by_name.get(name, []) if ranged is not None]


@contextmanager
def counted_reads(monkeypatch) -> Iterator[Reads]:
    reads = Reads()
    evidence_storage._setup()
    location = getattr(evidence_storage._wrapped, "location", "")
    prefix = (
        f"{location}/"
        if location and not isinstance(evidence_storage._wrapped, FileSystemStorage)
        else ""
    )

    real_call = BaseClient._make_api_call

    def api_call(client, operation, params):
        if operation == "GetObject":
            reads.by_name[params["Key"].removeprefix(prefix)].append(params.get("Range"))
        return real_call(client, operation, params)

    real_open = FileSystemStorage._open

    def disk_open(storage, name, mode="rb"):
        reads.by_name[name].append(None)
        return real_open(storage, name, mode)

    monkeypatch.setattr(BaseClient, "_make_api_call", api_call)
    monkeypatch.setattr(FileSystemStorage, "_open", disk_open)
    yield reads
