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
