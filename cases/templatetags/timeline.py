"""The consumer's timeline entries, as the contacts section and the delete page show them.

Written in Python rather than as an included template: the contacts section shows ten entries
and this is its hot loop. Included once per entry, the template cost about half a millisecond
each (some forty nodes: dates, translations, facts, links), a quarter of the section's budget
of 20 ms (issue 16); this is a tenth of that. What an entry shows is unchanged: its kind and
when, what was said, its facts (cases.events declares them), the merchant's refusals answered
(the excuse card stays a template: it is rare and long), who recorded it, earlier versions, and
the edit and delete links while the case is open.
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format_string
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from cases.events import shown_facts
from cases.models import SYSTEM_EVENT_KINDS, EventKind

from .weiquan_format import event_when

register = template.Library()


@register.simple_tag(takes_context=True)
def timeline_entries(context, entries, case) -> SafeString:
    """The `<li>` of each entry, newest first as given; `case` is the entries' case."""
    case_url = case.get_absolute_url()
    labels = dict(EventKind.choices)
    words = {
        "by_you": gettext("recorded by you"),
        "by": gettext("recorded by"),
        "edited": gettext("edited"),
        "until": gettext("until"),
        "edit": gettext("Edit"),
        "delete": gettext("Delete"),
    }
    editable = not case.is_closed
    request = context.get("request")
    return mark_safe(
        "".join(
            _entry(event, case, case_url, labels, words, editable, request) for event in entries
        )
    )


def _entry(event, case, case_url, labels, words, editable, request) -> str:
    parts = [
        format_html(
            '<li class="timeline-item kind-{}" id="event-{}">'
            '<div class="d-flex justify-content-between flex-wrap gap-1">'
            '<span class="fw-semibold">{}</span>'
            '<time class="small text-body-secondary" datetime="{}">{}</time></div>',
            event.kind,
            event.pk,
            labels.get(event.kind, event.kind),
            date_format_string(timezone.localtime(event.happened_at), "c"),
            event_when(event),
        )
    ]
    if event.summary:
        parts.append(
            format_html('<div class="timeline-summary">{}</div>', linebreaksbr(event.summary))
        )
    facts = shown_facts(event.kind, event.data)
    if facts:
        parts.append(
            format_html(
                '<dl class="facts small mb-0">{}</dl>',
                format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((f.label, f.value) for f in facts)),
            )
        )
    for seen in getattr(event, "excuses", ()):
        parts.append(
            render_to_string(
                "cases/include/excuse_card.html", {"seen": seen, "case": case}, request=request
            )
        )
    if event.actor_id is not None and event.actor_id == case.owner_id:
        who = words["by_you"]
    elif event.actor_id is not None:
        who = format_html("{} {}", words["by"], event.actor.public_name)
    else:
        who = ""
    parts.append(
        format_html(
            '<div class="small text-body-secondary mt-1">{} · {}{}</div>',
            who,
            date_format(timezone.localtime(event.recorded_at), "DATETIME_FORMAT"),
            format_html(' · <span class="badge text-bg-light border">{}</span>', words["edited"])
            if event.edited_at
            else "",
        )
    )
    earlier = getattr(event, "earlier_versions", None) or ()
    if earlier:
        count = len(earlier)
        parts.append(
            format_html(
                '<details class="small mt-1"><summary>{}</summary>'
                '<ul class="list-unstyled earlier-versions">{}</ul></details>',
                ngettext("%(counter)s earlier version", "%(counter)s earlier versions", count)
                % {"counter": count},
                format_html_join(
                    "",
                    '<li><span class="text-body-secondary">{} {}:</span> {} — {}</li>',
                    (
                        (
                            words["until"],
                            date_format(timezone.localtime(v.replaced_at), "DATETIME_FORMAT"),
                            date_format(timezone.localtime(v.happened_at), "DATETIME_FORMAT"),
                            v.summary,
                        )
                        for v in earlier
                    ),
                ),
            )
        )
    if editable and event.kind not in SYSTEM_EVENT_KINDS:
        parts.append(
            format_html(
                '<div class="mt-1"><a class="small" href="{0}events/{1}/edit/">{2}</a>'
                ' · <a class="small text-danger" href="{0}events/{1}/delete/">{3}</a></div>',
                case_url,
                event.pk,
                words["edit"],
                words["delete"],
            )
        )
    parts.append("</li>")
    return "".join(parts)
