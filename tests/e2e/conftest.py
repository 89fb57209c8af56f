"""Browser journeys run on a phone-sized Chromium unless a test says otherwise."""

import pytest

from tests.support.browser import PHONE


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, **PHONE}


@pytest.fixture(autouse=True)
def _shopping_platforms(shopping_platforms):
    """Every journey starts with the platforms a fresh install has."""
