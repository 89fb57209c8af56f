"""The case admin advisors work in: the queue of shared cases and each case's workspace.

Only cases whose owner asked for help (and did not withdraw) are listed or opened, for
superusers too; nothing here changes a case except through the advisors' services.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from cases.models import Case

from ..selectors import cases_for_advisors, is_advisor, with_news_for
from .case_list import CaseListMixin
from .files import CaseFilesMixin
from .holding import HoldingMixin
from .overdue import OverdueMixin
from .workspace import WorkspaceMixin


@admin.register(Case)
class AdvisorCaseAdmin(
    HoldingMixin,
    OverdueMixin,
    CaseFilesMixin,
    WorkspaceMixin,
    CaseListMixin,
    admin.ModelAdmin,
):
    """The queue of cases whose owners asked for help, and each case's workspace."""

    def get_queryset(self, request):
        # news_for_me: the viewer holds the case and something happened since they opened it.
        cases = cases_for_advisors().select_related("platform", "help_request__advisor")
        return with_news_for(cases, advisor=request.user)

    def shared_case(self, request, case_id) -> Case:
        """The shared case behind a workspace or file address, or 404 (403 for staff who
        are not advisors)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=case_id)

    def has_view_permission(self, request, obj=None):
        return is_advisor(request.user) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return is_advisor(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
