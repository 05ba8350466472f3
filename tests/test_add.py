"""``knelpunt add``: the guided prompt (through a pseudo-terminal) and flags."""

from __future__ import annotations

import json
from pathlib import Path

from knelpunt.repo import open_repository
from knelpunt.store import load_all
from tests.pty_driver import Terminal

SKIP = "(Enter = overslaan): "
SAVE = "om te verbeteren) [j]: "


def records(root: Path):
    return load_all(open_repository(root, {}, root))


def by_name(root: Path, kind: str, name: str) -> str:
    found = [r.id for r in records(root).of(kind).values() if r.label() == name]
    assert len(found) == 1, (name, found)
    return found[0]


def record_meeting(t: Terminal) -> None:
    t.answer("Titel (verplicht): ", "Verkenning Kempen")
    t.answer("(DD-MM-JJJJ) [", "2026-02-30")  # a wrong date: explained, asked again
    assert "'2026-02-30' is geen bestaande datum" in t.read_until("(DD-MM-JJJJ) [")
    t.answer("]: ", "2026-11-20")
    t.answer("Kies een nummer: ", "7")  # not a choice: asked again
    assert "'7' is geen keuze uit de lijst" in t.answer("Kies een nummer: ", "1")
    t.answer("Verkenner (verplicht)", "Ria van den Berg")  # offered only if git knows a name
    t.answer(SKIP, "oost-brabant")
    t.answer("Plaats " + SKIP, "Bladel")
    # Initiatives present: searched by name, never typed as ids.
    t.answer("(Enter = klaar): ", "hoog")  # names and places: five others, then Hoogeloon
    listed = t.answer(SKIP, "6")
    assert "Zorgcoöperatie Hoogeloon (Bladel)" in listed
    t.answer("(Enter = klaar): ", "elsen")  # one match: taken at once
    t.answer("(Enter = klaar): ", "")
    t.answer("(Enter = klaar): ", "")  # organisations present
    t.answer("Aantekeningen " + SKIP, "")
    t.answer("Aantal aanwezigen", "12")
    preview = t.answer(SAVE, "")
    assert (
        "Soort: verkenning met initiatieven" in preview and "Verkenner: Ria van den Berg" in preview
    )
    assert "Zorgcoöperatie Hoogeloon (Bladel), Dorpscoöperatie Elsendorp" in preview


def record_bottleneck(
    t: Terminal, title: str, description: str, theme: str, bundle: str | None = None
) -> None:
    t.answer("Titel (verplicht): ", title)
    t.answer("Omschrijving (verplicht): ", description)
    if bundle is not None:  # similar ones are offered right after the text
        t.answer("Kies een nummer (Enter = overslaan): ", bundle)
        if bundle:
            return
    t.answer("Kies een nummer: ", theme)
    t.answer("Kies een nummer: ", "hard")
    t.answer(SKIP, "")  # laws
    t.answer("Trefwoorden " + SKIP, "")
    t.answer("Ernst (1 licht - 5 zeer ernstig) " + SKIP, "9")
    assert "9 is te groot" in t.answer("Ernst (1 licht - 5 zeer ernstig) " + SKIP, "4")
    # Reporters: only the initiatives present at the meeting are offered.
    offered = t.answer(SKIP, "1,2")
    assert "Zorgcoöperatie Hoogeloon" in offered and "Goud Oud" not in offered
    t.answer("(Enter = klaar): ", "")  # reporting organisations
    t.answer(SKIP, "")  # known workarounds
    t.answer(SAVE, "j")


def record_workaround(t: Terminal, title: str, description: str) -> None:
    """A workaround shared at the meeting, found by one of those present and
    linked to the bottleneck just raised; then the meeting is done."""
    t.answer("gedeeld? (j/n) [n]: ", "j")
    t.answer("Titel (verplicht): ", title)
    t.answer("Omschrijving (verplicht): ", description)
    t.answer(SKIP, "1")  # theme
    t.answer(SKIP, "")  # laws
    t.answer(SKIP, "2")  # found by: among those present
    t.answer(SAVE, "j")
    t.answer(SKIP, "1")  # helps with the bottleneck just recorded
    t.answer("gedeeld? (j/n) [n]: ", "n")
    t.read_until("knelpunt submit")


