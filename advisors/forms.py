from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Problem

from .models import AdvisorPreferences, VolunteerOutcome, VolunteerStatus
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
    """Advice sent to the case's owner from the advisors' workspace."""

    body = forms.CharField(
        label=_("Advice to the consumer (they see it and are notified)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


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
