"""Forms for cases and their timeline. They validate input; the services do the writing."""

import re
from datetime import datetime, timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.phones import normalise_dialled_number
from platforms.models import Platform, PlatformKind

from .models import LOGGABLE_EVENT_KINDS, Case, EventKind, Outcome, Problem, Stage, Want

ORDER_NUMBER_PATTERN = re.compile(r"^[A-Za-z0-9_\-]+$")
MAX_AMOUNT = Decimal("10000000")
# A phone's clock and the server's may differ by a few minutes.
CLOCK_SKEW = timedelta(minutes=10)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a real date, for example 2026-11-23.")},
    )


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


class CaseForm(forms.ModelForm):
    platform = forms.ModelChoiceField(
        label=_("Where did you buy it?"),
        queryset=Platform.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the platform where you bought it.")},
    )
    amount_paid = AmountField(label=_("Amount paid (yuan)"))
    purchase_date = _date_field(_("Purchase date"))
    received_date = _date_field(
        _("Received date"), required=False, help_text=_("Leave empty if it never arrived.")
    )
    wants = forms.MultipleChoiceField(
        label=_("What do you want?"),
        choices=Want.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one thing you want.")},
    )
    problem = forms.ChoiceField(
        label=_("What went wrong?"), choices=Problem.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = Case
        fields = [
            "platform",
            "shop_name",
            "order_number",
            "product",
            "amount_paid",
            "purchase_date",
            "received_date",
            "problem",
            "wants",
            "description",
        ]
        labels = {
            "shop_name": _("Shop or merchant name"),
            "order_number": _("Order number"),
            "product": _("What did you buy?"),
            "description": _("What happened? (in your own words)"),
        }
        help_texts = {
            "order_number": _("Copy it from the order page in the app. Optional for now."),
            "shop_name": _("As shown on the order page."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = Platform.objects.filter(
            is_active=True, kind=PlatformKind.SHOPPING
        )
        self.fields["order_number"].error_messages["max_length"] = _(
            "An order number has at most 64 characters."
        )

    def clean_shop_name(self) -> str:
        return self.cleaned_data["shop_name"].strip()

    def clean_order_number(self) -> str:
        value = self.cleaned_data["order_number"].strip()
        if not value:
            return ""
        if re.search(r"\s", value):
            raise forms.ValidationError(
                _("An order number has no spaces. Copy it again from the order page.")
            )
        if not ORDER_NUMBER_PATTERN.match(value):
            raise forms.ValidationError(_("An order number has only letters, digits and hyphens."))
        return value

    def clean_amount_paid(self) -> Decimal:
        amount = self.cleaned_data["amount_paid"]
        if amount <= 0:
            raise forms.ValidationError(_("The amount paid must be more than ¥0."))
        if amount >= MAX_AMOUNT:
            raise forms.ValidationError(_("This amount is too large."))
        return amount

    def clean_purchase_date(self):
        purchased = self.cleaned_data["purchase_date"]
        if purchased > timezone.localdate():
            raise forms.ValidationError(_("The purchase date cannot be in the future."))
        return purchased

    def clean_received_date(self):
        received = self.cleaned_data.get("received_date")
        if received and received > timezone.localdate():
            raise forms.ValidationError(_("The received date cannot be in the future."))
        return received

    def clean(self):
        cleaned = super().clean()
        purchased, received = cleaned.get("purchase_date"), cleaned.get("received_date")
        if purchased and received and received < purchased:
            self.add_error(
                "received_date", _("The received date cannot be before the purchase date.")
            )
        return cleaned

    def _post_clean(self):
        # Constraints are checked by the service's save; the form already said everything
        # a person can fix, so skip ModelForm's instance validation of database constraints.
        pass


class EventForm(forms.Form):
    """One form for every kind a person logs; fields a kind does not use are ignored."""

    kind = forms.ChoiceField(
        label=_("What happened?"),
        choices=[(kind.value, kind.label) for kind in LOGGABLE_EVENT_KINDS],
        initial=EventKind.PHONE_CALL,
    )
    happened_at = forms.DateTimeField(
        label=_("When"),
        widget=DateTimeLocalInput(),
        error_messages={"invalid": _("Enter a real date and time, for example 2026-11-23 14:30.")},
    )
    summary = forms.CharField(
        label=_("What was said or done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Write down what was said or done.")},
    )
    number_dialled = forms.CharField(
        label=_("Number dialled"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    agent_id = forms.CharField(
        label=_("Agent ID (工号)"),
        required=False,
        max_length=50,
        help_text=_("Ask for it at the start of every call."),
    )
    promise = forms.CharField(label=_("What was promised"), required=False, max_length=500)
    promised_by = _date_field(_("Promised by"), required=False)
    ticket_number = forms.CharField(
        label=_("Ticket / after-sales number"), required=False, max_length=64
    )
    complaint_number = forms.CharField(
        label=_("12315 complaint number"), required=False, max_length=64
    )
    report_number = forms.CharField(label=_("Report number"), required=False, max_length=64)
    court_case_number = forms.CharField(label=_("Court case number"), required=False, max_length=64)

    # Which optional fields each kind shows (the page hides the rest with JavaScript).
    FIELDS_BY_KIND = {
        EventKind.MERCHANT_REPLY: ("promise", "promised_by"),
        EventKind.PLATFORM_REQUEST: ("ticket_number",),
        EventKind.PLATFORM_DECISION: ("ticket_number", "promise", "promised_by"),
        EventKind.PHONE_CALL: ("number_dialled", "agent_id", "promise", "promised_by"),
        EventKind.COMPLAINT_12315: ("complaint_number",),
        EventKind.REGULATOR_REPORT: ("report_number",),
        EventKind.COURT_FILING: ("court_case_number",),
    }
    OPTIONAL_FIELDS = (
        "number_dialled",
        "agent_id",
        "promise",
        "promised_by",
        "ticket_number",
        "complaint_number",
        "report_number",
        "court_case_number",
    )

    def __init__(self, *args, fixed_kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_kind is not None:
            self.fields["kind"].disabled = True
            self.fields["kind"].initial = fixed_kind
        for name in self.OPTIONAL_FIELDS:
            kinds = [kind for kind, names in self.FIELDS_BY_KIND.items() if name in names]
            self.fields[name].widget.attrs["data-kinds"] = " ".join(kinds)

    def clean_happened_at(self):
        happened = self.cleaned_data["happened_at"]
        if happened > timezone.now() + CLOCK_SKEW:
            raise forms.ValidationError(_("This cannot be in the future."))
        return happened

    def clean_number_dialled(self) -> str:
        raw = self.cleaned_data["number_dialled"].strip()
        if not raw:
            return ""
        number = normalise_dialled_number(raw)
        if number is None:
            raise forms.ValidationError(
                _(
                    "This does not look like a Chinese phone number "
                    "(mobile, landline with area code, 400/800 or a hotline such as 12315)."
                )
            )
        return number

    def clean(self):
        cleaned = super().clean()
        happened, promised_by = cleaned.get("happened_at"), cleaned.get("promised_by")
        if happened and promised_by and promised_by < timezone.localdate(happened):
            self.add_error(
                "promised_by", _("The promised date cannot be before the day it was promised.")
            )
        kind = cleaned.get("kind")
        used = self.FIELDS_BY_KIND.get(kind, ())
        for name in self.OPTIONAL_FIELDS:
            if name not in used:
                cleaned[name] = ""
        return cleaned

    def facts(self) -> dict:
        """The kind-specific facts to hand to the service."""
        return {name: self.cleaned_data.get(name) for name in self.OPTIONAL_FIELDS}


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to stage"), choices=Stage.choices)
    note = forms.CharField(label=_("Why (optional)"), required=False, max_length=1000)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did it end?"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    closed_on = _date_field(_("Closed on"))
    summary = forms.CharField(
        label=_("What you got (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["closed_on"].initial = timezone.localdate()

    def clean_closed_on(self):
        closed_on = self.cleaned_data["closed_on"]
        if closed_on > timezone.localdate():
            raise forms.ValidationError(_("The closing date cannot be in the future."))
        if closed_on < self.case.purchase_date:
            raise forms.ValidationError(_("The closing date cannot be before the purchase date."))
        return closed_on


class ReminderForm(forms.Form):
    """A reminder the consumer sets by hand (call the merchant back, check the refund...)."""

    remind_on = _date_field(_("Remind me on"))
    remind_at = forms.TimeField(
        label=_("At"),
        initial="09:00",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time such as 09:00.")},
    )
    message = forms.CharField(label=_("About what"), max_length=300)

    def clean(self):
        cleaned = super().clean()
        day, moment = cleaned.get("remind_on"), cleaned.get("remind_at")
        if day and moment:
            due = timezone.make_aware(datetime.combine(day, moment))
            if due < timezone.now() - CLOCK_SKEW:
                self.add_error("remind_on", _("Choose a time in the future."))
            cleaned["due_at"] = due
        return cleaned
