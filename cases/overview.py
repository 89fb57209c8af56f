"""One case's overview: everything its pages show about it, assembled in one place.

The consumer's case page, the advisor workspace and the dossier all show the same things
about a case (the timeline, the steps for its rung, its deadlines, what may be claimed, its
reminders); `case_overview` reads them and `overview_of` puts them together. What belongs
to another app stays there: the evidence checklist is added by the evidence app's own tags
and selectors (cases never imports evidence), the volunteer panel by the advisors app.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date

from django.utils import timezone
from django.utils.functional import Promise

from platforms.selectors import platform_promises

from . import compensation, ladder, next_steps
from .deadlines import WorkCalendar
from .models import STAGE_ORDER, Case, CaseEvent, Reminder, Stage
from .overdue import Overdue, overdue_deadlines
from .selectors import case_timeline, ladder_channels, upcoming_then_sent, work_calendar


@dataclass(frozen=True)
class CaseOverview:
    case: Case
    today: date
    # The visible entries, newest first, each with its earlier versions (`earlier_versions`).
    timeline: list[CaseEvent]
    # How many entries the consumer deleted (kept in the record, not shown).
    hidden_count: int
    # The steps of the case's rung and a look at the next one.
    guidance: ladder.Guidance
    # Every date that matters, soonest first.
    deadlines: list[ladder.Deadline]
    # The refund, then what may be claimed on top of it.
    claims: list[compensation.Claim]
    # What is coming, soonest first, then what was sent.
    reminders: list[Reminder]
    # The rungs of the ladder as (code, label), for the progress bar.
    stages: list[tuple[str, str | Promise]]
    # The deadlines that passed unanswered, longest overdue first (cases.overdue).
    overdue: list[Overdue]

    @property
    def chronological(self) -> list[CaseEvent]:
        """The timeline oldest first, as a dossier tells it."""
        return sorted(self.timeline, key=lambda event: event.happened_at)

    def as_context(self) -> dict:
        """The overview as template variables of the same names."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


def overview_of(
    *,
    case: Case,
    timeline: Sequence[CaseEvent],
    channels: Mapping[str, Sequence],
    promises: Sequence[tuple[str, int, bool]],
    calendar: WorkCalendar,
    reminders: Sequence[Reminder] = (),
    hidden_count: int = 0,
    today: date | None = None,
) -> CaseOverview:
    """The overview from what was read already: no queries (a worker's warm-up dossier is
    laid out from an unsaved case this way)."""
    today = today or timezone.localdate()
    timeline = list(timeline)
    deadlines = ladder.case_deadlines(case, timeline, calendar, today)
    late = (
        []
        if case.is_closed
        else overdue_deadlines(
            deadlines=deadlines,
            events=timeline,
            stage=case.stage,
            opened_on=timezone.localdate(case.created_at) if case.created_at else today,
            today=today,
        )
    )
    return CaseOverview(
        case=case,
        today=today,
        timeline=timeline,
        hidden_count=hidden_count,
        guidance=next_steps.guidance_from_timeline(case, channels, timeline, late),
        deadlines=deadlines,
        claims=compensation.claims_for(
            problem=case.problem, price=case.amount_paid, platform_promises=list(promises)
        ),
        reminders=list(reminders),
        stages=[(value, Stage(value).label) for value in STAGE_ORDER],
        overdue=late,
    )


def case_overview(*, case: Case, today: date | None = None) -> CaseOverview:
    """Everything a case's pages show about it, in a fixed number of queries (seven once
    this process holds the directory and the calendar, core/reference.py)."""
    return overview_of(
        case=case,
        timeline=list(case_timeline(case=case)),
        channels=ladder_channels(case=case),
        promises=platform_promises(platform=case.platform),
        calendar=work_calendar(),
        reminders=upcoming_then_sent(case=case),
        hidden_count=case.events.filter(hidden_at__isnull=False).count(),
        today=today,
    )


def _entries(case: Case) -> list[CaseEvent]:
    """The visible entries, newest first, without their earlier versions or authors: what
    the deadlines, the claims and the letters need."""
    return list(case.events.filter(hidden_at__isnull=True).order_by("-happened_at", "-id"))


def case_steps_overview(*, case: Case, today: date | None = None) -> CaseOverview:
    """The overview the case page's first section shows (the rung's steps, deadlines and
    claims), without the reminders and the count of deleted entries it does not show."""
    return overview_of(
        case=case,
        timeline=_entries(case),
        channels=ladder_channels(case=case),
        promises=platform_promises(platform=case.platform),
        calendar=work_calendar(),
        today=today,
    )


def case_dates_overview(*, case: Case, today: date | None = None) -> CaseOverview:
    """The overview of the page that lists every date, the claims and the reminders: the
    timeline without earlier versions (the dates need only the entries) and no channels."""
    return overview_of(
        case=case,
        timeline=_entries(case),
        channels={},
        promises=platform_promises(platform=case.platform),
        calendar=work_calendar(),
        reminders=upcoming_then_sent(case=case),
        today=today,
    )
