"""The advisors group: staff who triage and help, with exactly the permissions they need.

Not superusers: they cannot see the access log, user accounts or anything a consumer did not
share with them (the admin also limits every list to cases whose owner asked for help).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models.signals import m2m_changed
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Notification

from .models import HelpRequest
from .selectors import ADVISORS_GROUP

# (app label, model, actions). Timeline, evidence and case files are read in each case's
# workspace, which checks the owner's consent, so no model permission is needed for them.
ADVISOR_PERMISSIONS = [
    ("cases", "case", ["view"]),
    ("cases", "holidaynotice", ["view", "add", "change"]),
    ("cases", "calendarday", ["view", "add", "change", "delete"]),
    ("advisors", "helprequest", ["view"]),
    ("advisors", "advisornote", ["view", "add"]),
    ("advisors", "advicereply", ["view", "add"]),
    # Templates are the superusers' to write; advisors use them.
    ("advisors", "replytemplate", ["view"]),
    ("advisors", "advisorfollowup", ["view", "add"]),
    ("platforms", "platform", ["view"]),
    ("platforms", "contactchannel", ["view"]),
    ("platforms", "policy", ["view"]),
]


def advisor_permission_codenames() -> list[tuple[str, str]]:
    return [
        (app, f"{action}_{model}")
        for app, model, actions in ADVISOR_PERMISSIONS
        for action in actions
    ]


@transaction.atomic
def ensure_advisors_group() -> Group:
    """Create the group or reset its permissions to exactly the list above (idempotent)."""
    group, _created = Group.objects.get_or_create(name=ADVISORS_GROUP)
    wanted = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in advisor_permission_codenames()
    ]
    group.permissions.set(wanted)
    return group


@transaction.atomic
def make_advisor(user) -> None:
    """Staff (to reach the admin), in the advisors group, never a superuser by this route."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(ensure_advisors_group())


@transaction.atomic
def advisor_revoke(user, *, note: str = "") -> int:
    """Take the advisor role away: out of the group, every case they hold back in the queue
    (with a handover note), their volunteer notifications gone. Returns how many cases.

    Reads already treat someone outside the group as holding nothing and being told nothing
    (selectors.holder_of, notify.advisor_notify). Removing the group by hand in the admin
    tidies up the same way (`advisor_role_removed`, on the membership signal)."""
    released = advisor_role_removed(user, note=note)
    user.groups.remove(*Group.objects.filter(name=ADVISORS_GROUP))  # nothing left to tidy
    return released


def advisor_role_removed(user, *, note: str = "") -> int:
    """What losing the advisor role does at once: the cases they hold go back to the queue,
    where they stood, with a handover note, and their volunteer notifications are deleted."""
    from .services import queue_refresh

    with translation.override(settings.LANGUAGE_CODE):
        note = note or _("The volunteer no longer helps on weiquan.")
    held = list(HelpRequest.objects.filter(advisor=user).select_related("case"))
    released = HelpRequest.objects.filter(pk__in=[h.pk for h in held]).update(
        advisor=None,
        assigned_at=None,
        handover_by=user,
        handover_at=timezone.now(),
        handover_note=note,
    )
    for help_request in held:
        queue_refresh(case=help_request.case)
    Notification.objects.filter(user=user, url__startswith=reverse("admin:index")).delete()
    return released


def _groups_changed(sender, instance, action, pk_set=None, model=None, **kwargs) -> None:
    """User.groups changed: a user who just left the advisors group loses its role at once."""
    if action not in {"post_remove", "post_clear"} or not isinstance(instance, get_user_model()):
        return
    if action == "post_remove":
        advisors = Group.objects.filter(name=ADVISORS_GROUP, pk__in=pk_set or ()).exists()
        if not advisors:
            return
    elif instance.groups.filter(name=ADVISORS_GROUP).exists():
        return
    if (
        HelpRequest.objects.filter(advisor=instance).exists()
        or Notification.objects.filter(
            user=instance, url__startswith=reverse("admin:index")
        ).exists()
    ):
        advisor_role_removed(instance)


def advisor_role_watch() -> None:
    """Connect `_groups_changed` (the app's ready())."""
    m2m_changed.connect(
        _groups_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="advisors-role-removed",
    )
