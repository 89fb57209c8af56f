"""The letter page's forms: the 12315 complaint field by field, other letters as one text.

Their fields come from complaint_12315.FIELDS and the limits from drafts, so the page, the
saved versions and the service agree on what a letter holds.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import has_control_characters

from .complaint_12315 import FIELDS
from .drafts import MAX_FIELD_CHARS, MAX_TEXT_CHARS, PER_FIELD_KINDS

_TOO_LONG = _(
    "Too long: at most %(limit_value)d characters, this has %(show_value)d. "
    "Shorten it; nothing was saved."
)


def _letter_text(value: str) -> str:
    if has_control_characters(value, multiline=True):
        raise forms.ValidationError(
            _("Remove the invisible control characters from this field."), code="control"
        )
    return value.replace("\r\n", "\n").strip()


class LetterTextForm(forms.Form):
    text = forms.CharField(
        label=_("Letter"),
        max_length=MAX_TEXT_CHARS,
        required=False,
        strip=False,
        error_messages={"max_length": _TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 18, "class": "letter"}),
    )

    def clean_text(self) -> str:
        return _letter_text(self.cleaned_data["text"])


class Complaint12315Form(forms.Form):
    """One box per field of the 12315 online form, in its order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for spec in FIELDS:
            self.fields[spec.code] = forms.CharField(
                label=spec.label,
                max_length=MAX_FIELD_CHARS,
                required=False,
                strip=False,
                error_messages={"max_length": _TOO_LONG},
                widget=forms.Textarea(attrs={"rows": spec.rows, "class": "letter"}),
            )

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        for code, value in list(cleaned.items()):
            try:
                cleaned[code] = _letter_text(value)
            except forms.ValidationError as error:
                self.add_error(code, error)
        return cleaned


def letter_form(kind: str, data=None, *, initial: dict | None = None) -> forms.Form:
    if kind in PER_FIELD_KINDS:
        return Complaint12315Form(data, initial=initial, prefix="field")
    return LetterTextForm(data, initial=initial)
