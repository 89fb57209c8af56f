"""The load run's last word (bench/load.py) is "0 lost uploads"; this proves its check can say
otherwise: against a real SeaweedFS, an upload whose row, object or bytes are missing or wrong
is named, and one stored whole is not."""

import hashlib
import io

import pytest

from bench.load_seed import check_uploads
from evidence import integrity, vault
from evidence.models import Evidence
from tests.factories import CaseFactory
from tests.support.files import jpeg

pytestmark = pytest.mark.django_db


def stored(case, data: bytes, name: str) -> Evidence:
    received = integrity.receive_stream(io.BytesIO(data), name)
    try:
        return vault.evidence_add(case=case, received=received, kind="product_photo",
                                  actor=case.owner)  # fmt: skip
    finally:
        received.close()


def answered_saved(case, data: bytes, name: str) -> dict:
    """A ledger line as bench/load_users.py writes it for an upload the page called saved."""
    sha256 = hashlib.sha256(data).hexdigest()
    return {"reference": case.reference, "name": name, "sha256": sha256, "saved": True}


def test_an_upload_without_its_row_its_object_or_its_bytes_is_lost(s3_server, s3_storage):
    # given four uploads answered as saved, of which only the first is intact
    case = CaseFactory()
    whole, gone, changed, never = (jpeg(title=f"照片{n}") for n in range(4))
    stored(case, whole, "whole.jpg")
    removed = stored(case, gone, "gone.jpg")
    client = s3_server.client()
    client.delete_object(Bucket=s3_server.bucket, Key=f"{s3_storage}/{removed.file.name}")
    overwritten = stored(case, changed, "changed.jpg")
    client.put_object(Bucket=s3_server.bucket, Key=f"{s3_storage}/{overwritten.file.name}",
                      Body=b"not what was sent")  # fmt: skip
    ledger = [answered_saved(case, data, name) for data, name in
              [(whole, "whole.jpg"), (gone, "gone.jpg"), (changed, "changed.jpg"),
               (never, "never.jpg")]]  # fmt: skip
    # and one that was refused, which nobody was told was saved
    ledger.append({**answered_saved(case, jpeg(title="拒绝"), "refused.jpg"), "saved": False})

    # when the load run checks them
    lost = check_uploads(ledger, client=client, bucket=s3_server.bucket, location=s3_storage)

    # then the three broken ones are named, each for what is wrong, and nothing else
    assert [line.split(":")[0] for line in lost] == ["gone.jpg", "changed.jpg", "never.jpg"]
    assert "no object" in lost[0]
    assert "SHA-256" in lost[1]
    assert lost[2].endswith("no row")
