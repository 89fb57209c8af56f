"""Form fields for cases and their timeline, in our own words (dates, amounts, text, facts).

Every limit is said in weiquan's Chinese, not in Django's generic messages: text fields have
a length limit, dates a plausible range, and each fact of the timeline schema (cases.events)
gets the field its type calls for.
"""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.phones import normalise_dialled_number

from .events import Fact, FactType

# No dispute weiquan can help with starts before online shopping did (and a year typed as
# 0001 would make every deadline meaningless); no promise or reminder is years away.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_AHEAD = timedelta(days=5 * 365)
TOO_LONG = _("At most %(limit_value)d characters, please (this has %(show_value)d).")
NOT_AN_OPTION = _("Choose one of the options shown.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DayField(forms.DateField):
    """A date no earlier than 2000-01-01 and, where it looks ahead, at most five years ahead."""

    widget = DateInput

    def __init__(self, *, too_early=None, looks_ahead=False, **kwargs):
        self.looks_ahead = looks_ahead
        super().__init__(
            error_messages={
                "invalid": _("Enter a real date, for example 2026-11-23."),
                "too_early": too_early
                or _("Check the year: dates before 1 January 2000 are not accepted."),
                "too_late": _("Check the year: this date is more than five years ahead."),
            },
            **kwargs,
        )

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value < EARLIEST_DATE:
            raise forms.ValidationError(self.error_messages["too_early"], code="too_early")
        if self.looks_ahead and value > timezone.localdate() + LATEST_AHEAD:
            raise forms.ValidationError(self.error_messages["too_late"], code="too_late")


def date_field(label, *, required=True, help_text="", **kwargs):
    return DayField(label=label, required=required, help_text=help_text, **kwargs)


def text_field(
    label, *, max_length: int, required=True, required_message=None, too_long=None, **kwargs
):
    """A text field with a length limit, both said in our own words."""
    messages = {"max_length": too_long or TOO_LONG}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label, required=required, max_length=max_length, error_messages=messages, **kwargs
    )


class PhoneNumberField(forms.CharField):
    """A number someone in China dialled, stored normalised (021-5339 5288 → 02153395288)."""

    def clean(self, value):
        raw = super().clean(value).strip()
        if not raw:
            return ""
        number = normalise_dialled_number(raw)
        if number is None:
            raise forms.ValidationError(
                _(
                    "This does not look like a Chinese phone number "
                    "(mobile, landline with area code, 400/800 or a hotline such as 12315)."
                ),
                code="invalid",
            )
        return number


def fact_field(fact: Fact) -> forms.Field:
    """The form field for one fact of the timeline schema (cases.events)."""
    if fact.type == FactType.PROMISED_DATE:
        return date_field(fact.question, required=False, looks_ahead=True)
    options = {
        "label": fact.question,
        "required": False,
        "max_length": fact.max_length,
        "help_text": fact.help_text,
        "error_messages": {"max_length": TOO_LONG},
    }
    if fact.type == FactType.PHONE:
        return PhoneNumberField(widget=forms.TextInput(attrs={"inputmode": "tel"}), **options)
    return forms.CharField(**options)


class AmountField(forms.DecimalField):
    """An amount in yuan as people type it: '199', '1,299.50', '¥88', '88元'.

    A text input (with the decimal keypad on phones) rather than type=number, which would
    send an empty value for '1,299' and make the error message lie.
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, **kwargs):
        super().__init__(
            max_digits=12,
            decimal_places=2,
            error_messages={
                "invalid": _("Enter the amount as a number, for example 199.00."),
                "max_decimal_places": _("Amounts have at most two decimal places (fen)."),
                "max_digits": _("This amount is too large."),
                "max_whole_digits": _("This amount is too large."),
            },
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            for noise in ("¥", "￥", ",", "，", "元", " "):
                value = value.replace(noise, "")
        return super().to_python(value)
