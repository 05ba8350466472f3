"""Questions, frontrunner load and learning circles (issue 32, points 2-4),
on a copy of the example with the real commands: a question asked, referred
and answered counts in its frontrunner's load; a frontrunner over the
threshold of knelpunt.yaml is flagged in the progress report (Markdown and
HTML); learning circles validate and are listed; ``list questions --open``;
the site's questions page has no contact data."""

from __future__ import annotations

import json
from pathlib import Path

from ruamel.yaml import YAML

from knelpunt import frontrunners
from knelpunt.repo import open_repository
from knelpunt.store import RecordSet, load_all

SCHIMMERT = "in-at94d-kkfs5"  # a frontrunner of the example
HOOGELOON = "in-6s1q8-mkyjc"  # a frontrunner of the example
EYS = "in-5ks94-n5e3t"  # a starting initiative, not a frontrunner
CIRCLE = "bk-tf8ff-8qhvn"  # the example's learning circle


def _records(root: Path) -> RecordSet:
    return load_all(open_repository(root, {}, root), use_cache=False)


def _set_limit(root: Path, limit: int) -> None:
    with (root / "knelpunt.yaml").open("a", encoding="utf-8") as config:
        config.write(f"\nknowledge:\n  frontrunner_load_per_quarter: {limit}\n")


def _ask(run, root: Path, *extra: str) -> str:
    done = run(
        "add", "question", "--no-input", "--json", "--topic", "Vrijwilligers en de AVG",
        "--text", "Mag onze coördinator de adressen van hulpvragers bewaren?",
        "--date", "2026-11-03", "--asked-by", EYS, *extra, cwd=root,
    )  # fmt: skip
    assert done.code == 0, done.err
    return str(json.loads(done.out)["record"]["id"])


def test_question_asked_referred_and_answered_counts_in_the_load(example: Path, run) -> None:
    question = _ask(run, example, "--referred-to", HOOGELOON)
    done = run(
        "answer", question, "--by", "zorgcooperatie hoogeloon", "--date", "2026-11-10",
        "--text", "Ja, met toestemming, en niet langer dan nodig.", cwd=example,
    )  # fmt: skip
    assert done.code == 0, done.err
    data = YAML(typ="safe").load((example / "data/questions" / f"{question}.yaml").read_text())
    assert data["answered_by"] == HOOGELOON
    assert str(data["answered_on"]) == "2026-11-10"
    assert data["answer"].startswith("Ja, met toestemming")
    loads = frontrunners.loads(_records(example))
    autumn = [load for load in loads if load.initiative == HOOGELOON and load.quarter == (2026, 4)]
    assert len(autumn) == 1 and autumn[0].questions == [question]
    assert autumn[0].total == 1
    # The learning circle of September counts for its host, in the third quarter.
    summer = [load for load in loads if load.initiative == SCHIMMERT and load.quarter == (2026, 3)]
    assert summer[0].meetings == [CIRCLE]
    assert run("check", cwd=example).code == 0


def test_answer_names_what_is_wrong(example: Path, run) -> None:
    question = _ask(run, example, "--referred-to", HOOGELOON)
    wrong = run("answer", CIRCLE, "--by", HOOGELOON, "--text", "x", cwd=example)
    assert wrong.code == 1
    assert "is geen vraag" in wrong.err and "Traceback" not in wrong.err
    nobody = run("answer", question, "--by", "Niemand hier", "--text", "x", cwd=example)
    assert nobody.code == 1
    assert "'Niemand hier' is geen bekend initiatief" in nobody.err
    # An organisation answers too, by its name.
    done = run(
        "answer", question, "--by", "Landelijke Vereniging Kleine Kernen", "--text", "Ja.",
        cwd=example,
    )  # fmt: skip
    assert done.code == 0, done.err
    data = YAML(typ="safe").load((example / "data/questions" / f"{question}.yaml").read_text())
    assert data["answered_by_actor"].startswith("ac-") and "answered_by" not in data


