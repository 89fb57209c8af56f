import pytest

from platforms.directory import directory_load


@pytest.fixture
def directory(db):
    """The real directory file, loaded."""
    return directory_load()
