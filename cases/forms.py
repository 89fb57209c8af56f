"""Forms for cases and their timeline. They validate input; the services do the writing."""

import re
from datetime import datetime, timedelta
from decimal import Decimal

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms.models import Platform, PlatformKind

from . import events
from .fields import (
    EARLIEST_DATE,
    NOT_AN_OPTION,
    AmountField,
    DateTimeLocalInput,
    date_field,
    fact_field,
    text_field,
)
from .fields import DateInput as DateInput  # evidence.forms uses the same date input
from .models import LOGGABLE_EVENT_KINDS, Case, Outcome, Problem, Stage, Want

ORDER_NUMBER_PATTERN = re.compile(r"^[A-Za-z0-9_\-]+$")
MAX_AMOUNT = Decimal("10000000")
MAX_DESCRIPTION = 5000
# A phone's clock and the server's may differ by a few minutes.
CLOCK_SKEW = timedelta(minutes=10)


# What people usually ask for in each kind of problem, ticked for them on a new case (until
# they tick something themselves): fakes and unsafe food carry a statutory compensation on
# top of the refund (消法 Art. 55, 食品安全法 Art. 148), defects and misdescriptions a return.
TYPICAL_WANTS: dict[str, list[str]] = {
    Problem.COUNTERFEIT: [Want.REFUND, Want.COMPENSATION],
    Problem.UNSAFE_FOOD: [Want.REFUND, Want.COMPENSATION],
    Problem.DEFECT: [Want.RETURN_REFUND],
    Problem.NOT_AS_DESCRIBED: [Want.RETURN_REFUND],
    Problem.REFUND_REFUSED: [Want.REFUND],
    Problem.NOT_DELIVERED: [Want.REFUND],
    Problem.AUTO_RENEWAL: [Want.REFUND],
    Problem.OTHER: [],
}


