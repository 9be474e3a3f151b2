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
