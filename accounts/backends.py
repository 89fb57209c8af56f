from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from core.phones import looks_like_phone, normalise_mobile


class EmailOrPhoneBackend(ModelBackend):
    """Sign in with the email address or the mobile number given at sign-up (or a username)."""

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
