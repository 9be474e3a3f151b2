import importlib
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin import site
from django.forms import BaseForm
from django.test import SimpleTestCase
from django.utils import translation
from django.utils.module_loading import import_string

from globa.core.forms import CONTROL_CHARACTERS_MESSAGE, Form, ModelForm, QuickSelect


class Example(Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", 'Vilnius <m.> & "r"'), ("b", "Kaunas")])
    grouped = forms.ChoiceField(
        required=False,
        choices=[("Apskritis", [("1", "Alytus"), ("2", "Druskininkai")]), ("3", "Kitas")],
    )


class QuickSelectTests(SimpleTestCase):
    def test_renders_what_djangos_select_renders(self) -> None:
        for value in ("", "a", "b", "zz"):
            for grouped in ("", "2", "3"):
                form = Example({"plain": value, "grouped": grouped})
                for name in ("plain", "grouped"):
                    field = form.fields[name]
                    expected = forms.Select(choices=field.choices).render(
                        name, form[name].value(), {"id": f"id_{name}", "required": True}
                    )
                    quick = QuickSelect(choices=field.choices).render(
                        name, form[name].value(), {"id": f"id_{name}", "required": True}
                    )
                    self.assertHTMLEqual(quick, expected)

    def test_forms_use_it_for_plain_selects_and_escape_labels(self) -> None:
        form = Example(initial={"plain": "a"})
        html = str(form["plain"])
        self.assertIsInstance(form.fields["plain"].widget, QuickSelect)
        self.assertIn(
            '<option value="a" selected>Vilnius &lt;m.&gt; &amp; &quot;r&quot;</option>', html
        )
        self.assertIn('<optgroup label="Apskritis">', str(form["grouped"]))


class FieldTemplateTests(SimpleTestCase):
    def test_help_text_is_what_the_field_points_at(self) -> None:
        from django.template.loader import render_to_string

        class Helped(Form):
            name = forms.CharField(help_text="Kaip dokumente")
            days = forms.MultipleChoiceField(
                choices=[("1", "I"), ("2", "II")], widget=forms.CheckboxSelectMultiple
            )

        form = Helped({"name": "", "days": []})
        form.is_valid()
        html = "".join(
            render_to_string("includes/field.html", {"field": form[name]})
            for name in ("name", "days")
        )
        assert 'aria-describedby="id_name_helptext id_name_error"' in html
        assert 'id="id_name_helptext"' in html
        # The error of a group of boxes is tied to the group.
        assert 'aria-describedby="id_days_error"' in html and 'id="id_days_error"' in html
        assert html.count('id="id_name_error"') == 1


class Person(Form):
    name = forms.CharField(max_length=100)
    code = forms.CharField(required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea)
    tags = forms.MultipleChoiceField(required=False, choices=[("a", "A"), ("b", "B")])
    agreed = forms.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # As the child form does with the personal code: its rules are checked elsewhere.
        self.fields["code"].validators = []

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        assert "\x00" not in code, "a refused value reached the field's own cleaning"
        return str(code)


class ControlCharacterTests(SimpleTestCase):
    def errors(self, **data: Any) -> dict[str, list[str]]:
        with translation.override("en"):
            form = Person({"name": "Rasa", **data})
            form.is_valid()
            return {name: [str(e) for e in errors] for name, errors in form.errors.items()}

    def test_it_refuses_nul_and_other_control_characters_in_any_field(self) -> None:
        for value in ("ab\x00cd", "\x1b[2J", "a\x7f", "a\x85b", "a\u009fb"):
            self.assertEqual(self.errors(code=value), {"code": [CONTROL_CHARACTERS_MESSAGE]})
        self.assertIn("name", self.errors(name="Ra\x00sa"))
        self.assertIn("tags", self.errors(tags=["a", "b\x00"]))

    def test_line_breaks_and_tabs_only_in_text_of_several_lines(self) -> None:
        self.assertEqual(self.errors(notes="Pirma eilutė\r\n\tantra"), {})
        for value in ("Rasa\nJonaitė", "Rasa\tJonaitė", "Rasa\r"):
            self.assertEqual(self.errors(name=value), {"name": [CONTROL_CHARACTERS_MESSAGE]})
        self.assertIn("notes", self.errors(notes="a\x00b"))

    def test_it_keeps_what_people_write(self) -> None:
        for value in (
            "Rasa 👩‍👧 ❤️",
            "رسا \u202e\u05e9\u05dc\u05d5\u05dd\u202c",
            '<script>alert("x")</script>',
            "Ž" * 100,
        ):
            self.assertEqual(self.errors(name=value), {}, value)

    def test_a_tick_box_keeps_only_whether_it_came(self) -> None:
        self.assertEqual(self.errors(agreed="on\x00"), {})

    def test_the_message_is_translated(self) -> None:
        with translation.override("lt"):
            form = Person({"name": "Ra\x00sa"})
            self.assertNotIn("control characters", str(form.errors["name"][0]))


def _globa_modules() -> list[str]:
    root = Path(__file__).resolve().parents[2]
    return sorted(
        "globa." + ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        for path in root.rglob("*.py")
        if not {"tests", "migrations", "settings"} & set(path.relative_to(root).parts)
        and path.name not in {"manage.py", "wsgi.py"}
    )


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found.union(*(_subclasses(sub) for sub in found))


def test_every_form_of_globa_is_one_of_the_projects_forms() -> None:
    for module in _globa_modules():
        importlib.import_module(module)
    forms_of_globa = {
        cls for cls in _subclasses(BaseForm) if cls.__module__.startswith("globa.")
    } - {Form, ModelForm}
    assert len(forms_of_globa) > 40
    outsiders = sorted(
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in forms_of_globa
        if not issubclass(cls, (Form, ModelForm))
    )
    assert outsiders == []


def test_the_rule_finds_an_outsider() -> None:
    class Outsider(forms.Form):
        pass

    Outsider.__module__ = "globa.example.forms"
    assert Outsider in _subclasses(BaseForm)
    assert not issubclass(Outsider, (Form, ModelForm))


def test_the_libraries_forms_are_the_projects_forms() -> None:
    """Login, passwords, the second factor and the administration refuse the same input."""
    for path in (*settings.ACCOUNT_FORMS.values(), *settings.MFA_FORMS.values()):
        assert issubclass(import_string(path), Form), path
    admins = [a for a in site._registry.values() if a.__module__.startswith("globa.")]
    assert len(admins) > 5
    for model_admin in admins:
        assert issubclass(model_admin.form, ModelForm), model_admin
        for inline in model_admin.inlines:
            assert issubclass(inline.form, ModelForm), inline
        for name in ("add_form", "change_password_form"):
            if hasattr(model_admin, name):
                assert issubclass(getattr(model_admin, name), (Form, ModelForm)), model_admin
