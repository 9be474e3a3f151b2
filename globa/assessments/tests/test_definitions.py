"""Instruments as data: the files, the schema, the rules a schema cannot say, scoring against
hand-computed results, and change across versions."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest

from globa.assessments import definitions as defs
from globa.assessments.definitions import DefinitionError

TINY = Path(__file__).resolve().parent / "instruments" / "tiny"


def tiny(version: int = 1) -> defs.Definition:
    return defs.parse(defs.read_file(TINY / f"{version}.yaml"))


@pytest.mark.parametrize("path", defs.files(), ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_every_instrument_file_is_valid_against_the_schema_and_the_rules(path: Path) -> None:
    raw = defs.read_file(path)  # checked against instruments/schema.json
    definition = defs.parse(raw)
    assert definition.name.lt and definition.name.en
    assert definition.items
    for item in definition.items.values():
        assert item.text.lt and item.text.en, item.code
        for level in item.scale.levels:
            assert item.anchor(level).lt and item.anchor(level).en
        assert item.goal is None or (item.goal.lt and item.goal.en)


def test_globa_has_the_five_instruments_of_the_issue() -> None:
    subjects = {defs.parse(defs.read_file(p)).subject: p.parent.name for p in defs.files()}
    assert subjects == {
        "family": "family_situation",
        "child": "child_needs",
        "carer": "carer_suitability",
        "staff": "staff_competence",
        "household": "care_review",
    }


def test_the_schema_refuses_what_it_does_not_describe() -> None:
    raw = defs.read_file(TINY / "1.yaml")
    broken = copy.deepcopy(raw)
    broken["domains"][0]["items"][0]["scale"] = "Not A Code"
    with pytest.raises(DefinitionError, match="domains/0/items/0/scale"):
        defs.check_schema(broken)
    broken = copy.deepcopy(raw)
    del broken["licence"]
    with pytest.raises(DefinitionError, match="licence"):
        defs.check_schema(broken)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda r: r["domains"][0]["items"].append(dict(r["domains"][0]["items"][0])),
            "item 'housing' appears twice",
        ),
        (lambda r: r["domains"][0]["items"][0].update(scale="nope"), "no scale 'nope'"),
        (lambda r: r["domains"][1]["items"][1].update(ages=["babies"]), "no age band 'babies'"),
        (
            lambda r: r["domains"][0]["items"][2].update(show_if={"item": "school", "in": [1]}),
            "not an earlier item",
        ),
        (
            lambda r: r["domains"][0]["items"][2].update(show_if={"item": "housing", "in": [7]}),
            "values 'housing' cannot have",
        ),
        (
            lambda r: r["domains"][0]["items"][0].update(anchors={"5": {"lt": "a", "en": "b"}}),
            "anchor for 5",
        ),
        (lambda r: r.update(profile="total"), "not per domain"),
        (lambda r: r.pop("informant_roles"), "no informant_roles"),
    ],
)
def test_the_rules_a_schema_cannot_say_are_checked(change, message) -> None:  # type: ignore[no-untyped-def]
    raw = defs.read_file(TINY / "1.yaml")
    change(raw)
    with pytest.raises(DefinitionError, match=message):
        defs.parse(raw)


def test_the_content_hash_ignores_the_file_layout() -> None:
    raw = defs.read_file(TINY / "1.yaml")
    shuffled = dict(reversed(list(raw.items())))
    assert defs.content_hash(shuffled) == defs.content_hash(raw)
    raw["licence"] = "CC BY"
    assert defs.content_hash(raw) != defs.content_hash(shuffled)


def test_scores_match_the_hand_computed_ones() -> None:
    definition = tiny()
    answers = {"housing": -2, "hygiene": None, "plan": 1, "supervision": 2, "school": -3}
    # Young: "school" is for older children and does not count. Home: housing -2, plan +1
    # (asked because housing is -2), hygiene not applicable → mean (-2 + 1) / 2 = -0.5, one
    # at an action level. Care: supervision +2 → mean 2, none at action. Overall: total
    # -2 + 1 + 2 = 1; strengths: plan and supervision = 2.
    scores = defs.score(definition, answers, "young")
    assert scores.domains["home"] == {"mean": Decimal("-0.50"), "action": Decimal(1)}
    assert scores.domains["care"] == {"mean": Decimal("2.00"), "action": Decimal(0)}
    assert scores.overall == {"total": Decimal(1), "strengths": Decimal(2)}
    # Older: "school" -3 counts: care mean (2 - 3) / 2 = -0.5, one at action; total -2.
    older = defs.score(definition, answers, "older")
    assert older.domains["care"] == {"mean": Decimal("-0.50"), "action": Decimal(1)}
    assert older.overall["total"] == Decimal(-2)
    # Housing adequate: the plan item is not asked and its answer does not count.
    calm = defs.score(definition, {**answers, "housing": 0}, "young")
    assert calm.domains["home"]["mean"] == Decimal("0.00")
    assert defs.Scores.from_json(scores.as_json()) == scores


def test_a_domain_without_answers_has_no_mean_and_nothing_to_count() -> None:
    scores = defs.score(tiny(), {}, "young")
    assert scores.domains["home"] == {"mean": None, "action": Decimal(0)}
    assert scores.overall["total"] is None


def test_required_items_are_those_asked() -> None:
    definition = tiny()
    missing = definition.missing("young", {"housing": -3}, {"housing"})
    assert [item.code for item in missing] == ["plan", "supervision"]
    assert [i.code for i in definition.missing("young", {"housing": 0}, {"housing"})] == [
        "supervision"
    ]


def test_direction_follows_the_rule_and_the_threshold() -> None:
    assert defs.direction(-2, 0, "higher", 0.5) == defs.BETTER
    assert defs.direction(Decimal("1.2"), Decimal("1.5"), "higher", 0.5) == defs.SAME
    assert defs.direction(2, 3, "lower", 0.5) == defs.WORSE
    assert defs.direction(None, 3, "lower", 0.5) == ""


def test_items_are_followed_across_versions() -> None:
    one, two = tiny(1), tiny(2)
    defs.check_mapping(one, two)
    codes = defs.lineage({1: one, 2: two}, 1, 2)
    assert codes == {"housing": "housing", "hygiene": "cleanliness", "supervision": "supervision"}


def test_a_mapping_naming_unknown_items_is_refused() -> None:
    raw = defs.read_file(TINY / "2.yaml")
    raw["maps_from"]["items"] = {"nothing": "cleanliness"}
    with pytest.raises(DefinitionError, match="nothing"):
        defs.check_mapping(tiny(1), defs.parse(raw))
