"""An explorer records an initiative's order of the agenda at a meeting
(issue 30): ``knelpunt add ranking`` on a terminal asks for the round (the
open one by default), the initiative, then shows the agenda numbered and
takes the order as numbers, says it back in words and writes the ranking.
Driven through a pseudo-terminal, Ctrl-C at every question included."""

from __future__ import annotations

import datetime as dt
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from knelpunt.formats import long_date
from tests.pty_driver import Terminal
from tests.test_add import records
from tests.test_ballot import CONFIG, THREE, TWO, A, B, C, D, E, make_repo
from tests.test_keep_answers import CONTINUE, INTERRUPTED, Step

CHOOSE = "Kies een nummer: "
DATE = "(DD-MM-JJJJ) ["
ORDER = "Volgorde: de nummers, belangrijkste eerst (bijvoorbeeld 3 1 5 2): "
SAVE = "Opslaan? j = ja, v = de volgorde opnieuw, n = niet opslaan [j]: "
TODAY = dt.date.today()


def with_open_round(root: Path) -> Path:
    """The test repository of ``test_ballot`` with a third round, open today
    (the others, in March and September 2026, are not)."""
    opens, closes = TODAY - dt.timedelta(days=10), TODAY + dt.timedelta(days=10)
    config = CONFIG + f"  - name: nu\n    opens: {opens}\n    closes: {closes}\n"
    (root / "knelpunt.yaml").write_text(config, encoding="utf-8")
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return with_open_round(make_repo(tmp_path / "repo"))


def rankings(root: Path) -> list[Any]:
    return list(records(root).of("ranking").values())


def test_an_explorer_records_an_initiatives_order(repo: Path, terminal_env):
    t = Terminal(["add", "ranking"], repo, terminal_env)
    try:
        seen = t.answer(CHOOSE, "")  # the round open today
        assert "Rangronde (verplicht):" not in seen and "Rangronde:" in seen
        assert "Nu: nu (" in seen
        # The initiatives by name, numbered: Drie, Een, Twee, Vier, Vijf.
        seen = t.answer(CHOOSE, "in-aaaaa-00003")  # by id
        assert "  1) Initiatief Drie (Ergens)" in seen and "  5) Initiatief Vijf (Ergens)" in seen
        t.answer(DATE, "")  # today, within the round
        # The agenda numbered as the form lists it (theme, then title).
        seen = t.answer(ORDER, "3 9")
        assert "Op de agenda van rangronde nu:" in seen
        for number, title in enumerate(("Alpha", "Bravo", "Charlie", "Delta", "Echo"), start=1):
            assert f"   {number}) {title}\n" in seen
        seen = t.answer(ORDER, "3 1 3")
        assert "'9' is geen nummer uit de lijst: typ nummers van 1 tot en met 5" in seen
        seen = t.answer(ORDER, "3, 1 5")
        assert "Nummer 3 staat twee keer in de volgorde" in seen
        seen = t.answer(SAVE, "v")  # said back in words; the order typed again
        when = long_date(TODAY, "nl")
        assert (
            f"Initiatief Drie (Ergens) zet in rangronde nu, op {when}, deze knelpunten op"
            " volgorde, belangrijkste eerst:\n   1. Charlie\n   2. Alpha\n   3. Echo\n"
            "2 knelpunten niet geplaatst: ze delen de onderste plaatsen.\n"
        ) in seen
        t.answer(ORDER, "2 1 3 5 4")
        seen = t.answer(SAVE, "")
        assert "   5. Delta\n" in seen and "niet geplaatst" not in seen
        t.read_until("Opgeslagen: data/rankings/rk-")
        assert t.wait() == 0, t.screen
    finally:
        t.close()
    [ranking] = rankings(repo)
    assert (ranking.round, ranking.initiative, ranking.date) == ("nu", THREE, TODAY)
    assert (ranking.order, ranking.unranked) == ([B, A, C, E, D], [])


def test_part_of_the_agenda_placed_the_rest_is_unplaced_and_an_earlier_one_is_named(
    repo: Path, terminal_env
):
    for order, then in (("1 3", "Initiatief Twee"), ("5", "3")):
        t = Terminal(["add", "ranking"], repo, terminal_env)
        try:
            t.answer(CHOOSE, "3")  # the round by number: voorjaar, najaar, nu
            t.answer(CHOOSE, then)  # by name, then by number
            t.answer(DATE, "")
            if order == "5":
                when = long_date(TODAY, "nl")
                assert (
                    f"Initiatief Twee (Ergens) gaf in deze ronde al een volgorde, op {when}:"
                    " alleen de laatste telt (op datum)."
                ) in t.screen
            t.answer(ORDER, order)
            t.answer(SAVE, "j")
            assert t.wait() == 0, t.screen
        finally:
            t.close()
    first, second = sorted(rankings(repo), key=lambda r: len(r.order), reverse=True)
    assert (first.initiative, first.order, first.unranked) == (TWO, [A, C], [B, D, E])
    assert (second.initiative, second.order, second.unranked) == (TWO, [E], [A, B, C, D])


