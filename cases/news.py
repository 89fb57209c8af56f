"""Who hears that a consumer added to their case: apps above cases listen here.

The advisors app tells the volunteer holding a case of the consumer's new timeline entry or
evidence file. cases and evidence cannot import it, so it registers its listener in
AppConfig.ready() (as cases/dependents.py), and the services that add to a case call
`case_news` explicitly.
"""

from collections.abc import Callable

from .models import Case

Listener = Callable[..., object]  # called as listener(case=case, what=what, actor=actor)

_LISTENERS: list[Listener] = []


def case_news_register(listener: Listener) -> None:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def case_news(*, case: Case, what: str, actor) -> None:
    """Something was added to the case: `what` is a timeline kind, or "evidence"."""
    for listener in _LISTENERS:
        listener(case=case, what=what, actor=actor)
