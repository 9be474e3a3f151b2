"""Instruments as data: a version's file read into typed objects, checked, scored.

A published version lives in a YAML file (``instruments/<code>/<version>.yaml``), checked
against ``instruments/schema.json`` and then against the rules a schema cannot say (codes
unique, every scale and age band named exists, a condition points at an earlier item…).
The file's content, as loaded, is kept with the version in the database together with its
hash: an assessment is always shown with the version it was made with.

Scoring and change are computed here from the rules the version states, so that a new
instrument needs a file, not code. Nothing here touches a model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from django.utils import translation

FOLDER = Path(__file__).resolve().parent / "instruments"
SCHEMA = FOLDER / "schema.json"

STRENGTH = "strength"
NEED = "need"
NEUTRAL = "neutral"

BETTER = "better"
SAME = "same"
WORSE = "worse"


class DefinitionError(ValueError):
    """A version's file does not describe a usable instrument; the message says where."""


@dataclass(frozen=True)
class Text:
    """A text in both languages; shown in the language of the request."""

    lt: str
    en: str

    def __str__(self) -> str:
        return self.en if translation.get_language() == "en" else self.lt

    @classmethod
    def of(cls, data: Mapping[str, str] | None) -> Text:
        data = data or {}
        return cls(lt=data.get("lt", ""), en=data.get("en", ""))


@dataclass(frozen=True)
class Level:
    value: int
    label: Text
    anchor: Text
    polarity: str
    action: bool

    @property
    def is_strength(self) -> bool:
        return self.polarity == STRENGTH


@dataclass(frozen=True)
class Scale:
    code: str
    name: Text
    better: str
    levels: tuple[Level, ...]

    def level(self, value: int | None) -> Level | None:
        return next((level for level in self.levels if level.value == value), None)

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.levels)

    @property
    def low(self) -> int:
        return min(self.values)

    @property
    def high(self) -> int:
        return max(self.values)


@dataclass(frozen=True)
class Condition:
    item: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Item:
    code: str
    domain: str
    text: Text
    help: Text
    scale: Scale
    required: bool
    not_applicable: bool
    informants: bool
    ages: tuple[str, ...]
    show_if: Condition | None
    anchors: dict[int, Text]
    goal: Text | None

    def anchor(self, level: Level) -> Text:
        return self.anchors.get(level.value, level.anchor)


@dataclass(frozen=True)
class Domain:
    code: str
    name: Text
    description: Text
    restricted: bool
    overall: Scale | None
    strengths_prompt: Text
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Rule:
    code: str
    name: Text
    rule: str
    per: str
    scales: tuple[str, ...]
    better: str


@dataclass(frozen=True)
class AgeBand:
    code: str
    low: int
    high: int
    name: Text


@dataclass(frozen=True)
class Role:
    code: str
    name: Text


@dataclass(frozen=True)
class Mapping_:
    """How an earlier version's items continue in this one."""

    version: int
    items: dict[str, str]
    dropped: tuple[str, ...]


@dataclass(frozen=True)
class Definition:
    """One published version of an instrument, as its file states it."""

    code: str
    version: int
    subject: str
    name: Text
    purpose: Text
    effective_from: dt.date
    author: str
    licence: str
    reassess_after_months: int | None
    timepoints: tuple[str, ...]
    informant_roles: tuple[Role, ...]
    age_bands: tuple[AgeBand, ...]
    scales: dict[str, Scale]
    domains: tuple[Domain, ...]
    rules: tuple[Rule, ...]
    profile: str
    change_threshold: float
    maps_from: Mapping_ | None
    raw: dict[str, Any] = field(compare=False, repr=False)

    @cached_property
    def items(self) -> dict[str, Item]:
        return {item.code: item for domain in self.domains for item in domain.items}

    @cached_property
    def domain_of(self) -> dict[str, Domain]:
        return {domain.code: domain for domain in self.domains}

    @property
    def profile_rule(self) -> Rule:
        return next(rule for rule in self.rules if rule.code == self.profile)

    @property
    def content_hash(self) -> str:
        return content_hash(self.raw)

    def domain(self, code: str) -> Domain:
        return self.domain_of[code]

    def age_band(self, age: int | None) -> str:
        """The age band of a subject of ``age`` years ("" when the instrument has none)."""
        if age is None:
            return ""
        return next((b.code for b in self.age_bands if b.low <= age <= b.high), "")

    def shown(self, item: Item, band: str, answers: Mapping[str, int | None]) -> bool:
        """Whether the item is asked: of the subject's age band, and its condition met by
        the answers given (a condition on an item not asked is not met)."""
        if item.ages and band not in item.ages:
            return False
        if item.show_if is None:
            return True
        parent = self.items[item.show_if.item]
        return self.shown(parent, band, answers) and answers.get(parent.code) in item.show_if.values

    def missing(
        self, band: str, answers: Mapping[str, int | None], answered: set[str]
    ) -> list[Item]:
        """Required items asked but not answered (a value or "not applicable")."""
        return [
            item
            for item in self.items.values()
            if item.required and item.code not in answered and self.shown(item, band, answers)
        ]


