import pytest

from tests.factories import CaseFactory
from tests.support import files


@pytest.fixture
def case(consumer):
    return CaseFactory(owner=consumer)


@pytest.fixture(scope="session")
def mp4_bytes(tmp_path_factory) -> bytes:
    return files.mp4(tmp_path_factory.mktemp("video") / "clip.mp4")
