"""Forms of the case pages. They parse and present; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from globa.accounts.models import User
from globa.cases.models import (
    Action,
    AgencyKind,
    FamilyCase,
    Goal,
    Outcome,
    ReferralSource,
    Stage,
    TeamMember,
)
from globa.core.forms import DateInput, Form
from globa.core.submissions import OnceField
from globa.lib import personal_code
from globa.organisations.models import Organisation
from globa.registry.models import Child
from globa.support.models import DeliveryForm, Service


class ReferralForm(Form):
    submission = OnceField()
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("organisation")
    )
    family_name = forms.CharField(label=_("family"), max_length=200)
    municipality = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("municipality")
    )
    address = forms.CharField(label=_("address"), max_length=300, required=False)
    phone = forms.CharField(label=_("phone"), max_length=50, required=False)
    referral_source = forms.ChoiceField(label=_("referred by"), choices=ReferralSource.choices)
    referred_on = forms.DateField(label=_("referral date"), widget=DateInput())
    referral_reason = forms.CharField(
        label=_("reason for referral"), widget=forms.Textarea(attrs={"rows": 3})
    )
    case_manager = forms.ModelChoiceField(queryset=User.objects.none(), label=_("case manager"))

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        municipalities: QuerySet[Organisation],
        case_managers: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        self.fields["case_manager"].queryset = case_managers  # type: ignore[attr-defined]
        if len(organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.initial.setdefault("organisation", organisations[0].pk)
            self.initial.setdefault("municipality", organisations[0].municipality_id)


class AdvanceForm(Form):
    to = forms.ChoiceField(label=_("next stage"))
    on = forms.DateField(label=_("date"), widget=DateInput())
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.ChoiceField(
        label=_("outcome (when closing)"),
        required=False,
        choices=[("", "—"), *Outcome.choices],
    )
    outcome_notes = forms.CharField(
        label=_("about the outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    close_with_open_actions = forms.BooleanField(
        label=_("Close the case although some actions of its plan are still open"),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        stages: list[str],
        closing: bool = False,
        open_actions: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s, Stage(s).label) for s in stages]  # type: ignore[attr-defined]
        if closing:
            # Closing is a page of its own: the stage is closure, the outcome is asked for.
            self.fields["to"].widget = forms.HiddenInput()
            self.fields["outcome"].required = True
            self.fields["outcome"].label = _("outcome")
            if not open_actions:
                del self.fields["close_with_open_actions"]
        else:
            for name in ("outcome", "outcome_notes", "close_with_open_actions"):
                del self.fields[name]


class CaseManagerForm(Form):
    case_manager = forms.ModelChoiceField(queryset=User.objects.none(), label=_("case manager"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, case_managers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = case_managers  # type: ignore[attr-defined]


class CaseChildForm(Form):
    submission = OnceField()
    personal_code = forms.CharField(
        label=_("personal code"),
        max_length=11,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "If the child is in the centre's registry (placed in care now or before): the case "
            "is linked to the child's record and the name and birth date are taken from it."
        ),
    )
    first_name = forms.CharField(label=_("first name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("last name"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("birth date"), widget=DateInput(), required=False)
    registry_child = forms.ModelChoiceField(
        label=_("child in the registry"),
        queryset=Child.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(
        self,
        *args: Any,
        registry: QuerySet[Child] | None = None,
        found: list[Child] | None = None,
        **kwargs: Any,
    ) -> None:
        """``registry``: the registry children the user may link (they read the registry);
        ``found``: those of them a search found, offered as choices."""
        super().__init__(*args, **kwargs)
        field = self.fields["registry_child"]
        if registry is None:
            del self.fields["registry_child"]
            return
        field.queryset = registry  # type: ignore[attr-defined]
        field.widget.choices = [
            (c.pk, f"{c.first_name} {c.last_name} ({c.birth_date:%Y-%m-%d})") for c in found or []
        ]
        if not found:
            field.widget = forms.HiddenInput()

    def clean_personal_code(self) -> str:
        code = "".join(self.cleaned_data["personal_code"].split())
        if code:
            try:
                personal_code.parse(code)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from error
        return code


class TeamMemberForm(Form):
    submission = OnceField()
    name = forms.CharField(label=_("first and last name"), max_length=200)
    agency_kind = forms.ChoiceField(label=_("agency"), choices=AgencyKind.choices)
    agency_name = forms.CharField(label=_("organisation"), max_length=200)
    role = forms.CharField(label=_("role in the case"), max_length=200, required=False)
    contact = forms.CharField(label=_("phone or e-mail"), max_length=200, required=False)


class GoalForm(Form):
    submission = OnceField()
    text = forms.CharField(label=_("goal"), max_length=500)


def responsible_choices(case: FamilyCase, team: list[TeamMember], staff: list[User]) -> list[Any]:
    """The team of other agencies and the organisation's own staff, as one list."""
    return [
        ("", "—"),
        (_("Case team"), [(f"m:{m.pk}", str(m)) for m in team]),
        (_("Our staff"), [(f"u:{u.pk}", str(u)) for u in staff]),
    ]