# Reading a file -------------------------------------------------------------------------------


def content_hash(raw: Mapping[str, Any]) -> str:
    """The hash of a version's content: its canonical JSON, whatever the file's layout."""
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def files() -> list[Path]:
    """Every version's file, by instrument and version."""
    return sorted(FOLDER.glob("*/*.yaml"), key=lambda p: (p.parent.name, int(p.stem)))


def read_file(path: Path) -> dict[str, Any]:
    """The file's content, as plain data (dates as ISO strings), checked against the schema."""
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DefinitionError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(raw, dict):
        raise DefinitionError(f"{path}: the file holds no instrument")
    raw = json.loads(json.dumps(raw, default=str))
    check_schema(raw, str(path))
    expected = (path.parent.name, path.stem)
    if (raw["code"], str(raw["version"])) != expected:
        raise DefinitionError(
            f"{path}: the file says {raw['code']} version {raw['version']}; "
            f"its place says {expected[0]} version {expected[1]}"
        )
    return raw


def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return loaded


def check_schema(raw: Mapping[str, Any], where: str = "instrument") -> None:
    """Refuse content the schema does not allow, naming the first place that breaks it."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(raw), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        place = "/".join(str(p) for p in first.absolute_path) or "(top)"
        raise DefinitionError(f"{where}: {place}: {first.message}")


def parse(raw: Mapping[str, Any]) -> Definition:
    """The typed instrument of a version's content (already checked against the schema),
    or ``DefinitionError`` for what the schema cannot say."""
    problems: list[str] = []

    def unique(codes: Iterable[str], what: str) -> None:
        seen: set[str] = set()
        for code in codes:
            if code in seen:
                problems.append(f"{what} {code!r} appears twice")
            seen.add(code)

    scales: dict[str, Scale] = {}
    for data in raw["scales"]:
        levels = tuple(
            Level(
                value=level["value"],
                label=Text.of(level["label"]),
                anchor=Text.of(level["anchor"]),
                polarity=level["polarity"],
                action=bool(level.get("action", False)),
            )
            for level in data["levels"]
        )
        unique((str(level.value) for level in levels), f"scale {data['code']}: level")
        scales[data["code"]] = Scale(data["code"], Text.of(data["name"]), data["better"], levels)
    unique((s["code"] for s in raw["scales"]), "scale")
    bands = tuple(
        AgeBand(b["code"], b["from"], b["to"], Text.of(b["name"])) for b in raw.get("age_bands", [])
    )
    unique((b.code for b in bands), "age band")
    for band in bands:
        if band.low > band.high:
            problems.append(f"age band {band.code!r} ends before it starts")
    band_codes = {b.code for b in bands}

    def scale(code: str, where: str) -> Scale:
        if code not in scales:
            problems.append(f"{where}: no scale {code!r}")
            return Scale(code, Text("", ""), "lower", ())
        return scales[code]

    domains: list[Domain] = []
    asked: dict[str, Scale] = {}
    for d in raw["domains"]:
        items = []
        for i in d["items"]:
            where = f"item {i['code']}"
            item_scale = scale(i["scale"], where)
            anchors = {int(value): Text.of(text) for value, text in i.get("anchors", {}).items()}
            for value in anchors:
                if value not in item_scale.values:
                    problems.append(f"{where}: an anchor for {value}, which its scale has not")
            for band in i.get("ages", []):
                if band not in band_codes:
                    problems.append(f"{where}: no age band {band!r}")
            condition = None
            if "show_if" in i:
                parent = i["show_if"]["item"]
                condition = Condition(parent, tuple(i["show_if"]["in"]))
                if parent not in asked:
                    problems.append(f"{where}: its condition names {parent!r}, not an earlier item")
                elif not set(condition.values) <= set(asked[parent].values):
                    problems.append(f"{where}: its condition names values {parent!r} cannot have")
            items.append(
                Item(
                    code=i["code"],
                    domain=d["code"],
                    text=Text.of(i["text"]),
                    help=Text.of(i.get("help")),
                    scale=item_scale,
                    required=bool(i.get("required", False)),
                    not_applicable=bool(i.get("not_applicable", False)),
                    informants=bool(i.get("informants", False)),
                    ages=tuple(i.get("ages", ())),
                    show_if=condition,
                    anchors=anchors,
                    goal=Text.of(i["goal"]) if "goal" in i else None,
                )
            )
            asked[i["code"]] = item_scale
        domains.append(
            Domain(
                code=d["code"],
                name=Text.of(d["name"]),
                description=Text.of(d.get("description")),
                restricted=bool(d.get("restricted", False)),
                overall=scale(d["overall"], f"domain {d['code']}") if "overall" in d else None,
                strengths_prompt=Text.of(d.get("strengths_prompt")),
                items=tuple(items),
            )
        )
    unique((d.code for d in domains), "domain")
    unique((i["code"] for d in raw["domains"] for i in d["items"]), "item")
    rules = tuple(
        Rule(
            r["code"],
            Text.of(r["name"]),
            r["rule"],
            r["per"],
            tuple(r.get("scales", ())),
            r["better"],
        )
        for r in raw["scoring"]
    )
    unique((r.code for r in rules), "scoring rule")
    for rule in rules:
        for code in rule.scales:
            scale(code, f"scoring rule {rule.code}")
    profile = [r for r in rules if r.code == raw["profile"]]
    if not profile:
        problems.append(f"profile: no scoring rule {raw['profile']!r}")
    elif profile[0].per != "domain":
        problems.append("profile: the rule it names is not per domain")
    roles = tuple(Role(r["code"], Text.of(r["name"])) for r in raw.get("informant_roles", []))
    unique((r.code for r in roles), "informant role")
    if (
        any(i["informants"] for d in raw["domains"] for i in d["items"] if "informants" in i)
        and not roles
    ):
        problems.append("items take informants' ratings, but no informant_roles are named")
    maps_from = None
    if "maps_from" in raw:
        m = raw["maps_from"]
        maps_from = Mapping_(m["version"], dict(m.get("items", {})), tuple(m.get("dropped", ())))
        if m["version"] >= raw["version"]:
            problems.append("maps_from: names a version that is not earlier")
        for new in maps_from.items.values():
            if new not in asked:
                problems.append(f"maps_from: no item {new!r} in this version")
    if problems:
        raise DefinitionError(f"{raw['code']} version {raw['version']}: " + "; ".join(problems))
    return Definition(
        code=raw["code"],
        version=raw["version"],
        subject=raw["subject"],
        name=Text.of(raw["name"]),
        purpose=Text.of(raw.get("purpose")),
        effective_from=dt.date.fromisoformat(raw["effective_from"]),
        author=raw["author"],
        licence=raw["licence"],
        reassess_after_months=raw.get("reassess_after_months"),
        timepoints=tuple(raw.get("timepoints", ("intake", "review", "closure", "ad_hoc"))),
        informant_roles=roles,
        age_bands=bands,
        scales=scales,
        domains=tuple(domains),
        rules=rules,
        profile=raw["profile"],
        change_threshold=float(raw.get("change_threshold", 1)),
        maps_from=maps_from,
        raw=dict(raw),
    )


def check_mapping(earlier: Definition, later: Definition) -> None:
    """A later version's mapping names items the earlier version has."""
    mapping = later.maps_from
    if mapping is None or mapping.version != earlier.version:
        return
    unknown = [c for c in (*mapping.items, *mapping.dropped) if c not in earlier.items]
    if unknown:
        raise DefinitionError(
            f"{later.code} version {later.version}: maps_from names items version "
            f"{earlier.version} has not: {', '.join(sorted(unknown))}"
        )


