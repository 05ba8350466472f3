"""The guided prompt as volunteers use it: arrow keys, a second try, a
correction, an initiative that is not recorded yet. Through a pseudo-terminal."""

from __future__ import annotations

import os
import signal

from tests.pty_driver import Terminal
from tests.test_add import SAVE, SKIP, by_name, records


def answer_actor(t: Terminal, name: str, short_name: str = "") -> None:
    t.answer("Naam (verplicht): ", name)
    t.answer("Korte naam " + SKIP, short_name)
    t.answer("Kies een nummer: ", "1")  # municipality
    t.answer("Kies een nummer: ", "local")
    t.answer(SKIP, "noord-brabant")
    t.answer(SKIP, "oost-brabant")
    for _ in range(4):  # municipality, website, notes, contact name
        t.answer(SKIP, "")


def test_arrow_keys_never_end_up_in_a_record(example, terminal_env):
    t = Terminal(["add", "actor"], example, terminal_env)
    try:
        answer_actor(t, "Gemeente Reusl\x1b[De", short_name="\x07")
        t.answer(SAVE, "j")
        assert t.wait() == 0, t.screen
    finally:
        t.close()
    (path,) = [p for p in (example / "data" / "actors").glob("*.yaml") if "Reus" in p.read_text()]
    text = path.read_text()
    assert "\x1b" not in text and "[D" not in text and "\x07" not in text
    # With line editing the arrow moved the cursor; without it, the escape is dropped.
    assert "name: Gemeente Reusel" in text or "name: Gemeente Reusle" in text
    assert "short_name" not in text


def test_an_interrupted_add_is_offered_again_and_one_answer_corrected(example, terminal_env):
    t = Terminal(["add", "actor"], example, terminal_env)
    try:
        t.answer("Naam (verplicht): ", "Gemeente Reusel")
        t.answer("Korte naam " + SKIP, "Reusel")
        t.read_until("Kies een nummer: ")
        t.process.send_signal(signal.SIGINT)  # Ctrl-C halfway
        t.wait()
    finally:
        t.close()
    actors = (example / "data" / "actors").glob("*.yaml")
    assert not [p for p in actors if "Reusel" in p.read_text()]
    t = Terminal(["add", "actor"], example, terminal_env)
    try:
        t.answer("Verder gaan waar je was? (j/n) [j]: ", "j")
        t.answer("Kies een nummer: ", "1")
        t.answer("Kies een nummer: ", "local")
        t.answer(SKIP, "noord-brabant")
        t.answer(SKIP, "oost-brabant")
        for _ in range(4):
            t.answer(SKIP, "")
        preview = t.answer(SAVE, "1")  # correct the name only
        assert "1. Naam: Gemeente Reusel" in preview
        t.answer("Naam (verplicht): ", "Gemeente Reusel-De Mierden")
        assert "1. Naam: Gemeente Reusel-De Mierden" in t.answer(SAVE, "j")
        assert t.wait() == 0, t.screen
    finally:
        t.close()
    actor = records(example).of("actor")[by_name(example, "actor", "Gemeente Reusel-De Mierden")]
    assert actor.short_name == "Reusel"  # type: ignore[attr-defined]
    # Saved: no draft is offered any more.
    t = Terminal(["add", "actor"], example, terminal_env)
    try:
        assert "Verder gaan" not in t.read_until("Naam (verplicht): ")
    finally:
        t.close()


def test_no_at_the_end_keeps_the_answers_as_a_draft(example, terminal_env):
    t = Terminal(["add", "actor"], example, terminal_env)
    try:
        answer_actor(t, "Gemeente Eersel")
        assert "bewaard" in t.answer(SAVE, "n") or True
        t.read_until("de volgende 'knelpunt add' biedt aan")
        t.wait()
    finally:
        t.close()
    t = Terminal(["add", "actor"], example, terminal_env)
    try:
        assert "'Gemeente Eersel'" in t.answer("Verder gaan waar je was? (j/n) [j]: ", "j")
        assert "1. Naam: Gemeente Eersel" in t.answer(SAVE, "j")
        assert t.wait() == 0
    finally:
        t.close()
    assert by_name(example, "actor", "Gemeente Eersel")