def test_meeting_flow_bundles_a_duplicate(example, terminal_env):
    vpb = next(
        b.id for b in records(example).bottlenecks.values() if b.title.startswith("Zorgcoöp")
    )
    before = len(records(example).bottlenecks)
    t = Terminal(["add", "meeting"], example, terminal_env)
    try:
        record_meeting(t)
        t.answer("genoemd? (j/n) [j]: ", "")
        t.answer("Titel (verplicht): ", "Vennootschapsbelasting voor zorgcooperaties")
        similar = t.answer("Omschrijving (verplicht): ", "Belastingdienst heft vpb")
        similar = t.answer("Kies een nummer (Enter = overslaan): ", "1")
        assert "Dit lijkt op knelpunten die er al zijn" in similar
        assert "1) Zorgcoöperaties betalen vennootschapsbelasting" in similar
        assert "[in behandeling]" in similar
        t.answer(SKIP, "2")  # who raised it, among those present
        assert f"Gebundeld: toegevoegd aan {vpb}" in t.answer("genoemd? (j/n) [n]: ", "n")
        t.answer("gedeeld? (j/n) [n]: ", "")
        t.read_until("knelpunt submit")
        assert t.wait() == 0
    finally:
        t.close()
    meeting = by_name(example, "meeting", "Verkenning Kempen")
    elsendorp = by_name(example, "initiative", "Dorpscoöperatie Elsendorp")
    bottleneck = records(example).bottlenecks[vpb]
    assert meeting in bottleneck.meetings
    assert elsendorp in bottleneck.reported_by
    assert len(records(example).bottlenecks) == before  # bundled: nothing new
    # What was typed is kept as a history note, dated the meeting's date.
    notes = [u for u in records(example).updates[vpb] if u.note and "heft vpb" in u.note]
    assert [u.date.isoformat() for u in notes] == ["2026-11-20"]


def test_meeting_flow_adds_a_new_bottleneck_and_a_workaround(example, terminal_env):
    t = Terminal(["add", "meeting"], example, terminal_env)
    try:
        record_meeting(t)
        t.answer("genoemd? (j/n) [j]: ", "j")
        record_bottleneck(
            t, "Geen bus meer naar de dagbesteding", "De buslijn is opgeheven", "1", bundle=""
        )
        t.answer("genoemd? (j/n) [n]: ", "n")
        record_workaround(t, "Buurtbus met vrijwillige chauffeurs", "Het dorp rijdt zelf")
        assert t.wait() == 0
    finally:
        t.close()
    meeting = by_name(example, "meeting", "Verkenning Kempen")
    new = by_name(example, "bottleneck", "Geen bus meer naar de dagbesteding")
    workaround = by_name(example, "solution", "Buurtbus met vrijwillige chauffeurs")
    bottleneck = records(example).bottlenecks[new]
    assert bottleneck.meetings == [meeting]
    assert bottleneck.reported_on.isoformat() == "2026-11-20"
    assert bottleneck.solutions == [workaround]
    solution = records(example).of("solution")[workaround]
    assert solution.shared_at == [meeting]  # type: ignore[attr-defined]


def test_prompt_in_english(example, terminal_env):
    t = Terminal(["--lang", "en", "add", "actor"], example, terminal_env)
    try:
        t.answer("Name (required): ", "Gemeente Bladel")
        t.answer("Short name (Enter = skip): ", "")
        t.answer("Choose a number: ", "1")
        t.answer("Choose a number: ", "local")
        t.answer("(Enter = skip): ", "noord-brabant")
        t.answer("(Enter = skip): ", "oost-brabant")
        for _ in range(4):  # municipality, website, notes, contact name
            t.answer("(Enter = skip): ", "")
        assert "Kind: Municipality" in t.answer("to correct) [y]: ", "y")
        t.read_until("Saved: data/actors/")
        assert t.wait() == 0
    finally:
        t.close()


