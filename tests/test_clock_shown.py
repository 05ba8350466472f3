"""The clock of each addressing in the reports and on the site (issue 31,
point 3): the agenda (Markdown and HTML) and the site's bottleneck and solver
pages give each open addressing its answer-by day and mark the overdue ones as
of the report's day (``--date``); the progress report counts the addressings
still only routed after their answer-by day, per level and per type of
problem-solver, as many as the derivation says.

The small repository: one bottleneck routed on 2 April 2026 to a ministry
(national, answer by 1 May 2026) and on 3 April to a municipality (local,
answer by 1 July 2026). On 1 June 2026 the ministry is 31 days overdue (1 May
to 1 June), the municipality in time; on 2 May the ministry is 1 day overdue.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest

from knelpunt.facts import facts_for
from knelpunt.repo import open_repository
from knelpunt.scaffold import init_repository
from knelpunt.store import load_all
from tests.conftest import Runner

BOTTLENECK = "kp-aaaaa-bbbbb"
MINISTRY, MUNICIPALITY = "ac-aaaaa-aaaaa", "ac-bbbbb-bbbbb"
# A second bottleneck whose solver answered (in progress): its answer-by day is
# shown, never marked, and it does not wait for an answer.
ANSWERED = "kp-ccccc-ddddd"
# A third, solved: no clock at all, though its day has passed.
SOLVED = "kp-eeeee-fffff"
TODAY = "2026-06-01"


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def bottleneck(bottleneck_id: str, title: str) -> str:
    return (
        f"id: {bottleneck_id}\ntitle: {title}\ndescription: Een beschrijving.\n"
        "theme: regulation\ntype: hard\nreported_on: 2026-03-03\n"
    )


def step(bottleneck_id: str, day: str, suffix: str, body: str) -> tuple[str, str]:
    entry_id = day.replace("-", "") + f"-120000-{suffix}"
    return (
        f"data/updates/{bottleneck_id}/{entry_id}.yaml",
        f"id: {entry_id}\ndate: {day}\nby: Coördinator\n{body}",
    )


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = tmp_path / "klein"
    init_repository(root)
    write(
        root,
        f"data/actors/{MINISTRY}.yaml",
        f"id: {MINISTRY}\nname: Ministerie van Voorbeelden\ntype: ministry\nlevel: national\n",
    )
    write(
        root,
        f"data/actors/{MUNICIPALITY}.yaml",
        f"id: {MUNICIPALITY}\nname: Gemeente Voorbeeld\ntype: municipality\nlevel: local\n",
    )
    write(root, f"data/bottlenecks/{BOTTLENECK}.yaml", bottleneck(BOTTLENECK, "Twee loketten"))
    write(root, f"data/bottlenecks/{ANSWERED}.yaml", bottleneck(ANSWERED, "Een derde loket"))
    write(root, f"data/bottlenecks/{SOLVED}.yaml", bottleneck(SOLVED, "Opgelost loket"))
    for relative, text in (
        step(BOTTLENECK, "2026-04-01", "aaaaa", "status: on-agenda\n"),
        step(
            BOTTLENECK,
            "2026-04-02",
            "bbbbb",
            f"status: routed\nlevel: national\naddressees:\n  - {MINISTRY}\n"
            "answer_by: 2026-05-01\n",
        ),
        step(
            BOTTLENECK,
            "2026-04-03",
            "ccccc",
            f"status: routed\nlevel: local\naddressees:\n  - {MUNICIPALITY}\n"
            "answer_by: 2026-07-01\n",
        ),
        step(ANSWERED, "2026-04-01", "aaaaa", "status: on-agenda\n"),
        step(
            ANSWERED,
            "2026-04-02",
            "bbbbb",
            f"status: routed\nlevel: national\naddressees:\n  - {MINISTRY}\n"
            "answer_by: 2026-04-20\n",
        ),
        step(ANSWERED, "2026-04-10", "ccccc", f"status: in-progress\nactor: {MINISTRY}\n"),
        step(SOLVED, "2026-04-01", "aaaaa", "status: on-agenda\n"),
        step(
            SOLVED,
            "2026-04-02",
            "bbbbb",
            f"status: routed\nlevel: local\naddressees:\n  - {MUNICIPALITY}\n"
            "answer_by: 2026-04-20\n",
        ),
        step(SOLVED, "2026-04-25", "ccccc", f"status: resolved\nactor: {MUNICIPALITY}\n"),
    ):
        write(root, relative, text)
    return root


def report(
    run: Runner, root: Path, name: str, *args: str, date: str = TODAY, lang: str = "nl"
) -> str:
    result = run("--lang", lang, "report", name, *args, "--date", date, cwd=root)
    assert result.code == 0, result.err
    return result.out


def sections(markdown: str) -> dict[str, str]:
    """The agenda's text per problem-solver (its ``## name`` heading)."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def details(section: str, title: str) -> str:
    """One bottleneck's details in a solver's section (``### title``)."""
    return section.split(f"### {title}\n", 1)[1].split("\n### ", 1)[0]


