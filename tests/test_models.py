"""models: what a valid record is, checked field by field and as a whole."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from knelpunt import ids, models
from knelpunt.config import Config, RankingRound
from knelpunt.models import RECORD_TYPES, Update

UPDATE = {"id": "20260303-101500-aaaaa", "date": "2026-03-03", "by": "Els"}
BOTTLENECK = {
    "id": "kp-aaaaa-bbbbb",
    "title": "Vpb",
    "description": "Zorgcoöperaties betalen Vpb.",
    "theme": "finance",
    "type": "hard",
    "reported_on": "2026-03-03",
}


def _error(kind: str, data: dict[str, Any], config: Config | None = None) -> str:
    with pytest.raises(ValidationError) as caught:
        models.validate(kind, data, config)
    [error] = caught.value.errors()
    return str(error["type"])


def test_every_kind_has_its_folder_references_and_personal_fields_right() -> None:
    assert set(RECORD_TYPES) | {"update"} == set(ids.FOLDERS) == set(models.ALL_KINDS)
    for kind in models.ALL_KINDS:
        model = models.model_for(kind)
        assert model.kind == kind and model.folder == ids.FOLDERS[kind]
        assert set(model.references) <= set(model.model_fields), kind
        assert set(model.references.values()) <= set(RECORD_TYPES), kind
        assert set(model.personal_fields) <= set(model.model_fields), kind
    assert {k for k, m in RECORD_TYPES.items() if "contact" in m.personal_fields} == {
        "initiative",
        "actor",
    }


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({}, "update_empty"),
        ({"status": "merged"}, "merged_needs_target"),
        ({"note": "x", "merged_into": "kp-a"}, "target_needs_merged"),
        ({"status": "routed"}, "routed_needs_addressee"),
        ({"status": "on-agenda", "actor": "ac-a"}, "actor_needs_status"),
        ({"status": "on-agenda", "concerns": ["in-a"]}, "concerns_needs_routed"),
        ({"status": "on-agenda", "answer_by": "2026-05-01"}, "answer_by_needs_routed"),
        ({"verdict": "works"}, "verdict_needs_initiative"),
        ({"note": "x", "initiative": "in-a"}, "initiative_needs_verdict"),
    ],
)
def test_a_history_entry_must_make_sense_as_a_whole(fields: dict[str, Any], error: str) -> None:
    assert _error("update", {**UPDATE, **fields}) == error


def test_history_entries_that_do_make_sense() -> None:
    routed = models.validate(
        "update",
        {**UPDATE, "status": "routed", "addressees": ["ac-a"], "answer_by": "2026-05-01"},
        None,
    )
    assert isinstance(routed, Update) and routed.answer_by == dt.date(2026, 5, 1)
    assert routed.label() == UPDATE["id"]
    models.validate(
        "update", {**UPDATE, "verdict": "partly", "initiative": "in-a", "note": "x"}, None
    )
    models.validate("update", {**UPDATE, "status": "resolved", "actor": "ac-a"}, None)


def test_lists_of_the_configuration_are_checked_only_with_it() -> None:
    record = models.validate("bottleneck", {**BOTTLENECK, "theme": "wonen"}, None)
    assert record.label() == "Vpb"
    assert _error("bottleneck", {**BOTTLENECK, "theme": "wonen"}, Config()) == "vocabulary"
    ranking = {
        "id": "rk-a",
        "round": "najaar-2026",
        "initiative": "in-a",
        "date": "2026-10-01",
        "order": ["kp-a"],
    }
    assert _error("ranking", ranking, Config()) == "unknown_round"
    day = dt.date(2026, 10, 1)
    config = Config(rounds=[RankingRound(name="najaar-2026", opens=day, closes=day)])
    assert models.validate("ranking", ranking, config).label() == "in-a (najaar-2026)"


def test_rules_of_single_records() -> None:
    ranking = {"id": "rk-a", "round": "r", "initiative": "in-a", "date": "2026-10-01"}
    assert _error("ranking", {**ranking, "order": []}) == "ranking_empty"
    assert (
        _error("ranking", {**ranking, "order": ["kp-a"], "unranked": ["kp-a"]}) == "ranking_twice"
    )
    meeting = {
        "id": "bk-a",
        "title": "Kring",
        "date": "2026-03-03",
        "type": "learning-circle",
        "explorer": "Els",
    }
    assert _error("meeting", meeting) == "circle_needs_topic"
    source = {"title": "Rapport", "link": "javascript:alert(1)"}
    assert _error("bottleneck", {**BOTTLENECK, "sources": [source]}) == "link_not_web"
    assert _error("bottleneck", {**BOTTLENECK, "id": "KP A"}) == "string_pattern_mismatch"
    assert _error("bottleneck", {**BOTTLENECK, "severity": 6}) == "less_than_equal"
    assert _error("bottleneck", {**BOTTLENECK, "status": "routed"}) == "extra_forbidden"


def test_records_are_frozen_and_labelled_by_name_or_title() -> None:
    record = models.validate("bottleneck", BOTTLENECK, None)
    with pytest.raises(ValidationError):
        record.title = "anders"  # type: ignore[misc]
    initiative = models.validate(
        "initiative",
        {
            "id": "in-a",
            "name": "Epen",
            "legal_form": "cooperative",
            "municipality": "G",
            "province": "limburg",
        },
        None,
    )
    assert initiative.label() == "Epen"
