from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import DateInput

from .models import EvidenceKind

# The first choice and the default: the server guesses the kind from the file (kinds.py).
AUTO = "auto"
KIND_ERRORS = {"required": _("Choose what kind of evidence this is.")}


class EvidenceDetailsForm(forms.Form):
    """Kind, description and capture date of one uploaded file (or of a whole batch).

    A kind of None (自动识别) leaves it to the vault to guess from the file."""

    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=[(AUTO, _("Recognise automatically")), *EvidenceKind.choices],
        initial=AUTO,
        error_messages=KIND_ERRORS,
    )
    description = forms.CharField(
        label=_("Short description"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. the label has no anti-counterfeit code")}
        ),
    )
    captured_on = forms.DateField(
        label=_("Captured on"),
        required=False,
        widget=DateInput(),
        help_text=_("When the photo, video or screenshot was taken, if you know."),
        error_messages={"invalid": _("Enter a real date, for example 2026-11-23.")},
    )

    def __init__(self, *args, **kwargs):
        # Its own ids: the case page also shows the timeline form, which has a "kind" too.
        kwargs.setdefault("auto_id", "evidence_%s")
        super().__init__(*args, **kwargs)
        # Drawn by the light templates/include/field.html, not crispy (the evidence section
        # renders this form on every view).
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_kind(self) -> str | None:
        kind = self.cleaned_data["kind"]
        return None if kind == AUTO else kind

    def clean_captured_on(self):
        captured = self.cleaned_data["captured_on"]
        if captured and captured > timezone.localdate():
            raise forms.ValidationError(_("The capture date cannot be in the future."))
        return captured


class EvidenceEditForm(forms.Form):
    """What an uploaded file is and its description, corrected on the evidence page."""

    kind = forms.ChoiceField(
        label=_("What is it?"), choices=EvidenceKind.choices, error_messages=KIND_ERRORS
    )
    description = EvidenceDetailsForm.base_fields["description"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "edit_%s")
        super().__init__(*args, **kwargs)


class EvidenceSearchForm(forms.Form):
    """The words to look for in one's own evidence (reading/search.py splits them)."""

    q = forms.CharField(
        label=_("Words to look for"),
        max_length=100,
        error_messages={
            "required": _("Type the words to look for, e.g. 七天无理由 or the shop's name."),
            "max_length": _("Type at most 100 characters."),
        },
        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
    )