# --- the agenda -----------------------------------------------------------------------


def test_the_agenda_gives_each_solver_its_own_answer_by_day_and_marks_the_overdue(
    run: Runner, small: Path
):
    agenda = sections(report(run, small, "agenda"))
    ministry = details(agenda["Ministerie van Voorbeelden"], "Twee loketten")
    municipality = details(agenda["Gemeente Voorbeeld"], "Twee loketten")
    assert "- Antwoord verwacht uiterlijk 1 mei 2026: **te laat sinds 31 dagen**\n" in ministry
    assert "- Antwoord verwacht uiterlijk 1 jul 2026\n" in municipality
    assert "te laat" not in municipality and "1 mei" not in municipality
    # Answered (in progress): the day is shown, not marked, though it has passed.
    answered = details(agenda["Ministerie van Voorbeelden"], "Een derde loket")
    assert "- Antwoord verwacht uiterlijk 20 apr 2026\n" in answered
    assert "te laat" not in answered


def test_the_mark_follows_the_reports_day_in_days_and_in_english(run: Runner, small: Path):
    on_the_day = report(run, small, "agenda", date="2026-05-01")
    assert "1 mei 2026" in on_the_day and "te laat" not in on_the_day  # the day is in time
    next_day = report(run, small, "agenda", date="2026-05-02")
    assert "uiterlijk 1 mei 2026: **te laat sinds 1 dag**" in next_day
    english = sections(report(run, small, "agenda", lang="en"))
    ministry = details(english["Ministerie van Voorbeelden"], "Twee loketten")
    assert "- Answer expected by 1 May 2026: **overdue by 31 days**\n" in ministry
    assert "- Answer expected by 1 Jul 2026\n" in english["Gemeente Voorbeeld"]


def test_the_agenda_for_one_solver_and_in_html(run: Runner, small: Path):
    one = report(run, small, "agenda", "--for", MUNICIPALITY)
    assert "Antwoord verwacht uiterlijk 1 jul 2026" in one and "te laat" not in one
    text = html.unescape(report(run, small, "agenda", "--format", "html"))
    assert (
        "<li>Antwoord verwacht uiterlijk 1 mei 2026: <strong>te laat sinds 31 dagen</strong></li>"
        in text
    )
    assert "<li>Antwoord verwacht uiterlijk 1 jul 2026</li>" in text
    assert text.count("te laat sinds") == 1


# --- the site -------------------------------------------------------------------------


def addressing_items(page: str) -> dict[str, str]:
    """The items of a site bottleneck page's list of problem-solvers, by the
    id of the solver each links to."""
    listed = page.split("</h2>\n<ul><li>", 1)[1].split("</li></ul>", 1)[0]
    items = listed.split("</li><li>")
    return {re.match(r'<a href="\.\./solvers/([a-z0-9-]+)\.html"', i).group(1): i for i in items}


def site(run: Runner, root: Path, day: str) -> Path:
    folder = root.parent / f"site-{day}"
    result = run("site", "-o", str(folder), "--date", day, cwd=root)
    assert result.code == 0, result.err
    return folder


def test_the_site_shows_the_clock_on_the_bottleneck_and_solver_pages(run: Runner, small: Path):
    folder = site(run, small, TODAY)
    page = html.unescape((folder / "bottlenecks" / f"{BOTTLENECK}.html").read_text())
    items = addressing_items(page)
    assert items[MINISTRY].endswith(
        "; Antwoord verwacht uiterlijk 1 mei 2026: <strong>te laat sinds 31 dagen</strong>"
    )
    assert items[MUNICIPALITY].endswith("; Antwoord verwacht uiterlijk 1 jul 2026")
    solved = html.unescape((folder / "bottlenecks" / f"{SOLVED}.html").read_text())
    assert "Antwoord verwacht" not in solved  # closed: no one waits for an answer
    ministry = html.unescape((folder / "solvers" / f"{MINISTRY}.html").read_text())
    municipality = html.unescape((folder / "solvers" / f"{MUNICIPALITY}.html").read_text())
    assert "uiterlijk 1 mei 2026: <strong>te laat sinds 31 dagen</strong>" in ministry
    assert "uiterlijk 1 jul 2026</li>" in municipality and "te laat" not in municipality


