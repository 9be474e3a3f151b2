"""Forms parse and check the shape of input; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from globa.accounts.models import User
from globa.core.forms import DateInput, Form, ModelForm
from globa.core.submissions import OnceField
from globa.lib import clock
from globa.lib.languages import kept_as
from globa.organisations.models import Organisation
from globa.registry import rules
from globa.registry.models import (
    CarerHousehold,
    Child,
    EndReason,
    HouseholdAdult,
    HouseholdKind,
    HouseholdOwnChild,
    Limit,
    Placement,
    Relative,
)
from globa.registry.services import CHILD_FIELDS, HOUSEHOLD_FIELDS


class LanguagesField(forms.CharField):
    """Languages typed as a comma-separated list, kept as a list."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("languages"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Separated by commas, e.g. lietuvių, rusų"))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, (list, tuple)) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        raw = super().to_python(value) or ""
        # Known languages are kept under their Lithuanian name, whichever was typed.
        return [kept_as(part) for part in raw.split(",") if part.strip()]


class VersionedForm(ModelForm):
    """Carries the version the user started from, so a later save by someone else is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding and not self.is_bound:
            self.initial["version"] = self.instance.version

    def validate_unique(self) -> None:
        # Uniqueness and constraints are checked by the service, whose messages name the
        # field, and by the database, which sees records this user cannot.
        return


class ChildForm(VersionedForm):
    submission = OnceField()
    languages = LanguagesField(help_text=_("The languages the child speaks, e.g. lietuvių"))
    confirm_not_duplicate = forms.BooleanField(
        required=False, label=_("This is a different child (not one of those listed above)")
    )

    class Meta:
        model = Child
        fields = list(CHILD_FIELDS)
        widgets = {
            "birth_date": DateInput(),
            "support_extended_until": DateInput(),
            "special_needs": forms.Textarea(attrs={"rows": 3}),
            "personal_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }

    new_sibling_group = forms.CharField(
        label=_("or start a new sibling group"),
        required=False,
        max_length=200,
        help_text=_("For example the family name of the brothers and sisters."),
    )

    def __init__(
        self,
        *args: Any,
        municipalities: Any = None,
        sibling_groups: Any = None,
        centres: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            self.fields.pop("version")
            if centres is not None and len(centres) > 1:
                self.fields["centre"] = forms.ModelChoiceField(
                    queryset=centres, label=_("responsible centre")
                )
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        if sibling_groups is not None:
            self.fields["sibling_group"].queryset = sibling_groups  # type: ignore[attr-defined]
        # The services check the identifier rules with clearer messages than the model's.
        self.fields["personal_code"].validators = []


class RelativeForm(ModelForm):
    submission = OnceField()

    class Meta:
        model = Relative
        fields = ["first_name", "last_name", "relation", "contact_arrangement", "phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class HouseholdForm(VersionedForm):
    submission = OnceField()
    languages = LanguagesField()

    class Meta:
        model = CarerHousehold
        fields = list(HOUSEHOLD_FIELDS)

    def __init__(
        self,
        *args: Any,
        municipalities: Any = None,
        coordinators: Any = None,
        centres: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        if self.instance._state.adding:
            self.fields.pop("version")
            self.fields.pop("status")
            if centres is not None and len(centres) > 1:
                self.fields["centre"] = forms.ModelChoiceField(
                    queryset=centres, label=_("care centre")
                )
            self.fields["coordinator"] = forms.ModelChoiceField(
                queryset=coordinators if coordinators is not None else User.objects.none(),
                label=_("coordinator"),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("accepts_age_min"), data.get("accepts_age_max")
        if low is not None and high is not None and low > high:
            self.add_error("accepts_age_max", _("The upper age must not be below the lower age."))
        oldest = rules.limit(Limit.EXTENDED_SUPPORT_AGE, clock.today())
        if high is not None and high > oldest:
            self.add_error(
                "accepts_age_max",
                _("Children are supported up to %(age)d at most.") % {"age": oldest},
            )
        return data


class HouseholdAdultForm(ModelForm):
    submission = OnceField()

    class Meta:
        model = HouseholdAdult
        fields = [
            "first_name",
            "last_name",
            "birth_date",
            "personal_code",
            "phone",
            "email",
            "is_related_to_child",
        ]
        widgets = {"birth_date": DateInput()}


class HouseholdOwnChildForm(ModelForm):
    submission = OnceField()

    class Meta:
        model = HouseholdOwnChild
        fields = ["first_name", "birth_date", "lives_in_household"]
        widgets = {"birth_date": DateInput()}


class CoordinatorForm(Form):
    coordinator = forms.ModelChoiceField(queryset=User.objects.none(), label=_("coordinator"))
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)

    def __init__(self, *args: Any, coordinators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinators  # type: ignore[attr-defined]


class PlacementStartForm(Form):
    SETTING_HOUSEHOLD = "household"
    SETTING_INSTITUTION = "institution"

    setting = forms.ChoiceField(
        label=_("where"),
        choices=[
            (SETTING_HOUSEHOLD, _("with a carer household")),
            (SETTING_INSTITUTION, _("in an institution")),
        ],
        widget=forms.RadioSelect,
        initial=SETTING_HOUSEHOLD,
    )
    household = forms.ModelChoiceField(
        queryset=CarerHousehold.objects.none(), required=False, label=_("carer household")
    )
    institution = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label=_("institution")
    )
    kind = forms.ChoiceField(label=_("placement type"), choices=Placement.Kind.choices)
    started_on = forms.DateField(label=_("start"), widget=DateInput())
    is_emergency = forms.BooleanField(label=_("emergency placement"), required=False)
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, households: Any, institutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households  # type: ignore[attr-defined]
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("setting") == self.SETTING_HOUSEHOLD:
            data["institution"] = None
            if not data.get("household") and "household" not in self.errors:
                self.add_error("household", _("Choose the carer household."))
        elif data.get("setting") == self.SETTING_INSTITUTION:
            data["household"] = None
            if not data.get("institution") and "institution" not in self.errors:
                self.add_error("institution", _("Choose the institution."))
        return data


class PlacementEndForm(Form):
    ended_on = forms.DateField(label=_("end"), widget=DateInput())
    end_reason = forms.ChoiceField(label=_("end reason"), choices=[("", "—"), *EndReason.choices])
    version = forms.IntegerField(widget=forms.HiddenInput)


class ChildFilterForm(Form):
    q = forms.CharField(label=_("name or personal code"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("any")), *Child.Status.choices]
    )
    setting = forms.ChoiceField(
        label=_("placed"),
        required=False,
        choices=[
            ("", _("any")),
            *HouseholdKind.choices,
            ("institution", _("institution")),
            ("none", _("not placed")),
        ],
    )
    municipality = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label=_("municipality")
    )
    coordinator = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("coordinator")
    )

    def __init__(self, *args: Any, municipalities: Any, coordinators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        self.fields["coordinator"].queryset = coordinators  # type: ignore[attr-defined]


class HouseholdFilterForm(Form):
    q = forms.CharField(label=_("name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("type"), required=False, choices=[("", _("any")), *HouseholdKind.choices]
    )
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("any")), *CarerHousehold.Status.choices]
    )
