"""Forms of the assessment pages. The domain form is built from the instrument version: one
choice per item (its scale's levels, and "not applicable" where the item allows it), the
evidence, the informants' ratings, the domain's overall rating and strengths."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from globa.assessments.definitions import Definition, Domain, Item
from globa.assessments.models import Informant, InstrumentVersion, Timepoint
from globa.assessments.services import Rating
from globa.core.forms import DateInput, Form
from globa.core.submissions import OnceField

NOT_APPLICABLE = "na"


class StartForm(Form):
    submission = OnceField()
    instrument = forms.ModelChoiceField(
        queryset=InstrumentVersion.objects.none(), label=_("instrument"), empty_label=None
    )
    timepoint = forms.ChoiceField(label=_("timepoint"), choices=Timepoint.choices)
    assessed_on = forms.DateField(label=_("date of the assessment"), widget=DateInput())

    def __init__(self, *args: Any, versions: list[InstrumentVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instrument"]
        field.queryset = InstrumentVersion.objects.filter(  # type: ignore[attr-defined]
            pk__in=[v.pk for v in versions]
        ).select_related("instrument")
        field.label_from_instance = lambda v: f"{v.instrument.name} (v{v.number})"  # type: ignore[attr-defined]
        if len(versions) == 1:
            self.initial.setdefault("instrument", versions[0].pk)


def _item_field(item: Item) -> forms.ChoiceField:
    choices = [(str(level.value), str(level.label)) for level in item.scale.levels]
    if item.not_applicable:
        choices.append((NOT_APPLICABLE, str(_("not applicable"))))
    return forms.ChoiceField(
        label=str(item.text), choices=choices, required=False, widget=forms.RadioSelect
    )


class DomainForm(Form):
    """One domain of an assessment; every field optional (a draft is saved as it grows)."""

    def __init__(
        self,
        *args: Any,
        definition: Definition,
        domain: Domain,
        band: str,
        informants: list[Informant],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.domain = domain
        self.informants = informants
        self.items = [item for item in domain.items if not item.ages or band in item.ages]
        for item in self.items:
            self.fields[f"item_{item.code}"] = _item_field(item)
            self.fields[f"evidence_{item.code}"] = forms.CharField(
                label=_("evidence"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if item.informants:
                for informant in informants:
                    self.fields[f"inf_{informant.pk}_{item.code}"] = forms.ChoiceField(
                        label=informant.name,
                        required=False,
                        choices=[("", "—"), *((str(v), str(v)) for v in item.scale.values)],
                    )
        if domain.overall is not None:
            self.fields["overall"] = forms.ChoiceField(
                label=_("overall rating of the domain"),
                required=False,
                choices=[(str(level.value), str(level.label)) for level in domain.overall.levels],
                widget=forms.RadioSelect,
            )
        self.fields["strengths"] = forms.CharField(
            label=_("strengths in this domain"),
            required=False,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=str(domain.strengths_prompt),
        )

    def ratings(self) -> dict[str, Rating]:
        data = self.cleaned_data
        found = {}
        for item in self.items:
            chosen = data.get(f"item_{item.code}") or ""
            found[item.code] = Rating(
                value=int(chosen) if chosen not in ("", NOT_APPLICABLE) else None,
                not_applicable=chosen == NOT_APPLICABLE,
                evidence=data.get(f"evidence_{item.code}", ""),
            )
        return found

    def informant_ratings(self) -> dict[tuple[int, str], int | None]:
        found: dict[tuple[int, str], int | None] = {}
        for item in self.items:
            if not item.informants:
                continue
            for informant in self.informants:
                chosen = self.cleaned_data.get(f"inf_{informant.pk}_{item.code}") or ""
                found[(informant.pk, item.code)] = int(chosen) if chosen else None
        return found

    def overall(self) -> int | None:
        chosen = self.cleaned_data.get("overall") or ""
        return int(chosen) if chosen else None


class InformantForm(Form):
    name = forms.CharField(label=_("name"), max_length=200)
    role = forms.ChoiceField(label=_("role"))

    def __init__(self, *args: Any, definition: Definition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (role.code, str(role.name)) for role in definition.informant_roles
        ]


class CompleteForm(Form):
    summary = forms.CharField(
        label=_("assessor's summary"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What the family or person does well, what most needs to change, and what was "
            "agreed. The assessment is locked once completed."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("approve", _("approve")), ("return", _("return for correction"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning: say what is to be corrected."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AmendForm(Form):
    submission = OnceField()
    reason = forms.CharField(
        label=_("reason for the amendment"), widget=forms.Textarea(attrs={"rows": 3})
    )
