from django.utils.functional import SimpleLazyObject

from .notifications import unread_count


def notifications(request):
    """The unread count for the bell in the header, queried only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user=user))}
