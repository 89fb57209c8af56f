"""QuickRenderer writes Django's own widget markup, byte for byte, without its templates."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.form_renderer import DRAWN, QuickRenderer

CHOICES = [
    ("auto", gettext_lazy("Automatic")),
    ("a&b", 'Quotes " and <tags>'),
    ("合同", [("contract", "合同"), ("invoice", "发票")]),
    (3, "三"),
]
ATTRS = [
    {},
    {"class": "form-control when-choice", "required": True, "disabled": False,
     "data-x": '"&<', "aria-describedby": "id_x_error", "rows": 4},
]  # fmt: skip
WIDGETS = [
    forms.TextInput, forms.NumberInput, forms.EmailInput, forms.URLInput, forms.PasswordInput,
    forms.HiddenInput, forms.DateInput, forms.DateTimeInput, forms.TimeInput, forms.CheckboxInput,
    forms.Textarea, forms.SearchInput, forms.TelInput, forms.ColorInput,
]  # fmt: skip
CHOICE_WIDGETS = [forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple,
                  forms.SelectMultiple, forms.NullBooleanSelect]  # fmt: skip
MOMENT = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)
VALUES = [None, "", "plain", 'a "quoted" <b>&amp;</b>', mark_safe("<i>safe</i>"), 0, 12.5, True,
          MOMENT.date(), MOMENT]  # fmt: skip


def both(draw):
    """What `draw(renderer)` gives with Django's template renderer and with ours."""
    return draw(DjangoTemplates()), draw(QuickRenderer())


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("widget_class", WIDGETS)
def test_each_input_widget_is_drawn_as_django_draws_it(widget_class, value, attrs):
    widget = widget_class(attrs=dict(attrs))
    django, quick = both(lambda renderer: widget.render("field", value, {"id": "id_f"}, renderer))
    assert quick == django


CHOICE_VALUES = [None, "a&b", "invoice", 3, ["auto", "contract"], "unknown"]


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize(
    ("widget_class", "value"),
    [
        (widget_class, value)
        for widget_class in CHOICE_WIDGETS
        for value in CHOICE_VALUES
        # a list is no value of a yes/no select (Django itself cannot draw it)
        if not (widget_class is forms.NullBooleanSelect and isinstance(value, list))
    ],
)
def test_each_choice_widget_and_each_of_its_options_is_drawn_as_django_draws_it(
    widget_class, value, attrs
):
    choices = CHOICES if widget_class is not forms.NullBooleanSelect else ()
    widget = widget_class(attrs=dict(attrs), choices=choices) if choices else widget_class()

    class Form(forms.Form):
        field = forms.Field(widget=widget)

    def drawn(renderer):
        field = Form(initial={"field": value}, renderer=renderer)["field"]
        # the whole widget, then each radio or option alone, as templates draw chips
        return [str(field), *(f"{sub.tag()}|{sub.choice_label}" for sub in field.subwidgets)]

    with translation.override("zh-hans"):
        django, quick = both(drawn)
    assert quick == django


def test_a_label_wrapped_option_without_an_id_is_drawn_as_django_draws_it():
    widget = forms.RadioSelect(choices=[("a", "甲"), ("b", "乙")])
    django, quick = both(lambda renderer: widget.render("pick", "b", None, renderer))
    assert quick == django
    assert "for=" not in quick


def test_other_templates_go_to_django_s_renderer():
    class Form(forms.Form):
        name = forms.CharField()
        upload = forms.FileField()

    django, quick = both(lambda renderer: str(Form(renderer=renderer)))  # form templates
    assert quick == django
    assert "django/forms/widgets/clearable_file_input.html" not in DRAWN


def test_it_is_the_site_s_renderer():
    assert settings.FORM_RENDERER == "core.form_renderer.QuickRenderer"
    assert isinstance(get_default_renderer(), QuickRenderer)


def test_every_form_on_the_case_pages_is_drawn_as_before(client, django_user_model):
    """The case sections, drawn with the site's renderer and with Django's: the same page."""
    from cases import services
    from cases.models import Stage
    from platforms.models import Platform

    owner = django_user_model.objects.create_user(username="13900000001", phone="13900000001")
    platform = Platform.objects.create(slug="testshop", name="测试平台")
    case = services.case_create(
        owner=owner, platform=platform, shop_name="店", order_number="1", product="耳机",
        amount_paid=299, purchase_date=datetime.date(2026, 11, 1), received_date=None,
        problem="counterfeit", wants=["refund"], description="",
    )  # fmt: skip
    services.case_move_stage(case=case, stage=Stage.MERCHANT, actor=owner)  # a rung with forms
    client.force_login(owner)
    base = case.get_absolute_url()
    for url in [base, base + "timeline/", base + "timeline/?kind=phone_call", base + "more/",
                base + "evidence/", "/cases/new/"]:  # fmt: skip
        quick = client.get(url).content.decode()
        from django.test import override_settings

        with override_settings(FORM_RENDERER="django.forms.renderers.DjangoTemplates"):
            django = client.get(url).content.decode()
        strip = lambda html: [  # noqa: E731 - the CSRF token differs per response
            line for line in html.splitlines() if "csrfmiddlewaretoken" not in line
        ]
        assert strip(quick) == strip(django), url
