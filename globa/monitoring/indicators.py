"""The monitoring indicators, defined once as data.

Each indicator names the facts it is counted from (a ``source``: one of the database's
``globa_monitoring_<source>`` functions, which return counts per organisation and
municipality by measure and category), its numerator and, for a share or a mean, its
denominator. The dashboard, the exports, the annual report and the open data all compute
through ``globa.monitoring.compute`` from these definitions: one computation, several outputs.
docs/monitoring.md gives every definition in Lithuanian and English.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

STOCK = "stock"  # on the period's last day
FLOW = "flow"  # over the period

COUNT = "count"
PERCENT = "percent"
MEAN = "mean"

FAMILY_CARE = frozenset(
    {
        "guardian_relative",
        "guardian_non_relative",
        "on_call",
        "permanent",
        "adoptive",
        "family_home",
    }
)
PERMANENCY = frozenset({"reunified", "adopted", "permanent_guardianship", "relatives"})
NON_PUBLIC = frozenset({"ngo", "private"})


@dataclass(frozen=True)
class Measure:
    """A measure of a source, optionally only its categories that ``keep`` accepts (the
    category is ``part|part``: ``keep`` sees the parts)."""

    name: str
    keep: Callable[[tuple[str, ...]], bool] | None = None


@dataclass(frozen=True)
class Indicator:
    code: str
    name_lt: str
    name_en: str
    definition_lt: str
    definition_en: str
    source: str
    numerator: Measure
    kind: str  # STOCK or FLOW
    unit_lt: str
    unit_en: str
    denominator: Measure | None = None
    # The parts of the category (``service|sector``), and how each is labelled.
    parts: tuple[str, ...] = ()
    # Breakdowns besides place (centre, municipality, county): the parts of the category,
    # and for children in care sex, age band, disability and legal status (other measures).
    extra_breakdowns: dict[str, str] = field(default_factory=dict)
    # Those of the extra breakdowns whose categories overlap (a person served in two forms is
    # in both): their cells do not add up to the figure, so they are shown without a total.
    overlapping: frozenset[str] = frozenset()
    periodicity: str = "month"
    section: str = ""
    headline: bool = False
    annual: bool = False
    # Also per 100,000 children of the area, where its child population is known.
    per_population: bool = False
    # A ratio times this (staff per 10 households: 10); none: 100 for a percent, 1 for a mean.
    scale: Decimal | None = None
    # A share or a mean with ``parts`` is broken down by the category's first part (the NGO
    # share per service type); its total is the indicator over all of them, unless the parts
    # are not on one scale (a mean change per instrument): then it has none.
    total_across_parts: bool = True
    # The numerator is counted in 1/numerator_per units (a score's hundredths: 100).
    numerator_per: int = 1

    def __reduce__(self) -> tuple[object, tuple[str]]:
        # Figures kept ready (a cache) name their indicator; the definition is this module's.
        return (indicator_by_code, (self.code,))

    @property
    def style(self) -> str:
        if self.denominator is None:
            return COUNT
        return PERCENT if self.unit_en == "%" else MEAN

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_lt

    @property
    def definition(self) -> str:
        return self.definition_en if translation.get_language() == "en" else self.definition_lt

    @property
    def unit(self) -> str:
        return self.unit_en if translation.get_language() == "en" else self.unit_lt

    @property
    def disclosure(self) -> str:
        """The disclosure rule applied to the indicator where the reader may not see the
        records (the threshold is the installation's ``GLOBA_DISCLOSURE_THRESHOLD``)."""
        k = int(settings.GLOBA_DISCLOSURE_THRESHOLD)
        if self.style == MEAN and self.by_part:
            return str(
                _(
                    "shown only where it averages 0 or at least %(k)s people, with "
                    "complementary suppression of the numbers of people"
                )
            ) % {"k": k}
        if self.style == COUNT:
            return str(_("counts 1 to %(small)s suppressed, with complementary suppression")) % {
                "small": k - 1
            }
        return str(
            _(
                "shown only when the numerator, the denominator and their difference are each "
                "0 or at least %(k)s"
            )
        ) % {"k": k}

    @property
    def by_part(self) -> bool:
        """A share or a mean broken down by a part of the category."""
        return self.style != COUNT and bool(self.parts)

    @property
    def breakdowns(self) -> list[str]:
        names = [str(PART_LABELS[p]) for p in self.parts]
        return names + [str(PART_LABELS[b]) for b in self.extra_breakdowns]


PART_LABELS: dict[str, Promise] = {
    "care_type": _("type of care"),
    "reason": _("exit reason"),
    "age": _("age"),
    "placements": _("placements"),
    "sex": _("sex"),
    "age_band": _("age band"),
    "disability": _("disability"),
    "legal_status": _("legal status"),
    "household_kind": _("household type"),
    "service": _("service"),
    "sector": _("provider sector"),
    "programme": _("target group"),
    "subject": _("who is assessed"),
    "plan": _("plan"),
    "source": _("referral source"),
    "outcome": _("outcome"),
    "stage": _("stage"),
    "transformation_status": _("plan status"),
    "destination": _("moved to"),
    "position": _("job position"),
    "form": _("form of the service"),
    "instrument": _("instrument"),
}


def _family(parts: tuple[str, ...]) -> bool:
    return parts[0] in FAMILY_CARE


def _permanency(parts: tuple[str, ...]) -> bool:
    return parts[0] in PERMANENCY


def _non_public(parts: tuple[str, ...]) -> bool:
    return parts[1] in NON_PUBLIC


def _infant(parts: tuple[str, ...]) -> bool:
    return parts[0] == "infant"


def _stayed(parts: tuple[str, ...]) -> bool:
    return parts[0] == "stayed"


def _staff(parts: tuple[str, ...]) -> bool:
    return parts[0] == "staff"


TRANSFORMATION_PREPARED = frozenset({"prepared", "approved", "in_progress", "done"})
MOVED_ON = frozenset({"to_family", "to_community"})


def _plan_prepared(parts: tuple[str, ...]) -> bool:
    return parts[0] in TRANSFORMATION_PREPARED


def _assessed(parts: tuple[str, ...]) -> bool:
    return parts[0] == "assessed"


def _with_plan(parts: tuple[str, ...]) -> bool:
    return parts[0] == "with_plan"


def _moved_on(parts: tuple[str, ...]) -> bool:
    return parts[0] in MOVED_ON


INDICATORS: tuple[Indicator, ...] = (
    # Children without parental care ---------------------------------------------------------
    Indicator(
        code="children_in_care",
        name_lt="Vaikai be tėvų globos pagal globos rūšį",
        name_en="Children without parental care by type of care",
        definition_lt=(
            "Vaikai, kurių apgyvendinimas (globa šeimoje, pas budinčius globotojus, šeimynoje ar "
            "įstaigoje) apima paskutinę laikotarpio dieną, pagal globos rūšį."
        ),
        definition_en=(
            "Children with a placement (with a family, an on-call carer, in a family-type home "
            "or an institution) on the period's last day, by type of care."
        ),
        source="children",
        numerator=Measure("in_care"),
        kind=STOCK,
        unit_lt="vaikai",
        unit_en="children",
        parts=("care_type",),
        extra_breakdowns={
            "sex": "in_care_sex",
            "age_band": "in_care_age",
            "disability": "in_care_disability",
            "legal_status": "in_care_legal",
        },
        section="children",
        headline=True,
        annual=True,
        per_population=True,
    ),
    Indicator(
        code="family_care_share",
        name_lt="Vaikų, globojamų šeimoje, dalis",
        name_en="Share of children in family-based care",
        definition_lt=(
            "Vaikai, globojami šeimoje (giminaičių ir kitų globėjų, budinčių globotojų, "
            "nuolatinių globotojų, įtėvių šeimose ir šeimynose), iš visų globojamų vaikų "
            "paskutinę laikotarpio dieną."
        ),
        definition_en=(
            "Children in family-based care (with guardians who are relatives or not, on-call "
            "and permanent carers, adoptive families and family-type homes) among all children "
            "in care on the period's last day."
        ),
        source="children",
        numerator=Measure("in_care", _family),
        denominator=Measure("in_care"),
        kind=STOCK,
        unit_lt="%",
        unit_en="%",
        section="children",
        headline=True,
        annual=True,
    ),
    Indicator(
        code="entries",
        name_lt="Vaikai, patekę į globą",
        name_en="Entries into care",
        definition_lt=(
            "Apgyvendinimai, prasidėję laikotarpiu, kai vaikas tą dieną neperkeltas iš kito "
            "apgyvendinimo, pagal globos rūšį."
        ),
        definition_en=(
            "Placements that began in the period where the child did not move that day from "
            "another placement, by type of care."
        ),
        source="children",
        numerator=Measure("entries"),
        kind=FLOW,
        unit_lt="vaikai",
        unit_en="children",
        parts=("care_type",),
        section="children",
    ),
    Indicator(
        code="exits",
        name_lt="Vaikai, išėję iš globos, pagal priežastį",
        name_en="Exits from care by reason",
        definition_lt=(
            "Apgyvendinimai, pasibaigę laikotarpiu, kai vaikas tą dieną neperkeltas į kitą "
            "apgyvendinimą, pagal pabaigos priežastį."
        ),
        definition_en=(
            "Placements that ended in the period where the child did not move that day to "
            "another placement, by the reason they ended."
        ),
        source="children",
        numerator=Measure("exits"),
        kind=FLOW,
        unit_lt="vaikai",
        unit_en="children",
        parts=("reason",),
        section="children",
        annual=True,
    ),
    Indicator(
        code="exits_permanency",
        name_lt="Išėjimų iš globos į nuolatinę šeimą dalis",
        name_en="Share of exits to a lasting family",
        definition_lt=(
            "Išėjimai iš globos, kai vaikas grįžo į biologinę šeimą, buvo įvaikintas, jam "
            "nustatyta nuolatinė globa ar jis gyvena su giminaičiais, iš visų išėjimų."
        ),
        definition_en=(
            "Exits where the child returned to the birth family, was adopted, is in permanent "
            "guardianship or lives with relatives, among all exits."
        ),
        source="children",
        numerator=Measure("exits", _permanency),
        denominator=Measure("exits"),
        kind=FLOW,
        unit_lt="%",
        unit_en="%",
        section="children",
    ),
    Indicator(
        code="kept_out",
        name_lt="Vaikai, apsaugoti nuo institucinės globos budinčių globotojų",
        name_en="Children kept out of institutions by on-call carers",
        definition_lt=(
            "Vaikai, laikotarpiu gyvenę pas budinčius globotojus; kūdikiai \u2013 iki vienerių metų "
            "apgyvendinimo pradžioje."
        ),
        definition_en=(
            "Children who lived with an on-call carer in the period; infants are under one "
            "year old when the placement began."
        ),
        source="children",
        numerator=Measure("kept_out"),
        kind=FLOW,
        unit_lt="vaikai",
        unit_en="children",
        parts=("age",),
        section="oncall",
        headline=True,
        annual=True,
    ),
    Indicator(
        code="kept_out_infants",
        name_lt="Kūdikiai, apsaugoti nuo institucinės globos",
        name_en="Infants kept out of institutions",
        definition_lt="Vaikai iki vienerių metų, laikotarpiu gyvenę pas budinčius globotojus.",
        definition_en="Children under one year old who lived with an on-call carer in the period.",
        source="children",
        numerator=Measure("kept_out", _infant),
        kind=FLOW,
        unit_lt="vaikai",
        unit_en="children",
        section="oncall",
        annual=True,
    ),
    Indicator(
        code="after_18",
        name_lt="Jaunuoliai, remiami po 18 metų",
        name_en="Young people supported after 18",
        definition_lt=(
            "Jaunuoliai, kuriems sprendimu pratęsta parama po 18-ojo gimtadienio ir kurių "
            "paramos laikotarpis sutampa su ataskaitiniu."
        ),
        definition_en=(
            "Young people whose support was extended after their 18th birthday by a decision, "
            "for a time that overlaps the period."
        ),
        source="children",
        numerator=Measure("after_18"),
        kind=FLOW,
        unit_lt="jaunuoliai",
        unit_en="young people",
        parts=("sex",),
        section="children",
        annual=True,
    ),
    Indicator(
        code="stability",
        name_lt="Apgyvendinimo stabilumas",
        name_en="Placement stability",
        definition_lt=(
            "Laikotarpiu globoti vaikai pagal tai, kiek apgyvendinimų jie turėjo per laikotarpį "
            "(1, 2, 3 ir daugiau)."
        ),
        definition_en=(
            "Children in care during the period by the number of placements they had in it "
            "(1, 2, 3 or more)."
        ),
        source="children",
        numerator=Measure("stability"),
        kind=FLOW,
        unit_lt="vaikai",
        unit_en="children",
        parts=("placements",),
        periodicity="year",
        section="children",
    ),
    # On-call care and carer households -------------------------------------------------------
    Indicator(
        code="on_call_carers",
        name_lt="Aktyvūs budintys globotojai",
        name_en="On-call carers active",
        definition_lt="Aktyvūs budintys globotojai paskutinę laikotarpio dieną.",
        definition_en="Active on-call carers on the period's last day.",
        source="households",
        numerator=Measure("on_call_carers"),
        kind=STOCK,
        unit_lt="globotojai",
        unit_en="carers",
        section="oncall",
        headline=True,
        annual=True,
    ),
    Indicator(
        code="on_call_places",
        name_lt="Vietos pas budinčius globotojus",
        name_en="Places with on-call carers",
        definition_lt=(
            "Vietos pagal galiojančias budinčių globotojų sutartis paskutinę dieną. Globotojas, "
            "kurio sutartis baigėsi, vaiką augina, kol šis išvyksta: vaikas skaičiuojamas, o "
            "vietų nebėra, todėl vaikų gali būti daugiau nei vietų."
        ),
        definition_en=(
            "Places by the on-call carers' contracts in force on the last day. A carer whose "
            "contract has ended keeps the child until the child leaves: the child is counted, "
            "the places are not, so there can be more children than places."
        ),
        source="households",
        numerator=Measure("on_call_places"),
        kind=STOCK,
        unit_lt="vietos",
        unit_en="places",
        section="oncall",
    ),
    Indicator(
        code="on_call_free",
        name_lt="Laisvos vietos pas budinčius globotojus",
        name_en="Free places with on-call carers",
        definition_lt=(
            "Laisvos vietos paskutinę dieną, kaip jas skaičiuoja budinčių globotojų paieška "
            "(be atokvėpio, pagal talpos taisykles)."
        ),
        definition_en=(
            "Free places on the last day, as emergency matching counts them (none during "
            "respite, within the capacity rules)."
        ),
        source="households",
        numerator=Measure("on_call_free"),
        kind=STOCK,
        unit_lt="vietos",
        unit_en="places",
        section="oncall",
    ),
    Indicator(
        code="coordinated_share",
        name_lt="Šeimos su paskirtu globos koordinatoriumi",
        name_en="Households with an assigned coordinator",
        definition_lt=(
            "Globojančios šeimos (su apgyvendintu vaiku ar galiojančia budinčio globotojo "
            "sutartimi), turinčios paskirtą koordinatorių paskutinę dieną, iš visų globojančių."
        ),
        definition_en=(
            "Caring households (with a child placed or an on-call contract in force) with an "
            "assigned coordinator on the last day, among all caring households."
        ),
        source="households",
        numerator=Measure("coordinated"),
        denominator=Measure("caring"),
        kind=STOCK,
        unit_lt="%",
        unit_en="%",
        section="households",
        headline=True,
    ),
    Indicator(
        code="contact_norm",
        name_lt="Koordinatoriaus kontaktų normos laikymasis",
        name_en="Coordinator contact norm met",
        definition_lt=(
            "Globojančios šeimos, su kuriomis paskutinis kontaktas buvo ne seniau nei leidžia "
            "kontaktų taisyklė, iš šeimų, kurioms taisyklė taikoma."
        ),
        definition_en=(
            "Caring households whose latest contact is within their contact rule's interval on "
            "the last day, among households a rule applies to."
        ),
        source="households",
        numerator=Measure("contact_met"),
        denominator=Measure("contact_due"),
        kind=STOCK,
        unit_lt="%",
        unit_en="%",
        section="households",
    ),
    Indicator(
        code="caseload",
        name_lt="Koordinatoriaus atvejų skaičius",
        name_en="Caseload per coordinator",
        definition_lt="Vidutinis koordinuojamų šeimų skaičius vienam koordinatoriui paskutinę dieną.",
        definition_en="The mean number of households per coordinator on the last day.",
        source="households",
        numerator=Measure("assignments"),
        denominator=Measure("coordinators"),
        kind=STOCK,
        unit_lt="šeimos",
        unit_en="households",
        section="households",
    ),
    # Services -----------------------------------------------------------------------------
    Indicator(
        code="services",
        name_lt="Suteiktos paslaugos",
        name_en="Services delivered",
        definition_lt=(
            "Laikotarpiu suteiktos paslaugos pagal paslaugos rūšį ir teikėjo sektorių, taip pat "
            "pagal formą (įstaigoje, namuose, nuotoliu, telefonu)."
        ),
        definition_en=(
            "Services delivered in the period by type of service and provider sector, and by "
            "form (at the office, at home, remotely, by phone)."
        ),
        source="services",
        numerator=Measure("deliveries"),
        kind=FLOW,
        unit_lt="paslaugos",
        unit_en="services",
        parts=("service", "sector"),
        extra_breakdowns={"form": "deliveries_form"},
        section="services",
        headline=True,
        annual=True,
    ),
    Indicator(
        code="people_served",
        name_lt="Paslaugas gavę asmenys",
        name_en="People served",
        definition_lt=(
            "Asmenys (vaikai, šeimos, grupių nariai), gavę paslaugą laikotarpiu, pagal "
            "paslaugos rūšį ir teikėjo sektorių, taip pat pagal formą (įstaigoje, namuose, "
            "nuotoliu, telefonu); tas pats asmuo pas tą patį teikėją skaičiuojamas kartą "
            "kiekvienai paslaugos rūšiai ir kiekvienai formai."
        ),
        definition_en=(
            "People (children, households, group members) who received a service in the "
            "period, by type of service and provider sector, and by form (at the office, at "
            "home, remotely, by phone); one person is counted once per provider for each type "
            "of service and for each form."
        ),
        source="services",
        numerator=Measure("people"),
        kind=FLOW,
        unit_lt="asmenys",
        unit_en="people",
        parts=("service", "sector"),
        extra_breakdowns={"form": "people_form"},
        overlapping=frozenset({"form"}),
        section="services",
        annual=True,
    ),
    Indicator(
        code="ngo_share",
        name_lt="NVO ir privačių teikėjų dalis (pagal apimtį)",
        name_en="NGO and private providers' share (by volume)",
        definition_lt="NVO ir privačių teikėjų suteiktos paslaugos iš visų suteiktų paslaugų.",
        definition_en="Services delivered by NGO and private providers among all services.",
        source="services",
        numerator=Measure("deliveries", _non_public),
        denominator=Measure("deliveries"),
        kind=FLOW,
        unit_lt="%",
        unit_en="%",
        section="services",
        headline=True,
        annual=True,
    ),
    Indicator(
        code="ngo_share_by_service",
        name_lt="NVO ir privačių teikėjų dalis pagal paslaugą (pagal apimtį)",
        name_en="NGO and private providers' share by service (by volume)",
        definition_lt=(
            "Kiekvienos paslaugų rūšies NVO ir privačių teikėjų laikotarpiu suteiktos paslaugos "
            "iš visų tos rūšies suteiktų paslaugų; iš viso \u2013 visų paslaugų dalis."
        ),
        definition_en=(
            "For each service type, the services of that type delivered by NGO and private "
            "providers in the period among all services of that type delivered; the total is "
            "the share of all services."
        ),
        source="services",
        numerator=Measure("deliveries", _non_public),
        denominator=Measure("deliveries"),
        kind=FLOW,
        unit_lt="%",
        unit_en="%",
        parts=("service",),
        section="services",
        annual=True,
    ),
    Indicator(
        code="contract_funding",
        name_lt="Paslaugų sutarčių finansavimas",
        name_en="Funding by service contracts",
        definition_lt=(
            "Savivaldybės paslaugų sutarčių su teikėjais lėšos, tenkančios laikotarpiui, pagal "
            "paslaugos rūšį ir teikėjo sektorių: sutarties suma tolygiai paskirstoma jos "
            "dienoms ir paslaugų rūšims; skaičiuojamos dienos, kurias sutartis galioja "
            "laikotarpiu (nutraukta anksčiau: iki nutraukimo dienos)."
        ),
        definition_en=(
            "The funding of the municipality's service contracts with providers that falls in "
            "the period, by service type and provider sector: a contract's amount is spread "
            "evenly over its days and its service types; the days it is in force in the period "
            "count (ended early: until the day it ended)."
        ),
        source="contracts",
        numerator=Measure("funding"),
        kind=FLOW,
        unit_lt="Eur",
        unit_en="EUR",
        parts=("service", "sector"),
        extra_breakdowns={"sector": "funding_sector"},
        section="services",
        annual=True,
    ),
    Indicator(
        code="ngo_funding_share",
        name_lt="NVO ir privačių teikėjų dalis (pagal finansavimą)",
        name_en="NGO and private providers' share (by funding)",
        definition_lt=(
            "NVO ir privačių teikėjų paslaugų sutarčių finansavimas, tenkantis laikotarpiui, iš "
            "viso paslaugų sutarčių finansavimo."
        ),
        definition_en=(
            "The funding of service contracts with NGO and private providers that falls in the "
            "period, among the funding of all service contracts."
        ),
        source="contracts",
        numerator=Measure("funding", _non_public),
        denominator=Measure("funding"),
        kind=FLOW,
        unit_lt="%",
        unit_en="%",
        section="services",
        headline=True,
        annual=True,
    ),
    Indicator(
        code="ngo_funding_share_by_service",
        name_lt="NVO ir privačių teikėjų dalis pagal paslaugą (pagal finansavimą)",
        name_en="NGO and private providers' share by service (by funding)",
        definition_lt=(
            "Kiekvienos paslaugų rūšies NVO ir privačių teikėjų paslaugų sutarčių "
            "finansavimas, tenkantis laikotarpiui, iš viso tos rūšies paslaugų sutarčių "
            "finansavimo; iš viso \u2013 viso finansavimo dalis."
        ),
        definition_en=(
            "For each service type, the funding of service contracts with NGO and private "
            "providers that falls in the period among all contract funding of that type; the "
            "total is the share of all funding."
        ),
        source="contracts",
        numerator=Measure("funding", _non_public),
        denominator=Measure("funding"),
        kind=FLOW,
        unit_lt="%",
        unit_en="%",
        parts=("service",),
        section="services",
        annual=True,
    ),
    Indicator(
        code="ngo_funding",
        name_lt="NVO ir privačių teikėjų finansavimas pagal paslaugą",
        name_en="Funding of NGO and private providers by service",
        definition_lt=(
            "NVO ir privačių teikėjų paslaugų sutarčių finansavimas, tenkantis laikotarpiui, "
            "pagal paslaugos rūšį (palyginkite su visu tos paslaugos finansavimu)."
        ),
        definition_en=(
            "The funding of service contracts with NGO and private providers that falls in the "
            "period, by service type (beside all funding of that service)."
        ),
        source="contracts",
        numerator=Measure("funding", _non_public),
        kind=FLOW,
        unit_lt="Eur",
        unit_en="EUR",
        parts=("service", "sector"),
        section="services",
        annual=True,
    ),
    # Training -----------------------------------------------------------------------------
    Indicator(
        code="training_groups",
        name_lt="Surengtos mokymų grupės pagal tikslinę grupę",
        name_en="Training groups held by target group",
        definition_lt=(
            "Mokymų grupės, laikotarpiu surengusios bent vieną užsiėmimą, pagal programos "
            "tikslinę grupę: GIMK mokymai būsimiems globėjams, budintiems globotojams, "
            "giminaičiams, tęstiniai mokymai globėjams, įstaigų ir bendruomeninių vaikų globos "
            "namų darbuotojų bei specialistų mokymai."
        ),
        definition_en=(
            "Training groups with a session in the period, by the programme's target group: "
            "GIMK training of prospective carers, on-call carers and relatives, continuing "
            "training of carers, and training of the staff of institutions and community "
            "children's homes and of specialists."
        ),
        source="training",
        numerator=Measure("groups"),
        kind=FLOW,
        unit_lt="grupės",
        unit_en="groups",
        parts=("programme",),
        section="training",
        annual=True,
    ),
    Indicator(
        code="people_trained",
        name_lt="Apmokyti asmenys pagal tikslinę grupę",
        name_en="People trained by target group",
        definition_lt=(
            "Asmenys, laikotarpiu baigę mokymų programą (gavę pažymėjimą), pagal programos "
            "tikslinę grupę (GIMK mokymai, darbuotojų ir specialistų mokymai)."
        ),
        definition_en=(
            "People who completed a training programme (were certified) in the period, by the "
            "programme's target group (GIMK training, training of staff and specialists)."
        ),
        source="training",
        numerator=Measure("certified"),
        kind=FLOW,
        unit_lt="asmenys",
        unit_en="people",
        parts=("programme",),
        section="training",
        annual=True,
    ),
    Indicator(
        code="attendance",
        name_lt="Mokymų lankomumas",
        name_en="Training attendance",
        definition_lt=(
            "Dalyvių apsilankymai mokymų užsiėmimuose laikotarpiu, pagal tikslinę grupę."
        ),
        definition_en="Participants' attendances at training sessions in the period, by target group.",
        source="training",
        numerator=Measure("attendances"),
        kind=FLOW,
        unit_lt="apsilankymai",
        unit_en="attendances",
        parts=("programme",),
        section="training",
    ),
    # Assessments and plans -----------------------------------------------------------------
    Indicator(
        code="assessments",
        name_lt="Atlikti vertinimai",
        name_en="Assessments done",
        definition_lt=(
            "Užbaigti ar patvirtinti vertinimai, atlikti laikotarpiu, pagal vertinamąjį; "
            "pataisytas vertinimas skaičiuojamas kartą."
        ),
        definition_en=(
            "Completed or approved assessments dated in the period, by who is assessed; a "
            "corrected assessment counts once."
        ),
        source="assessments",
        numerator=Measure("assessments"),
        kind=FLOW,
        unit_lt="vertinimai",
        unit_en="assessments",
        parts=("subject",),
        section="assessments",
        annual=True,
    ),
    Indicator(
        code="staff_assessed",
        name_lt="Įvertinti darbuotojai",
        name_en="Staff assessed",
        definition_lt="Užbaigti darbuotojų kompetencijų ir motyvacijos vertinimai laikotarpiu.",
        definition_en="Completed assessments of staff competence and motivation in the period.",
        source="assessments",
        numerator=Measure("assessments", _staff),
        kind=FLOW,
        unit_lt="vertinimai",
        unit_en="assessments",
        section="assessments",
        annual=True,
    ),
    Indicator(
        code="plans",
        name_lt="Parengti individualūs planai",
        name_en="Individual plans prepared",
        definition_lt="Planai, prasidėję laikotarpiu, pagal rūšį (paslaugų planas, tobulėjimo planas).",
        definition_en="Plans that began in the period, by kind (service plan, development plan).",
        source="assessments",
        numerator=Measure("plans"),
        kind=FLOW,
        unit_lt="planai",
        unit_en="plans",
        parts=("plan",),
        section="assessments",
        annual=True,
    ),
    Indicator(
        code="assessment_change",
        name_lt="Vidutinis vertinimo rezultato pokytis pagal instrumentą",
        name_en="Mean change in assessment scores by instrument",
        definition_lt=(
            "Asmenų, kurių paskutinis užbaigtas vertinimas instrumentu atliktas laikotarpiu, "
            "bendrojo instrumento rezultato (pirmosios bendrosios taisyklės) pokytis nuo jų "
            "pirmojo užbaigto vertinimo tuo instrumentu, vidurkis; teigiamas \u2013 pagerėjo. "
            "Pokytis skaičiuojamas taip, kaip jį rodo vertinimų pokyčio puslapis (nuo pirmojo); "
            "asmenys, vertinti tik kartą, neskaičiuojami. Rezultatai skirtingų instrumentų "
            "skalėmis, todėl bendro vidurkio nėra."
        ),
        definition_en=(
            "For the people whose latest completed assessment with an instrument is dated in "
            "the period, the mean change of the instrument's overall score (its first overall "
            "rule) since their first completed assessment with it; above 0 is better. The "
            "change is the one the assessments' change-over-time page shows (since the first); "
            "people assessed only once are not counted. Instruments score on their own scales, "
            "so there is no mean across them."
        ),
        source="assessments",
        numerator=Measure("improvement"),
        denominator=Measure("improved_people"),
        kind=FLOW,
        unit_lt="balai",
        unit_en="points",
        parts=("instrument",),
        section="assessments",
        annual=True,
        total_across_parts=False,
        numerator_per=100,
    ),
    # Early intervention ---------------------------------------------------------------------
    Indicator(
        code="cases_opened",
        name_lt="Pradėti atvejai (ankstyvoji intervencija)",
        name_en="Early-intervention cases opened",
        definition_lt="Atvejai, gauti (nukreipti) laikotarpiu, pagal nukreipimo šaltinį.",
        definition_en="Cases referred in the period, by referral source.",
        source="cases",
        numerator=Measure("cases_opened"),
        kind=FLOW,
        unit_lt="atvejai",
        unit_en="cases",
        parts=("source",),
        section="cases",
        annual=True,
    ),
    Indicator(
        code="cases_closed",
        name_lt="Užbaigti atvejai",
        name_en="Early-intervention cases closed",
        definition_lt="Atvejai, užbaigti laikotarpiu, pagal baigtį.",
        definition_en="Cases closed in the period, by outcome.",
        source="cases",
        numerator=Measure("cases_closed"),
        kind=FLOW,
        unit_lt="atvejai",
        unit_en="cases",
        parts=("outcome",),
        section="cases",
    ),
    Indicator(
        code="cases_stayed",
        name_lt="Atvejai, kai vaikai liko šeimoje",
        name_en="Cases closed with the children staying in the family",
        definition_lt="Užbaigti atvejai, kai vaikai liko gyventi šeimoje, iš visų užbaigtų.",
        definition_en="Closed cases where the children stayed with the family, among all closed.",
        source="cases",
        numerator=Measure("cases_closed", _stayed),
        denominator=Measure("cases_closed"),
        kind=FLOW,
        unit_lt="%",
        unit_en="%",
        section="cases",
        annual=True,
    ),
    Indicator(
        code="referral_to_plan",
        name_lt="Laikas nuo nukreipimo iki pagalbos plano",
        name_en="Time from referral to help plan",
        definition_lt=(
            "Vidutinis dienų skaičius nuo nukreipimo iki pagalbos plano etapo pradžios, "
            "atvejams, kurių planas pradėtas laikotarpiu."
        ),
        definition_en=(
            "The mean number of days from referral to the start of the help-plan stage, for "
            "cases whose help plan began in the period."
        ),
        source="cases",
        numerator=Measure("to_plan_days"),
        denominator=Measure("to_plan_cases"),
        kind=FLOW,
        unit_lt="dienos",
        unit_en="days",
        section="cases",
    ),
    Indicator(
        code="rereferrals",
        name_lt="Pakartotiniai nukreipimai per 12 mėnesių",
        name_en="Re-referrals within 12 months",
        definition_lt=(
            "Laikotarpiu pradėti atvejai šeimai (tas pats pavadinimas ir adresas toje pačioje "
            "organizacijoje), kurios ankstesnis atvejis užbaigtas per 12 mėnesių iki nukreipimo."
        ),
        definition_en=(
            "Cases opened in the period for a family (the same name and address at the same "
            "organisation) whose earlier case closed in the 12 months before the referral."
        ),
        source="cases",
        numerator=Measure("rereferrals"),
        kind=FLOW,
        unit_lt="atvejai",
        unit_en="cases",
        section="cases",
    ),
    # The carer journey ---------------------------------------------------------------------
    Indicator(
        code="carer_funnel",
        name_lt="Būsimų globėjų kelias",
        name_en="The carer funnel",
        definition_lt=(
            "Asmenys, laikotarpiu pasiekę etapą: pasiteiravo, pradėjo mokymus, buvo "
            "patvirtinti, tapo aktyviais globėjais; pagal gyvenamąją savivaldybę."
        ),
        definition_en=(
            "People who reached a stage in the period: inquired, started training, were "
            "approved, became active carers; by the municipality they live in."
        ),
        source="carers",
        numerator=Measure("funnel"),
        kind=FLOW,
        unit_lt="asmenys",
        unit_en="people",
        parts=("stage",),
        section="carers",
        annual=True,
    ),
    # Institution transformation ------------------------------------------------------------
    Indicator(
        code="transformation_plans_prepared",
        name_lt="Parengti institucijų pertvarkos planai",
        name_en="Transformation plans prepared",
        definition_lt=(
            "Pertvarkomos institucijos, kurių individualus pertvarkos planas paskutinę "
            "laikotarpio dieną yra parengtas, patvirtintas, vykdomas ar įvykdytas, iš visų "
            "pertvarkomų institucijų."
        ),
        definition_en=(
            "Institutions being transformed whose individual transformation plan is prepared, "
            "approved, in progress or done on the period's last day, among all institutions "
            "being transformed."
        ),
        source="transformation",
        numerator=Measure("plans", _plan_prepared),
        denominator=Measure("plans"),
        kind=STOCK,
        unit_lt="%",
        unit_en="%",
        section="transformation",
        headline=True,
        annual=True,
    ),
    Indicator(
        code="transformation_plans",
        name_lt="Institucijų pertvarkos planai pagal būseną",
        name_en="Transformation plans by status",
        definition_lt=(
            "Pertvarkomų institucijų individualūs pertvarkos planai pagal būseną paskutinę "
            "laikotarpio dieną."
        ),
        definition_en=(
            "The individual transformation plans of institutions being transformed, by their "
            "status on the period's last day."
        ),
        source="transformation",
        numerator=Measure("plans"),
        kind=STOCK,
        unit_lt="planai",
        unit_en="plans",
        parts=("transformation_status",),
        section="transformation",
        annual=True,
    ),
    Indicator(
        code="transformation_assessed",
        name_lt="Įvertinti institucijų gyventojai",
        name_en="Institution residents assessed",
        definition_lt="Pertvarkomų institucijų gyventojai, įvertinti laikotarpiu.",
        definition_en="Residents of institutions being transformed assessed in the period.",
        source="transformation",
        numerator=Measure("residents", _assessed),
        kind=FLOW,
        unit_lt="gyventojai",
        unit_en="residents",
        section="transformation",
        annual=True,
    ),
    Indicator(
        code="transformation_with_plans",
        name_lt="Institucijų gyventojai, kuriems parengti individualūs planai",
        name_en="Institution residents with individual plans",
        definition_lt=(
            "Pertvarkomų institucijų gyventojai, kuriems laikotarpiu parengtas individualus planas."
        ),
        definition_en=(
            "Residents of institutions being transformed whose individual plan was prepared in "
            "the period."
        ),
        source="transformation",
        numerator=Measure("residents", _with_plan),
        kind=FLOW,
        unit_lt="gyventojai",
        unit_en="residents",
        section="transformation",
        annual=True,
    ),
    Indicator(
        code="transformation_moved",
        name_lt="Gyventojai, persikėlę į šeimas ar bendruomenines paslaugas",
        name_en="Residents who moved to families or community services",
        definition_lt=(
            "Pertvarkomų institucijų gyventojai, laikotarpiu persikėlę gyventi į šeimą ar "
            "bendruomenines paslaugas, pagal tai, kur persikėlė."
        ),
        definition_en=(
            "Residents of institutions being transformed who moved to a family or to community "
            "services in the period, by where they moved."
        ),
        source="transformation",
        numerator=Measure("residents", _moved_on),
        kind=FLOW,
        unit_lt="gyventojai",
        unit_en="residents",
        parts=("destination",),
        section="transformation",
        annual=True,
    ),
    # Quality of the centres -----------------------------------------------------------------
    Indicator(
        code="satisfaction",
        name_lt="Globėjų pasitenkinimas centro pagalba",
        name_en="Carers satisfied with the centre's help",
        definition_lt=(
            "Teigiami atsakymai (4 arba 5 iš 5) globėjų pasitenkinimo apklausoje iš visų "
            "atsakymų, apklausoms, kurių laikotarpis baigiasi laikotarpiu; pagal centrą."
        ),
        definition_en=(
            "Positive answers (4 or 5 of 5) in the carer satisfaction survey among all answers, "
            "for the survey rounds whose period ends in the period; by centre."
        ),
        source="survey",
        numerator=Measure("positive"),
        denominator=Measure("ratings"),
        kind=FLOW,
        unit_lt="%",
        unit_en="%",
        section="quality",
        periodicity="year",
    ),
    Indicator(
        code="survey_respondents",
        name_lt="Apklausoje dalyvavę globėjai",
        name_en="Carer households that answered the survey",
        definition_lt="Globėjų šeimos, atsakiusios į pasitenkinimo apklausą (anonimiškai).",
        definition_en="Carer households that answered the satisfaction survey (anonymously).",
        source="survey",
        numerator=Measure("respondents"),
        kind=FLOW,
        unit_lt="šeimos",
        unit_en="households",
        section="quality",
        periodicity="year",
    ),
)

# Staffing of the care centres and respite (centre quality) --------------------------------
# Staff: psychologists, coordinators and social workers (globa_monitoring_staff); FTE in
# hundredths, hence the scale of its ratios.
RESPITE_SERVICES = frozenset({"crisis_respite", "respite_at_home", "respite_in_institution"})


def _respite(parts: tuple[str, ...]) -> bool:
    return parts[0] in RESPITE_SERVICES


_WHO_LT = "centro psichologai, globos koordinatoriai ir socialiniai darbuotojai"
_WHO_EN = "the centre's psychologists, foster care coordinators and social workers"
_FTE_LT = "centro psichologų, globos koordinatorių ir socialinių darbuotojų etatų suma"
_FTE_EN = f"the full-time equivalents of {_WHO_EN}"
_SPAN_LT = "Skaičiuojami tą dieną turėti vaidmenys; pareigos ir etatas dabartiniai."
_SPAN_EN = "The roles held on that day are counted, with their present position and FTE."
_PER_LT = {
    "households": "10-čiai globojančių šeimų paskutinę laikotarpio dieną",
    "children": "10-čiai globojamų vaikų paskutinę laikotarpio dieną",
}
_PER_EN = {
    "households": "per 10 caring households on the period's last day",
    "children": "per 10 children in care on the period's last day",
}


def _per_ten(code: str, staff: str, per: str, names: tuple[str, str, str, str]) -> Indicator:
    """Staff (``staff``: heads; ``fte``: FTE in hundredths) per 10 households or children."""
    heads = staff == "staff"
    who_lt = "C" + (_WHO_LT if heads else _FTE_LT)[1:]
    who_en = "T" + (_WHO_EN if heads else _FTE_EN)[1:]
    return Indicator(
        code=code,
        name_lt=names[0],
        name_en=names[1],
        definition_lt=f"{who_lt} {_PER_LT[per]}. {_SPAN_LT}",
        definition_en=f"{who_en} {_PER_EN[per]}. {_SPAN_EN}",
        source="staff",
        numerator=Measure(staff),
        denominator=Measure(per),
        kind=STOCK,
        unit_lt=names[2],
        unit_en=names[3],
        section="quality",
        scale=Decimal(10) if heads else Decimal("0.1"),
    )


QUALITY_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="staff",
        name_lt="Centro darbuotojai pagal pareigas",
        name_en="Centre staff by position",
        definition_lt=(
            "Centro psichologai, globos koordinatoriai ir socialiniai darbuotojai, turintys "
            f"vaidmenį centre paskutinę laikotarpio dieną, pagal pareigas. {_SPAN_LT}"
        ),
        definition_en=(
            "The centre's psychologists, foster care coordinators and social workers with a "
            f"role there on the period's last day, by position. {_SPAN_EN}"
        ),
        source="staff",
        numerator=Measure("staff"),
        kind=STOCK,
        unit_lt="darbuotojai",
        unit_en="staff",
        parts=("position",),
        section="quality",
    ),
    _per_ten(
        "staff_per_households",
        "staff",
        "households",
        (
            "Darbuotojai 10-čiai globojančių šeimų",
            "Staff per 10 caring households",
            "darbuotojai / 10 šeimų",
            "staff / 10 households",
        ),
    ),
    _per_ten(
        "fte_per_households",
        "fte",
        "households",
        (
            "Etatai 10-čiai globojančių šeimų",
            "FTE per 10 caring households",
            "etatai / 10 šeimų",
            "FTE / 10 households",
        ),
    ),
    _per_ten(
        "staff_per_children",
        "staff",
        "children",
        (
            "Darbuotojai 10-čiai globojamų vaikų",
            "Staff per 10 children in care",
            "darbuotojai / 10 vaikų",
            "staff / 10 children",
        ),
    ),
    _per_ten(
        "fte_per_children",
        "fte",
        "children",
        (
            "Etatai 10-čiai globojamų vaikų",
            "FTE per 10 children in care",
            "etatai / 10 vaikų",
            "FTE / 10 children",
        ),
    ),
    Indicator(
        code="respite_given",
        name_lt="Suteiktas atokvėpis",
        name_en="Respite given",
        definition_lt=(
            "Laikinojo atokvėpio paslaugos (krizės metu, namuose, įstaigoje), suteiktos "
            "laikotarpiu, pagal paslaugą ir teikėjo sektorių."
        ),
        definition_en=(
            "Respite services (during a crisis, at home, in an institution) delivered in the "
            "period, by service and provider sector."
        ),
        source="services",
        numerator=Measure("deliveries", _respite),
        kind=FLOW,
        unit_lt="paslaugos",
        unit_en="services",
        parts=("service", "sector"),
        section="quality",
    ),
    Indicator(
        code="respite_people",
        name_lt="Atokvėpį gavę asmenys",
        name_en="People given respite",
        definition_lt=(
            "Asmenys (šeimos, vaikai), gavę laikinojo atokvėpio paslaugą laikotarpiu; tas pats "
            "asmuo pas tą patį teikėją skaičiuojamas kartą kiekvienai paslaugai."
        ),
        definition_en=(
            "People (households, children) given a respite service in the period; one person "
            "is counted once per provider and respite service."
        ),
        source="services",
        numerator=Measure("people", _respite),
        kind=FLOW,
        unit_lt="asmenys",
        unit_en="people",
        section="quality",
    ),
)
INDICATORS = INDICATORS + QUALITY_INDICATORS

BY_CODE = {indicator.code: indicator for indicator in INDICATORS}


def indicator_by_code(code: str) -> Indicator:
    return BY_CODE[code]


SOURCES = tuple(sorted({indicator.source for indicator in INDICATORS}))

SECTIONS: dict[str, Promise] = {
    "children": _("Children without parental care"),
    "oncall": _("On-call care"),
    "households": _("Carer households and coordinators"),
    "services": _("Services"),
    "training": _("Training"),
    "assessments": _("Assessments and plans"),
    "cases": _("Early intervention"),
    "carers": _("New carers"),
    "transformation": _("Institution transformation"),
    "quality": _("Quality of the centres"),
}
