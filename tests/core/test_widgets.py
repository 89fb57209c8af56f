"""QuickSelect writes Django's own select markup, without a template per option."""

import pytest
from django import forms
from django.utils import translation

from core.widgets import QuickSelect
from evidence.forms import EvidenceDetailsForm

CHOICES = [
    ("auto", "自动识别"),
    ("a&b", 'Quotes " and <tags>'),
    ("合同", [("contract", "合同"), ("invoice", "发票")]),
    (3, "三"),
]


@pytest.mark.parametrize("value", [None, "a&b", "invoice", 3, ["auto"]])
@pytest.mark.parametrize(
    "attrs", [{}, {"class": "form-select", "required": True, "disabled": False, "data-x": '"'}]
)
def test_it_writes_what_django_s_templates_write(value, attrs):
    def drawn(widget_class):
        class Form(forms.Form):
            kind = forms.ChoiceField(choices=CHOICES, widget=widget_class(attrs=attrs))

        return str(Form(initial={"kind": value})["kind"])

    assert drawn(QuickSelect) == drawn(forms.Select)


def test_the_evidence_form_is_drawn_as_before():
    with translation.override("zh-hans"):
        form = EvidenceDetailsForm(data={"kind": "chat_log"})
        field = form["kind"]
        assert isinstance(field.field.widget, QuickSelect)
        expected = forms.Select.render(field.field.widget, "kind", "chat_log",
                                       {"id": "evidence_kind"})  # fmt: skip
        assert field.field.widget.render("kind", "chat_log", {"id": "evidence_kind"}) == (expected)
        assert "selected" in expected
