"""The agenda beside the voice (issue 30, point 4): the agenda and the October
report set the initiatives' order of the latest round beside the place the
coordinators' score gives, and name where the two differ most, against
numbers worked out by hand on the small repository of ``tests/test_ballot.py``
and on the example network."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Runner
from tests.test_ballot import A, B, C, D, E, make_repo
from tests.test_ranking import write_three_forms

DAY = ("--date", "2026-10-01")


@pytest.fixture
def ranked(tmp_path: Path) -> Path:
    """Three forms (Een: A B; Twee: B; Drie: C A B) and a severity per
    bottleneck that turns the score round: E 5, D 4, C 3, B 2, A 1."""
    root = make_repo(tmp_path / "repo")
    for severity, bottleneck_id in enumerate((A, B, C, D, E), start=1):
        path = root / "data" / "bottlenecks" / f"{bottleneck_id}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + f"severity: {severity}\n")
    write_three_forms(root)
    return root


def section(text: str) -> str:
    return text[text.index("## De volgorde van de initiatieven naast de score") :]


# Worked out by hand.
#
# Borda shares on forms of five (place p is worth (5 - p) / 4; the unplaced
# share the bottom places at their mean):
#   Een  A 1, B 2, C D E at (3+4+5)/3 = 4
#   Twee B 1, A C D E at (2+3+4+5)/4 = 3.5
#   Drie C 1, A 2, B 3, D E at (4+5)/2 = 4.5
# Values (10 x mean share): B (.75+1+.5)/3 = 7.5, A (1+.375+.75)/3 = 7.08,
# C (.25+.375+1)/3 = 5.42, D and E (.25+.375+.125)/3 = 2.5 (D before E by id):
# the initiatives' places B 1, A 2, C 3, D 4, E 5. Mean places: A (1+3.5+2)/3
# = 2.17, B 2, C (4+3.5+1)/3 = 2.83, D and E (4+3.5+4.5)/3 = 4.
#
# The score without its ranking part, each reported by Een (phase 1, noord,
# Groningen) on 1 April, a culture bottleneck: reach 2 + regions 1 + provinces
# 1 + phase-1 1 + type 1 + age 6.01 months x 0.25 = 1.5 makes 7.5, plus the
# severity: A 8.5, B 9.5, C 10.5, D 11.5, E 12.5; the score's places E 1, D 2,
# C 3, B 4, A 5. (With its ranking part, 2 x the value, the score would put B
# first: 9.5 + 15 = 24.5 against E's 12.5 + 5 = 17.5.)
#
# Gaps, the score's place minus the initiatives': E 1 - 5 = -4, D 2 - 4 = -2,
# C 0, B 4 - 1 = +3, A 5 - 2 = +3. Differ most: E (4), B and A (3, the
# initiatives' higher first), D (2); C not, they agree.
ROWS = [
    "| 1 | 5 | Echo (`kp-aaaaa-0000e`) | 12,5 | 4 | 0 van 3 | -4 |",
    "| 2 | 4 | Delta (`kp-aaaaa-0000d`) | 11,5 | 4 | 0 van 3 | -2 |",
    "| 3 | 3 | Charlie (`kp-aaaaa-0000c`) | 10,5 | 2,8 | 1 van 3 | 0 |",
    "| 4 | 1 | Bravo (`kp-aaaaa-0000b`) | 9,5 | 2 | 3 van 3 | +3 |",
    "| 5 | 2 | Alpha (`kp-aaaaa-0000a`) | 8,5 | 2,2 | 2 van 3 | +3 |",
]
DIFFER = [
    "- Echo: plaats 1 op de score, plaats 5 bij de initiatieven; zij zetten het 4 plaatsen lager.",
    "- Bravo: plaats 4 op de score, plaats 1 bij de initiatieven; zij zetten het 3 plaatsen hoger.",
    "- Alpha: plaats 5 op de score, plaats 2 bij de initiatieven; zij zetten het 3 plaatsen hoger.",
    "- Delta: plaats 2 op de score, plaats 4 bij de initiatieven; zij zetten het 2 plaatsen lager.",
]


@pytest.mark.parametrize("name", ["agenda", "final"])
def test_the_initiatives_order_stands_beside_the_score_as_worked_out_by_hand(
    run: Runner, ranked: Path, name: str
):
    result = run("report", name, *DAY, cwd=ranked)
    assert result.code == 0, result.err
    text = section(result.out)
    assert "In rangronde najaar (1 september 2026 tot en met 30 september 2026) zetten 3" in text
    lines = text.splitlines()
    table = [line for line in lines if line.startswith("| ") and "`kp-" in line]
    assert table == ROWS
    listed = [line for line in lines if line.startswith("- ")]
    assert listed == DIFFER


def test_html_and_english_say_the_same(run: Runner, ranked: Path):
    html = run("report", "final", "--format", "html", *DAY, cwd=ranked).out
    part = html[html.index('<section aria-labelledby="naast-score">') :]
    assert (
        '<tr><td class="num">1</td><td class="num">5</td><th scope="row">Echo'
        ' <span class="id">kp-aaaaa-0000e</span></th><td class="num">12,5</td>'
        '<td class="num">4</td><td class="num">0 van 3</td><td class="num">-4</td></tr>'
    ) in part
    assert (
        "<li>Bravo: plaats 4 op de score, plaats 1 bij de initiatieven;"
        " zij zetten het 3 plaatsen hoger.</li>"
    ) in part
    english = run("--lang", "en", "report", "agenda", *DAY, cwd=ranked).out
    assert "## The initiatives' order beside the score" in english
    assert "| 4 | 1 | Bravo (`kp-aaaaa-0000b`) | 9.5 | 2 | 3 of 3 | +3 |" in english
    assert (
        "- Echo: place 1 by the score, place 5 by the initiatives; they put it 4 places lower."
    ) in english


def test_a_title_is_text_not_markup(run: Runner, ranked: Path):
    path = ranked / "data" / "bottlenecks" / f"{E}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Echo", "title: <b>Echo</b>"))
    html = run("report", "agenda", "--format", "html", *DAY, cwd=ranked).out
    part = html[html.index('<section aria-labelledby="naast-score">') :]
    assert "<b>Echo" not in part and "&lt;b&gt;Echo&lt;/b&gt;: plaats 1" in part
    markdown = section(run("report", "agenda", *DAY, cwd=ranked).out)
    assert "<b>" not in markdown


def test_where_they_agree_it_is_said(run: Runner, ranked: Path):
    # Severities B 5, A 4, C 3, D 2, E 1 give the score's places B A C D E:
    # the initiatives' own order.
    for severity, bottleneck_id in zip((4, 5, 3, 2, 1), (A, B, C, D, E), strict=True):
        path = ranked / "data" / "bottlenecks" / f"{bottleneck_id}.yaml"
        text = re.sub(r"severity: \d", f"severity: {severity}", path.read_text(encoding="utf-8"))
        path.write_text(text)
    text = section(run("report", "agenda", *DAY, cwd=ranked).out)
    assert "De score en de initiatieven geven elk knelpunt dezelfde plaats." in text
    assert all(line.endswith("| 0 |") for line in text.splitlines() if "`kp-" in line)


def test_a_duplicate_counts_for_where_it_went(run: Runner, ranked: Path):
    merged = run("merge", D, A, cwd=ranked)
    assert merged.code == 0, merged.err
    text = section(run("report", "agenda", *DAY, cwd=ranked).out)
    # Delta went into Alpha: on each form Alpha keeps the better place of the
    # two (1, 3.5, 2: its own), so its standing is as before; Delta is no row,
    # and the initiatives' places are counted among the four left: B 1, A 2,
    # C 3, E 4. The score's: E 1, C 2, B 3, A 4.
    table = [line for line in text.splitlines() if "`kp-" in line]
    assert table == [
        "| 1 | 4 | Echo (`kp-aaaaa-0000e`) | 12,5 | 4 | 0 van 3 | -3 |",
        "| 2 | 3 | Charlie (`kp-aaaaa-0000c`) | 10,5 | 2,8 | 1 van 3 | -1 |",
        "| 3 | 1 | Bravo (`kp-aaaaa-0000b`) | 9,5 | 2 | 3 van 3 | +2 |",
        "| 4 | 2 | Alpha (`kp-aaaaa-0000a`) | 8,5 | 2,2 | 2 van 3 | +2 |",
    ]


def test_no_round_no_section(run: Runner, tmp_path: Path):
    root = make_repo(tmp_path / "repo")
    for name in ("agenda", "final"):
        for output in ("md", "html"):
            text = run("report", name, "--format", output, *DAY, cwd=root).out
            assert "naast de score" not in text


def test_the_example_networks_round_beside_its_score(run: Runner, example: Path):
    result = run("report", "agenda", "--date", "2026-11-23", cwd=example)
    assert result.code == 0, result.err
    text = section(result.out)
    rows = [line.split(" | ") for line in text.splitlines() if "`kp-" in line]
    # The 22 bottlenecks on the round's forms, each once on either side.
    assert len(rows) == 22
    score_places = [int(r[0].strip("| ")) for r in rows]
    voice_places = [int(r[1]) for r in rows]
    assert score_places == list(range(1, 23))
    assert sorted(voice_places) == list(range(1, 23))
    gaps = [int(r[6].strip(" |")) for r in rows]
    assert gaps == [s - v for s, v in zip(score_places, voice_places, strict=True)]
    # The initiatives' first is the one 60 of the 112 placed (prioritise
    # --explain says the same), mean place 8.
    first = rows[voice_places.index(1)]
    assert "kp-7xxdj-0nhzk" in first[2] and first[4] == "8" and first[5] == "60 van 112"
    # Where they differ most: the five largest gaps, the largest first.
    differ = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(differ) == 5
    largest = sorted((abs(g) for g in gaps), reverse=True)[:5]
    said = [int(re.search(r"het (\d+) plaats", line).group(1)) for line in differ]  # type: ignore[union-attr]
    assert said == largest
    assert differ[0].startswith(
        "- Wijkverpleging ziet de zorgcoöperatie niet als partner: plaats 6 op de score,"
        " plaats 19 bij de initiatieven; zij zetten het 13 plaatsen lager."
    )


def test_only_the_coordination_groups_pages_carry_it(run: Runner, example: Path, tmp_path: Path):
    """Like the bottlenecks still awaiting a solver, the comparison is the
    coordination group's: one problem-solver's agenda (``--for``, its site
    page) leaves it out."""
    one = run("report", "agenda", "--for", "ac-4aj5z-qg1aa", "--date", "2026-11-23", cwd=example)
    assert one.code == 0, one.err
    assert "naast de score" not in one.out
    made = run("site", "-o", str(tmp_path / "site"), "--date", "2026-11-23", cwd=example)
    assert made.code == 0, made.err
    solvers = tmp_path / "site" / "solvers"
    assert 'aria-labelledby="naast-score"' in (solvers / "index.html").read_text()
    assert "naast-score" not in (solvers / "ac-4aj5z-qg1aa.html").read_text()
