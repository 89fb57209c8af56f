"""Reply templates in the admin: superusers write them, advisors may read (and use them in
the workspace) but not change them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.models import Problem, Stage

from ..forms import ReplyTemplateForm
from ..models import ReplyTemplate


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    form = ReplyTemplateForm
    list_display = ("title", "stages_shown", "problems_shown", "active", "updated_at")
    list_filter = ("active",)
    search_fields = ("title", "body")

    @admin.display(description=_("stages"))
    def stages_shown(self, template):
        labels = dict(Stage.choices)
        return "、".join(str(labels.get(s, s)) for s in template.stages) or _("every stage")

    @admin.display(description=_("problems"))
    def problems_shown(self, template):
        labels = dict(Problem.choices)
        return "、".join(str(labels.get(p, p)) for p in template.problems) or _("every problem")

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
