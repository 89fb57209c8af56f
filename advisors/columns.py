"""What the advisors' case list says in its worked-out columns.

One place for the admin's column methods and the list's row template tag alike: the rows are
written out by `advisor_admin.case_result_list`, the headers and sorting by the admin, and
both must say the same thing.
"""

from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.models import Case


def quiet_for(case: Case, now: datetime) -> str:
    """Days since anything happened on the case (the list passes one `now` for every row)."""
    days = (now - case.last_activity_at).days
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def deadline_passed(case: Case, today: date) -> bool:
    """An open case's next deadline is behind us (and nothing was logged since, which is
    what moves the deadline on)."""
    deadline = case.next_deadline_on
    return deadline is not None and not case.is_closed and deadline < today


def deadline_label(case: Case, today: date) -> str:
    if case.next_deadline_on is None or case.is_closed:
        return "—"
    if deadline_passed(case, today):
        return _("%(date)s (overdue)") % {"date": case.next_deadline_on.isoformat()}
    return case.next_deadline_on.isoformat()
