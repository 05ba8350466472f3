"""choices: values as people type them (a key, a Dutch or English label, a Dutch date)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knelpunt import choices
from knelpunt.config import Config
from knelpunt.errors import KnelpuntError
from knelpunt.ids import FOLDERS, RECORD_KINDS


def test_fold_ignores_case_accents_and_hyphens() -> None:
    assert choices.fold("Financiën") == "financien"
    assert choices.fold("op-de_agenda") == "op de agenda"
    assert choices.fold("  Wet-  en  regelgeving ") == "wet en regelgeving"


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert choices.fold(choices.fold(text)) == choices.fold(text)


def test_a_key_its_labels_and_a_part_in_brackets_name_it() -> None:
    config = Config()
    for typed in ("local", "Lokaal", "LOKAAL (micro)", "micro", "Local"):
        assert choices.vocabulary_key(config, "levels", typed) == "local", typed
    assert choices.vocabulary_key(config, "themes", "financien") == "finance"
    assert choices.vocabulary_key(config, "themes", "wet en regelgeving") == "regulation"
    # the word before a colon names a fixed choice: "cultuur: vertrouwen, ..."
    assert choices.choice_key(["hard", "culture"], "cultuur", "type") == "culture"


def test_a_value_that_names_nothing_lists_the_allowed_ones() -> None:
    with pytest.raises(KnelpuntError) as caught:
        choices.vocabulary_key(Config(), "themes", "geld")
    assert caught.value.key == "unknown_choice"
    params = caught.value.params
    assert params["what_nl"] == "thema" and params["value"] == "'geld'"
    assert "Financiën (finance)" in params["labels_nl"]
    assert choices.matches("", {"a": ["A"]}) == []


def test_short_label_is_the_word_before_the_explanation() -> None:
    assert choices.short_label("implementation", "nl") == "uitvoering"
    assert choices.short_label("implementation", "en") == "implementation"
    assert choices.short_label("no-such-choice", "nl") == "no-such-choice"


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_a_dutch_date_becomes_the_same_iso_date(day: dt.date) -> None:
    for sep in "-/.":
        dutch = f"{day.day}{sep}{day.month:02d}{sep}{day.year}"
        assert choices.iso_date(dutch) == day.isoformat()
        assert choices.parse_date(dutch) == day
    assert choices.iso_date(f" {day.isoformat()} ") == day.isoformat()
    assert choices.date_or_revision(f"{day.day:02d}-{day.month:02d}-{day.year}") == day.isoformat()


def test_dates_that_are_none() -> None:
    assert choices.iso_date("31-02-2026") == "31-02-2026"  # left for the checks to judge
    assert choices.parse_date(None, today=dt.date(2026, 5, 1)) == dt.date(2026, 5, 1)
    for bad in ("31-02-2026", "morgen", "2026-13-01"):
        with pytest.raises(KnelpuntError) as caught:
            choices.parse_date(bad)
        assert caught.value.key == "date_input"
    with pytest.raises(KnelpuntError):
        choices.date_or_revision("2026-13-01")  # looks like a date: never a revision
    assert choices.date_or_revision("main~2") == "main~2"
    assert choices.date_or_revision("v1.2") == "v1.2"


def test_typed_values_maps_labels_and_leaves_the_unknown_for_validation() -> None:
    from knelpunt.fields import fields_of

    typed = choices.typed_values(
        Config(),
        fields_of("bottleneck"),
        {"theme": "Financiën", "type": "uitvoering", "reported_on": "3-3-2026", "title": "x"},
    )
    assert typed == {
        "theme": "finance",
        "type": "implementation",
        "reported_on": "2026-03-03",
        "title": "x",
    }
    assert choices.typed_values(Config(), fields_of("bottleneck"), {"theme": "geld"}) == {
        "theme": "geld"
    }


def test_kind_from_word_takes_kind_folder_and_dutch_words() -> None:
    for kind in RECORD_KINDS:
        assert choices.kind_from_word(kind) == kind
        assert choices.kind_from_word(f" {FOLDERS[kind].upper()} ") == kind
    assert choices.kind_from_word("knelpunten") == "bottleneck"
    with pytest.raises(KnelpuntError) as caught:
        choices.kind_from_word("kippen")
    assert caught.value.key == "unknown_kind"
