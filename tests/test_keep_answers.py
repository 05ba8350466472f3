"""Nothing a volunteer types is lost, and every word a question shows is
understood back (issue 29, points 1-3, 6 and 7).

Ctrl-C is pressed at every question of ``add meeting`` (with a bottleneck and
a workaround in it) and of ``edit``, through a pseudo-terminal: each next run
offers to continue, and the records at the end hold every answer. To keep the
number of runs low, each run answers the question the previous one was
interrupted at and is interrupted at the next: one run per question.
"""

from __future__ import annotations

import datetime as dt
import os
import select
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from knelpunt import actions
from knelpunt.cli.prompts import Prompter
from knelpunt.fields import fields_of
from knelpunt.repo import open_repository
from knelpunt.store import load_all
from tests.pty_driver import ANSI, Terminal
from tests.test_add import SAVE, SKIP, by_name, records

CONTINUE = "Verder gaan waar je was? (j/n) [j]: "
INTERRUPTED = "Onderbroken. Je antwoorden zijn bewaard"
SEARCH = "(Enter = klaar): "

#: One question: a text that shows it is this question (its title), and the
#: prompts and answers that answer it (a search and its pick are one).
Step = tuple[str, list[tuple[str, str]]]

MEETING_STEPS: list[Step] = [
    ("Titel (verplicht): ", [("Titel (verplicht): ", "Verkenning Kempen")]),
    ("Datum (verplicht) (DD-MM-JJJJ)", [("]: ", "20-11-2026")]),
    ("Soort (verplicht):", [("Kies een nummer: ", "verkenning met initiatieven")]),
    ("Verkenner (verplicht) [", [("Verkenner (verplicht) [", "")]),
    ("Deelgebied", [(SKIP, "Oost-Brabant")]),
    ("Plaats ", [("Plaats " + SKIP, "Bladel")]),
    ("Aanwezige initiatieven:", [(SEARCH, "hoog"), (SKIP, "6")]),  # the sixth: Hoogeloon
    ("Nu: Zorgcoöperatie Hoogeloon (Bladel)", [(SEARCH, "elsen")]),
    ("Nu: Dorpscoöperatie Elsendorp", [(SEARCH, "")]),
    ("Aanwezige organisaties:", [(SEARCH, "")]),
    ("Aantekeningen ", [("Aantekeningen " + SKIP, "")]),
    ("Aantal aanwezigen", [("Aantal aanwezigen " + SKIP, "12")]),
    ("Klopt dit?", [(SAVE, "j")]),
    ("genoemd? (j/n) [j]", [("genoemd? (j/n) [j]: ", "j")]),
    ("Nieuw: knelpunt", [("Titel (verplicht): ", "Geen bus meer naar de dagbesteding")]),
    ("Omschrijving (verplicht)", [("Omschrijving (verplicht): ", "De buslijn is opgeheven")]),
    ("Is het hetzelfde knelpunt?", [("Kies een nummer (Enter = overslaan): ", "")]),
    ("Thema (verplicht):", [("Kies een nummer: ", "Samenwerking")]),
    ("Soort (verplicht):", [("Kies een nummer: ", "uitvoering")]),
    ("Wetten en regels:", [(SKIP, "Wmo 2015")]),
    ("Trefwoorden", [("Trefwoorden " + SKIP, "vervoer")]),
    ("Ernst", [("Ernst (1 licht - 5 zeer ernstig) " + SKIP, "3")]),
    ("Gemeld door (initiatieven):", [(SKIP, "1,2")]),
    ("Gemeld door (organisaties):", [(SEARCH, "")]),
    ("Bekende olifantenpaden:", [(SKIP, "")]),
    ("Klopt dit?", [(SAVE, "j")]),
    ("genoemd? (j/n) [n]", [("genoemd? (j/n) [n]: ", "n")]),
    ("gedeeld? (j/n) [n]", [("gedeeld? (j/n) [n]: ", "j")]),
    ("Nieuw: olifantenpad", [("Titel (verplicht): ", "Buurtbus met vrijwillige chauffeurs")]),
    ("Omschrijving (verplicht)", [("Omschrijving (verplicht): ", "Het dorp rijdt zelf")]),
    ("Thema:", [(SKIP, "samenwerking")]),
    ("Wetten en regels:", [(SKIP, "")]),
    ("Gevonden door (initiatieven):", [(SKIP, "Dorpscoöperatie Elsendorp")]),
    ("Klopt dit?", [(SAVE, "j")]),
    ("Bij welke knelpunten", [(SKIP, "1")]),
    ("gedeeld? (j/n) [n]", [("gedeeld? (j/n) [n]: ", "n")]),
]


