"""frontrunners: how much each frontrunner is asked, and answers to questions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knelpunt import frontrunners
from knelpunt.config import Config, Knowledge
from knelpunt.errors import KnelpuntError
from knelpunt.store import RecordSet, load_all
from tests import tiny

EPEN, ANDIJK, GEWOON = "in-aaaaa-aaaaa", "in-bbbbb-bbbbb", "in-ccccc-ccccc"
VWS = "ac-aaaaa-aaaaa"


def _records(root: Path) -> RecordSet:
    return load_all(tiny.repository(root), use_cache=False)


@given(st.dates())
def test_quarter_of_a_day(day: dt.date) -> None:
    year, quarter = frontrunners.quarter_of(day)
    assert year == day.year and 1 <= quarter <= 4
    assert (day.month - 1) // 3 + 1 == quarter
    first_month = 3 * (quarter - 1) + 1
    assert frontrunners.quarter_of(dt.date(year, first_month, 1)) == (year, quarter)


@pytest.fixture
def network(tmp_path: Path) -> Path:
    root = tiny.new_network(tmp_path / "netwerk")
    tiny.initiative(root, EPEN, "Zorgcoöperatie Epen", frontrunner=True)
    tiny.initiative(root, ANDIJK, "Samen Andijk", frontrunner=True)
    tiny.initiative(root, GEWOON, "Gewoon dorp")
    tiny.actor(root, VWS, "Ministerie van VWS", short_name="VWS", type="ministry", level="national")
    for n, (day, to) in enumerate(
        [("2026-07-01", EPEN), ("2026-09-30", EPEN), ("2026-10-01", EPEN), ("2026-08-01", GEWOON)]
    ):
        tiny.write(
            root, "question", f"vr-aaaaa-aaaa{n}", topic="Vpb", text="Hoe?", date=day,
            asked_by=GEWOON, referred_to=to,
        )  # fmt: skip
    tiny.write(
        root, "meeting", "bk-aaaaa-aaaaa", title="Leerkring", date="2026-08-15",
        type="learning-circle", explorer="Els", topic="Vpb", hosts=[EPEN, EPEN, ANDIJK],
        initiatives=[GEWOON],
    )  # fmt: skip
    tiny.solution(root, "ol-aaaaa-aaaaa", "Samen inkopen", shared_at=["bk-aaaaa-aaaaa"])
    return root


def test_loads_per_frontrunner_and_quarter(network: Path) -> None:
    records = _records(network)
    assert set(frontrunners.frontrunners(records)) == {EPEN, ANDIJK}
    loads = frontrunners.loads(records)
    assert [(x.initiative, x.quarter, len(x.questions), len(x.meetings)) for x in loads] == [
        (EPEN, (2026, 3), 2, 1),  # hosting twice at one meeting counts once
        (ANDIJK, (2026, 3), 0, 1),
        (EPEN, (2026, 4), 1, 0),
    ]
    config = Config(knowledge=Knowledge(frontrunner_load_per_quarter=2))
    assert [(x.initiative, x.total) for x in frontrunners.over(config, loads)] == [(EPEN, 3)]
    assert frontrunners.solutions_shared(records, "bk-aaaaa-aaaaa") == ["ol-aaaaa-aaaaa"]


def test_the_section_of_the_progress_report(network: Path) -> None:
    section = frontrunners.section(
        _records(network), Config(knowledge=Knowledge(frontrunner_load_per_quarter=2)), "nl"
    )
    assert section["asked"] == 4 and section["answered"] == 0 and section["limit"] == 2
    assert [row["name"] for row in section["over"]] == ["Zorgcoöperatie Epen"]
    [circle] = section["circles"]
    assert circle["hosts"] == ["Zorgcoöperatie Epen", "Zorgcoöperatie Epen", "Samen Andijk"]
    assert circle["solutions"] == ["Samen inkopen"] and circle["participants"] == 1


def test_an_answer_is_filled_in_and_replaced(network: Path) -> None:
    repo = tiny.repository(network)
    question = "vr-aaaaa-aaaa0"
    by_initiative = frontrunners.answer(
        repo, question, "Zo.", "zorgcooperatie epen", dt.date(2026, 7, 5)
    )
    assert (by_initiative.answer, by_initiative.answered_by) == ("Zo.", EPEN)
    by_actor = frontrunners.answer(repo, question.upper(), "Anders.", "vws", dt.date(2026, 7, 6))
    assert by_actor.answered_by is None and by_actor.answered_by_actor == VWS
    assert "answered_by:" not in (network / "data" / "questions" / f"{question}.yaml").read_text()
    rows = frontrunners.question_rows(_records(network), "nl")
    assert rows[-1]["answer"] == "Anders." and rows[-1]["answered_by"] == "Ministerie van VWS"
    assert rows[0]["date"] > "" and rows[0]["asked_by"] == "Gewoon dorp"
    for bad_id, by, key in (
        (EPEN, "VWS", "answer_not_question"),
        (question, "Niemand", "answer_unknown_by"),
    ):
        with pytest.raises(KnelpuntError) as caught:
            frontrunners.answer(repo, bad_id, "x", by, dt.date(2026, 7, 7))
        assert caught.value.key == key