def test_list_questions_open(example: Path, run) -> None:
    question = _ask(run, example, "--referred-to", HOOGELOON)
    listed = run("list", "vragen", "--open", "--json", cwd=example)
    assert listed.code == 0, listed.err
    open_ids = {row["id"] for row in json.loads(listed.out)}
    assert question in open_ids
    assert all(row.get("answer") is None for row in json.loads(listed.out))
    run("answer", question, "--by", HOOGELOON, "--text", "Ja.", cwd=example)
    everything = json.loads(run("list", "questions", "--json", cwd=example).out)
    still_open = json.loads(run("list", "questions", "--open", "--json", cwd=example).out)
    assert question not in {row["id"] for row in still_open}
    assert len(everything) == len(still_open) + sum(1 for row in everything if "answer" in row)
    table = run("list", "questions", "--open", cwd=example)
    assert "Vrijwilligers en de AVG" not in table.out
    assert run("list", "meetings", "--open", cwd=example).code == 1


def test_a_frontrunner_over_the_threshold_is_flagged(example: Path, run) -> None:
    # Schimmert answered two questions in the second quarter of 2026.
    _set_limit(example, 1)
    markdown = run("report", "progress", "--date", "2026-12-01", cwd=example)
    assert markdown.code == 0, markdown.err
    assert "Boven de grens van 1 per kwartaal: Zorgcoöperatie Schimmert" in markdown.out
    assert f"| Zorgcoöperatie Schimmert (`{SCHIMMERT}`) | 2026 K2 | 2 | 0 | **2** |" in markdown.out
    english = run("report", "progress", "--lang", "en", "--format", "html", cwd=example)
    assert english.code == 0, english.err
    assert "Over the limit of 1 a quarter: Zorgcoöperatie Schimmert" in english.out
    assert "<td>2026 Q2</td>" in english.out and "<strong>2</strong>" in english.out


def test_no_frontrunner_over_the_default(example: Path, run) -> None:
    markdown = run("report", "progress", cwd=example)
    assert "Geen koploper komt boven de grens van 6 per kwartaal." in markdown.out


def test_learning_circles_validate(example: Path, run) -> None:
    bare = run(
        "add", "meeting", "--no-input", "--title", "Leerkring zonder gastheer",
        "--date", "2026-10-01", "--type", "leerkring", "--explorer", "Jan Hendriks",
        cwd=example,
    )  # fmt: skip
    assert bare.code == 1
    assert "Een leerkring heeft een onderwerp (topic) en minstens één gastheer" in bare.err
    # A host that is not a frontrunner is a warning: it is saved, not counted.
    done = run(
        "add", "meeting", "--no-input", "--title", "Leerkring in Eys",
        "--date", "2026-10-01", "--type", "learning-circle", "--explorer", "Jan Hendriks",
        "--hosts", EYS, "--topic", "Vrijwilligers werven", cwd=example,
    )  # fmt: skip
    assert done.code == 0, done.err
    checked = run("check", cwd=example)
    assert f"{EYS} staat bij hosts, maar is geen koploper" in checked.out + checked.err
    assert all(load.initiative != EYS for load in frontrunners.loads(_records(example)))


def test_learning_circles_in_the_progress_report(example: Path, run) -> None:
    markdown = run("report", "progress", cwd=example).out
    assert "### Leerkringen" in markdown and "1 leerkring gehouden." in markdown
    assert f"Leerkring Zuid-Limburg: hoe ver ga je als vrijwilliger? (`{CIRCLE}`)" in markdown
    assert "gastheer: Zorgcoöperatie Schimmert; 5 initiatieven" in markdown
    page = run("report", "progress", "--format", "html", "--lang", "en", cwd=example).out
    assert "Learning circles" in page and "1 learning circle held." in page


