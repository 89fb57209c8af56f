from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import validate_email
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.phones import looks_like_phone, normalise_dialled_number, normalise_mobile
from core.text import has_control_characters

from .models import User


def _privacy_label():
    return format_html(
        _('I have read and agree to the <a href="{}" target="_blank">privacy notice</a>'),
        reverse_lazy("accounts:privacy"),
    )


class SignUpForm(forms.Form):
    """Sign up with one identifier (email or mainland mobile) and a password."""

    identifier = forms.CharField(
        label=_("Mobile number or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
        help_text=_("A mainland mobile number (11 digits) or an email address."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        # One field with a "show" button (static/js/app.js) instead of typing it twice: on a
        # phone keyboard the second copy costs as much as the first and catches less.
        widget=forms.PasswordInput(
            attrs={
                "autocomplete": "new-password",
                "data-reveal": _("Show"),
                "data-reveal-label": _("Show the password"),
            }
        ),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    accept_privacy = forms.BooleanField(
        label=lazy(_privacy_label, str)(),
        error_messages={"required": _("Please read and agree to the privacy notice to continue.")},
    )

    def clean_identifier(self) -> str:
        raw = self.cleaned_data["identifier"].strip()
        self.email, self.phone = "", ""
        if "@" in raw:
            try:
                validate_email(raw)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("This email address is not valid."), code="invalid_email"
                ) from None
            if User.objects.filter(email__iexact=raw).exists():
                raise forms.ValidationError(
                    _("This email address is already registered. Please log in instead."),
                    code="duplicate",
                )
            self.email = raw.lower()
            return self.email
        if looks_like_phone(raw):
            phone = normalise_mobile(raw)
            if phone is None:
                raise forms.ValidationError(
                    _(
                        "This is not a valid mainland mobile number: "
                        "11 digits starting with 13 to 19."
                    ),
                    code="invalid_phone",
                )
            if User.objects.filter(phone=phone).exists():
                raise forms.ValidationError(
                    _("This mobile number is already registered. Please log in instead."),
                    code="duplicate",
                )
            self.phone = phone
            return phone
        raise forms.ValidationError(
            _("Enter a mainland mobile number or an email address."), code="invalid"
        )

    def clean(self):
        cleaned = super().clean()
        password1 = cleaned.get("password1")
        if password1:
            probe = User(email=getattr(self, "email", ""), phone=getattr(self, "phone", ""))
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Mobile number or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "The mobile number/email or the password is wrong. Both are case-sensitive."
        ),
        "inactive": _("This account is inactive."),
    }


def _plain_line(value: str) -> str:
    value = value.strip()
    if has_control_characters(value):
        raise forms.ValidationError(
            _("Remove the invisible control characters from this field."), code="control"
        )
    return value


class ProfileForm(forms.ModelForm):
    """Change how you are named, add a contact you can reset your password with, and the
    contact details your letters print (all optional)."""

    phone = forms.CharField(label=_("mobile number"), max_length=20, required=False)

    class Meta:
        model = User
        fields = [
            "display_name",
            "email",
            "phone",
            "real_name",
            "contact_phone",
            "postal_address",
            "notify_by_email",
            "notify_in_app",
            "quiet_hours_start",
            "quiet_hours_end",
        ]
        widgets = {
            "quiet_hours_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_hours_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.phone:  # what the letters print while this is empty
            self.fields["contact_phone"].widget.attrs["placeholder"] = self.instance.phone
        self.fields["contact_phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["real_name"].widget.attrs["autocomplete"] = "name"
        self.fields["postal_address"].widget.attrs["autocomplete"] = "street-address"

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email and User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This email address is already used by another account."))
        return email

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        phone = normalise_mobile(raw)
        if phone is None:
            raise forms.ValidationError(
                _("This is not a valid mainland mobile number: 11 digits starting with 13 to 19.")
            )
        if User.objects.filter(phone=phone).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This mobile number is already used by another account."))
        return phone

    def clean_display_name(self) -> str:
        return _plain_line(self.cleaned_data["display_name"])

    def clean_real_name(self) -> str:
        return _plain_line(self.cleaned_data["real_name"])

    def clean_postal_address(self) -> str:
        return _plain_line(self.cleaned_data["postal_address"])

    def clean_contact_phone(self) -> str:
        raw = _plain_line(self.cleaned_data["contact_phone"])
        if not raw:
            return ""
        number = normalise_dialled_number(raw)
        if number is None:
            raise forms.ValidationError(
                _(
                    "This is not a phone number we can print: a mainland mobile (11 digits) "
                    "or a landline with its area code."
                ),
                code="invalid_contact_phone",
            )
        return number

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not self.errors:
            raise forms.ValidationError(_("Keep at least a mobile number or an email address."))
        return cleaned


class AccountDeleteForm(forms.Form):
    """Deleting is final: it takes the current password and an explicit yes.

    The password is checked by authenticate(), like a sign-in, so guessing it here is
    counted and locked out by django-axes just as on the login page.
    """

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label=_("I understand this cannot be undone"),
        error_messages={"required": _("Tick the box to confirm that you understand.")},
    )

    def __init__(self, request, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        user = self.request.user
        identifier = user.phone or user.email or user.username
        checked = authenticate(self.request, username=identifier, password=password)
        if checked is None or checked.pk != user.pk:
            raise forms.ValidationError(_("The password is not right."), code="wrong_password")
        return password
