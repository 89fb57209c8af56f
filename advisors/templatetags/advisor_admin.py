"""The advisors' case list rows, rendered in one small template instead of the admin's
generic per-cell machinery (which took most of the page's time at 25 rows)."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers
from django.urls import reverse

from cases.models import Problem, Stage

register = template.Library()


@register.inclusion_tag("admin/advisors/case_results.html")
def case_result_list(cl):
    model_admin = cl.model_admin
    headers = list(result_headers(cl))
    change_url = reverse("admin:cases_case_change", args=[0]).replace("/0/", "/{}/")
    # Each label translated once per page: get_FOO_display() hashed every lazy label of the
    # field's choices on every row, which was a third of the page's time.
    problems = {code: str(label) for code, label in Problem.choices}
    stages = {code: str(label) for code, label in Stage.choices}
    rows = [
        {
            "pk": case.pk,
            "url": change_url.format(case.pk),
            "reference": case.reference,
            "select_label": model_admin.select_label(case),
            "platform": case.platform.name,
            "problem": problems.get(case.problem, case.problem),
            "stage": stages.get(case.stage, case.stage),
            "quiet": model_admin.quiet_days(case),
            "deadline": model_admin.next_deadline(case),
            "overdue": model_admin.is_overdue(case),
            "advisor": model_admin.advisor_name(case),
            "evidence": model_admin.evidence_complete(case),
        }
        for case in cl.result_list
    ]
    return {
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "rows": rows,
    }


@register.inclusion_tag("admin/advisors/case_filters.html")
def case_filters(cl):
    """Every filter group of the list in one template (the admin renders one per group)."""
    groups = [
        {"title": spec.title, "choices": list(spec.choices(cl))}
        for spec in cl.filter_specs
        if spec.has_output()
    ]
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
    nearby = range(max(1, page - 2), min(pages, page + 2) + 1)
    return {
        "cl": cl,
        "page": page,
        "pages": pages,
        "links": [
            {"number": number, "url": cl.get_query_string({"p": number}), "current": number == page}
            for number in sorted({1, *nearby, pages})
        ],
    }
