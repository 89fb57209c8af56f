import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import User


def user_sign_up(*, email: str = "", phone: str = "", password: str) -> User:
    """Create a consumer account and record which privacy notice they agreed to (PIPL consent).

    Exactly one of email or phone is the sign-in identifier; the username is derived from it
    so the admin shows who this is, with a random suffix that keeps it unique.
    """
    if bool(email) == bool(phone):
        raise ValueError("Give exactly one of email or phone.")
    base = (email or phone)[:120]
    with transaction.atomic():
        user = User(
            username=f"{base}#{secrets.token_hex(3)}",
            email=email.lower(),
            phone=phone,
            privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
            privacy_accepted_at=timezone.now(),
        )
        user.set_password(password)
        user.save()
    return user