def test_a_day_outside_the_round_is_refused(repo: Path, terminal_env):
    t = Terminal(["add", "ranking"], repo, terminal_env)
    try:
        t.answer(CHOOSE, "najaar")  # closed: no day is offered
        t.answer(CHOOSE, "Initiatief Een")
        seen = t.answer("(DD-MM-JJJJ): ", "")
        t.answer("(DD-MM-JJJJ): ", "15-10-2026")
        seen = t.answer("(DD-MM-JJJJ): ", "15-09-2026")
        assert (
            "Rangronde najaar loopt van 1 september 2026 tot en met 30 september 2026:"
            " geef een dag daarbinnen."
        ) in seen
        t.answer(ORDER, "4")
        t.answer(SAVE, "n")
        t.read_until("Niet opgeslagen. Je antwoorden zijn bewaard")
        assert t.wait() == 0, t.screen
    finally:
        t.close()
    assert rankings(repo) == []
    # The next run offers the answers kept and goes on at the order, said back.
    t = Terminal(["add", "ranking"], repo, terminal_env)
    try:
        t.answer(CONTINUE, "j")
        seen = t.answer(SAVE, "j")
        assert "op 15 september 2026" in seen and "   1. Delta\n" in seen
        assert t.wait() == 0, t.screen
    finally:
        t.close()
    [ranking] = rankings(repo)
    assert (ranking.round, ranking.date, ranking.order) == ("najaar", dt.date(2026, 9, 15), [D])


RANKING_STEPS: list[Step] = [
    ("Rangronde:", [(CHOOSE, "")]),
    ("Initiatief (verplicht):", [(CHOOSE, "Initiatief Vier")]),
    ("Datum (DD-MM-JJJJ)", [(DATE, "")]),
    ("Op de agenda van rangronde nu:", [(ORDER, "5 4")]),
    ("belangrijkste eerst:", [(SAVE, "j")]),
]


def interrupted_at(t: Terminal, prompt: str) -> None:
    """Ctrl-C at ``prompt``. A moment after it shows: a signal that comes
    before Python's readline waits for a key is only seen at the next key
    (CPython's readline), which a person never types that fast."""
    t.read_until(prompt)
    time.sleep(0.3)
    t.process.send_signal(signal.SIGINT)
    assert t.wait() == 130, t.screen
    t.read_until(INTERRUPTED)  # what it wrote as it ended


def test_ctrl_c_at_every_question_loses_nothing(repo: Path, terminal_env):
    """Interrupted at each question in turn: each next run continues the
    draft, answers the question interrupted (asked first) and is interrupted
    at the next; the last one saves."""
    t = Terminal(["add", "ranking"], repo, terminal_env)
    try:
        t.answer(*RANKING_STEPS[0][1][0])
        interrupted_at(t, RANKING_STEPS[1][1][0][0])
    finally:
        t.close()
    for number, (title, [(prompt, answer)]) in enumerate(RANKING_STEPS[1:], start=1):
        t = Terminal(["add", "ranking"], repo, terminal_env)
        try:
            t.answer(CONTINUE, "j")
            assert title in t.answer(prompt, answer), (number, t.screen)
            if number + 1 < len(RANKING_STEPS):
                interrupted_at(t, RANKING_STEPS[number + 1][1][0][0])
            else:
                t.read_until("Opgeslagen: data/rankings/rk-")
                assert t.wait() == 0, t.screen
        finally:
            t.close()
    [ranking] = rankings(repo)  # once: never saved twice
    assert (ranking.round, ranking.initiative, ranking.date) == ("nu", "in-aaaaa-00004", TODAY)
    assert (ranking.order, ranking.unranked) == ([E, D], [A, B, C])
    t = Terminal(["add", "ranking"], repo, terminal_env)
    try:
        assert "Verder gaan" not in t.read_until(CHOOSE)  # finished: no draft offered
    finally:
        t.close()


def test_in_english(repo: Path, terminal_env):
    t = Terminal(["--lang", "en", "add", "ranking"], repo, terminal_env)
    try:
        t.answer("Choose a number: ", "")
        t.answer("Choose a number: ", "Initiatief Een")
        t.answer("(YYYY-MM-DD) [", "")
        seen = t.answer("Order: the numbers, most important first (for instance 3 1 5 2): ", "x")
        assert "On the agenda of ranking round nu:" in seen
        t.answer("Order: the numbers", "1")
        seen = t.answer("Save? y = yes, o = the order again, n = do not save [y]: ", "y")
        assert "'x' is not a number of the list: type numbers from 1 to 5" in t.screen
        assert "4 bottlenecks not placed: they share the bottom places." in seen
        assert t.wait() == 0, t.screen
    finally:
        t.close()
    [ranking] = rankings(repo)
    assert ranking.order == [A] and ranking.unranked == [B, C, D, E]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c[: c.index("rounds:")], "Er is geen rangronde in knelpunt.yaml"),
        (None, "Er staan geen knelpunten op de agenda om op volgorde te zetten"),
    ],
)
def test_no_round_or_an_empty_agenda_is_told_at_once(
    tmp_path: Path, terminal_env, change, expected
):
    root = with_open_round(make_repo(tmp_path / "repo"))
    if change is not None:
        config = root / "knelpunt.yaml"
        config.write_text(change(config.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        for entry in (root / "data" / "updates").glob("*/*.yaml"):
            entry.unlink()  # every bottleneck back to 'reported': none on the agenda
    t = Terminal(["add", "ranking"], root, terminal_env)
    try:
        t.read_until(expected)
        assert t.wait() == 1, t.screen
        assert "Traceback" not in t.screen
        assert "Kies" not in t.screen
    finally:
        t.close()
    assert not list((root / "data").glob("rankings/*.yaml"))


def test_unattended_add_ranking_still_takes_flags(repo: Path, run):
    # The flags of every add are unchanged: the prompt is for a terminal only.
    result = run(
        "add", "ranking", "--round", "nu", "--initiative", THREE, "--date", str(TODAY),
        "--order", C, "--order", A, "--unranked", B, cwd=repo,
    )  # fmt: skip
    assert result.code == 0, result.err
    [ranking] = rankings(repo)
    assert ranking.order == [C, A] and ranking.unranked == [B]