def lineage(definitions: Mapping[int, Definition], version: int, target: int) -> dict[str, str]:
    """Where each item of ``version`` continues in version ``target`` (a later one), through
    every mapping between them; items dropped on the way are left out."""
    codes = {code: code for code in definitions[version].items}
    for step in range(version + 1, target + 1):
        later = definitions.get(step)
        if later is None:
            continue
        mapping = later.maps_from
        renamed = mapping.items if mapping and mapping.version == step - 1 else {}
        dropped = set(mapping.dropped) if mapping else set()
        codes = {
            original: renamed.get(current, current)
            for original, current in codes.items()
            if current not in dropped and renamed.get(current, current) in later.items
        }
    return codes


# Scoring --------------------------------------------------------------------------------------


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def apply_rule(
    rule: Rule, items: Iterable[Item], answers: Mapping[str, int | None]
) -> Decimal | None:
    """One rule over the items given: None when no item counted has a value."""
    counted = [
        (item, answers[item.code])
        for item in items
        if (not rule.scales or item.scale.code in rule.scales)
        and answers.get(item.code) is not None
    ]
    if rule.rule == "count_action":
        return Decimal(sum(1 for item, value in counted if _level(item, value).action))
    if rule.rule == "count_strength":
        return Decimal(sum(1 for item, value in counted if _level(item, value).is_strength))
    if not counted:
        return None
    total = Decimal(sum(value for _item, value in counted if value is not None))
    if rule.rule == "sum":
        return total
    return _round(total / len(counted))


