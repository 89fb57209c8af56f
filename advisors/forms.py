from django import forms
from django.utils.translation import gettext_lazy as _


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
