"""The initiatives' verdicts where readers see them (issue 31, point 2): the
site's bottleneck page, the agenda and the initiatives report, in Markdown
and HTML, Dutch and English. Recorded with ``update --verdict`` on a copy of
the example: a "not solved" on a resolved addressing (disputed) and a "works"
on the bottleneck, whose earlier "partly" no longer counts."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from knelpunt.repo import open_repository
from knelpunt.store import RecordSet, load_all

DISPUTING_NOTE = "Onze <b>dorpsbus</b> rijdt er *nog* niet"
WORKS_NOTE = "Sinds oktober rijden we weer"
EARLIER_NOTE = "Half geregeld, nog geen vervoer op zondag"


def _records(root: Path) -> RecordSet:
    return load_all(open_repository(root, {}, root), use_cache=False)


def _chosen(records: RecordSet) -> tuple[str, str, str, str, str]:
    """An open bottleneck raised by two initiatives with one addressing
    resolved and one still open: its id, the two initiatives, the solver
    whose solution is resolved and the one still working on it."""
    for bottleneck in records.bottlenecks.values():
        state = records.state(bottleneck.id)
        done = [a.actor for a in state.addressings if a.status == "resolved"]
        working = [a.actor for a in state.addressings if a.is_open]
        raised = list(dict.fromkeys(bottleneck.reported_by))
        if state.is_open and done and working and len(raised) >= 2:
            return bottleneck.id, raised[0], raised[1], done[0], working[0]
    raise AssertionError("the example has no open bottleneck with a resolved addressing")


@pytest.fixture
def judged(example: Path, run) -> dict[str, str]:
    records = _records(example)
    bottleneck_id, disputing, content, resolved, working = _chosen(records)
    steps = [
        ("niet opgelost", disputing, ["--for", resolved], DISPUTING_NOTE, "2026-12-02"),
        ("deels", content, [], EARLIER_NOTE, "2026-11-20"),
        ("works", content, [], WORKS_NOTE, "2026-12-03"),
    ]
    for verdict, initiative, solver, note, day in steps:
        done = run(
            "update", bottleneck_id, "--verdict", verdict, "--initiative", initiative, *solver,
            "--note", note, "--by", "Jan", "--date", day, cwd=example,
        )  # fmt: skip
        assert done.code == 0, done.err
    names = {i: records.of("initiative")[i].label() for i in (disputing, content)}
    return {
        "id": bottleneck_id,
        "title": records.bottlenecks[bottleneck_id].title,
        "disputing": disputing,
        "content": content,
        "disputing_name": names[disputing],
        "content_name": names[content],
        "resolved_name": records.of("actor")[resolved].label(),
        "working": working,
        "working_name": records.of("actor")[working].label(),
    }


def _md_section(text: str, heading: str, level: str = "## ") -> str:
    """The part of a Markdown report under the heading that starts with ``heading``."""
    parts = text.split("\n" + level)
    found = [p for p in parts if p.startswith(heading)]
    assert len(found) == 1, f"{heading!r}: {len(found)} sections"
    return found[0]


def _html_section(text: str, section_id: str) -> str:
    start = text.index(f'<section aria-labelledby="{section_id}">')
    return text[start : text.index("</section>", start)]


def _escaped_md(note: str) -> str:
    return note.replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*")


def test_the_agenda_shows_each_verdict_under_the_bottleneck(example: Path, run, judged) -> None:
    done = run("report", "agenda", cwd=example)
    assert done.code == 0, done.err
    solver = _md_section(done.out, judged["working_name"])
    item = _md_section(solver, judged["title"], "### ")
    assert "Oordeel van de initiatieven over de oplossing" in item
    # The verdicts' list, up to the history (which keeps every entry).
    block = item.split("over de oplossing**", 1)[1].split("\n\n")[1]
    lines = block.strip().splitlines()
    assert len(lines) == 2, block  # one each: the earlier "deels" no longer counts
    disputing, content = lines
    assert disputing.startswith(f"- {judged['disputing_name']} op 2 dec 2026: niet opgelost")
    assert f"over de oplossing van {judged['resolved_name']}" in disputing
    assert "betwist" in disputing and _escaped_md(DISPUTING_NOTE) in disputing
    assert content == f"- {judged['content_name']} op 3 dec 2026: werkt: {WORKS_NOTE}"
    assert EARLIER_NOTE not in block
    assert "<b>" not in done.out

    page = run("report", "agenda", "--format", "html", "--lang", "en", cwd=example)
    assert page.code == 0, page.err
    section = _html_section(page.out, judged["working"])
    assert "The initiatives&#39; verdict on the solution" in section
    assert html.escape(DISPUTING_NOTE, quote=False) in section and "<b>dorpsbus" not in section
    assert "not solved" in section and ": works" in section
    assert '<strong class="disputed">disputed: solved according to the records</strong>' in section
    assert html.escape(f"of the solution by {judged['resolved_name']}", quote=True) in section


def test_each_initiative_sees_its_own_verdicts(example: Path, run, judged) -> None:
    done = run("report", "initiatives", cwd=example)
    assert done.code == 0, done.err
    disputing = _md_section(done.out, judged["disputing_name"] + " (")
    content = _md_section(done.out, judged["content_name"] + " (")
    assert "Oordeel van het initiatief over de oplossing" in disputing
    assert f"{judged['title']} (`{judged['id']}`): op 2 dec 2026: niet opgelost" in disputing
    assert _escaped_md(DISPUTING_NOTE) in disputing and "betwist" in disputing
    assert WORKS_NOTE not in disputing
    assert f"op 3 dec 2026: werkt: {WORKS_NOTE}" in content
    assert "dorpsbus</b>" not in content and "betwist" not in content

    page = run("report", "initiatives", "--format", "html", "--lang", "en", cwd=example)
    assert page.code == 0, page.err
    mine = _html_section(page.out, judged["disputing"])
    theirs = _html_section(page.out, judged["content"])
    assert "The initiative&#39;s verdict on the solution" in mine
    assert "not solved" in mine and html.escape(DISPUTING_NOTE, quote=False) in mine
    assert 'class="disputed"' in mine and WORKS_NOTE not in mine
    # The other's note is not theirs (the dorpsbus Gulpen-Wittem solved is offered to them).
    assert ": works: " + WORKS_NOTE in theirs
    assert html.escape(DISPUTING_NOTE, quote=False) not in theirs
    assert 'class="disputed"' not in theirs


def test_the_site_shows_verdicts_on_the_bottleneck_solver_and_initiative_pages(
    example: Path,
    run,
    judged,
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    done = run("site", "-o", str(site), cwd=example)
    assert done.code == 0, done.err
    page = (site / "bottlenecks" / f"{judged['id']}.html").read_text(encoding="utf-8")
    part = page.split("Oordeel van de initiatieven over de oplossing", 1)[1].split("</ul>")[0]
    assert html.escape(judged["disputing_name"], quote=True) in part
    assert "niet opgelost" in part and html.escape(DISPUTING_NOTE, quote=False) in part
    assert '<strong class="disputed">' in part
    assert ": werkt: " + WORKS_NOTE in part and EARLIER_NOTE not in part
    solver = (site / "solvers" / f"{judged['working']}.html").read_text(encoding="utf-8")
    assert html.escape(DISPUTING_NOTE, quote=False) in solver and WORKS_NOTE in solver
    own = (site / "initiatives" / f"{judged['content']}.html").read_text(encoding="utf-8")
    assert WORKS_NOTE in own and html.escape(DISPUTING_NOTE, quote=False) not in own
    # A bottleneck no one judged has no such part.
    other = next(p for p in (site / "bottlenecks").glob("kp-*.html") if judged["id"] not in p.name)
    assert "Oordeel van de initiatieven" not in other.read_text(encoding="utf-8")
