"""The form renderer: Django's own widget markup, drawn in Python for the common widgets.

Django draws each widget from templates (input.html, attrs.html, one template per radio or
option), about 0.1 ms a widget; a case page draws dozens. `QuickRenderer` writes the same
markup, byte for byte (tests/core/test_form_renderer.py compares it with Django's templates
for every widget it draws), and hands any other template (forms, the admin's widgets,
crispy's field templates) to Django's template renderer as before.
Set as FORM_RENDERER in weiquan/settings.py.
"""

from collections.abc import Callable

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"


def _text(value: object) -> str:
    """`{{ value }}` of a string-like value (widgets' names, ids, labels)."""
    return str(conditional_escape(value))


def _formatted(value: object) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe string safe."""
    text = str(value)
    return text if isinstance(value, SafeData) else str(escape(text))


def _attrs(attrs: dict) -> str:
    """attrs.html."""
    html = []
    for name, value in attrs.items():
        if value is False:
            continue
        html.append(f" {_text(name)}")
        if value is not True:
            html.append(f'="{_formatted(value)}"')
    return "".join(html)


def _input(widget: dict) -> str:
    """input.html's markup."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


def _input_option(widget: dict) -> str:
    """input_option.html's markup (it includes input.html's file, line break and all)."""
    markup = _input(widget) + "\n"
    if not widget.get("wrap_label"):
        return markup
    widget_id = widget["attrs"].get("id")
    label_for = f' for="{_text(widget_id)}"' if widget_id else ""
    return f"<label{label_for}>{markup} {_text(widget['label'])}</label>"


def _option(option: dict) -> str:
    """An option's template file, as multiple_input.html and select.html include it."""
    draw = DRAWN.get(option["template_name"])
    if draw is None:
        raise LookupError(option["template_name"])
    return draw(option)


def _multiple_input(widget: dict) -> str:
    """multiple_input.html's markup (radio.html, checkbox_select.html)."""
    widget_id = widget["attrs"].get("id")
    css = widget["attrs"].get("class")
    html = ["<div"]
    if widget_id:
        html.append(f' id="{_text(widget_id)}"')
    if css:
        html.append(f' class="{_text(css)}"')
    html.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            html.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            html.append(f"<div>\n    {_option(option)}</div>")
        if group:
            html.append("\n  </div>")
    html.append("\n</div>")
    return "".join(html)


def _select(widget: dict) -> str:
    """select.html's markup."""
    html = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            html.append(f"\n  {_option(option)}")
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


def _select_option(widget: dict) -> str:
    """select_option.html's markup."""
    return (
        f'<option value="{_formatted(widget["value"])}"{_attrs(widget["attrs"])}>'
        f"{_text(widget['label'])}</option>"
    )


def _textarea(widget: dict) -> str:
    """textarea.html's markup."""
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def _file(draw: Callable[[dict], str]) -> Callable[[dict], str]:
    """A template file's output: its markup and the file's final line break."""
    return lambda widget: draw(widget) + "\n"


def _including(draw: Callable[[dict], str]) -> Callable[[dict], str]:
    """A file that only includes another one: the other file's output, then its own line
    break."""
    return lambda widget: draw(widget) + "\n"


_input_file = _file(_input)
_input_option_file = _file(_input_option)
_multiple_input_file = _file(_multiple_input)

# The widget templates that only include input.html.
INPUTS = ("text", "number", "email", "url", "password", "hidden", "date", "datetime", "time",
          "checkbox", "search", "tel", "color")  # fmt: skip

# Each template name: what rendering the file writes, line breaks included (an `{% include %}`
# keeps them; `render` strips the ends, as Django's renderer does).
DRAWN: dict[str, Callable[[dict], str]] = {
    WIDGETS + "input.html": _input_file,
    **{f"{WIDGETS}{name}.html": _including(_input_file) for name in INPUTS},
    WIDGETS + "input_option.html": _input_option_file,
    WIDGETS + "radio_option.html": _including(_input_option_file),
    WIDGETS + "checkbox_option.html": _including(_input_option_file),
    WIDGETS + "multiple_input.html": _multiple_input_file,
    WIDGETS + "radio.html": _including(_multiple_input_file),
    WIDGETS + "checkbox_select.html": _including(_multiple_input_file),
    WIDGETS + "select.html": _file(_select),
    WIDGETS + "select_option.html": _file(_select_option),
    WIDGETS + "textarea.html": _file(_textarea),
}


class QuickRenderer(DjangoTemplates):
    """Django's default renderer, with the widgets in DRAWN drawn in Python."""

    def render(self, template_name, context, request=None):
        draw = DRAWN.get(template_name)
        if draw is None or request is not None or set(context) != {"widget"}:
            return super().render(template_name, context, request=request)
        return draw(context["widget"]).strip()