def ctrl_c(t: Terminal) -> int:
    """Press Ctrl-C at the question just shown; its exit code.

    Pressed again if nothing happened: a signal that arrives in the instant
    between readline showing the prompt and waiting for a key is only seen
    at the next key (a race in CPython's readline that no person is quick
    enough to meet)."""
    for _ in range(5):
        t.process.send_signal(signal.SIGINT)
        try:
            t.process.wait(timeout=3)
            break
        except subprocess.TimeoutExpired:
            continue
    code = t.wait()
    while select.select([t.master], [], [], 0.5)[0]:  # what it said last
        try:
            chunk = os.read(t.master, 65536).decode("utf-8", "replace")
        except OSError:
            break
        if not chunk:
            break
        t.screen += ANSI.sub("", chunk).replace("\r\n", "\n")
    return code


def interrupt_at_every_question(
    args: list[str], root: Path, env: dict[str, str], steps: list[Step], first: int = 1
) -> str:
    """Answer ``steps[:first]`` in one run; then, for each later step, a run
    that continues the draft, answers the question it was interrupted at
    (which must be the one asked first) and is interrupted at the next.
    The last run finishes. Returns its screen."""
    t = Terminal(args, root, env)
    try:
        for prompt, answer in [pair for _, pairs in steps[:first] for pair in pairs]:
            t.answer(prompt, answer)
        t.read_until(steps[first][1][0][0])
        assert ctrl_c(t) == 130, t.screen
        assert INTERRUPTED in t.screen, t.screen
    finally:
        t.close()
    for number in range(first, len(steps)):
        title, pairs = steps[number]
        t = Terminal(args, root, env)
        try:
            t.answer(CONTINUE, "j")
            for index, (prompt, answer) in enumerate(pairs):
                seen = t.answer(prompt, answer)
                if index == 0:  # the question interrupted is the one asked again
                    assert title in seen, (number, title, t.screen)
            if number + 1 == len(steps):
                assert t.wait() == 0, t.screen
                return t.screen
            t.read_until(steps[number + 1][1][0][0])
            assert ctrl_c(t) == 130, (number, t.screen)
            assert INTERRUPTED in t.screen, (number, t.screen)
        finally:
            t.close()
    raise AssertionError("no steps")


def test_ctrl_c_at_every_question_of_a_meeting_loses_nothing(example, terminal_env):
    screen = interrupt_at_every_question(["add", "meeting"], example, terminal_env, MEETING_STEPS)
    assert "knelpunt submit" in screen
    meeting_id = by_name(example, "meeting", "Verkenning Kempen")  # once: never saved twice
    meeting: Any = records(example).of("meeting")[meeting_id]
    hoogeloon = by_name(example, "initiative", "Zorgcoöperatie Hoogeloon")
    elsendorp = by_name(example, "initiative", "Dorpscoöperatie Elsendorp")
    assert (meeting.date, meeting.type, meeting.explorer) == (
        dt.date(2026, 11, 20),
        "explorer",
        "Test",
    )
    assert (meeting.region, meeting.place, meeting.attendance) == ("oost-brabant", "Bladel", 12)
    assert meeting.initiatives == [hoogeloon, elsendorp]
    bottleneck = records(example).bottlenecks[
        by_name(example, "bottleneck", "Geen bus meer naar de dagbesteding")
    ]
    assert bottleneck.description == "De buslijn is opgeheven"
    assert (bottleneck.theme, bottleneck.type, bottleneck.laws) == (
        "cooperation",
        "implementation",
        ["wmo"],
    )
    assert (bottleneck.tags, bottleneck.severity) == (["vervoer"], 3)
    assert bottleneck.reported_on == dt.date(2026, 11, 20)
    assert bottleneck.reported_by == [hoogeloon, elsendorp]
    assert bottleneck.meetings == [meeting_id]
    solution: Any = records(example).of("solution")[
        by_name(example, "solution", "Buurtbus met vrijwillige chauffeurs")
    ]
    assert (solution.theme, solution.found_by, solution.shared_at) == (
        "cooperation", [elsendorp], [meeting_id],
    )  # fmt: skip
    assert bottleneck.solutions == [solution.id]
    # Finished: nothing is offered any more.
    for kind in ("meeting", "bottleneck", "solution"):
        t = Terminal(["add", kind], example, terminal_env)
        try:
            assert "Verder gaan" not in t.read_until("Titel (verplicht): ")
        finally:
            t.close()


