"""A field's value reads the same wherever a person meets it: ``show``, the
prompts and the exports for people all put it into words through
``field_text.FieldWords`` (an amount was 12500 in one and € 12.500 in another)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from knelpunt.config import Config
from knelpunt.field_text import FieldWords, source_line
from knelpunt.fields import fields_of
from tests import tiny

SPECS = {spec.name: spec for spec in fields_of("bottleneck")}


def names(kind: str, record_id: str) -> str:
    return {"ac-aaaaa-bbbbb": "Gemeente Eijsden"}.get(record_id, record_id)


def words(lang: str = "nl", **medium: bool) -> FieldWords:
    return FieldWords(Config(), lang, names, **medium)


def test_an_amount_a_step_and_a_choice_in_words_in_both_languages():
    cost = {"amount": 12500, "per": "year", "from": 2027, "paid_by": "ac-aaaaa-bbbbb"}
    nl = words().text("costs", None, [cost])
    en = words("en").text("costs", None, [cost])
    assert "€ 12.500" in nl and "2027" in nl and "Gemeente Eijsden" in nl
    assert "€12,500" in en
    step = {"step": "consultation", "date": "2026-09-01"}
    assert words().text("legislation", None, [step]) == "in consultatie (1 sep 2026)"
    assert words().text("type", SPECS["type"], "hard") != "hard"  # a label, not the key


def test_the_medium_chooses_dates_as_typed_and_short_labels_never_the_words():
    day = dt.date(2026, 11, 1)
    assert words().items("reported_on", SPECS["reported_on"], day) == ["1 nov 2026"]
    typed = words(typed_dates=True).items("reported_on", SPECS["reported_on"], day)
    assert typed == ["01-11-2026"]
    assert words().items("tags", SPECS["tags"], []) == []


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["once", "year"]))
def test_every_medium_writes_an_amount_the_same(amount, per):
    cost = {"amount": amount, "per": per}
    said = {
        words(**medium).text("costs", None, [cost])
        for medium in ({}, {"typed_dates": True}, {"short_choices": True})
    }
    assert len(said) == 1


def test_a_source_on_one_line():
    assert source_line({"title": "Rapport", "publisher": "LVKK", "year": 2024}) == (
        "Rapport (LVKK, 2024)"
    )


def test_show_and_the_export_say_a_proposals_money_alike(tmp_path: Path, run):
    root = tiny.new_network(tmp_path / "net")
    tiny.actor(root, "ac-aaaaa-bbbbb", "Gemeente Eijsden")
    tiny.bottleneck(
        root,
        "kp-aaaaa-bbbbb",
        "Vervoer",
        costs=[{"amount": "12.500", "per": "once", "from": 2027, "paid_by": "ac-aaaaa-bbbbb"}],
    )
    shown = run("show", "kp-aaaaa-bbbbb", cwd=root)
    assert shown.code == 0, shown.err
    exported = run("export", "bottlenecks", cwd=root)
    assert exported.code == 0, exported.err
    header, row = (line.split(";") for line in exported.out.lstrip("\ufeff").splitlines())
    cost = row[header.index("Kosten (euro)")]
    assert cost == "€ 12.500 eenmalig in 2027, betaald door Gemeente Eijsden"
    # show names the payer with its id, to type it back in a command
    assert f"{cost} (ac-aaaaa-bbbbb)" in " ".join(shown.out.replace("│", " ").split())
    assert "Status" in shown.out and "Score" in shown.out  # labels as the others are
