from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from weiquan.phones import looks_like_phone, normalise_mobile


class EmailOrPhoneBackend(ModelBackend):
    """Sign in with the email address or the mobile number given at sign-up (or a username)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        identifier = username.strip()
        if "@" in identifier:
            lookup = {"email__iexact": identifier}
        elif looks_like_phone(identifier):
            lookup = {"phone": normalise_mobile(identifier) or identifier}
        else:
            lookup = {"username": identifier}
        try:
            user = user_model._default_manager.get(**lookup)
        except user_model.DoesNotExist:
            # Run the hasher anyway so a wrong identifier takes as long as a wrong password.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