def test_unattended_add_of_every_kind(example, run):
    actor = json.loads(
        run(
            "add",
            "actor",
            "--no-input",
            "--json",
            "--name",
            "Gemeente Bladel",
            "--type",
            "municipality",
            "--level",
            "local",
            cwd=example,
        ).out
    )
    actor_id = actor["record"]["id"]
    assert actor_id.startswith("ac-") and (example / actor["path"]).exists()
    initiative = json.loads(
        run(
            "add",
            "initiative",
            "--no-input",
            "--json",
            "--name",
            "Dorpsraad Hapert",
            "--legal-form",
            "association",
            "--municipality",
            "Bladel",
            "--province",
            "noord-brabant",
            "--phase",
            "1",
            "--networks",
            actor_id,
            "--frontrunner",
            "--contact-name",
            "Anna",
            "--contact-email",
            "anna@example.org",
            cwd=example,
        ).out
    )
    initiative_id = initiative["record"]["id"]
    assert initiative["record"]["phase"] == 1 and initiative["record"]["frontrunner"] is True
    assert initiative["record"]["contact"] == {"name": "Anna", "email": "anna@example.org"}
    meeting = json.loads(
        run(
            "add",
            "meeting",
            "--no-input",
            "--json",
            "--title",
            "Verkenning",
            "--date",
            "2026-11-20",
            "--type",
            "explorer",
            "--explorer",
            "Ria",
            "--initiatives",
            initiative_id,
            cwd=example,
        ).out
    )
    result = run(
        "add",
        "bottleneck",
        "--no-input",
        "--json",
        "--title",
        "Vennootschapsbelasting voor zorgcooperaties",
        "--description",
        "vpb",
        "--theme",
        "regulation",
        "--type",
        "hard",
        "--reported-by",
        initiative_id,
        "--reported-by",
        by_name(example, "initiative", "Goud Oud Warffum"),
        "--meetings",
        meeting["record"]["id"],
        cwd=example,
    )
    bottleneck = json.loads(result.out)
    assert len(bottleneck["record"]["reported_by"]) == 2
    assert bottleneck["similar"][0]["title"].startswith("Zorgcoöperaties betalen")
    assert bottleneck["similar"][0]["status"] == "in-progress"
    solution = json.loads(
        run(
            "add",
            "solution",
            "--no-input",
            "--json",
            "--title",
            "t",
            "--description",
            "d",
            "--found-by",
            initiative_id,
            cwd=example,
        ).out
    )
    assert solution["record"]["found_by"] == [initiative_id]
    assert run("check", cwd=example).code == 0


def test_invalid_input_names_field_and_allowed_values_and_writes_nothing(example, run):
    before = sorted(p.name for p in (example / "data" / "bottlenecks").iterdir())
    result = run(
        "add",
        "bottleneck",
        "--no-input",
        "--title",
        "x",
        "--theme",
        "geld",
        "--type",
        "zacht",
        cwd=example,
    )
    assert result.code == 1
    assert "--description: verplicht; geef --description mee." in result.err
    assert "--theme: 'geld' staat niet in de lijst 'themes'" in result.err
    assert "Kies uit: cooperation, finance, regulation" in result.err
    assert (
        "--type: 'zacht' is niet toegestaan. Kies uit: "
        "hard, uitvoering (implementation), cultuur (culture)"
    ) in result.err
    result = run(
        "add",
        "bottleneck",
        "--no-input",
        "--title",
        "x",
        "--description",
        "y",
        "--theme",
        "finance",
        "--type",
        "hard",
        "--reported-by",
        "in-zzzzz-zzzzz",
        cwd=example,
    )
    assert result.code == 1
    assert "--reported-by: verwijst naar initiatief 'in-zzzzz-zzzzz'" in result.err
    assert sorted(p.name for p in (example / "data" / "bottlenecks").iterdir()) == before


def test_without_a_terminal_add_does_not_prompt(example):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "knelpunt", "add", "initiative"],
        cwd=example,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 1
    assert "--name: verplicht" in done.stderr


def test_similar_bottlenecks_after_adding_name_their_status_in_the_readers_words(example, run):
    args = (
        "add", "bottleneck", "--no-input", "--title", "Vennootschapsbelasting voor zorgcoöperaties",
        "--description", "vpb", "--theme", "regulation", "--type", "hard", "--by", "Test",
    )  # fmt: skip
    dutch = run(*args, cwd=example)
    assert dutch.code == 0, dutch.err
    assert (
        "Zorgcoöperaties betalen vennootschapsbelasting, zorgverzekeraars niet [in behandeling]"
        in dutch.out
    )
    assert "[in-progress]" not in dutch.out
    english = run("--lang", "en", *args, cwd=example)
    assert "[in progress]" in english.out and "[in-progress]" not in english.out
