"""Browser journeys run on a phone-sized Chromium unless a test says otherwise."""

import importlib

import pytest
from django.apps import apps

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
def _shopping_platforms(transactional_db):
    """Put back the platforms a data migration seeds: the flush after each transactional test
    empties every table (and serialized_rollback did not restore them reliably here)."""
    migration = importlib.import_module("platforms.migrations.0002_seed_shopping_platforms")
    migration.seed(apps, None)
