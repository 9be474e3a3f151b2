from django import forms
from django.test import SimpleTestCase

from globa.core.forms import Form, QuickSelect


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