def test_a_bottleneck_interrupted_in_a_meeting_is_offered_by_add_bottleneck(example, terminal_env):
    t = Terminal(["add", "meeting"], example, terminal_env)
    try:
        for _, pairs in MEETING_STEPS[:17]:  # up to the bottleneck's theme
            for prompt, answer in pairs:
                t.answer(prompt, answer)
        t.read_until("Thema (verplicht):")
        assert ctrl_c(t) == 130
    finally:
        t.close()
    meeting_id = by_name(example, "meeting", "Verkenning Kempen")
    t = Terminal(["add", "bottleneck"], example, terminal_env)
    try:
        offer = t.answer(CONTINUE, "j")
        assert "'Geen bus meer naar de dagbesteding'" in offer
        for _, pairs in MEETING_STEPS[17:26]:
            for prompt, answer in pairs:
                t.answer(prompt, answer)
        assert t.wait() == 0, t.screen
    finally:
        t.close()
    bottleneck = records(example).bottlenecks[
        by_name(example, "bottleneck", "Geen bus meer naar de dagbesteding")
    ]
    # Its meeting and date, and the choice among those present, came along.
    assert bottleneck.meetings == [meeting_id]
    assert bottleneck.reported_on == dt.date(2026, 11, 20)
    assert len(bottleneck.reported_by) == 2


EDITED = "kp-73zgr-z3awy"
EDIT_STEPS: list[Step] = [
    ("Klopt dit?", [(SAVE, "1")]),
    ("Titel (verplicht): ", [("Titel (verplicht): ", "Zware verantwoording van kleine subsidies")]),
    ("Klopt dit?", [(SAVE, "3")]),
    ("Nu: Financiën", [("Kies een nummer: ", "")]),  # Enter: the theme stays
    ("Klopt dit?", [(SAVE, "9")]),
    ("Gemeld door (initiatieven):", [(SEARCH, "hoogeloon")]),
    ("Zorgcoöperatie Hoogeloon (Bladel). Zoek", [(SEARCH, "")]),
    ("Klopt dit?", [(SAVE, "7")]),
    ("Nu: 2.", [("Ernst (1 licht - 5 zeer ernstig) " + SKIP, "4")]),
    ("Klopt dit?", [(SAVE, "j")]),
]


def test_ctrl_c_at_every_question_of_edit_loses_nothing_and_enter_changes_nothing(
    example, terminal_env
):
    path = example / "data" / "bottlenecks" / f"{EDITED}.yaml"
    before = path.read_text()
    was: Any = records(example).bottlenecks[EDITED]
    screen = interrupt_at_every_question(["edit", EDITED], example, terminal_env, EDIT_STEPS)
    assert f"Verbeterd: data/bottlenecks/{EDITED}.yaml" in screen
    hoogeloon = by_name(example, "initiative", "Zorgcoöperatie Hoogeloon")
    after: Any = records(example).bottlenecks[EDITED]
    assert after.title == "Zware verantwoording van kleine subsidies"
    assert after.theme == "finance" and after.severity == 4
    # A list gains what is chosen: it is not replaced.
    assert after.reported_by == [*was.reported_by, hoogeloon]
    changed = [line for line in path.read_text().splitlines() if line not in before.splitlines()]
    assert changed == [
        "title: Zware verantwoording van kleine subsidies",
        "severity: 4",
        f"  - {hoogeloon}",
    ]
    # Saved: no draft is offered any more.
    t = Terminal(["edit", EDITED], example, terminal_env)
    try:
        assert "Verder gaan" not in t.read_until(SAVE)
    finally:
        t.close()


# --- Enter changes nothing, for every field of every kind -------------------------------


@pytest.mark.parametrize("kind", ["initiative", "meeting", "bottleneck", "actor", "solution"])
def test_enter_at_any_field_of_an_edit_changes_nothing(example, kind):
    """Choose a field by its number and press Enter at every question it
    asks: the record stays as it was, for each field of some records."""
    repo = open_repository(example, {}, example)
    every = load_all(repo)
    numbered = [spec for spec in fields_of(kind)]
    for record_id in sorted(every.of(kind))[:3]:
        values = actions.flat_values(actions.read_record(repo, kind, record_id))
        for number, spec in enumerate(numbered, start=1):
            saves = iter([str(number), "j"])

            def ask(prompt: str, saves: Any = saves) -> str:
                return next(saves) if prompt.startswith("Opslaan?") else ""

            prompter = Prompter(repo, "nl", every, ask=ask, say=lambda text: None)
            answers = prompter.confirm(kind, dict(values), {})
            assert answers is not None
            kept = {k: v for k, v in answers.items() if not k.startswith("__")}
            assert kept == values, (record_id, spec.name)


