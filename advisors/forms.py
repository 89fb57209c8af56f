from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.fields import DayField
from cases.models import Problem, Stage

from .followups import FOLLOW_UP_AHEAD
from .models import AdvisorPreferences, ReplyTemplate, VolunteerOutcome, VolunteerStatus
from .replies import PLACEHOLDERS, unknown_placeholders
from .services import SETTABLE_STATUSES


class HelpRequestForm(forms.Form):
    prefix = "help"  # the case page has other forms with a "message" field

    message = forms.CharField(
        label=_("What would you like help with? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that weiquan's volunteer advisors may read this case, its timeline and "
            "its evidence to help me. I can withdraw this at any time."
        ),
        error_messages={"required": _("Tick the box to let a volunteer read your case.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Drawn by light templates (advisors/include/help_panel.html), not crispy: the case
        # page's "more" section renders this form on every view.
        self.fields["message"].widget.attrs.setdefault("class", "form-control")
        self.fields["consent"].widget.attrs.setdefault("class", "form-check-input")


class NoteForm(forms.Form):
    """An internal note on a case, in the advisors' workspace."""

    body = forms.CharField(
        label=_("Internal note (only advisors see it)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    """Advice sent to the case's owner from the advisors' workspace: previewed, then sent.

    "Preview" fills the chosen template (or the typed text's placeholders) and shows it as
    the consumer will see it; "send" sends the text only if it is the one previewed."""

    template = forms.ModelChoiceField(
        label=_("Start from a template"),
        queryset=ReplyTemplate.objects.none(),
        required=False,
        empty_label=_("(write my own)"),
    )
    body = forms.CharField(
        label=_("Advice to the consumer (they see it and are notified)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": _("At most %(limit_value)d characters, please.")},
    )
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        ids = [template.pk for template in templates]
        self.fields["template"].queryset = ReplyTemplate.objects.filter(pk__in=ids)

    def clean_body(self) -> str:
        # Browsers send a textarea's lines with CRLF; the preview's digest is over LF.
        return self.cleaned_data["body"].replace("\r\n", "\n").strip()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("body") and not cleaned.get("template") and "body" not in self.errors:
            self.add_error("body", _("Write the advice, or choose a template."))
        return cleaned


class ReplyEditForm(forms.Form):
    """Correcting one's own advice within the edit window."""

    body = forms.CharField(
        label=_("Corrected advice"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("The advice cannot be empty.")},
    )


class AnswerForm(forms.Form):
    """The consumer's answer to a volunteer's advice, on their case page."""

    prefix = "answer"

    body = forms.CharField(
        label=_("Answer the volunteer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={
            "required": _("Write your answer first."),
            "max_length": _("At most %(limit_value)d characters, please."),
        },
    )

    def add_error(self, field, error):
        # Marked on the field, so Bootstrap shows the message beside it.
        super().add_error(field, error)
        if field in self.fields:
            widget = self.fields[field].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            widget.attrs["aria-invalid"] = "true"


def _future_day(value, *, ahead=FOLLOW_UP_AHEAD):
    """A follow-up's day: today or later, and not a year typed wrong."""
    today = timezone.localdate()
    if value < today:
        raise forms.ValidationError(_("Choose today or a later date."), code="past")
    if value > today + ahead:
        raise forms.ValidationError(
            _("Check the year: a follow-up can be at most a year ahead."), code="too_late"
        )
    return value


class FollowUpForm(forms.Form):
    """ "Remind me on…": the volunteer's own dated follow-up on a shared case."""

    prefix = "followup"

    due_on = DayField(label=_("Remind me on"), looks_ahead=True)
    note = forms.CharField(label=_("About what (optional)"), max_length=200, required=False)

    def clean_due_on(self):
        return _future_day(self.cleaned_data["due_on"])


class ConsumerReminderForm(forms.Form):
    """ "Remind the consumer on… / now" from the workspace."""

    prefix = "remind"

    remind_on = DayField(label=_("Remind the consumer on"), looks_ahead=True, required=False)
    message = forms.CharField(
        label=_("Message (optional)"),
        max_length=300,
        required=False,
        help_text=_("Without one, they are asked to look at their case."),
    )

    def __init__(self, *args, now: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now

    def clean_remind_on(self):
        day = self.cleaned_data["remind_on"]
        if day is None:
            if not self.now:
                raise forms.ValidationError(
                    _("Choose the day, or press “Remind now”."), code="required"
                )
            return None
        return _future_day(day)


def _marked(names) -> str:
    return "、".join(f"{{{name}}}" for name in names)


class ReplyTemplateForm(forms.ModelForm):
    """The superusers' form for a reply template: stages and problems as tick boxes, and
    only the known placeholders."""

    stages = forms.MultipleChoiceField(
        label=_("Stages (none ticked: every stage)"),
        choices=Stage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    problems = forms.MultipleChoiceField(
        label=_("Problems (none ticked: every problem)"),
        choices=Problem.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ReplyTemplate
        fields = ["title", "body", "stages", "problems", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:  # not in the read-only view advisors get
            names = _marked(PLACEHOLDERS)
            self.fields["body"].help_text = _("Placeholders: %(names)s.") % {"names": names}

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        unknown = unknown_placeholders(body)
        if unknown:
            raise forms.ValidationError(
                _("Unknown placeholder %(unknown)s. Only these can be used: %(names)s.")
                % {
                    "unknown": _marked(unknown),
                    "names": _marked(PLACEHOLDERS),
                },
                code="unknown_placeholder",
            )
        return body


class DismissDeadlineForm(forms.Form):
    """A volunteer dismissing an overdue deadline: which one, and why (the consumer sees
    it on their timeline)."""

    code = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why nothing more is needed (the consumer sees this on their timeline)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why this deadline needs nothing more.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why this deadline needs nothing more."))
        return reason


# --- holding a case (the workspace's "taken by" box) -----------------------------------


class HandoverNoteField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Handover note for the next volunteer"),
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={
                "required": _("Write a handover note: what was done, and what is next.")
            },
            **kwargs,
        )


class ReleaseForm(forms.Form):
    """Give a case back to the queue, leaving a note for whoever takes it next."""

    note = HandoverNoteField()


class HandToForm(forms.Form):
    """Hand a case to another volunteer, who is told, with a note."""

    to = forms.ModelChoiceField(
        label=_("Hand to"),
        queryset=None,
        empty_label=_("choose a volunteer"),
        error_messages={
            "required": _("Choose the volunteer to hand the case to."),
            "invalid_choice": _("Choose one of the volunteers listed."),
        },
    )
    note = HandoverNoteField()

    def __init__(self, *args, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = advisors
        self.fields["to"].label_from_instance = lambda user: (
            user.display_name or _("Volunteer #%(id)s") % {"id": user.pk}
        )


class StepInForm(forms.Form):
    """Take over a case another volunteer holds, knowing they will be told."""

    confirm = forms.BooleanField(
        label=_("I'm stepping in: the volunteer who holds this case will be told."),
        error_messages={"required": _("Tick the box to confirm that you are stepping in.")},
    )


class StatusForm(forms.Form):
    """Where the volunteer's help stands; an ended case says how it ended."""

    status = forms.ChoiceField(label=_("Volunteer status"), choices=())
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in SETTABLE_STATUSES]
        self.fields["outcome"].choices = [("", "—"), *VolunteerOutcome.choices]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == VolunteerStatus.ENDED and not cleaned.get("outcome"):
            self.add_error("outcome", _("Choose how the case ended."))
        return cleaned


class PreferencesForm(forms.ModelForm):
    """A volunteer's own notification settings."""

    problems = forms.MultipleChoiceField(
        label=_("only new requests with these problems"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every problem."),
    )

    class Meta:
        model = AdvisorPreferences
        fields = ["new_requests", "case_news", "deadlines", "by_email", "platforms", "problems"]
        widgets = {"platforms": forms.CheckboxSelectMultiple}
        help_texts = {"platforms": _("None ticked: every platform.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problems"].choices = Problem.choices
