"""Form widgets drawn in Python for forms that a page renders on every view.

Django draws a select from templates: one for the select, one per option and one for each
element's attributes, about 0.1 ms an option. `QuickSelect` writes the same markup, byte for
byte (tests/core/test_widgets.py compares the two), without them.
"""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them."""
    html = []
    for name, value in attrs.items():
        if value is False:
            continue
        html.append(f" {conditional_escape(name)}")
        if value is not True:
            html.append(f'="{conditional_escape(str(value))}"')
    return "".join(html)


class QuickSelect(forms.Select):
    """A single-choice select whose HTML is Django's own (select.html, select_option.html),
    written without rendering a template per option."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        context = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{conditional_escape(context["name"])}"{_attrs(context["attrs"])}>']
        for group_name, options, _index in context["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:  # select_option.html ends with a line break
                html.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))