class ActionForm(Form):
    submission = OnceField()
    description = forms.CharField(label=_("what"), max_length=500)
    responsible = forms.ChoiceField(label=_("who"))
    due_on = forms.DateField(label=_("by"), widget=DateInput())
    goal = forms.ModelChoiceField(
        queryset=Goal.objects.none(), label=_("goal of the plan"), required=False
    )
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(), label=_("service"), required=False
    )

    def __init__(
        self,
        *args: Any,
        responsible: list[Any],
        goals: QuerySet[Goal],
        services: QuerySet[Service],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = responsible  # type: ignore[attr-defined]
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]
        self.fields["service"].queryset = services  # type: ignore[attr-defined]


class ConferenceForm(Form):
    submission = OnceField()
    held_on = forms.DateField(label=_("date"), widget=DateInput())
    participants = forms.ModelMultipleChoiceField(
        queryset=TeamMember.objects.none(),
        label=_("participants"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    family_took_part = forms.BooleanField(
        label=_("the family took part"), required=False, initial=True
    )
    decisions = forms.CharField(label=_("decisions"), widget=forms.Textarea(attrs={"rows": 3}))
    TASKS = 3

    def __init__(
        self, *args: Any, team: QuerySet[TeamMember], responsible: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = team  # type: ignore[attr-defined]
        for n in range(1, self.TASKS + 1):
            self.fields[f"task{n}_description"] = forms.CharField(
                label=_("task %(n)d: what") % {"n": n}, max_length=500, required=False
            )
            self.fields[f"task{n}_responsible"] = forms.ChoiceField(
                label=_("task %(n)d: who") % {"n": n}, choices=responsible, required=False
            )
            self.fields[f"task{n}_due_on"] = forms.DateField(
                label=_("task %(n)d: by") % {"n": n}, widget=DateInput(), required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, self.TASKS + 1):
            described = data.get(f"task{n}_description")
            if described and not data.get(f"task{n}_responsible"):
                self.add_error(f"task{n}_responsible", _("Say who is responsible."))
            if described and not data.get(f"task{n}_due_on"):
                self.add_error(f"task{n}_due_on", _("Say by when."))
        return data


class DoneForm(Form):
    on = forms.DateField(label=_("done on"), widget=DateInput())
    note = forms.CharField(label=_("how it went"), max_length=500, required=False)


class CaseServiceForm(Form):
    """A service given to the family of the case."""

    submission = OnceField()

    service = forms.ModelChoiceField(queryset=Service.objects.none(), label=_("service"))
    delivered_on = forms.DateField(label=_("date"), widget=DateInput())
    minutes = forms.IntegerField(label=_("duration (minutes)"))
    # Not "form": see support.forms.ContactForm.
    mode = forms.ChoiceField(
        label=_("form"), choices=DeliveryForm.choices, widget=forms.RadioSelect
    )
    case_action = forms.ModelChoiceField(
        queryset=Action.objects.none(), label=_("action of the help plan"), required=False
    )
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, services: QuerySet[Service], actions: QuerySet[Action], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["case_action"].queryset = actions  # type: ignore[attr-defined]
