"""The advisors' case list rows, rendered in one small template instead of the admin's
generic per-cell machinery (which took most of the page's time at 25 rows)."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cases.models import Problem, Stage

from ..columns import (
    asked_ago,
    deadline_label,
    deadline_passed,
    first_line,
    overdue_label,
    product_and_amount,
    quiet_for,
)

register = template.Library()

SELECTED = mark_safe(' class="selected"')


@register.inclusion_tag("admin/advisors/case_results.html")
def case_result_list(cl):
    model_admin = cl.model_admin
    headers = list(result_headers(cl))
    change_url = reverse("admin:cases_case_change", args=[0]).replace("/0/", "/{}/")
    overdue_url = reverse("admin:advisors_case_overdue", args=[0]).replace("/0/", "/{}/")
    # Each label translated once per page: get_FOO_display() hashed every lazy label of the
    # field's choices on every row, which was a third of the page's time.
    problems = {code: str(label) for code, label in Problem.choices}
    stages = {code: str(label) for code, label in Stage.choices}
    now = timezone.now()
    today = timezone.localdate()
    select_label = str(_("Select this case for an action: %(reference)s"))
    # Written out here rather than looped over in the template: a third of the time for the
    # same escaped HTML.
    rows = format_html_join(
        "\n",
        '<tr><td class="action-checkbox"><input type="checkbox" name="_selected_action" '
        'value="{}" class="action-select" aria-label="{}"></td>'
        '<th class="field-reference"><a href="{}">{}</a></th>'
        '<td class="field-asked">{}</td><td class="field-platform_name">{}</td>'
        '<td class="field-product_amount">{}</td><td class="field-question">{}</td>'
        '<td class="field-problem">{}</td>'
        '<td class="field-stage">{}</td><td class="field-quiet_days">{}</td>'
        '<td class="field-next_deadline{}">{}</td><td class="field-advisor_name">{}</td>'
        '<td class="field-evidence_complete">{}</td></tr>',
        (
            (
                case.pk,
                select_label % {"reference": case.reference},
                change_url.format(case.pk),
                case.reference,
                asked_ago(case.help_request.consented_at, now),
                case.platform.name,
                product_and_amount(case),
                first_line(case.help_request.message),
                problems.get(case.problem, case.problem),
                stages.get(case.stage, case.stage),
                quiet_for(case, now),
                " overdue" if deadline_passed(case, today) else "",
                format_html(
                    '<a href="{}">{}</a>', overdue_url.format(case.pk), deadline_label(case, today)
                )
                if deadline_passed(case, today)
                else deadline_label(case, today),
                model_admin.advisor_name(case),
                model_admin.evidence_complete(case),
            )
            for case in cl.result_list
        ),
    )
    return {
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "rows": rows,
    }


@register.inclusion_tag("admin/advisors/case_filters.html")
def case_filters(cl):
    """Every filter group of the list, written out here (the admin renders a template per
    group, and a template loop per link)."""
    by = _(" By %(filter_title)s ")
    groups = format_html_join(
        "\n",
        '<details data-filter-title="{}" open><summary>{}</summary><ul>{}</ul></details>',
        (
            (
                spec.title,
                by % {"filter_title": spec.title},
                format_html_join(
                    "",
                    '<li{}><a href="{}">{}</a></li>',
                    (
                        (
                            SELECTED if choice["selected"] else "",
                            iri_to_uri(choice["query_string"]),
                            choice["display"],
                        )
                        for choice in spec.choices(cl)
                    ),
                ),
            )
            for spec in cl.filter_specs
            if spec.has_output()
        ),
    )
    return {"cl": cl, "groups": groups}


@register.inclusion_tag("admin/advisors/case_actions.html", takes_context=True)
def case_actions(context):
    """The actions bar with its select written out (the admin renders it through the form
    widget templates)."""
    cl = context["cl"]
    return {
        "cl": cl,
        "choices": context["action_form"].fields["action"].choices,
        "selection_note": context.get("selection_note"),
        "selection_note_all": context.get("selection_note_all"),
        "actions_selection_counter": context.get("actions_selection_counter"),
        "module_name": context.get("module_name"),
    }


@register.inclusion_tag("admin/advisors/case_pagination.html")
def case_pagination(cl):
    page = cl.page_num  # 1-based since Django 5
    pages = cl.paginator.num_pages
    # Past a bounded count the last page is not known: no link to it, an ellipsis instead.
    more = getattr(cl.paginator, "count_capped", False)
    nearby = range(max(1, page - 2), min(pages, page + 2) + 1)
    return {
        "cl": cl,
        "page": page,
        "pages": pages,
        "more": more,
        "links": [
            {"number": number, "url": cl.get_query_string({"p": number}), "current": number == page}
            for number in sorted({1, *nearby} | (set() if more else {pages}))
        ],
    }


@register.simple_tag
def overdue_by(case, today) -> str:
    """ "overdue by 5 days: 承诺：平台回复", as the queue says it (advisors.columns)."""
    return overdue_label(case, today)
