"""A real S3 server for the tests: one SeaweedFS per session (started by bench/seaweedfs.py,
shared with the load run), and a key prefix of its own for each test.
"""

import secrets

import pytest

from bench.seaweedfs import S3Server, seaweedfs

__all__ = ["S3Server", "seaweedfs"]


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
