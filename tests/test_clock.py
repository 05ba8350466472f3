"""A clock on every addressing (issue 31, point 3): the day by which an
addressed problem-solver is expected to answer, set when routing or by default
per level, kept in the history entry that routes and derived from it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from knelpunt.models import Update
from knelpunt.repo import open_repository
from knelpunt.store import load_all
from knelpunt.workflow import ANSWER_WITHIN_OTHER, derive
from tests.conftest import Runner

ANBI = "kp-ft2n1-rsqdw"  # routed 2026-04-16 nationally to Belastingdienst and Financiën
BELASTINGDIENST, FINANCIEN = "ac-wzdx9-bgf24", "ac-xxev3-1txb4"
WAITING = "kp-efc28-gkfd2"  # on the agenda since October, no addressee
VWS = "ac-6wwqm-4zyxg"


def entry(day: str, **fields: object) -> Update:
    return Update.model_validate(
        {"id": day.replace("-", "") + "-120000-aaaaa", "date": day, "by": "Test", **fields}
    )


def routed(day: str, level: str, *actors: str, **fields: object) -> Update:
    return entry(day, status="routed", level=level, addressees=list(actors), **fields)


def flat(table: str) -> str:
    """A table's text without its borders and line breaks (cells wrap)."""
    return " ".join(re.sub(r"[│┃]", " ", table).split())


def records(root: Path):
    return load_all(open_repository(root, {}, root))


# --- the derivation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "days"), [("local", 42), ("regional", 56), ("national", 91), ("elders", 56)]
)
def test_an_entry_without_a_day_of_its_own_gets_the_days_of_its_level(level, days):
    state, _ = derive([routed("2026-04-16", level, "ac-aaaaa-aaaaa")])
    (addressing,) = state.addressings
    assert addressing.answer_by == dt.date(2026, 4, 16) + dt.timedelta(days=days)
    assert ANSWER_WITHIN_OTHER == 56  # a level the defaults do not name


def test_the_days_per_level_come_from_the_setting_when_given():
    state, _ = derive([routed("2026-04-16", "national", "ac-aaaaa-aaaaa")], {"national": 10})
    assert state.addressings[0].answer_by == dt.date(2026, 4, 26)


def test_a_day_given_when_routing_goes_before_the_level():
    state, _ = derive(
        [routed("2026-04-16", "national", "ac-aaaaa-aaaaa", answer_by="2026-05-01")],
        {"national": 10},
    )
    assert state.addressings[0].answer_by == dt.date(2026, 5, 1)


def test_overdue_as_of_a_day_only_while_the_solver_has_not_answered():
    history = [routed("2026-04-16", "national", "ac-aaaaa-aaaaa", "ac-bbbbb-bbbbb")]
    history.append(entry("2026-05-01", status="in-progress", actor="ac-bbbbb-bbbbb"))
    state, _ = derive(history)
    waiting, answered = state.addressings
    due = dt.date(2026, 7, 16)  # 16 April + 91 days
    assert waiting.answer_by == answered.answer_by == due
    assert not waiting.overdue(due)  # the day itself is still in time
    assert waiting.overdue(due + dt.timedelta(days=1))
    assert waiting.days_overdue(due + dt.timedelta(days=30)) == 30
    assert not answered.overdue(due + dt.timedelta(days=30))  # in progress is an answer
    assert answered.days_overdue(due + dt.timedelta(days=30)) == 0


def test_re_routing_after_a_decline_starts_a_new_clock():
    history = [
        routed("2026-04-16", "national", "ac-aaaaa-aaaaa"),
        entry("2026-09-08", status="declined", actor="ac-aaaaa-aaaaa"),
        routed("2026-10-01", "national", "ac-aaaaa-aaaaa", "ac-bbbbb-bbbbb"),
    ]
    state, _ = derive(history)
    assert [a.answer_by for a in state.addressings] == [dt.date(2026, 12, 31)] * 2
    assert not any(a.overdue(dt.date(2026, 12, 31)) for a in state.addressings)


def test_back_on_the_agenda_no_clock_runs():
    state, _ = derive(
        [
            routed("2026-04-16", "regional", "ac-aaaaa-aaaaa"),
            entry("2026-05-01", status="declined"),
            entry("2026-05-02", status="on-agenda"),
        ]
    )
    assert state.addressings == ()


def test_the_example_is_derived_with_the_defaults_per_level(example: Path):
    anbi = records(example).state(ANBI)
    by_actor = {a.actor: a for a in anbi.addressings}
    assert by_actor[FINANCIEN].answer_by == dt.date(2026, 7, 16)  # national: 91 days
    assert by_actor[FINANCIEN].overdue(dt.date(2026, 12, 4))
    assert not by_actor[BELASTINGDIENST].overdue(dt.date(2026, 12, 4))  # it declined


def test_the_days_of_the_repository_setting_reach_every_record_set(example: Path):
    config = example / "knelpunt.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "\nfollow_up:\n  answer_within_days: {national: 30}\n  quiet_months: 2\n",
        encoding="utf-8",
    )
    anbi = records(example).state(ANBI)
    assert {a.answer_by for a in anbi.addressings} == {dt.date(2026, 5, 16)}


# --- routing sets it --------------------------------------------------------------


