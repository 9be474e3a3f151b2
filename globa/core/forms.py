"""Form pieces shared by every app."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# Control characters (Unicode category Cc): NUL, which PostgreSQL cannot store in text, and
# the others, which no person types and which only hide or garble what is shown later.
# Multi-line text keeps its tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_MESSAGE = _(
    "Remove the invisible control characters from this text (a line break or a tab is "
    "allowed only in a field of several lines)."
)


def has_control_characters(value: Any, *, multiline: bool = False) -> bool:
    """Whether a field's raw input, a text or a list of them, holds a refused character."""
    if isinstance(value, (list, tuple)):
        return any(has_control_characters(item, multiline=multiline) for item in value)
    pattern = CONTROL_CHARACTERS_MULTILINE if multiline else CONTROL_CHARACTERS
    return isinstance(value, str) and pattern.search(value) is not None


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


class RefuseControlCharactersMixin:
    """Refuses control characters in every field's raw input, before the field reads it.

    The check comes first, so that no field, ``clean_<field>`` method or query ever sees
    such a value (a NUL reaching PostgreSQL fails the whole request), whatever the field
    does with its input: a field without validators, one that returns a list, a choice.
    """

    def _clean_fields(self) -> None:
        # Django's own loop (forms.BaseForm._clean_fields), with the raw input checked first.
        form: Any = self
        for name, bound in form._bound_items():
            field = bound.field
            if not field.disabled and has_control_characters(
                bound.data, multiline=isinstance(field.widget, forms.Textarea)
            ):
                form.add_error(
                    name, ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")
                )
                continue
            try:
                form.cleaned_data[name] = field._clean_bound_field(bound)
                if hasattr(form, f"clean_{name}"):
                    form.cleaned_data[name] = getattr(form, f"clean_{name}")()
            except ValidationError as error:
                # A hidden version is the form's matter, not a field the person sees.
                form.add_error(None if isinstance(field, VersionField) else name, error)


class VersionField(forms.IntegerField):
    """The version of the record the page was made from, sent back hidden for
    ``core.saving.update_versioned``. A form sent without it (a page older than the form, a
    hand-made request) is told to reload, as a message of the form, not of a hidden field."""

    widget = forms.HiddenInput
    default_error_messages = {
        "required": _("Reload the page and try again."),
        "invalid": _("Reload the page and try again."),
    }


class Form(RefuseControlCharactersMixin, QuickSelectsMixin, forms.Form):
    """The project's plain form: every form of Globa is one of these two."""


class ModelForm(RefuseControlCharactersMixin, QuickSelectsMixin, forms.ModelForm):  # type: ignore[type-arg]
    """The project's model form."""
