"""Advice replies beyond sending: templates and their placeholders, the preview's check, the
short edit window, and the consumer's answer reaching the volunteer.

Sending itself stays `services.reply_send`, so every rule on who may advise applies to
templated advice too.

A template's text is the superusers' and is never rendered as a Django template nor passed
to `str.format`: `{name}` markers are replaced from `placeholder_values`, a fixed dict of
four strings about the case, so a template can reach no note, no account and no other case.
The result is plain text like any advice, escaped wherever it is shown.
"""

import hashlib
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from cases import ladder
from cases.models import Case
from cases.selectors import work_calendar

from . import notify
from .models import AccessAction, AdviceAnswer, AdviceReply, ReplyTemplate
from .services import access_record

# The only names a template may use, with what each stands for (shown in the admin).
PLACEHOLDERS = {
    "reference": gettext_lazy("the case reference"),
    "platform": gettext_lazy("the platform's name"),
    "next_deadline": gettext_lazy("the next deadline ahead, with its date"),
    "draft_12315_url": gettext_lazy("the link to the consumer's 12315 complaint draft"),
}
PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")
# How long after sending the author may still correct their advice.
REPLY_EDIT_WINDOW = timedelta(minutes=15)


# --- templates and placeholders --------------------------------------------------------


def templates_for_case(*, case: Case) -> list[ReplyTemplate]:
    """The active templates that fit the case's stage and problem (an empty list fits all).

    Filtered here rather than in SQL: JSON list containment is not portable to SQLite, and
    there are a handful of templates."""
    return [
        template
        for template in ReplyTemplate.objects.filter(active=True)
        if (not template.stages or case.stage in template.stages)
        and (not template.problems or case.problem in template.problems)
    ]


def unknown_placeholders(text: str) -> list[str]:
    """The `{name}` markers in a template that are not placeholders (the admin refuses them)."""
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def placeholder_values(*, case: Case, today=None) -> dict[str, str]:
    """The four values a template may show, as Chinese text (the consumer reads Chinese)."""
    today = today or timezone.localdate()
    deadlines = ladder.case_deadlines(case, list(case.events.all()), work_calendar(), today)
    upcoming = next((d for d in deadlines if d.due is not None and d.due >= today), None)
    with translation.override(settings.LANGUAGE_CODE):
        next_deadline = (
            f"{upcoming.title}：{upcoming.due:%Y-%m-%d}"
            if upcoming
            else _("no deadline ahead at the moment")
        )
    return {
        "reference": case.reference,
        "platform": case.platform.name,
        "next_deadline": str(next_deadline),
        "draft_12315_url": settings.SITE_URL
        + reverse("cases:letter", args=[case.reference, "12315"]),
    }


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with each known `{name}` replaced by its value; anything else is left as typed."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def preview_digest(text: str) -> str:
    """What "send" checks against, so that what goes out is exactly what was previewed."""
    return hashlib.sha256(text.encode()).hexdigest()[:20]


# --- editing ---------------------------------------------------------------------------


def reply_editable(reply: AdviceReply, *, user, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return reply.author_id == user.pk and reply.created_at >= now - REPLY_EDIT_WINDOW


def reply_edit(*, reply: AdviceReply, author, body: str, now: datetime | None = None) -> bool:
    """Correct one's own advice within the window; the consumer sees it marked as edited.

    One conditional UPDATE, so a post arriving after the window changes nothing."""
    now = now or timezone.now()
    edited = AdviceReply.objects.filter(
        pk=reply.pk, author=author, created_at__gte=now - REPLY_EDIT_WINDOW
    ).update(body=body, edited_at=now)
    if edited:
        access_record(actor=author, case=reply.case, action=AccessAction.EDITED_REPLY)
    return bool(edited)


# --- the consumer's answer -------------------------------------------------------------


@transaction.atomic
def answer_add(*, reply: AdviceReply, body: str) -> AdviceAnswer:
    """The consumer answers a volunteer's advice from their case page."""
    answer = AdviceAnswer.objects.create(reply=reply, body=body)
    case = reply.case
    # Read afresh: who holds the case now, not when the page was loaded.
    holder = User.objects.filter(advised_requests__case=case).first() or reply.author
    if holder is not None:
        with translation.override(settings.LANGUAGE_CODE):
            title = _("The consumer answered your advice on %(reference)s") % {
                "reference": case.reference
            }
        volunteer_tell(advisor=holder, case=case, title=title, body=Truncator(body).chars(80))
    return answer


def volunteer_tell(*, advisor, case: Case, title: str, body: str, anchor: str = "replies") -> None:
    """Tell a volunteer about their case, linking to its workspace, through the volunteers'
    notification door (advisors.notify: in-app, and email if they asked for it). Nobody is
    told about a case that is no longer shared, and nobody who is no longer an advisor."""
    if not case.shared_with_advisors:
        return
    notify.advisor_notify(
        user=advisor,
        title=title,
        body=body,
        url=reverse("admin:cases_case_change", args=[case.pk]) + f"#{anchor}",
    )