def test_route_by_hand_writes_the_day_given_in_the_entry(run: Runner, example: Path):
    result = run(
        "route", WAITING, "--to", VWS, "--answer-by", "01-03-2027", "--by", "Test",
        "--date", "2026-12-04", "--json", cwd=example,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert json.loads(result.out)[0]["answer_by"] == "2027-03-01"
    written = sorted((example / "data" / "updates" / WAITING).glob("*.yaml"))[-1]
    assert "answer_by: 2027-03-01" in written.read_text(encoding="utf-8")
    state = records(example).state(WAITING)
    assert state.addressings[0].answer_by == dt.date(2027, 3, 1)


def test_route_by_hand_without_a_day_writes_the_default_of_the_level(run: Runner, example: Path):
    result = run("route", WAITING, "--to", VWS, "--by", "Test", "--date", "2026-12-04", cwd=example)
    assert result.code == 0, result.err
    assert "5 mrt 2027" in result.out  # + 91 days (national, VWS's level), in the table
    written = sorted((example / "data" / "updates" / WAITING).glob("*.yaml"))[-1]
    assert "answer_by: 2027-03-05" in written.read_text(encoding="utf-8")


def test_route_auto_sets_each_clock_by_its_level_or_the_day_given(run: Runner, example: Path):
    dry = run("route", "--auto", "--dry-run", "--by", "T", "--date", "2026-12-04", "--json",
              cwd=example)  # fmt: skip
    assert dry.code == 0, dry.err
    planned = json.loads(dry.out)
    assert planned and all(
        row["answer_by"]
        == (
            dt.date(2026, 12, 4) + dt.timedelta(days={"national": 91}.get(row["level"], 0))
        ).isoformat()
        for row in planned
        if row["level"] == "national"
    )
    done = run("route", "--auto", "--answer-by", "2027-01-15", "--by", "T", "--date",
               "2026-12-04", "--json", cwd=example)  # fmt: skip
    assert done.code == 0, done.err
    assert {row["answer_by"] for row in json.loads(done.out)} == {"2027-01-15"}
    state = records(example).state(WAITING)
    assert {a.answer_by for a in state.addressings} == {dt.date(2027, 1, 15)}


def test_an_answer_by_day_before_the_routing_is_refused(run: Runner, example: Path):
    result = run(
        "route", WAITING, "--to", VWS, "--answer-by", "2026-11-01", "--by", "Test",
        "--date", "2026-12-04", cwd=example,
    )  # fmt: skip
    assert result.code == 1
    assert "De antwoorddatum 2026-11-01 ligt vóór de dag van adresseren (2026-12-04)" in result.err
    assert "Traceback" not in result.err
    assert records(example).state(WAITING).status == "on-agenda"


def test_an_answer_by_that_is_no_date_is_a_clear_message(run: Runner, example: Path):
    result = run("route", WAITING, "--to", VWS, "--answer-by", "morgen", "--by", "T",
                 cwd=example)  # fmt: skip
    assert result.code in (1, 2)
    assert "morgen" in result.err and "Traceback" not in result.err


# --- the setting ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        (
            "follow_up:\n  answer_within_days: {lokaal: 42}\n",
            "follow_up: answer_within_days noemt het niveau 'lokaal', dat niet onder "
            "vocabularies.levels staat. Kies uit: local, regional, national.",
        ),
        ("follow_up:\n  answer_within_days: {local: 0}\n", "knelpunt.yaml"),
        ("follow_up:\n  quiet_months: nooit\n", "knelpunt.yaml"),
        ("follow_up:\n  answer_within: {local: 10}\n", "answer_within"),
    ],
)
def test_a_wrong_follow_up_setting_is_told(run: Runner, example: Path, yaml, expected):
    config = example / "knelpunt.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + yaml, encoding="utf-8")
    result = run("check", cwd=example)
    assert result.code == 1
    assert expected in result.out + result.err
    assert "Traceback" not in result.err


def test_answer_by_on_an_entry_that_does_not_route_is_told(run: Runner, example: Path):
    target = example / "data" / "updates" / WAITING / "20261204-120000-bbbbb.yaml"
    target.write_text(
        "id: 20261204-120000-bbbbb\ndate: 2026-12-04\nby: Test\nnote: Nog even wachten.\n"
        "answer_by: 2027-01-01\n",
        encoding="utf-8",
    )
    result = run("check", cwd=example)
    assert result.code == 1
    assert "answer_by hoort bij status routed" in result.out


# --- show tells the clock ---------------------------------------------------------


def test_show_gives_each_open_addressing_its_answer_by_day_and_marks_it_overdue(
    run: Runner, example: Path
):
    # Financiën was routed on 16 April (national: 91 days) and never answered;
    # Belastingdienst declined, which is an answer: no clock is shown for it.
    shown = run("show", ANBI, cwd=example)
    assert shown.code == 0, shown.err
    assert "antwoord uiterlijk 16 jul 2026" in flat(shown.out)
    assert "dagen over tijd" in flat(shown.out)
    english = flat(run("--lang", "en", "show", ANBI, cwd=example).out)
    assert "answer by 16 Jul 2026" in english and "days overdue" in english
    data = json.loads(run("show", ANBI, "--json", cwd=example).out)
    by_actor = {a["actor"]: a for a in data["addressings"]}
    assert by_actor[FINANCIEN]["answer_by"] == "2026-07-16"
    assert by_actor[BELASTINGDIENST]["status"] == "declined"
