"""Form pieces shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class DateInput(forms.DateInput):
    """The browser's date picker, with the ISO date it expects."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python instead of one template per option.

    Django renders each option through its own template include, which costs about a
    quarter of a millisecond per option: a list of the 60 municipalities took longer to
    render than the search it filters. The HTML is the same as Django's.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>',
                (
                    (str(option["value"]), flatatt(option["attrs"]), option["label"])
                    for option in options
                ),
            )
            if group_name:
                rendered = format_html(
                    '\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rendered
                )
            groups.append(rendered)
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join("", "{}", ((group,) for group in groups)),
        )

    @classmethod
    def replacing(cls, widget: forms.Select) -> QuickSelect:
        quick = cls(attrs=widget.attrs)
        quick.choices = widget.choices
        quick.is_required = widget.is_required
        quick.is_localized = widget.is_localized
        return quick


class QuickSelectsMixin:
    """Renders the form's plain selects with :class:`QuickSelect`, whenever the field was added."""

    fields: dict[str, forms.Field]

    def __getitem__(self, name: str) -> Any:
        field = self.fields[name]
        if type(field.widget) is forms.Select:
            field.widget = QuickSelect.replacing(field.widget)
        return super().__getitem__(name)  # type: ignore[misc]


class Form(QuickSelectsMixin, forms.Form):
    """The project's plain form."""


class ModelForm(QuickSelectsMixin, forms.ModelForm):  # type: ignore[type-arg]
    """The project's model form."""
