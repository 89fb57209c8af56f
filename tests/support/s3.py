"""A real S3 server for the tests: one SeaweedFS per session (started by bench/seaweedfs.py,
shared with the load run), and a key prefix of its own for each test.
"""

import os
import secrets

import pytest

from bench.seaweedfs import S3Server, seaweedfs

# WEIQUAN_TEST_STORAGE=s3: the suite stores every file in a SeaweedFS (tests/conftest.py).
ON_S3 = os.environ.get("WEIQUAN_TEST_STORAGE", "local") == "s3"
# For the few tests that break the local disk on purpose to cause a fault (S3's faults are
# caused the S3 way, in the tests of the fault paths).
disk_only = pytest.mark.skipif(ON_S3, reason="a fault made through the local disk")

__all__ = ["ON_S3", "S3Server", "disk_only", "seaweedfs", "storage_environ", "use_s3"]


def use_s3(settings, server: S3Server, location: str) -> dict:
    """Point every stored file (settings.STORAGES' default and evidence aliases) at `server`,
    under the key prefix `location`; returns the storage settings used."""
    from weiquan.object_storage import s3_storage

    storage = s3_storage(server.storage_environ(location))
    settings.STORAGES = {**settings.STORAGES, "default": storage, "evidence": storage}
    return storage


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """One SeaweedFS for the whole session, started on first use."""
    with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as server:
        yield server


@pytest.fixture
def s3_storage(settings, s3_server):
    """This test stores its files in SeaweedFS under a key prefix of its own (so tests never
    see each other's objects), emptied afterwards. Yields the prefix."""
    location = f"tests/{secrets.token_hex(8)}"
    use_s3(settings, s3_server, location)
    yield location
    s3_server.empty(f"{location}/")


def storage_environ(settings) -> dict[str, str]:
    """The variables that give a subprocess (a Celery worker, a second "host") the storage this
    test uses: the same bucket and key prefix on S3, the same MEDIA_ROOT on the local disk."""
    storage = settings.STORAGES["evidence"]
    if storage["BACKEND"] != "storages.backends.s3.S3Storage":
        return {"WEIQUAN_STORAGE": "local", "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    options = storage["OPTIONS"]
    return {
        "WEIQUAN_STORAGE": "s3",
        "WEIQUAN_S3_ENDPOINT_URL": options["endpoint_url"] or "",
        "WEIQUAN_S3_BUCKET": options["bucket_name"],
        "WEIQUAN_S3_REGION": options["region_name"],
        "WEIQUAN_S3_ACCESS_KEY_ID": options["access_key"],
        "WEIQUAN_S3_SECRET_ACCESS_KEY": options["secret_key"],
        "WEIQUAN_S3_ADDRESSING_STYLE": options["addressing_style"],
        "WEIQUAN_S3_LOCATION": options["location"],
    }