def test_the_site_page_of_questions_has_no_contact_data(example: Path, run, tmp_path: Path) -> None:
    # Contact people on the asker, the frontrunner and the organisation.
    for path, name in [
        (example / "data/initiatives" / f"{EYS}.yaml", "Truus Geheim"),
        (example / "data/initiatives" / f"{SCHIMMERT}.yaml", "Piet Privé"),
        (example / "data/actors/ac-h18pc-yav3r.yaml", "Anna Anoniem"),
    ]:
        with path.open("a", encoding="utf-8") as record:
            record.write(
                f"contact:\n  name: {name}\n  email: x@example.org\n  phone: '0612345678'\n"
            )
    assert run("check", cwd=example).code == 0
    site = tmp_path / "site"
    run("site", "-o", str(site), cwd=example)
    page = (site / "questions" / "index.html").read_text(encoding="utf-8")
    assert "Hoe ver ga je als vrijwilliger?" in page
    assert "Antwoord van Zorgcoöperatie Schimmert op 28 apr 2026" in page
    for secret in ("Truus Geheim", "Piet Privé", "Anna Anoniem", "x@example.org", "0612345678"):
        assert secret not in page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="questions/index.html"' in index


def test_search_finds_a_question_by_its_answer(example: Path, run) -> None:
    found = run("search", "KEUKENTAFELRONDE", "--kind", "question", "--json", cwd=example)
    assert found.code == 0, found.err
    assert [row["id"] for row in json.loads(found.out)] == ["vr-68ch3-pft7f"]


def test_a_rule_about_the_whole_meeting_is_said_without_a_place(run, tmp_path):
    """A learning circle without host or topic from the command line: the
    rule in words, not ':1:1:' (no file, no single flag to point at)."""
    from tests.conftest import copy_example

    root = copy_example(tmp_path / "ex")
    result = run(
        "add", "meeting", "--no-input", "--type", "learning-circle", "--title", "Leerkring",
        "--date", "2026-11-20", "--explorer", "Jan Hendriks", "--region", "zuid-limburg",
        "--place", "Eys", cwd=root,
    )  # fmt: skip
    assert result.code == 1
    assert "  Een leerkring heeft een onderwerp" in result.err and ":1:1:" not in result.err


def test_a_field_that_holds_one_is_chosen_with_one_number(example, terminal_env):
    """A new user typed '11,12' at "Doorverwezen naar (koploper)": the prompt
    asked for numbers and kept the first without a word. A field that holds
    one record asks for one number, refuses a list, and moves on once chosen."""
    from tests.pty_driver import Terminal
    from tests.test_add import SAVE

    before = set((example / "data" / "questions").glob("*.yaml"))
    t = Terminal(["add", "question"], example, terminal_env)
    try:
        t.answer("Onderwerp (verplicht): ", "Hoe ver ga je?")
        t.answer("Vraag (verplicht): ", "Wat doe je wel of niet als vrijwilliger?")
        t.answer("]: ", "")  # the date: today
        t.answer("Kies een nummer (Enter = overslaan): ", "")  # theme
        t.answer("(Enter = klaar): ", "warffum")  # asked by: one, then on
        t.read_until("Gekozen: Goud Oud Warffum")
        t.answer("(Enter = klaar): ", "")  # meeting
        t.answer("(Enter = klaar): ", "zorgcooperatie s")  # referred to: a frontrunner
        t.read_until("Zorgcoöperatie Sprundel")  # Saasveld, Schimmert, Sevenum, Sprundel
        t.answer("Kies een nummer (Enter = overslaan): ", "1,2")
        t.read_until("is geen keuze uit de lijst")
        t.answer("Kies een nummer (Enter = overslaan): ", "2")
        t.read_until("Gekozen: Zorgcoöperatie Schimmert")
        t.answer("(Enter = klaar): ", "")  # bottlenecks
        t.answer("(Enter = overslaan): ", "")  # workarounds
        t.answer(SAVE, "j")
        assert t.wait() == 0, t.screen
    finally:
        t.close()
    (path,) = set((example / "data" / "questions").glob("*.yaml")) - before
    text = path.read_text(encoding="utf-8")
    assert "referred_to: in-" in text and text.count("in-") == 2, text
