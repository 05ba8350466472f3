"""``knelpunt site``: the agenda as a static website, for publishing.

A folder of plain HTML pages, linked with relative links, that any web server,
GitHub Pages or GitLab Pages can serve, and that opens from a USB stick too:

    index.html                  the progress report, linking to everything
    bottlenecks/index.html      every bottleneck, by priority
    bottlenecks/<id>.html       one bottleneck: its fields, state, history, workarounds
    solvers/index.html          the agenda of every problem-solver
    solvers/<id>.html           one problem-solver's agenda
    initiatives/index.html      what became of what each initiative raised
    initiatives/<id>.html       one initiative
    solutions/index.html        the catalogue of workarounds, by theme
    solutions/<id>.html         one workaround: what it eases, where it was
                                found and where it was taken over, how

The pages are the HTML reports (same templates, sandbox and escaping) with
links added, and a page per bottleneck. No contact person is on any page. The
folder holds a marker file, so a second run replaces its own pages and never
a folder it did not make (unless ``--force``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from knelpunt import atomic, frontrunners
from knelpunt.errors import FileRefused
from knelpunt.facts import BottleneckFacts
from knelpunt.formats import short_date
from knelpunt.messages import CHOICE_LABELS, label, report_text
from knelpunt.models import Bottleneck, Meeting, Solution
from knelpunt.priority import rank
from knelpunt.report.building import build as build_report
from knelpunt.report.initiatives import verdict_rows
from knelpunt.report.rendering import render_spooled
from knelpunt.report.source import Rows, Source, bottleneck_row
from knelpunt.report.workarounds import adoptions_of, workaround_catalogue

MARKER = ".knelpunt-site"
FOLDERS = {
    "bottleneck": "bottlenecks",
    "actor": "solvers",
    "initiative": "initiatives",
    "solution": "solutions",
}


@dataclass(frozen=True)
class Site:
    folder: Path
    pages: int


def links_from(depth: int, known: dict[str, set[str]]) -> Callable[[str, str], str]:
    """Relative links to record pages, from a page ``depth`` folders down; no
    link for a record without a page of its own."""
    up = "../" * depth

    def href(kind: str, record_id: str) -> str:
        folder = FOLDERS.get(kind)
        if folder is None or record_id not in known.get(kind, set()):
            return ""
        return f"{up}{folder}/{record_id}.html"

    return href


def prepare(folder: Path, force: bool) -> None:
    """An empty folder to build in: new, empty, or one this command made."""
    shown = folder.as_posix()
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise FileRefused("site_not_a_folder", shown)
    if folder.is_dir() and any(folder.iterdir()):
        if not (folder / MARKER).is_file() and not force:
            raise FileRefused("site_folder_not_ours", shown)
        for entry in folder.iterdir():
            # Never through a link: remove the link itself, not what it points at.
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("knelpunt site\n", encoding="utf-8")


def build(source: Source, templates: Path, folder: Path, force: bool = False) -> Site:
    """Write the site of ``source`` into ``folder``."""
    lang = source.lang
    records = source.records
    facts = source.facts
    # Every problem-solver a bottleneck was ever addressed to has a page, also
    # when nothing is open on its agenda (any more). The agenda is built once.
    addressed = {a.actor for f in facts.values() for a in f.state.addressings}
    addressed &= set(records.of("actor"))
    full = build_report("agenda", source, also=addressed)
    agenda = {**full, "solvers": [row for row in full["solvers"] if row["bottlenecks"]]}
    known = {
        "bottleneck": {b for b in facts if facts[b].state.status != "merged"},
        "actor": addressed,
        "initiative": set(records.of("initiative")),
        "solution": set(records.of("solution")),
    }
    prepare(folder, force)
    pages = 0
    scale = source.scale
    # One function a depth: the templates are compiled once for each.
    hrefs: dict[int, Callable[[str, str], str]] = {}

    def write(relative: str, name: str, context: dict[str, Any], depth: int) -> None:
        nonlocal pages
        href = hrefs.setdefault(depth, links_from(depth, known))
        # Spooled: the page of every agenda at 50,000 bottlenecks is 60 MB.
        spooled = render_spooled(name, context, templates, lang, "html", href, scale)
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # Two waits for the disk a page were most of the time of a site of
            # 65,000 pages: the pages go to the disk together, at the end.
            atomic.replace(path, spooled.pieces(), sync=False)
        finally:
            spooled.close()
        pages += 1

    def t(key: str) -> str:
        return report_text(key, lang)

    site_links = [
        {"url": "bottlenecks/index.html", "text": t("all_bottlenecks")},
        {"url": "solvers/index.html", "text": t("all_solvers")},
        {"url": "initiatives/index.html", "text": t("all_initiatives")},
        {"url": "solutions/index.html", "text": t("all_workarounds")},
        {"url": "questions/index.html", "text": t("questions_title")},
    ]
    progress = build_report("progress", source)
    write("index.html", "progress", {**progress, "site_links": site_links}, 0)

    write("solvers/index.html", "agenda", agenda, 1)
    for row in full["solvers"]:
        one = {**full, "solvers": [row], "awaiting": [], "beside": None}
        write(f"solvers/{row['id']}.html", "agenda", one, 1)

    initiatives = build_report("initiatives", source)
    write("initiatives/index.html", "initiatives", initiatives, 1)
    for initiative in initiatives["initiatives"]:
        one = {**initiatives, "initiatives": [initiative]}
        write(f"initiatives/{initiative['id']}.html", "initiatives", one, 1)

    ranked = rank(list(facts.values()), source.config.priority, source.today)
    base = {k: progress[k] for k in ("generated_on", "as_of", "lang")}
    # Questions and their answers (issue 32): no contact data is read for them.
    asked = frontrunners.question_rows(records, lang)
    write("questions/index.html", "site_questions", {**base, "questions": asked}, 1)
    # Open ones by priority, then the closed ones (solved, declined) by title.
    order = [s.bottleneck_id for s in ranked if s.bottleneck_id in known["bottleneck"]]
    del ranked  # 50,000 scores: the order is what is needed
    order += sorted(
        known["bottleneck"] - set(order), key=lambda b: facts[b].bottleneck.title.lower()
    )
    # History notes and workarounds are short: given back all at once. The
    # descriptions are most of the text (80 MB at 50,000 bottlenecks): each
    # page takes its own in turn, in the order of the record cache.
    source.notes_shown(order)
    source.shown(records.of("solution"), history=False)
    # The catalogue of workarounds, by theme, and a page each (issue 32).
    catalogue = workaround_catalogue(source)
    write("solutions/index.html", "site_solutions", {**base, **catalogue, "one": None}, 1)
    for theme in catalogue["themes"]:
        for workaround in theme["workarounds"]:
            one = {**base, "themes": [{**theme, "workarounds": [workaround]}], "one": workaround}
            write(f"solutions/{workaround['id']}.html", "site_solutions", one, 1)
    rows = Rows([facts[b] for b in order], partial(bottleneck_row, source=source))
    write("bottlenecks/index.html", "site_bottlenecks", {**base, "bottlenecks": rows}, 1)
    for (_, bottleneck_id), whole in source.in_turn([("bottleneck", b) for b in sorted(order)]):
        page = bottleneck_page(bottleneck_id, source, whole, facts)
        write(f"bottlenecks/{bottleneck_id}.html", "site_bottleneck", {**base, "b": page}, 1)
    atomic.sync_all()
    return Site(folder, pages)


def bottleneck_page(
    bottleneck_id: str,
    source: Source,
    whole: object = None,
    every: dict[str, BottleneckFacts] | None = None,
) -> dict[str, Any]:
    """What the page of one bottleneck shows: its public fields in the
    reader's words, its state and problem-solvers, history and workarounds.
    ``whole``: the bottleneck with its description, where ``source`` is lean;
    ``every``: the facts of all bottlenecks, when made already (for a page
    each, they were made again for every page: hours at 50,000)."""
    records, config, lang = source.records, source.config, source.lang
    facts = (every if every is not None else source.facts)[bottleneck_id]
    bottleneck: Bottleneck = facts.bottleneck
    described = whole if isinstance(whole, Bottleneck) else bottleneck
    row = bottleneck_row(facts, source)
    meetings = [records.of("meeting").get(m) for m in bottleneck.meetings]
    solutions = [records.of("solution").get(s) for s in bottleneck.solutions]
    return {
        **row,
        "description": described.description,
        "kind": label(CHOICE_LABELS, bottleneck.type, lang),
        "laws": [config.label("laws", law, lang) for law in bottleneck.laws],
        "tags": list(bottleneck.tags),
        # Where it was found before (issue 32), as the October report cites it.
        "sources": [item.model_dump() for item in described.sources],
        "severity": bottleneck.severity,
        "reported_on": short_date(bottleneck.reported_on, lang),
        "meetings": [
            f"{m.title}, {short_date(m.date, lang)}" for m in meetings if isinstance(m, Meeting)
        ],
        "workarounds": [
            {
                "title": s.title,
                "description": s.description or "",
                **adoptions_of(s, source),
            }
            for s in solutions
            if isinstance(s, Solution)
        ],
        "merged_from": [
            records.bottlenecks[b].title for b in facts.merged_from if b in records.bottlenecks
        ],
        # The notes are back: build gave them to every page's bottleneck.
        "verdicts": verdict_rows(source, [bottleneck_id]).get(bottleneck_id, []),
    }
