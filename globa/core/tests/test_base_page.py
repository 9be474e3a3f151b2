"""What every page carries: the site's icon, and a form's error summary that links to the
fields with errors (and takes focus, globa.js)."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import Client

from globa.core.forms import Form

ICONS = ("globa/favicon.svg", "globa/favicon-32.png")


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/accounts/login/", "/centres/", "/admin/login/"])
def test_every_page_links_the_icon(client: Client, address: str) -> None:
    page = client.get(address).content.decode()
    for icon in ICONS:
        assert f'rel="icon" href="/static/{icon}"' in page
        assert finders.find(icon)


class Visit(Form):
    minutes = forms.IntegerField(label="trukmė (minutėmis)", min_value=1)
    kinds = forms.MultipleChoiceField(
        label="gavėjai", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    on = forms.SplitDateTimeField(label="kada", required=False)

    def clean(self) -> dict[str, object]:
        raise forms.ValidationError("Kažkas ne taip.")


def test_the_error_summary_takes_focus_and_links_to_each_field() -> None:
    form = Visit({"minutes": "0", "kinds": [], "on_0": "x", "on_1": ""})
    assert not form.is_valid()
    html = render_to_string("includes/form_errors.html", {"form": form})
    assert 'class="form-errors" role="alert" tabindex="-1" data-focus' in html
    assert "<p>Kažkas ne taip.</p>" in html
    assert '<a href="#id_minutes">Trukmė (minutėmis): ' in html
    # A group of boxes and a field of two inputs: the link goes to the first input.
    assert '<a href="#id_kinds_0">Gavėjai: ' in html
    assert '<a href="#id_on_0">Kada: ' in html


def test_a_form_not_sent_has_no_summary() -> None:
    assert render_to_string("includes/form_errors.html", {"form": Visit()}).strip() == ""


@pytest.mark.django_db
def test_no_template_comment_shows_on_a_page(client: Client) -> None:
    # A {# #} comment is one line only: written over two, its text showed atop every page.
    page = client.get("/centres/").content.decode()
    assert "{#" not in page and "#}" not in page and "htmx adds no style" not in page


def test_every_template_comment_closes_on_its_line() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    open_comments = [
        f"{path.relative_to(root)}:{n}"
        for path in root.glob("**/templates/**/*.html")
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert not open_comments, "use {% comment %} over several lines: " + ", ".join(open_comments)
