"""The advisors group: staff who triage and help, with exactly the permissions they need.

Not superusers: they cannot see the access log, user accounts or anything a consumer did not
share with them (the admin also limits every list to cases whose owner asked for help).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

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
