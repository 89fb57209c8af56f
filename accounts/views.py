import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import AccountDeleteForm, ProfileForm, SignUpForm
from .notifications import mark_all_read
from .privacy import account_delete, account_export
from .ratelimit import signup_slot, signups_exhausted
from .services import user_sign_up


@require_http_methods(["GET", "POST"])
def signup(request):
    # Where to go afterwards, e.g. a guide's "start" link with the platform filled in.
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if request.user.is_authenticated:
        return redirect(next_url or "cases:list")
    if request.method == "POST" and signups_exhausted(request):
        return render(request, "accounts/signup_limited.html", status=429)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Only accounts created count towards the address's hour, never a form with mistakes.
        with signup_slot(request) as granted:
            if not granted:
                return render(request, "accounts/signup_limited.html", status=429)
            user = user_sign_up(
                email=form.email, phone=form.phone, password=form.cleaned_data["password1"]
            )
        login(request, user, backend="accounts.backends.EmailOrPhoneBackend")
        messages.success(request, _("Welcome to weiquan. Start by describing your case."))
        return redirect(next_url or "cases:new")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


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


@login_required
@require_http_methods(["GET", "POST"])
def data_export(request):
    """GET explains what the copy holds; POST builds the ZIP in a temporary file on disk
    (evidence can be hundreds of MB) and sends it. The file vanishes once it is closed."""
    if request.method == "GET":
        return render(request, "accounts/user_data_export.html")
    # Closed (and so removed) by the FileResponse once sent, or below if building fails.
    archive = tempfile.TemporaryFile(suffix=".zip", dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115
    try:
        account_export(user=request.user, zip_file=archive)
        archive.seek(0)
    except BaseException:
        archive.close()
        raise
    response = FileResponse(
        archive,
        as_attachment=True,
        filename=f"weiquan-data-{timezone.localdate():%Y%m%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Says what goes and what stays; deletes only with the current password."""
    form = AccountDeleteForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account and all its data were deleted."))
        return redirect("home")
    return render(request, "accounts/user_confirm_delete.html", {"form": form})