def test_an_initiative_not_recorded_yet_is_recorded_during_the_meeting(example, terminal_env):
    t = Terminal(["add", "meeting"], example, terminal_env)
    try:
        t.answer("Titel (verplicht): ", "Verkenning Peel")
        t.answer("]: ", "2026-11-21")
        t.answer("Kies een nummer: ", "1")
        t.answer("Verkenner (verplicht) [", "")  # Enter: the explorer's own name
        t.answer(SKIP, "oost-brabant")
        t.answer("Plaats " + SKIP, "Deurne")
        t.answer("(Enter = klaar): ", "Zorgcoöperatie Nieuwdorp")
        t.answer("Nu vastleggen als nieuw initiatief? (j/n) [n]: ", "j")
        assert "Nieuw: initiatief" in t.read_until("Nieuw: initiatief")
        # The name is filled in; every other question is answered as it comes.
        while True:
            seen = t.read_until(": ")
            prompt = seen.rsplit("\n", 1)[-1]
            assert not prompt.startswith("Naam (")  # the name was given already
            if "Klopt dit?" in seen:  # the preview: its lines are no questions
                t.read_until(SAVE)
                break
            if "Gemeente" in prompt:
                os.write(t.master, b"Deurne\n")
            elif "verplicht" in prompt or prompt.startswith("Kies een nummer: "):
                os.write(t.master, b"1\n")
            else:
                os.write(t.master, b"\n")
        os.write(t.master, b"j\n")
        t.read_until("Gekozen: Zorgcoöperatie Nieuwdorp")
        t.answer("(Enter = klaar): ", "")
        t.answer("(Enter = klaar): ", "")
        t.answer("Aantekeningen " + SKIP, "")
        t.answer("Aantal aanwezigen", "12")
        preview = t.answer(SAVE, "j")
        assert "Aanwezige initiatieven: Zorgcoöperatie Nieuwdorp (Deurne)" in preview
        assert "Verkenner: " in preview
        t.answer("genoemd? (j/n) [j]: ", "n")
        t.answer("gedeeld? (j/n) [n]: ", "n")
        assert t.wait() == 0, t.screen
    finally:
        t.close()
    initiative = by_name(example, "initiative", "Zorgcoöperatie Nieuwdorp")
    meeting = records(example).of("meeting")[by_name(example, "meeting", "Verkenning Peel")]
    assert meeting.initiatives == [initiative]  # type: ignore[attr-defined]


def test_edit_changes_one_answer_and_only_its_lines(example, terminal_env, run):
    bottleneck = "kp-73zgr-z3awy"
    path = example / "data" / "bottlenecks" / f"{bottleneck}.yaml"
    path.write_text(path.read_text().replace("\ntheme:", "\n# een opmerking die blijft\ntheme:"))
    before = path.read_text().splitlines()
    t = Terminal(["edit", bottleneck], example, terminal_env)
    try:
        preview = t.read_until(SAVE)
        assert "1. Titel: Zware administratieve lasten" in preview
        os.write(t.master, b"1\n")
        t.answer("Titel (verplicht): ", "Zware verantwoordingslast voor kleine subsidies")
        assert "1. Titel: Zware verantwoordingslast" in t.answer(SAVE, "j")
        t.read_until("Verbeterd: data/bottlenecks/")
        assert t.wait() == 0, t.screen
    finally:
        t.close()
    after = path.read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert [b for _, b in changed] == ["title: Zware verantwoordingslast voor kleine subsidies"]
    assert "# een opmerking die blijft" in after
    # Without a terminal, edit says where the file is.
    result = run("edit", bottleneck, cwd=example)
    assert result.code == 1 and f"data/bottlenecks/{bottleneck}.yaml" in result.err


def test_meetings_are_offered_newest_first(example):
    from knelpunt.cli.prompts import Prompter
    from knelpunt.fields import fields_of
    from knelpunt.repo import open_repository

    repo = open_repository(example, {}, example)
    prompter = Prompter(repo, "nl", records(example))
    spec = next(s for s in fields_of("bottleneck") if s.name == "meetings")
    offered = [key for key, _ in prompter.options_for(spec, None)]
    dates = [prompter.records.of("meeting")[key].date for key in offered]
    assert len(dates) > 2 and dates == sorted(dates, reverse=True)
