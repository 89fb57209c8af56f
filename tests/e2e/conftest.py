"""Browser journeys run on a phone-sized Chromium unless a test says otherwise."""

import pytest

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, **PHONE}


@pytest.fixture(autouse=True)
def _shopping_platforms(shopping_platforms):
    """Every journey starts with the platforms a fresh install has."""
