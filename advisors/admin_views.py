"""Pages in the admin for advisors that are not a model's list or form."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cases.models import Outcome, Stage

from .charts import bar_chart, stacked_bar_chart
from .dashboard import (
    ClosedCases,
    OpenCases,
    closed_cases,
    help_request_counts,
    open_cases,
    overdue_shared_cases,
    volunteer_figures,
)
from .selectors import is_advisor


def dashboard(request):
    """The advisors' dashboard: anonymous counts over all cases, and the overdue cases that
    were shared with advisors. Advisors only (plain staff get 403); `admin_view` sends anyone
    not signed in as staff to the admin login."""
    if not is_advisor(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    opened = open_cases(today=today)
    closed = closed_cases()
    context = {
        **admin.site.each_context(request),
        "title": _("Advisors' dashboard"),
        "today": today,
        "open_cases": opened,
        "closed_cases": closed,
        "help_requests": help_request_counts(),
        "overdue": overdue_shared_cases(today=today),
        "volunteers": volunteer_figures(now=timezone.now()),
        "charts": _charts(opened, closed),
    }
    return TemplateResponse(request, "admin/advisors/dashboard.html", context)


def _charts(opened: OpenCases, closed: ClosedCases) -> dict[str, SafeString]:
    platform = _("Platform")
    return {
        "open_by_stage": stacked_bar_chart(
            chart_id="chart-open-stage",
            title=_("Open cases by platform and stage"),
            description=_(
                "One bar per platform, split by the stage of the escalation ladder its open "
                "cases have reached. %(total)s open cases in all."
            )
            % {"total": opened.total},
            series_heading=_("Stage"),
            series=[str(label) for label in Stage.labels],
            rows=[(row.platform.display_name, row.by_stage) for row in opened.rows],
        ),
        "overdue_by_platform": bar_chart(
            chart_id="chart-overdue",
            title=_("Open cases with an overdue deadline, by platform"),
            description=_(
                "A deadline passed with nothing logged since. %(total)s overdue cases in all."
            )
            % {"total": opened.overdue},
            label_heading=platform,
            value_heading=_("Overdue"),
            rows=[(row.platform.display_name, row.overdue) for row in opened.rows],
        ),
        "median_days": bar_chart(
            chart_id="chart-median-days",
            title=_("Median days from opening to closing, by platform"),
            description=_("Over %(total)s closed cases.") % {"total": closed.total},
            label_heading=platform,
            value_heading=_("Median days"),
            rows=[(row.platform.display_name, row.median_days) for row in closed.rows],
        ),
        "outcomes": stacked_bar_chart(
            chart_id="chart-outcomes",
            title=_("Outcomes by platform"),
            description=_(
                "One bar per platform, split by how its closed cases ended. "
                "%(total)s closed cases in all."
            )
            % {"total": closed.total},
            series_heading=_("Outcome"),
            series=[str(label) for label in Outcome.labels],
            rows=[(row.platform.display_name, row.by_outcome) for row in closed.rows],
        ),
    }
