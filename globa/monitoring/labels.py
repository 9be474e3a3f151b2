"""How the categories of the indicators read, in the reader's language."""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from globa.accounts.models import Position
from globa.assessments.models import Instrument, SubjectKind
from globa.carers.models import Stage
from globa.cases.models import Outcome, ReferralSource
from globa.monitoring.models import TransformationPlan, TransformationResidents
from globa.organisations.models import Organisation
from globa.plans.models import Kind as PlanKind
from globa.registry.models import Child, EndReason, HouseholdKind, Sex
from globa.support.models import DeliveryForm, Service
from globa.training.models import Programme

CARE_TYPES: dict[str, Promise] = {
    **{k.value: k.label for k in HouseholdKind},
    "institution": _("institution"),
    "community_home": _("community children's home"),
}
FIXED: dict[str, dict[str, Promise]] = {
    "care_type": CARE_TYPES,
    "reason": {k.value: k.label for k in EndReason},
    "age": {"infant": _("infants (under 1)"), "older": _("aged 1 and over")},
    "placements": {"1": _("one placement"), "2": _("two placements"), "3+": _("three or more")},
    "sex": {k.value: k.label for k in Sex},
    "disability": {"yes": _("with a disability"), "no": _("without a disability")},
    "legal_status": {k.value: k.label for k in Child.LegalStatus},
    "household_kind": {k.value: k.label for k in HouseholdKind},
    "sector": {k.value: k.label for k in Organisation.Sector},
    "form": {k.value: k.label for k in DeliveryForm},
    "programme": {k.value: k.label for k in Programme.Kind},
    "subject": {k.value: k.label for k in SubjectKind},
    "plan": {k.value: k.label for k in PlanKind},
    "source": {k.value: k.label for k in ReferralSource},
    "outcome": {k.value: k.label for k in Outcome},
    "transformation_status": {k.value: k.label for k in TransformationPlan.Status},
    "destination": {
        TransformationResidents.Kind.TO_FAMILY.value: TransformationResidents.Kind.TO_FAMILY.label,
        TransformationResidents.Kind.TO_COMMUNITY.value: (
            TransformationResidents.Kind.TO_COMMUNITY.label
        ),
    },
    "position": {k.value: k.label for k in Position},
    "stage": {
        Stage.INQUIRY.value: _("inquired"),
        Stage.TRAINING.value: _("started training"),
        Stage.APPROVAL.value: _("approved"),
        Stage.ACTIVE.value: _("became active carers"),
    },
}
AGE_BANDS = ("0-2", "3-6", "7-13", "14-17", "18-21")
# The order categories are shown in, where it is not alphabetical.
ORDER: dict[str, tuple[str, ...]] = {
    "care_type": tuple(CARE_TYPES),
    "age_band": AGE_BANDS,
    "placements": ("1", "2", "3+"),
    "stage": ("inquiry", "training", "approval", "active"),
    "transformation_status": tuple(k.value for k in TransformationPlan.Status),
    "destination": ("to_family", "to_community"),
    "age": ("infant", "older"),
    "sex": ("F", "M"),
    "disability": ("yes", "no"),
    "position": ("psychologist", "coordinator", "social_worker"),
    "form": tuple(k.value for k in DeliveryForm),
}


def service_names() -> dict[str, str]:
    english = translation.get_language() == "en"
    return {
        code: (en if english and en else lt)
        for code, lt, en in Service.objects.values_list("code", "name_lt", "name_en")
    }


def instrument_names() -> dict[str, str]:
    english = translation.get_language() == "en"
    return {
        code: (en if english and en else lt)
        for code, lt, en in Instrument.objects.values_list("code", "name_lt", "name_en")
    }


def label(part: str, key: str, services: dict[str, str] | None = None) -> str:
    if part == "service":
        return (services or service_names()).get(key, key)
    if part == "instrument":
        return instrument_names().get(key, key)
    if part == "age_band":
        return str(_("%(band)s years") % {"band": key.replace("-", "\u2013")})
    found = FIXED.get(part, {}).get(key)
    return str(found) if found is not None else (key or "—")


def ordered(part: str, keys: set[str] | list[str]) -> list[str]:
    known = ORDER.get(part)
    if known:
        return [k for k in known if k in keys] + sorted(k for k in keys if k not in known)
    return sorted(keys)