# --- the progress report --------------------------------------------------------------


def test_the_progress_report_counts_the_overdue_per_level_and_solver_type(run: Runner, small: Path):
    text = report(run, small, "progress")
    part = text.split("### Wachten op antwoord\n", 1)[1].split("\n### ", 1)[0]
    # Waiting: the two addressings of "Twee loketten" (the third bottleneck's
    # solver answered, the solved one is closed); overdue: the ministry's.
    assert "| Lokaal (micro) | 1 | 0 |" in part
    assert "| Landelijk (macro) | 1 | 1 |" in part
    assert "| Gemeente | 1 | 0 |" in part
    assert "| Ministerie | 1 | 1 |" in part
    assert part.count("| Totaal | 2 | 1 |") == 2
    assert "nog alleen 'geadresseerd'" in part
    assert "1 adressering te laat van de 2 die wachten, bij 1 knelpunten" in part
    page = html.unescape(report(run, small, "progress", "--format", "html"))
    assert (
        '<tr><th scope="row">Landelijk (macro)</th><td class="num">1</td>'
        '<td class="num">1</td></tr>' in page
    )
    assert (
        page.count(
            '<tfoot><tr><th scope="row">Totaal</th><td class="num">2</td><td class="num">1</td>'
        )
        == 2
    )
    early = report(run, small, "progress", lang="en", date="2026-04-02")
    # --date sets the day the clock is read on; the history is the whole one.
    assert "0 addressings overdue of the 2 awaiting an answer, in 0 bottlenecks" in early


def test_a_repository_with_nothing_routed_says_so(run: Runner, tmp_path: Path):
    root = tmp_path / "leeg"
    init_repository(root)
    text = report(run, root, "progress")
    assert "Op 1 juni 2026 wacht geen adressering op een antwoord van haar probleem-oplosser." in (
        text
    )


# --- the example: one truth -----------------------------------------------------------


@pytest.mark.parametrize("day", ["2026-08-01", "2026-12-04"])
def test_on_the_example_every_output_counts_as_the_derivation(run: Runner, example: Path, day: str):
    on = dt.date.fromisoformat(day)
    records = load_all(open_repository(example, {}, example))
    late = [
        (f.id, a)
        for f in facts_for(records).values()
        if f.state.is_open
        for a in f.state.addressings
        if a.overdue(on)
    ]
    waiting = [
        a
        for f in facts_for(records).values()
        if f.state.is_open
        for a in f.state.addressings
        if a.status == "routed"
    ]
    assert late  # the example has overdue addressings on both days
    progress = report(run, example, "progress", date=day)
    part = progress.split("### Wachten op antwoord\n", 1)[1].split("\n### ", 1)[0]
    total = f"| Totaal | {len(waiting)} | {len(late)} |"
    assert part.count(total) == 2, part
    agenda = report(run, example, "agenda", date=day)
    assert agenda.count("te laat sinds") == len(late)
    # Each overdue addressing marked on its bottleneck's page, at its solver,
    # with the days the derivation counts; and no other.
    folder = site(run, example, day)
    marked = 0
    for bottleneck_id in {b for b, _ in late} | {f.id for f in facts_for(records).values()}:
        path = folder / "bottlenecks" / f"{bottleneck_id}.html"
        if path.exists():
            marked += html.unescape(path.read_text()).count("te laat sinds")
    assert marked == len(late)
    for bottleneck_id, addressing in late:
        page = html.unescape((folder / "bottlenecks" / f"{bottleneck_id}.html").read_text())
        item = addressing_items(page)[addressing.actor]
        days = addressing.days_overdue(on)
        assert addressing.answer_by is not None
        due = addressing.answer_by
        assert f"uiterlijk {due.day} " in item and f" {due.year}: <strong>te laat sinds " in item
        assert item.endswith(f"{days} {'dag' if days == 1 else 'dagen'}</strong>")
    todo = run("todo", "--date", day, "--json", cwd=example)
    assert todo.code == 0, todo.err
    assert sum(1 for i in json.loads(todo.out) if i["kind"] == "overdue") == len(late)
