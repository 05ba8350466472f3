"""Workarounds that travel (issue 32, point 1): ``knelpunt adopt`` records
where a workaround was taken over and how it turned out; the site's catalogue,
the bottleneck pages and the reports show it; what one municipality put in
place is offered to the initiatives and problem-solvers with the same
bottleneck elsewhere, never to the municipality that solved it. On a copy of
the example, with real files."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest

from knelpunt import knowledge
from knelpunt.errors import KnelpuntError
from knelpunt.facts import local_level, told_to_initiative
from knelpunt.models import Initiative, Solution
from knelpunt.repo import open_repository
from knelpunt.store import RecordSet, load_all

DORPSBUS_SOLUTION = "ol-2512t-d8gds"  # found by Mechelen, Gulpen-Wittem
DORPSBUS = "kp-yv0pw-4ra4g"  # resolved by Gulpen-Wittem, in progress at Hollands Kroon
MECHELEN = "in-ajawk-34523"  # Gulpen-Wittem: its municipality solved it
WIERINGEN = "in-j8fx0-ynbyk"  # Hollands Kroon
JULIANADORP = "in-zqrry-wfhtp"  # Den Helder: not addressed there
EYS = "in-5ks94-n5e3t"  # Gulpen-Wittem too, did not raise it
NOTE = "Proef met <b>twee</b> ritten *per week*"
GULPEN_NOTE = "De dorpsbus staat nu als algemene voorziening in het Wmo-beleid"


def _records(root: Path) -> RecordSet:
    return load_all(open_repository(root, {}, root), use_cache=False)


def _section(text: str, heading: str) -> str:
    parts = [p for p in text.split("\n## ") if p.startswith(heading)]
    assert len(parts) == 1, heading
    return parts[0]


@pytest.fixture
def adopted(example: Path, run) -> Path:
    path = example / "data" / "solutions" / f"{DORPSBUS_SOLUTION}.yaml"
    before = path.read_text(encoding="utf-8")
    done = run(
        "adopt", DORPSBUS_SOLUTION, "--initiative", WIERINGEN, "--result", "werkt hier niet",
        "--note", NOTE, "--date", "12-10-2026", cwd=example,
    )  # fmt: skip
    assert done.code == 0, done.err
    assert "werkt hier niet" in done.out
    after = path.read_text(encoding="utf-8")
    # Round-trip: the file gains lines at its end, every other line as it was.
    assert after.startswith(before)
    assert after[len(before) :].startswith("adoptions:\n  - initiative: " + WIERINGEN)
    assert "    date: 2026-10-12\n    result: not-here\n" in after
    done = run(
        "--lang", "en", "adopt", DORPSBUS_SOLUTION, "--initiative", JULIANADORP,
        "--result", "partly", "--date", "2026-11-02", cwd=example,
    )  # fmt: skip
    assert done.code == 0, done.err
    solution = _records(example).of("solution")[DORPSBUS_SOLUTION]
    assert isinstance(solution, Solution)
    assert [(a.initiative, a.result) for a in solution.adoptions] == [
        (WIERINGEN, "not-here"),
        (JULIANADORP, "partly"),
    ]
    assert run("check", cwd=example).code == 0
    return example


def test_an_adoption_is_on_the_catalogue_the_bottleneck_page_and_the_reports(
    adopted: Path, run, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    done = run("site", "-o", str(site), cwd=adopted)
    assert done.code == 0, done.err
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="solutions/index.html">Alle olifantenpaden<' in index

    catalogue = (site / "solutions" / "index.html").read_text(encoding="utf-8")
    assert "<h2>Wet- en regelgeving</h2>" in catalogue and "<h2>Financiën</h2>" in catalogue
    assert f'href="../solutions/{DORPSBUS_SOLUTION}.html"' in catalogue
    page = (site / "solutions" / f"{DORPSBUS_SOLUTION}.html").read_text(encoding="utf-8")
    assert "Gevonden: " in page and "Dorpsraad Mechelen Zorgt</a> (Gulpen-Wittem)" in page
    assert f'href="../bottlenecks/{DORPSBUS}.html">Dorpsbus mag geen Wmo-vervoer rijden' in page
    assert "Overgenomen (2):" in page
    assert f'href="../initiatives/{WIERINGEN}.html">Zorgcoöperatie Wieringen</a> (Hollands Kroon)'
    assert '12 okt 2026: <strong class="result">werkt hier niet</strong>' in page
    assert html.escape(NOTE, quote=False) in page and "<b>twee" not in page
    assert '2 nov 2026: <strong class="result">deels</strong>' in page

    # Every bottleneck page links to the catalogue; this one to the workaround.
    for bottleneck_page in (site / "bottlenecks").glob("kp-*.html"):
        assert "../solutions/index.html" in bottleneck_page.read_text(encoding="utf-8")
    bottleneck = (site / "bottlenecks" / f"{DORPSBUS}.html").read_text(encoding="utf-8")
    assert f'href="../solutions/{DORPSBUS_SOLUTION}.html"' in bottleneck
    assert "overgenomen: 2" in bottleneck and "werkt hier niet" in bottleneck

    progress = run("report", "progress", cwd=adopted)
    assert progress.code == 0, progress.err
    line = next(x for x in progress.out.splitlines() if "Dorpsbus als burenhulp" in x)
    assert "overgenomen: 2: Zorgcoöperatie Wieringen (Hollands Kroon), 12 okt 2026" in line
    assert "werkt hier niet (Proef met &lt;b&gt;twee&lt;/b&gt; ritten \\*per week\\*)" in line
    english = run("--lang", "en", "report", "progress", "--format", "html", cwd=adopted)
    assert english.code == 0, english.err
    assert "taken over: 2" in english.out and "does not work here" in english.out

    agenda = run("report", "agenda", cwd=adopted)
    assert agenda.code == 0, agenda.err
    assert "Dorpsbus als burenhulp voor leden (overgenomen: 2)" in agenda.out
    page = run("report", "agenda", "--format", "html", cwd=adopted)
    assert "Dorpsbus als burenhulp voor leden (overgenomen: 2)" in page.out


def test_what_gulpen_wittem_solved_is_offered_elsewhere_not_to_itself(example: Path, run) -> None:
    records = _records(example)
    state = records.state(DORPSBUS)
    actors = records.of("actor")
    local = local_level(open_repository(example, {}, example).config.vocabularies.levels)

    def told(initiative_id: str) -> tuple[tuple[str, str | None], ...]:
        initiative = records.of("initiative")[initiative_id]
        assert isinstance(initiative, Initiative)
        return tuple(
            (o.place, o.note) for o in told_to_initiative(state, initiative, actors, local).offered
        )

    offer = (("Gulpen-Wittem", GULPEN_NOTE + "."),)
    assert told(WIERINGEN) == offer  # Hollands Kroon is still working on it
    assert told(JULIANADORP) == offer  # Den Helder was never asked
    assert told(MECHELEN) == ()  # its own municipality solved it
    assert told(EYS) == ()  # another village of the municipality that solved it

    done = run("report", "initiatives", cwd=example)
    assert done.code == 0, done.err
    said = f"**Gulpen-Wittem loste dit op** (29 sep 2026): {GULPEN_NOTE}; vraag uw gemeente"
    assert said in _section(done.out, "Zorgcoöperatie Wieringen (")
    assert said in _section(done.out, "Burenhulp Julianadorp (")
    assert "loste dit op" not in _section(done.out, "Dorpsraad Mechelen Zorgt (")
    english = run("--lang", "en", "report", "initiatives", "--format", "html", cwd=example)
    assert english.code == 0, english.err
    assert f"Gulpen-Wittem solved this</strong> (29 Sept 2026): {GULPEN_NOTE}; ask your" in (
        english.out
    )

    # The agenda offers it to Hollands Kroon, whose addressing is open.
    agenda = run("report", "agenda", cwd=example)
    assert agenda.code == 0, agenda.err
    hollands_kroon = _section(agenda.out, "Gemeente Hollands Kroon")
    assert f"**Gulpen-Wittem loste dit op** (29 sep 2026): {GULPEN_NOTE}" in hollands_kroon
    assert "vraag uw gemeente" not in hollands_kroon


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--initiative", "in-zzzzz-zzzzz", "--result", "werkt"], "in-zzzzz-zzzzz"),
        (["--initiative", WIERINGEN, "--result", "prima"], "werkt hier niet (not-here)"),
        (["--initiative", WIERINGEN, "--result", "werkt", "--date", "31-02-2026"], "31-02-2026"),
    ],
)
def test_bad_adoption_input_is_a_message_and_writes_nothing(
    example: Path, run, args: list[str], said: str
) -> None:
    path = example / "data" / "solutions" / f"{DORPSBUS_SOLUTION}.yaml"
    before = path.read_bytes()
    done = run("adopt", DORPSBUS_SOLUTION, *args, cwd=example)
    assert done.code in (1, 2)
    assert said in done.err and "Traceback" not in done.err
    assert path.read_bytes() == before


def test_an_unknown_workaround_or_result_through_the_library(example: Path) -> None:
    repo = open_repository(example, {}, example)
    with pytest.raises(KnelpuntError):
        knowledge.adopt(repo, "ol-zzzzz-zzzzz", WIERINGEN, "works", dt.date(2026, 10, 1))
    path = example / "data" / "solutions" / f"{DORPSBUS_SOLUTION}.yaml"
    before = path.read_bytes()
    with pytest.raises(KnelpuntError) as raised:
        knowledge.adopt(repo, DORPSBUS_SOLUTION, WIERINGEN, "fine", dt.date(2026, 10, 1))
    assert raised.value.key == "adopt_bad_result"
    assert path.read_bytes() == before


@pytest.mark.parametrize("typed", ["Samen Andijk", "samen andijk", "andijk"])
def test_an_initiative_is_named_as_people_say_it(example: Path, run, typed: str) -> None:
    """A new user typed the name the guide and the reports show; an id is not needed."""
    solution = "ol-6g4s6-7v3xd"
    result = run(
        "adopt", solution, "--initiative", typed, "--result", "werkt", "--date", "2026-11-01",
        cwd=example,
    )  # fmt: skip
    assert result.code == 0, result.err
    text = (example / "data" / "solutions" / f"{solution}.yaml").read_text(encoding="utf-8")
    assert "initiative: in-" in text and typed not in text


def test_a_part_of_a_name_several_initiatives_share_lists_them(example: Path, run) -> None:
    result = run("adopt", "ol-6g4s6-7v3xd", "--initiative", "zorgcoöperatie", "--result",
                 "werkt", cwd=example)  # fmt: skip
    assert result.code == 1 and "past bij meer dan één initiatief" in result.err
