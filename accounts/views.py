from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ProfileForm, SignUpForm
from .notifications import mark_all_read
from .services import user_sign_up


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("cases:list")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_sign_up(
            email=form.email, phone=form.phone, password=form.cleaned_data["password1"]
        )
        login(request, user, backend="accounts.backends.EmailOrPhoneBackend")
        messages.success(request, _("Welcome to weiquan. Start by describing your case."))
        return redirect("cases:new")
    return render(request, "accounts/signup.html", {"form": form})


def privacy_notice(request):
    return render(
        request,
        "accounts/privacy.html",
        {"PRIVACY_NOTICE_VERSION": settings.PRIVACY_NOTICE_VERSION},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details were saved."))
        return redirect(reverse("accounts:profile"))
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def notification_list(request):
    """The notification centre: newest first; opening it marks everything read."""
    notifications = list(request.user.notifications.all()[:100])
    mark_all_read(user=request.user)
    return render(request, "accounts/notifications.html", {"notifications": notifications})