def _level(item: Item, value: int | None) -> Level:
    level = item.scale.level(value)
    assert level is not None, f"{item.code}: {value} is not a level of {item.scale.code}"
    return level


@dataclass(frozen=True)
class Scores:
    """Every rule's score: per domain (``domains[domain][rule]``) and overall."""

    domains: dict[str, dict[str, Decimal | None]]
    overall: dict[str, Decimal | None]

    def profile(self, definition: Definition) -> dict[str, Decimal | None]:
        return {code: rules.get(definition.profile) for code, rules in self.domains.items()}

    def as_json(self) -> dict[str, Any]:
        def plain(values: Mapping[str, Decimal | None]) -> dict[str, str | None]:
            return {k: None if v is None else str(v) for k, v in values.items()}

        return {
            "domains": {code: plain(values) for code, values in self.domains.items()},
            "overall": plain(self.overall),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Scores:
        def typed(values: Mapping[str, str | None]) -> dict[str, Decimal | None]:
            return {k: None if v is None else Decimal(v) for k, v in values.items()}

        return cls(
            {code: typed(values) for code, values in data.get("domains", {}).items()},
            typed(data.get("overall", {})),
        )


def score(definition: Definition, answers: Mapping[str, int | None], band: str = "") -> Scores:
    """The version's scoring rules over the assessor's answers (items not asked and items
    answered "not applicable" do not count)."""
    asked = {
        code: value
        for code, value in answers.items()
        if code in definition.items and definition.shown(definition.items[code], band, answers)
    }
    domains = {
        domain.code: {
            rule.code: apply_rule(rule, domain.items, asked)
            for rule in definition.rules
            if rule.per == "domain"
        }
        for domain in definition.domains
    }
    every = list(definition.items.values())
    overall = {
        rule.code: apply_rule(rule, every, asked)
        for rule in definition.rules
        if rule.per == "overall"
    }
    return Scores(domains, overall)


def direction(
    before: float | Decimal | None, after: float | Decimal | None, better: str, threshold: float
) -> str:
    """Better, same or worse, by the rule's direction and the instrument's threshold; "" when
    either side is missing."""
    if before is None or after is None:
        return ""
    moved = float(after) - float(before)
    if abs(moved) + 1e-9 < threshold:
        return SAME
    improved = moved < 0 if better == "lower" else moved > 0
    return BETTER if improved else WORSE


@dataclass(frozen=True)
class Finding:
    """One answer of the assessor, with its level, for the result page."""

    item: Item
    level: Level
    evidence: str = ""


def findings(definition: Definition, answers: Mapping[str, int | None]) -> list[Finding]:
    """The assessor's answers with a level, in the instrument's order."""
    found = []
    for item in definition.items.values():
        value = answers.get(item.code)
        level = item.scale.level(value) if value is not None else None
        if level is not None:
            found.append(Finding(item, level))
    return found
