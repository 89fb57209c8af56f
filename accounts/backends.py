from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from core.phones import looks_like_phone, normalise_mobile
from core.reference import ReferenceData

# Each staff member's permissions and groups, kept per process until any group, permission
# or membership changes (apps.py names the tables whose writes move the version): an admin
# page asks for them on every view, and they change a few times a year.
PERMISSIONS = ReferenceData("permissions")


def group_names(user) -> frozenset[str]:
    """The names of the user's groups, from this process's copy (see PERMISSIONS); staff
    only are kept there (advisors/selectors.py `is_advisor` asks only for staff)."""
    if not user.is_staff:
        return frozenset(user.groups.values_list("name", flat=True))
    if not hasattr(user, "_group_names"):
        user._group_names = PERMISSIONS.get(
            ("groups", user.pk), lambda: frozenset(user.groups.values_list("name", flat=True))
        )
    return user._group_names


class EmailOrPhoneBackend(ModelBackend):
    """Sign in with the email address or the mobile number given at sign-up (or a username).

    Permissions are Django's own (ModelBackend), kept per process between requests."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not user_obj.is_staff:  # kept for the few staff, never for every consumer
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            key = ("all", user_obj.pk, user_obj.is_superuser)
            kept = PERMISSIONS.get(
                key,
                lambda: frozenset(super(EmailOrPhoneBackend, self).get_all_permissions(user_obj)),
            )
            user_obj._perm_cache = set(kept)
        return user_obj._perm_cache

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        lookup = _lookup(username)
        try:
            user = user_model._default_manager.get(**lookup)
        except user_model.DoesNotExist:
            # Run the hasher anyway so a wrong identifier takes as long as a wrong password.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def _lookup(identifier: str) -> dict:
    identifier = identifier.strip()
    if "@" in identifier:
        return {"email__iexact": identifier}
    if looks_like_phone(identifier):
        return {"phone": normalise_mobile(identifier) or identifier}
    return {"username": identifier}


def lockout_name(request, credentials) -> str:
    """The name django-axes counts failed sign-ins under: the account's username whether the
    person typed their email, phone or username (so a success resets the count, and
    "Wang@X.cn" and "wang@x.cn" are one account); what was typed if there is no account."""
    typed = ((credentials or {}).get("username") or "").strip()
    if not typed:
        return ""
    username = (
        get_user_model()
        ._default_manager.filter(**_lookup(typed))
        .values_list("username", flat=True)
        .first()
    )
    return username or typed.lower()
