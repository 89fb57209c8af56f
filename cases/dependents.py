"""Summaries that apps above cases keep on a case and that follow from its facts.

The evidence app stores how complete a case's evidence is, and the checklist it counts
depends on the case's problem. cases cannot import evidence, so the evidence app registers
its refresh here in AppConfig.ready() (as each app registers its privacy part with
accounts.privacy), and `case_update` calls it, explicitly, when such a fact is edited.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from .models import Case

Refresh = Callable[..., object]  # called as refresh(case=case)

_REFRESHES: dict[str, list[Refresh]] = defaultdict(list)


def case_dependent_register(*, field: str, refresh: Refresh) -> None:
    """Have `refresh(case=...)` called whenever a case's `field` is edited."""
    if refresh not in _REFRESHES[field]:
        _REFRESHES[field].append(refresh)


def case_dependents_refresh(*, case: Case, fields: Iterable[str]) -> None:
    """Run, once each, the refreshes that depend on any of the edited fields."""
    done: list[Refresh] = []
    for field in fields:
        for refresh in _REFRESHES.get(field, ()):
            if refresh not in done:
                refresh(case=case)
                done.append(refresh)
