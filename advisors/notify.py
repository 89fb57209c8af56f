"""What volunteers are told, and when: a new help request, news on a case they hold (the
consumer's entry, file or answer), a deadline of theirs coming due, a case handed to them.

Through the one notification door (accounts.notifications): in-app always, by email when the
volunteer has an address and wants it, after their quiet hours. Each volunteer chooses what
(AdvisorPreferences). Someone who is no longer an advisor is told nothing, from the moment
their role goes.
"""

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Notification, User
from accounts.notifications import notify_in_app, quiet_until
from cases.models import Case, EventKind

from .models import HelpRequest, VolunteerStatus
from .selectors import advisors_active, cases_for_advisors, holder_of, is_advisor, preferences_of

logger = logging.getLogger(__name__)

# A second piece of news on the same case while the first is unread and this recent is not
# another notification: five uploads are one "new files" for the volunteer.
COALESCE = timedelta(minutes=30)


def on_commit(function: Callable[..., object], case_id: int, *args) -> None:
    """Run `function(case_id, *args)` once the transaction commits, in a worker if the broker
    answers, else here (a notification is a row, cheap enough to write in the request)."""
    from . import tasks

    def queue() -> None:
        try:
            tasks.notice_run.delay(function.__name__, case_id, *args)
        except Exception as error:
            logger.warning("advisor notice not queued (%s): sent in process", error)
            function(case_id, *args)

    transaction.on_commit(queue, robust=True)


def advisor_notify(*, user: User, title: str, body: str = "", url: str = "") -> bool:
    """Tell one volunteer (in-app; by email too if they want it). False if they are no
    longer an advisor."""
    if not is_advisor(user):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        title, body = str(title)[:200], str(body)
    notification = notify_in_app(user=user, title=title, body=body, url=url)
    if preferences_of(advisor=user).by_email and user.email:
        _email_later(notification, quiet_until(user=user, now=timezone.now()))
    return True


def holder_notify(case: Case, *, title: str, body: str = "", url: str = "") -> bool:
    """Tell whoever holds the case, if anyone does and they want case news (a consumer's
    answer to advice, a new entry or file). Coalesced while the last one is unread."""
    help_request = HelpRequest.objects.select_related("advisor").filter(case=case).first()
    holder = holder_of(help_request)
    if holder is None or not preferences_of(advisor=holder).case_news:
        return False
    url = url or workspace_url(case)
    if _told_recently(holder, url):
        return False
    return advisor_notify(user=holder, title=title, body=body, url=url)


def _told_recently(user: User, url: str, *, title: str | None = None) -> bool:
    """An unread notification to the same page (with the same title, if given) within
    COALESCE: the next is noise, or the same notice queued twice."""
    recent = Notification.objects.filter(
        user=user, url=url, read_at__isnull=True, created_at__gte=timezone.now() - COALESCE
    )
    if title is not None:
        recent = recent.filter(title=str(title)[:200])
    return recent.exists()


def case_changed(*, case: Case, what: str, actor) -> None:
    """The consumer added to their case (cases.news calls this, registered in apps.py):
    the holder hears of it once the change is committed. Advisors' own changes are no news."""
    if actor is None or actor.pk != case.owner_id or not case.shared_with_advisors:
        return
    on_commit(case_news, case.pk, what)


def case_news(case_id: int, what: str) -> bool:
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        return False
    if what == "evidence":
        title = _("New evidence on case %(reference)s")
    else:
        title = _("New timeline entry on case %(reference)s")
    label = EventKind(what).label if what in EventKind.values else ""
    return holder_notify(
        case, title=title % {"reference": case.reference}, body=f"{case.product} {label}".strip()
    )


