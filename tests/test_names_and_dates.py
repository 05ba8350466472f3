"""A person's name is never the computer's login name, and dates are asked,
explained and shown in the reader's order (issue 29, points 6 and 7)."""

from __future__ import annotations

import getpass
import json
from typing import Any

import git
import pytest

from tests.pty_driver import Terminal
from tests.test_add import SAVE, SKIP, by_name, records

SEARCH = "(Enter = klaar): "
BOTTLENECK = "kp-b86fs-5mjna"  # reported, in the example


@pytest.fixture
def nobody(monkeypatch: pytest.MonkeyPatch, terminal_env: dict[str, str]) -> dict[str, str]:
    """A laptop where git knows no name: no configuration anywhere, and none
    in the environment (the tests' own identity taken away)."""
    for name in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return {**terminal_env, "GIT_CONFIG_NOSYSTEM": "1"}


def test_without_a_git_name_the_explorer_is_asked_not_the_login_name(example, nobody):
    login = getpass.getuser()
    t = Terminal(["add", "meeting"], example, nobody)
    try:
        t.answer("Titel (verplicht): ", "Verkenning zonder naam")
        t.answer("]: ", "")
        t.answer("Kies een nummer: ", "1")
        asked = t.answer("Verkenner (verplicht): ", "")  # no default offered: Enter refused
        assert "Verkenner (verplicht) [" not in asked
        assert "Dit veld is verplicht." in t.answer("Verkenner (verplicht): ", "Ria van den Berg")
        t.answer(SKIP, "")  # region
        t.answer("Plaats " + SKIP, "")
        t.answer(SEARCH, "")  # initiatives
        t.answer(SEARCH, "")  # organisations
        t.answer("Aantekeningen " + SKIP, "")
        t.answer("Aantal aanwezigen " + SKIP, "")
        t.answer(SAVE, "j")
        t.answer("genoemd? (j/n) [j]: ", "n")
        t.answer("gedeeld? (j/n) [n]: ", "n")
        assert t.wait() == 0, t.screen
    finally:
        t.close()
    assert f"[{login}]" not in t.screen
    meeting: Any = records(example).of("meeting")[
        by_name(example, "meeting", "Verkenning zonder naam")
    ]
    assert meeting.explorer == "Ria van den Berg"


def test_bundling_without_a_git_name_asks_who_writes_the_note(example, nobody):
    vpb = next(
        b.id for b in records(example).bottlenecks.values() if b.title.startswith("Zorgcoöp")
    )
    t = Terminal(["add", "bottleneck"], example, nobody)
    try:
        t.answer("Titel (verplicht): ", "Vennootschapsbelasting voor zorgcooperaties")
        t.answer("Omschrijving (verplicht): ", "Belastingdienst heft vpb")
        t.answer("Kies een nummer (Enter = overslaan): ", "1")
        t.answer(SEARCH, "")  # who raised it: nobody in particular
        t.answer("Je naam (git kent hem nog niet", "Ria van den Berg")
        t.read_until(f"Gebundeld: toegevoegd aan {vpb}")
        assert t.wait() == 0, t.screen
    finally:
        t.close()
    notes = [u for u in records(example).updates[vpb] if u.note and "heft vpb" in u.note]
    assert [u.by for u in notes] == ["Ria van den Berg"]


def test_update_without_a_name_asks_for_by_and_never_writes_the_login_name(example, nobody, run):
    git.Repo.init(example, initial_branch="main")  # a clone on a new laptop: no user.name
    history = example / "data" / "updates" / BOTTLENECK
    before = sorted(history.iterdir()) if history.exists() else []
    for args in (
        ["update", BOTTLENECK, "--status", "op de agenda"],
        ["route", BOTTLENECK, "--to", "ac-4aj5z-qg1aa", "--level", "lokaal"],
    ):
        result = run(*args, cwd=example)
        assert result.code == 1, result
        assert "Geef --by 'Je naam' mee" in result.err
        assert (sorted(history.iterdir()) if history.exists() else []) == before
    result = run("update", BOTTLENECK, "--status", "op de agenda", "--by", "Ria", cwd=example)
    assert result.code == 0, result.err
    shown = json.loads(run("show", BOTTLENECK, "--json", cwd=example).out)
    assert [step["by"] for step in shown["history"]][-1] == "Ria"
    assert getpass.getuser() not in json.dumps(shown["history"]).replace('"Ria"', "")
    english = run("--lang", "en", "update", BOTTLENECK, "--note", "x", cwd=example)
    assert english.code == 1 and "Pass --by 'Your name'" in english.err


def test_the_name_git_is_given_in_the_environment_counts(example, nobody, monkeypatch, run):
    from knelpunt import actions
    from knelpunt.repo import open_repository

    repo = open_repository(example, {}, example)
    assert actions.known_author(repo, None) is None
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Joop")
    assert actions.known_author(repo, None) == "Joop"
    assert actions.known_author(repo, " Ria ") == "Ria"


# --- dates -------------------------------------------------------------------------------


def test_report_since_a_dutch_date_is_a_date_headed_as_a_reader_writes_it(example, run):
    dutch = run("report", "--since", "01-11-2026", "--date", "2026-11-30", cwd=example)
    assert dutch.code == 0, dutch.err
    assert "## Sinds 1 november 2026" in dutch.out and "2026-11-01" not in dutch.out
    iso = run("report", "--since", "2026-11-01", "--date", "2026-11-30", cwd=example)
    assert iso.out == dutch.out
    english = run("--lang", "en", "report", "--since", "1-11-2026", "--date", "2026-11-30")
    assert english.code == 0, english.err
    assert "## Since 1 November 2026" in english.out


@pytest.mark.parametrize("since", ["2026-13-01", "31-02-2026"])
def test_report_since_a_date_that_is_none_says_so(example, run, since):
    result = run("report", "--since", since, cwd=example)
    assert result.code == 1
    assert f"'{since}' is geen datum. Schrijf DD-MM-JJJJ" in result.err
    assert "revisie" not in result.err


def test_a_wrong_date_option_is_explained_in_the_order_people_type(example, run):
    result = run("update", BOTTLENECK, "--note", "x", "--date", "31-02-2026", cwd=example)
    assert result.code == 1
    assert "'31-02-2026' is geen datum. Schrijf DD-MM-JJJJ (of JJJJ-MM-DD)" in result.err
    english = run("--lang", "en", "update", BOTTLENECK, "--note", "x", "--date", "2026-02-31")
    assert english.code == 1 and "Write YYYY-MM-DD (or DD-MM-YYYY)" in english.err


def test_the_date_question_explains_in_its_own_order(example, terminal_env):
    for args, title, prompt, wrong, said in (
        (["add", "meeting"], "Titel (verplicht): ", "(DD-MM-JJJJ) [", "31-02-2026",
         "'31-02-2026' is geen bestaande datum. Schrijf DD-MM-JJJJ, bijvoorbeeld 23-11-2026."),
        (["--lang", "en", "add", "meeting"], "Title (required): ", "(YYYY-MM-DD) [",
         "2026-02-31", "Write YYYY-MM-DD, for example 2026-11-23."),
    ):  # fmt: skip
        t = Terminal(args, example, terminal_env)
        try:
            if args[0] == "--lang":  # the first run's answers are offered: not now
                t.answer("Continue where you were? (y/n) [y]: ", "n")
            t.answer(title, "Verkenning")
            t.answer(prompt, wrong)
            assert said in t.read_until(prompt), t.screen
        finally:
            t.close()