def scripted(answers: list[str]) -> Callable[[str], str]:
    """What a person types, one answer per question; asked once more, the
    answer was refused."""

    def ask(prompt: str) -> str:
        if not answers:
            raise AssertionError(f"asked again: {prompt}")
        return answers.pop(0)

    return ask


# --- every label a question shows is understood back -------------------------------------


def folded_variants(text: str) -> list[str]:
    """A label as people type it: as shown, in capitals, in small letters,
    without accents."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [text, text.upper(), text.lower(), plain, plain.lower()]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_label_a_question_shows_is_accepted_back(example, lang):
    from knelpunt.choices import short_label
    from knelpunt.messages import CHOICE_LABELS, label

    repo = open_repository(example, {}, example)
    every = load_all(repo)
    tried = 0
    for kind in ("initiative", "meeting", "bottleneck", "actor", "solution"):
        for spec in fields_of(kind):
            if spec.type not in ("choice", "vocabulary"):
                continue
            probe = Prompter(repo, lang, every)
            options = probe.options_for(spec, None)
            names = probe.names_for(spec, options)
            for number, (key, shown) in enumerate(options, start=1):
                if spec.type == "vocabulary" and spec.vocabulary:
                    words = [repo.config.label(spec.vocabulary, key, lang)]
                else:
                    words = [label(CHOICE_LABELS, key, lang), short_label(key, lang)]
                typed = [str(number), key, key.upper(), shown]
                for word in words:
                    typed += folded_variants(word)
                for answer in typed:
                    said: list[str] = []
                    prompter = Prompter(repo, lang, every, ask=scripted([answer]), say=said.append)
                    chosen = prompter.pick("t", options, spec.many, True, names=names)
                    assert chosen == [key], (kind, spec.name, answer, said[-1:])
                    tried += 1
    assert tried > 500


@pytest.mark.parametrize(
    ("lang", "answers"),
    [
        ("nl", {"legal_form": "cooperatie", "stage": "Startend", "province": "limburg",
                "region": "Noord- en Midden-Limburg", "focus": "Vervoer"}),
        ("en", {"legal_form": "Cooperative", "stage": "starting", "province": "LIMBURG",
                "region": "North and Central Limburg", "focus": "transport"}),
    ],
)  # fmt: skip
def test_the_words_of_the_issue_are_understood_in_the_prompt(example, terminal_env, lang, answers):
    """Through the terminal, as a volunteer types them."""
    from knelpunt.messages import FIELD_LABELS, label

    args = ["add", "initiative"] if lang == "nl" else ["--lang", "en", "add", "initiative"]
    name = f"Zorgcoöperatie Taaltest {lang}"
    titles = {label(FIELD_LABELS, field, lang): field for field in answers}
    typed = dict(answers)
    t = Terminal(args, example, terminal_env)
    try:
        t.answer("Naam (verplicht): " if lang == "nl" else "Name (required): ", name)
        while True:
            seen = t.read_until(": ")
            if "Klopt dit?" in seen or "Is this right?" in seen:
                break
            assert "geen keuze" not in seen and "not a choice" not in seen, t.screen
            lines = seen.split("\n")
            # A list's title stands on the line before its first option.
            listed = [n for n, line in enumerate(lines) if line.startswith("  1) ")]
            title = lines[listed[0] - 1] if listed else lines[-1]
            field = next((f for t_, f in titles.items() if title.startswith(t_)), None)
            if field is not None and field in typed:
                os.write(t.master, (typed.pop(field) + "\n").encode())
            elif title.startswith(label(FIELD_LABELS, "municipality", lang)):
                os.write(t.master, b"Venray\n")
            else:
                os.write(t.master, b"\n")
        t.read_until("[")
        os.write(t.master, b"\n")
        assert t.wait() == 0, t.screen
    finally:
        t.close()
    assert typed == {}, t.screen  # every one was asked and taken at once
    initiative: Any = records(example).of("initiative")[by_name(example, "initiative", name)]
    assert (initiative.legal_form, initiative.stage) == ("cooperative", "starting")
    assert (initiative.region, initiative.focus) == ("noord-limburg", ["mobility"])
