from pathlib import Path

from playwright.sync_api import Page

SCREENS = Path("test-results/screens")


def shot(page: Page, name: str) -> None:
    """Keep a full-page screenshot so a person can look at what the journey saw."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS / f"{name}.png", full_page=True)
