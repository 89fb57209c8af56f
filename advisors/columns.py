"""What the advisors' case list says in its worked-out columns.

One place for the admin's column methods and the list's row template tag alike: the rows are
written out by `advisor_admin.case_result_list`, the headers and sorting by the admin, and
both must say the same thing.
"""

from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.models import Case
from cases.templatetags.weiquan_format import cny

QUESTION_CHARS = 40  # the first line of the consumer's question, cut to fit a column


def quiet_for(case: Case, now: datetime) -> str:
    """Days since anything happened on the case (the list passes one `now` for every row)."""
    days = (now - case.last_activity_at).days
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def deadline_passed(case: Case, today: date) -> bool:
    """An open case's next deadline is behind us (and nothing was logged since, which is
    what moves the deadline on)."""
    deadline = case.next_deadline_on
    return deadline is not None and not case.is_closed and deadline < today


def overdue_label(case: Case, today: date) -> str:
    """ "overdue by 5 days: 承诺：平台回复": how long, and which deadline (cases.overdue keeps
    an unanswered one on the case, with its name)."""
    days = (today - case.next_deadline_on).days if case.next_deadline_on else 0
    label = ngettext("overdue by %(days)d day", "overdue by %(days)d days", days) % {"days": days}
    if case.next_deadline_name:
        return _("%(overdue)s: %(deadline)s") % {
            "overdue": label,
            "deadline": case.next_deadline_name,
        }
    return label


def deadline_label(case: Case, today: date) -> str:
    if case.next_deadline_on is None or case.is_closed:
        return "—"
    if deadline_passed(case, today):
        return overdue_label(case, today)
    return case.next_deadline_on.isoformat()


def asked_ago(asked_at: datetime, now: datetime) -> str:
    """How long ago the consumer asked for help, in whole days."""
    days = (now - asked_at).days
    if days < 1:
        return _("today")
    return ngettext("%(days)d day ago", "%(days)d days ago", days) % {"days": days}


def product_and_amount(case: Case) -> str:
    return f"{case.product} · {cny(case.amount_paid)}"


def first_line(message: str, limit: int = QUESTION_CHARS) -> str:
    """The first non-empty line of the consumer's question, cut with an ellipsis."""
    line = next((line.strip() for line in message.splitlines() if line.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"
