"""Form pieces shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


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
        chosen = set(self.format_value(value))
        picked = False

        def option(value: Any, label: Any) -> str:
            nonlocal picked
            text = "" if value is None else str(value)
            # Of a single select only the first match is selected, as in Django's own.
            selected = text in chosen and (self.allow_multiple_selected or not picked)
            picked = picked or selected
            mark = " selected" if selected else ""
            return f'\n  <option value="{escape(text)}"{mark}>{escape(label)}</option>'

        parts: list[str] = []
        for group, label in self.choices:
            if isinstance(label, (list, tuple)):
                inner = "".join(option(v, text) for v, text in label)
                parts.append(f'\n  <optgroup label="{escape(group)}">{inner}\n  </optgroup>')
            else:
                parts.append(option(group, label))
        final_attrs = self.build_attrs(self.attrs, attrs)
        # Every value and label is escaped above.
        html = f'<select name="{escape(name)}"{flatatt(final_attrs)}>{"".join(parts)}\n</select>'
        return mark_safe(html)  # noqa: S308

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