def new_request(case_id: int) -> int:
    """A consumer asked for help: every volunteer who wants new requests, and whose chosen
    platforms and problems (if any) include this case's, is told. Returns how many."""
    case = cases_for_advisors().select_related("platform").filter(pk=case_id).first()
    if case is None:
        return 0
    told = 0
    for advisor in advisors_active().prefetch_related("advisor_preferences__platforms"):
        preferences = preferences_of(advisor=advisor)
        if not preferences.new_requests:
            continue
        platforms = {p.pk for p in preferences.platforms.all()} if preferences.pk else set()
        if platforms and case.platform_id not in platforms:
            continue
        if preferences.problems and case.problem not in preferences.problems:
            continue
        title = _("New help request: %(reference)s") % {"reference": case.reference}
        if _told_recently(advisor, workspace_url(case), title=title):
            continue  # the same request queued twice
        told += advisor_notify(
            user=advisor,
            title=title,
            body=f"{case.platform.name} · {case.get_problem_display()} · {case.product}",
            url=workspace_url(case),
        )
    return told


def deadlines_due(*, today: date | None = None) -> int:
    """Tell each holder, once per date, that a deadline of a case they hold is due today or
    tomorrow, or has passed. Safe to run twice: each announcement is claimed first."""
    today = today or timezone.localdate()
    due = HelpRequest.objects.filter(
        withdrawn_at__isnull=True,
        advisor__isnull=False,
        case__closed_on__isnull=True,
        case__next_deadline_on__lte=today + timedelta(days=1),
    ).exclude(status=VolunteerStatus.ENDED)
    told = 0
    for help_id, deadline in due.values_list("pk", "case__next_deadline_on"):
        if deadline is None:
            continue
        claimed = (
            HelpRequest.objects.filter(pk=help_id)
            .exclude(deadline_told_on=deadline)
            .update(deadline_told_on=deadline)
        )
        if not claimed:
            continue
        help_request = HelpRequest.objects.select_related("advisor", "case").get(pk=help_id)
        holder = holder_of(help_request)
        if holder is None or not preferences_of(advisor=holder).deadlines:
            continue
        case = help_request.case
        if deadline < today:
            title = _("Case %(reference)s is overdue since %(date)s")
        else:
            title = _("A deadline of case %(reference)s is due on %(date)s")
        told += advisor_notify(
            user=holder,
            title=title % {"reference": case.reference, "date": deadline.isoformat()},
            body=case.product,
            url=workspace_url(case),
        )
    return told


def workspace_url(case: Case) -> str:
    return reverse("admin:cases_case_change", args=[case.pk])


def _email_later(notification: Notification, wait_until: datetime | None) -> None:
    from . import tasks

    def queue() -> None:
        try:
            tasks.notice_email.apply_async(args=[notification.pk], eta=wait_until)
        except Exception as error:  # the in-app notification is there; the email is not
            logger.warning("advisor email %s not queued: %s", notification.pk, error)

    transaction.on_commit(queue, robust=True)


def notice_email_send(notification_id: int) -> bool:
    """Email one volunteer notification, once: the first caller claims it in the cache
    (shared by every worker), so a task run twice sends one message."""
    from django.core.cache import cache
    from django.utils.html import format_html

    from accounts.notifications import send_email

    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not is_advisor(notification.user) or not notification.user.email:
        return False
    if not cache.add(f"advisors:notice-email:{notification_id}", 1, timeout=7 * 24 * 3600):
        return False
    link = settings.SITE_URL + notification.url
    try:
        _send(notification, link, send_email, format_html)
    except Exception:
        cache.delete(f"advisors:notice-email:{notification_id}")  # the retry may claim it
        raise
    return True


def _send(notification: Notification, link: str, send_email, format_html) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        send_email(
            user=notification.user,
            subject=f"【维权志愿者】{notification.title}",
            text=f"{notification.title}\n\n{notification.body}\n\n{link}\n",
            html=format_html(
                '<p><strong>{}</strong></p><p>{}</p><p><a href="{}">{}</a></p>',
                notification.title,
                notification.body,
                link,
                link,
            ),
        )