class CaseForm(forms.ModelForm):
    platform = forms.ModelChoiceField(
        label=_("Where did you buy it?"),
        queryset=Platform.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the platform where you bought it."),
            "invalid_choice": NOT_AN_OPTION,
        },
    )
    shop_name = text_field(
        _("Shop or merchant name"),
        max_length=100,
        required_message=_("Enter the name of the shop or merchant."),
        help_text=_("As shown on the order page."),
    )
    order_number = text_field(
        _("Order number"),
        max_length=64,
        required=False,
        too_long=_("An order number has at most 64 characters."),
        help_text=_("Copy it from the order page in the app. Optional for now."),
    )
    product = text_field(
        _("What did you buy?"),
        max_length=200,
        required_message=_("Enter what you bought."),
    )
    amount_paid = AmountField(label=_("Amount paid (yuan)"))
    purchase_date = date_field(
        _("Purchase date"), too_early=_("The purchase date cannot be before 1 January 2000.")
    )
    received_date = date_field(
        _("Received date"),
        required=False,
        help_text=_("Leave empty if it never arrived."),
        too_early=_("The received date cannot be before 1 January 2000."),
    )
    wants = forms.MultipleChoiceField(
        label=_("What do you want?"),
        choices=Want.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one thing you want."),
            "invalid_choice": NOT_AN_OPTION,
        },
    )
    problem = forms.ChoiceField(
        label=_("What went wrong?"),
        choices=Problem.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what went wrong."), "invalid_choice": NOT_AN_OPTION},
    )
    description = text_field(
        _("What happened? (in your own words)"),
        max_length=MAX_DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = Platform.objects.filter(
            is_active=True, kind=PlatformKind.SHOPPING
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


class When(models.TextChoices):
    """How a person says when something happened: most entries are logged as they happen."""

    NOW = "now", _("Just now")
    TODAY = "today", _("Today")
    YESTERDAY = "yesterday", _("Yesterday")
    PICK = "pick", _("Pick a date and time")


class EventForm(forms.Form):
    """One entry of the timeline, of one kind: the form asks only that kind's facts.

    The kind is chosen before the form (one tap on a chip, which works without JavaScript),
    so the fields are those of the timeline schema (cases.events) for that kind. "When" is
    one tap for the usual answers; a day without a time is stored as such (`time_known`).
    The summary may be one of the kind's phrases, with or without words of one's own.
    """

    kind = forms.ChoiceField(
        choices=[(kind.value, kind.label) for kind in LOGGABLE_EVENT_KINDS],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": NOT_AN_OPTION, "required": NOT_AN_OPTION},
    )
    when = forms.ChoiceField(
        label=_("When"),
        choices=When.choices,
        initial=When.NOW,
        widget=forms.RadioSelect(attrs={"class": "when-choice"}),
        error_messages={"invalid_choice": NOT_AN_OPTION, "required": NOT_AN_OPTION},
    )
    happened_at = forms.DateTimeField(
        label=_("Date and time"),
        required=False,
        widget=DateTimeLocalInput(),
        error_messages={"invalid": _("Enter a real date and time, for example 2026-11-23 14:30.")},
    )
    phrase = forms.ChoiceField(
        label=_("In short"),
        required=False,
        widget=forms.RadioSelect(attrs={"class": "phrase-choice"}),
        error_messages={"invalid_choice": NOT_AN_OPTION},
    )
    summary = text_field(
        _("What was said or done"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
    )

    def __init__(self, *args, kind: str, fixed_kind: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["kind"].initial = kind
        if fixed_kind:
            self.fields["kind"].disabled = True
        phrases = events.phrases_of(kind)
        if phrases:
            self.fields["phrase"].choices = [(phrase, phrase) for phrase in phrases]
            self.fields["summary"].label = _("Anything to add")
        else:
            del self.fields["phrase"]
        for fact in events.facts_of(kind):
            if not fact.is_system:
                self.fields[fact.key] = fact_field(fact)
        # Drawn by a light template (cases/include/field.html), not crispy: the contacts
        # section renders this form on every view.
        for field in self.fields.values():
            if not isinstance(field.widget, forms.RadioSelect | forms.HiddenInput):
                field.widget.attrs.setdefault("class", "form-control")

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in [field] if field else []:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self.auto_id % name}_error"

    @property
    def fact_keys(self) -> list[str]:
        return [fact.key for fact in events.facts_of(self.kind) if not fact.is_system]

    def clean_happened_at(self):
        happened = self.cleaned_data["happened_at"]
        if happened is None:
            return None
        if happened > timezone.now() + CLOCK_SKEW:
            raise forms.ValidationError(_("This cannot be in the future."))
        if timezone.localdate(happened) < EARLIEST_DATE:
            raise forms.ValidationError(
                _("Check the year: dates before 1 January 2000 are not accepted.")
            )
        return happened

    def clean(self):
        cleaned = super().clean()
        self._clean_when(cleaned)
        phrase, summary = cleaned.get("phrase") or "", (cleaned.get("summary") or "").strip()
        if "summary" not in self.errors:
            if not (phrase or summary):
                self.add_error(
                    "summary",
                    _("Write down what was said or done, or tap one of the phrases above.")
                    if "phrase" in self.fields
                    else _("Write down what was said or done."),
                )
            cleaned["summary"] = "，".join(part for part in (phrase, summary) if part)
        happened, promised_by = cleaned.get("happened_at"), cleaned.get(events.PROMISED_BY.key)
        if happened and promised_by and promised_by < timezone.localdate(happened):
            self.add_error(
                events.PROMISED_BY.key,
                _("The promised date cannot be before the day it was promised."),
            )
        return cleaned

    def _clean_when(self, cleaned: dict) -> None:
        when, now = cleaned.get("when"), timezone.localtime()
        cleaned["time_known"] = when in (When.NOW, When.PICK)
        if when == When.NOW or when == When.TODAY:
            cleaned["happened_at"] = now.replace(second=0, microsecond=0)
        elif when == When.YESTERDAY:
            # The day is what the consumer knows; noon keeps it on that day in any zone
            # the pages print it in, and no time is shown.
            cleaned["happened_at"] = (now - timedelta(days=1)).replace(
                hour=12, minute=0, second=0, microsecond=0
            )
        elif (
            when == When.PICK
            and cleaned.get("happened_at") is None
            and "happened_at" not in self.errors
        ):
            self.add_error("happened_at", _("Choose the date and time."))

    def facts(self) -> dict:
        """The kind-specific facts to hand to the service."""
        return {name: self.cleaned_data.get(name) for name in self.fact_keys}


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Move to stage"),
        choices=Stage.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": NOT_AN_OPTION},
    )
    note = text_field(_("Why (optional)"), required=False, max_length=1000)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did it end?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how the case ended."),
            "invalid_choice": NOT_AN_OPTION,
        },
    )
    closed_on = date_field(_("Closed on"))
    summary = text_field(
        _("What you got (optional)"),
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

    remind_on = date_field(_("Remind me on"), looks_ahead=True)
    remind_at = forms.TimeField(
        label=_("At"),
        initial="09:00",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time such as 09:00.")},
    )
    message = text_field(
        _("About what"), max_length=300, required_message=_("Write what to remind you about.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Drawn by the light templates/include/field.html, not crispy: the "more" section
        # renders this form on every view.
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean(self):
        cleaned = super().clean()
        day, moment = cleaned.get("remind_on"), cleaned.get("remind_at")
        if day and moment:
            due = timezone.make_aware(datetime.combine(day, moment))
            if due < timezone.now() - CLOCK_SKEW:
                self.add_error("remind_on", _("Choose a time in the future."))
            cleaned["due_at"] = due
        return cleaned
