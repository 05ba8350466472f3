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

A second run into the same folder is incremental (issue 34): the marker is
also the manifest of the pages written (path, a key of what the page was made
from, the hash, size and time of what was written, the records it linked to).
A page whose key, links and file are as the manifest says is not rendered; a
page rendered to the same bytes is not written; the pages of records that are
gone are removed. A file the manifest does not name is never removed: it is
someone else's, and is named in a warning.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import knelpunt
from knelpunt import atomic, frontrunners
from knelpunt.errors import FileRefused
from knelpunt.facts import BottleneckFacts
from knelpunt.formats import short_date
from knelpunt.memo import builtin_templates
from knelpunt.messages import CHOICE_LABELS, label, report_text
from knelpunt.models import Bottleneck, Meeting, Solution
from knelpunt.priority import rank
from knelpunt.report.building import build as build_report
from knelpunt.report.initiatives import verdict_rows
from knelpunt.report.rendering import render_spooled
from knelpunt.report.source import Rows, Source, bottleneck_row
from knelpunt.report.workarounds import adoptions_of, workaround_catalogue

MARKER = ".knelpunt-site"
#: The marker's first line; the manifest of the pages written follows it.
MARKER_LINE = "knelpunt site"
MANIFEST_VERSION = 1
FOLDERS = {
    "bottleneck": "bottlenecks",
    "actor": "solvers",
    "initiative": "initiatives",
    "solution": "solutions",
}
#: Up to this many bottlenecks, their descriptions are held while the site is
#: made (4 KB each: 40 MB at 10,000).
DESCRIPTIONS_HELD = 20_000
#: The only paths a manifest may name (it is a file in the folder, which
#: anyone could edit): never one outside the folder or of another shape.
PAGE_PATH = re.compile(
    r"(index|(bottlenecks|solvers|initiatives|solutions|questions)/[a-z0-9-]+)\.html"
)


@dataclass(frozen=True)
class Site:
    folder: Path
    #: Pages the site has.
    pages: int
    #: Pages written by this run (new or changed), by path in the folder.
    written: tuple[str, ...] = ()
    #: Pages of records that are gone, removed.
    removed: tuple[str, ...] = ()
    #: Files in the folder knelpunt did not write: left as they are.
    foreign: tuple[str, ...] = ()


@dataclass
class Page:
    """What the manifest says of one page: the key of what it was made from
    (None: not known), the hash, size and time of the file written, and the
    records it linked to and those it named without a link (by kind)."""

    key: str | None
    sha: str
    size: int
    mtime: int
    links: dict[str, list[str]] = field(default_factory=dict)
    plain: dict[str, list[str]] = field(default_factory=dict)

    def on_disk(self, path: Path) -> bool:
        """The file at ``path`` is still the one written (not changed, not a link)."""
        try:
            found = path.lstat()
        except OSError:
            return False
        return (
            not path.is_symlink()
            and path.is_file()
            and found.st_size == self.size
            and found.st_mtime_ns == self.mtime
        )


@dataclass
class Manifest:
    """The pages of a site, and the key of everything they were made from
    (``world_key``; None: not known)."""

    pages: dict[str, Page] = field(default_factory=dict)
    world: str | None = None


class Links:
    """Relative links to record pages, from a page ``depth`` folders down; no
    link for a record without a page of its own. It notes the records asked
    for (``seen``): the page must be made again when one of them gains or
    loses its page. One for each depth: the templates are compiled once for each."""

    def __init__(self, depth: int, known: dict[str, set[str]]) -> None:
        self.up = "../" * depth
        self.known = known
        self.seen: dict[str, set[str]] = {}

    def __call__(self, kind: str, record_id: str) -> str:
        self.seen.setdefault(kind, set()).add(record_id)
        folder = FOLDERS.get(kind)
        if folder is None or record_id not in self.known.get(kind, set()):
            return ""
        return f"{self.up}{folder}/{record_id}.html"

    def noted(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """The records asked for since ``seen`` was emptied: with a link, without."""
        links: dict[str, list[str]] = {}
        plain: dict[str, list[str]] = {}
        for kind, ids in self.seen.items():
            mine = self.known.get(kind, set()) if kind in FOLDERS else set()
            linked = sorted(ids & mine)
            if linked:
                links[kind] = linked
            if len(linked) < len(ids):
                plain[kind] = sorted(ids - mine)
        return links, plain

    def same(self, page: Page) -> bool:
        """Every record ``page`` linked to still has a page, and none it named
        without a link has one now."""
        for kind, ids in page.links.items():
            mine = self.known.get(kind, set()) if kind in FOLDERS else set()
            if not mine.issuperset(ids):
                return False
        for kind, ids in page.plain.items():
            mine = self.known.get(kind, set()) if kind in FOLDERS else set()
            if not mine.isdisjoint(ids):
                return False
        return True


def links_from(depth: int, known: dict[str, set[str]]) -> Links:
    """Relative links to record pages, from a page ``depth`` folders down."""
    return Links(depth, known)


def prepare(folder: Path, force: bool) -> Manifest:
    """A folder to build in: new, empty, or one this command made. The
    manifest of the pages it holds ({} for a new or emptied folder). A folder
    of another's is refused, or with ``force`` emptied; so is one written by
    an earlier knelpunt without a manifest (all in it was its own)."""
    shown = folder.as_posix()
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise FileRefused("site_not_a_folder", shown)
    manifest = Manifest()
    if folder.is_dir() and any(folder.iterdir()):
        marker = folder / MARKER
        ours = marker.is_file() and not marker.is_symlink()
        if not ours and not force:
            raise FileRefused("site_folder_not_ours", shown)
        found = read_manifest(marker) if ours and not force else None
        if found is None:
            for entry in folder.iterdir():
                # Never through a link: remove the link itself, not what it points at.
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        else:
            manifest = found
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / MARKER).is_file():
        # Marked at once: a run broken off leaves a folder of its own.
        write_manifest(folder, manifest)
    return manifest


def read_manifest(marker: Path) -> Manifest | None:
    """The pages the marker names; None for a marker without a manifest (an
    earlier knelpunt's) or one that cannot be read: the folder is made anew."""
    try:
        text = marker.read_text(encoding="utf-8")
        first, _, rest = text.partition("\n")
        data = json.loads(rest) if first == MARKER_LINE and rest.strip() else None
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
            return None
        pages: dict[str, Page] = {}
        for path, entry in data["pages"].items():
            if isinstance(path, str) and PAGE_PATH.fullmatch(path) and isinstance(entry, dict):
                page = Page(**entry)
                if not well_formed(page):
                    return None
                pages[path] = page
        world = data.get("world")
        return Manifest(pages, world if isinstance(world, str) else None)
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError):
        return None


def well_formed(page: Page) -> bool:
    """A manifest's entry as this module writes it (the file could be edited)."""

    def ids(value: object) -> bool:
        return isinstance(value, dict) and all(
            isinstance(kind, str) and isinstance(found, list)
            and all(isinstance(i, str) for i in found)
            for kind, found in value.items()
        )  # fmt: skip

    return (
        isinstance(page.key, str | None)
        and isinstance(page.sha, str)
        and type(page.size) is int
        and type(page.mtime) is int
        and ids(page.links)
        and ids(page.plain)
    )


def write_manifest(folder: Path, manifest: Manifest) -> None:
    pages = manifest.pages
    data = {
        "version": MANIFEST_VERSION,
        "world": manifest.world,
        "pages": {path: pages[path].__dict__ for path in sorted(pages)},
    }
    text = MARKER_LINE + "\n" + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    marker = folder / MARKER
    try:
        if marker.read_text(encoding="utf-8") == text and not marker.is_symlink():
            return  # nothing changed: nothing written
    except (OSError, UnicodeDecodeError):
        pass
    atomic.replace(marker, text, sync=False)


def _plain(value: object) -> object:
    """A value of a page's context, for its key: as the template reads it."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Set):
        return sorted(value, key=repr)
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return list(value)  # rows made as they are read (``Rows``)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def context_key(*parts: object) -> str | None:
    """A key of what a page is made from (its template, language, depth and
    context): the same key, the same page. None when a value of the context
    cannot be told for sure; such a page is made every time."""
    try:
        text = json.dumps(parts, default=_plain, ensure_ascii=False, check_circular=False)
    except (TypeError, ValueError):
        return None
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def maker_key(templates: Path) -> str:
    """What every page is made with: knelpunt's own code and the templates
    (built-in, and the repository's own). Any change makes every page again."""
    digest = hashlib.blake2b(knelpunt.__version__.encode(), digest_size=20)
    roots = [Path(knelpunt.__file__).parent, builtin_templates()]
    if templates.is_dir() and not templates.is_symlink():
        roots.append(templates)
    for root in roots:
        pattern = "*.py" if root == roots[0] else "*.j2"
        for path in sorted(root.rglob(pattern)):
            if path.is_file() and not path.is_symlink():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def world_key(source: Source, maker: str) -> str | None:
    """A key of everything the site is made from: knelpunt and the templates
    (``maker``), the settings, the day, the language, and the content of
    every record's file. The same key, the same site: no page need be made.
    None when a record's content is not known (read without the record cache)."""
    records = source.records
    counted = sum(len(of) for of in records.records.values())
    counted += sum(len(updates) for updates in records.updates.values())
    if not records.keys or len(records.keys) < counted:
        return None
    config = source.config.model_dump_json()
    keys = sorted(f"{kind}/{place}={key}" for (kind, place), key in records.keys.items())
    problems = [str(problem) for problem in records.problems]
    day = source.today.isoformat()
    return context_key(maker, config, source.lang, day, source.as_of, keys, problems)


def foreign_files(folder: Path, pages: Mapping[str, Page]) -> list[str]:
    """Files in ``folder`` the manifest does not name: someone else's. Hidden
    ones (the marker, a write broken off) are not counted."""
    found: list[str] = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relative = Path(top).relative_to(folder)
        for name in sorted(files):
            path = (relative / name).as_posix()
            if not name.startswith(".") and path not in pages:
                found.append(path)
    return found


def build(source: Source, templates: Path, folder: Path, force: bool = False) -> Site:
    """Write the site of ``source`` into ``folder``: only the pages that
    changed since the site there was written, and remove those of records
    that are gone (see the module's docstring)."""
    lang = source.lang
    records = source.records
    facts = source.facts
    # Every problem-solver a bottleneck was ever addressed to has a page, also
    # when nothing is open on its agenda (any more). The agenda is built once.
    addressed = {a.actor for f in facts.values() for a in f.state.addressings}
    addressed &= set(records.of("actor"))
    known = {
        "bottleneck": {b for b in facts if facts[b].state.status != "merged"},
        "actor": addressed,
        "initiative": set(records.of("initiative")),
        "solution": set(records.of("solution")),
    }
    manifest = prepare(folder, force)
    before = manifest.pages
    now: dict[str, Page] = {}
    written: list[str] = []
    scale = source.scale
    maker = maker_key(templates)
    world = world_key(source, maker)
    # Nothing it is made from changed: every page stays (unless gone from disk).
    same_world = world is not None and world == manifest.world
    if same_world and all(page.on_disk(folder / path) for path, page in before.items()):
        return Site(folder, len(before), (), (), tuple(foreign_files(folder, before)))
    full = build_report("agenda", source, also=addressed)
    agenda = {**full, "solvers": [row for row in full["solvers"] if row["bottlenecks"]]}
    if len(facts) <= DESCRIPTIONS_HELD:
        # Every description given back at once (one pass over the record
        # cache), not read from its file for each row of each agenda that
        # shows it: for the key of each page, and for the pages made.
        source.shown(known["bottleneck"], history=False)
    # One a depth: the templates are compiled once for each.
    hrefs: dict[int, Links] = {}

    def unchanged(relative: str, depth: int) -> bool:
        """Page ``relative`` is as it was, and nothing it is made from changed."""
        old = before.get(relative)
        href = hrefs.setdefault(depth, Links(depth, known))
        if same_world and old and href.same(old) and old.on_disk(folder / relative):
            now[relative] = old
            return True
        return False

    def write(
        relative: str,
        name: str,
        context: dict[str, Any],
        depth: int,
        *key: object,
        keyed: bool = True,
    ) -> None:
        """Page ``relative`` from template ``name``: made only when what it
        is made from (``key``, else the whole context) or a record it links
        to changed, written only when its bytes did. Not ``keyed``: a page
        of everything, made whenever anything changed (its key would cost as
        much as making it)."""
        if unchanged(relative, depth):
            return
        href = hrefs.setdefault(depth, Links(depth, known))
        made_from = (maker, name, lang, depth, scale, *(key or (context,)))
        page_key = context_key(*made_from) if keyed else None
        path = folder / relative
        old = before.get(relative)
        if old and page_key and old.key == page_key and href.same(old) and old.on_disk(path):
            now[relative] = old
            return
        href.seen = {}
        # Spooled: the page of every agenda at 50,000 bottlenecks is 60 MB.
        spooled = render_spooled(name, context, templates, lang, "html", href, scale)
        try:
            digest = hashlib.sha256()
            for piece in spooled.pieces():
                digest.update(piece.encode("utf-8", "surrogatepass"))
            sha = digest.hexdigest()
            links, plain = href.noted()
            if old and old.sha == sha and old.on_disk(path):
                now[relative] = Page(page_key, sha, old.size, old.mtime, links, plain)
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            # Two waits for the disk a page were most of the time of a site of
            # 65,000 pages: the pages go to the disk together, at the end.
            atomic.replace(path, spooled.pieces(), sync=False)
        finally:
            spooled.close()
        done = path.stat()
        now[relative] = Page(page_key, sha, done.st_size, done.st_mtime_ns, links, plain)
        written.append(relative)

    def t(key: str, **params: Any) -> str:
        return report_text(key, lang, **params)

    titles = page_titles(source, full["solvers"], facts, known)
    site_links = [
        {"url": "bottlenecks/index.html", "text": t("all_bottlenecks")},
        {"url": "solvers/index.html", "text": t("all_solvers")},
        {"url": "initiatives/index.html", "text": t("all_initiatives")},
        {"url": "solutions/index.html", "text": t("all_workarounds")},
        {"url": "questions/index.html", "text": t("questions_title")},
    ]
    progress = build_report("progress", source)
    index = {**progress, "site_links": site_links, "page_title": titles["index.html"]}
    write("index.html", "progress", index, 0, keyed=False)

    every = {**agenda, "page_title": titles["solvers/index.html"]}
    write("solvers/index.html", "agenda", every, 1, keyed=False)
    # A problem-solver's page is the agenda with its row only: the rest of the
    # agenda is one key for them all.
    shared = context_key({k: v for k, v in full.items() if k not in ("solvers", "awaiting")})
    for row in full["solvers"]:
        if unchanged(f"solvers/{row['id']}.html", 1):
            continue
        title = titles[f"solvers/{row['id']}.html"]
        one = {**full, "solvers": [row], "awaiting": [], "beside": None, "page_title": title}
        key = (shared, row, title) if shared else ()
        write(f"solvers/{row['id']}.html", "agenda", one, 1, *key)

    initiatives = build_report("initiatives", source)
    title = titles["initiatives/index.html"]
    every = {**initiatives, "page_title": title}
    write("initiatives/index.html", "initiatives", every, 1, keyed=False)
    shared = context_key({k: v for k, v in initiatives.items() if k != "initiatives"})
    for initiative in initiatives["initiatives"]:
        if unchanged(f"initiatives/{initiative['id']}.html", 1):
            continue
        title = titles[f"initiatives/{initiative['id']}.html"]
        one = {**initiatives, "initiatives": [initiative], "page_title": title}
        key = (shared, initiative, title) if shared else ()
        write(f"initiatives/{initiative['id']}.html", "initiatives", one, 1, *key)

    ranked = rank(list(facts.values()), source.config.priority, source.today)
    base = {k: progress[k] for k in ("generated_on", "as_of", "lang")}
    # Questions and their answers (issue 32): no contact data is read for them.
    asked = frontrunners.question_rows(records, lang)
    title = titles["questions/index.html"]
    write(
        "questions/index.html",
        "site_questions",
        {**base, "questions": asked, "page_title": title},
        1,
    )
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
    title = titles["solutions/index.html"]
    every = {**base, **catalogue, "one": None, "page_title": title}
    write("solutions/index.html", "site_solutions", every, 1, keyed=False)
    for theme in catalogue["themes"]:
        for workaround in theme["workarounds"]:
            title = titles.get(f"solutions/{workaround['id']}.html", workaround["title"])
            one = {**base, "themes": [{**theme, "workarounds": [workaround]}], "one": workaround}
            write(
                f"solutions/{workaround['id']}.html",
                "site_solutions",
                {**one, "page_title": title},
                1,
            )
    rows = Rows([facts[b] for b in order], partial(bottleneck_row, source=source))
    title = titles["bottlenecks/index.html"]
    write(
        "bottlenecks/index.html",
        "site_bottlenecks",
        {**base, "bottlenecks": rows, "page_title": title},
        1,
        keyed=False,
    )
    for (_, bottleneck_id), whole in source.in_turn([("bottleneck", b) for b in sorted(order)]):
        if unchanged(f"bottlenecks/{bottleneck_id}.html", 1):
            continue
        page = bottleneck_page(bottleneck_id, source, whole, facts)
        title = titles[f"bottlenecks/{bottleneck_id}.html"]
        context = {**base, "b": page, "page_title": title}
        write(f"bottlenecks/{bottleneck_id}.html", "site_bottleneck", context, 1)
    # The pages of records that are gone: only those this command wrote.
    removed: list[str] = []
    for relative in sorted(set(before) - set(now)):
        path = folder / relative
        if path.parent.is_symlink() or not (path.is_file() or path.is_symlink()):
            continue
        path.unlink()
        removed.append(relative)
    write_manifest(folder, Manifest(now, world))
    atomic.sync_all()
    foreign = foreign_files(folder, now)
    return Site(folder, len(now), tuple(written), tuple(removed), tuple(foreign))


def page_titles(
    source: Source,
    solvers: list[dict[str, Any]],
    facts: dict[str, BottleneckFacts],
    known: dict[str, set[str]],
) -> dict[str, str]:
    """The ``<title>`` of every page, by its path: what the page is about, and
    the network. No two alike: a name two records share is told apart by id."""
    lang = source.lang
    records = source.records

    def t(key: str, **params: Any) -> str:
        return report_text(key, lang, **params)

    subjects = {
        "index.html": t("progress_title"),
        "solvers/index.html": t("agenda_title"),
        "initiatives/index.html": t("initiatives_title"),
        "questions/index.html": t("questions_title"),
        "solutions/index.html": t("workarounds"),
        "bottlenecks/index.html": t("all_bottlenecks"),
    }
    own: dict[str, tuple[str, str]] = {}
    for row in solvers:
        own[f"solvers/{row['id']}.html"] = ("site_title_solver", row["name"])
    for initiative_id, initiative in records.of("initiative").items():
        own[f"initiatives/{initiative_id}.html"] = ("site_title_initiative", initiative.label())
    for solution_id, solution in records.of("solution").items():
        own[f"solutions/{solution_id}.html"] = ("site_title_workaround", solution.label())
    for bottleneck_id in known["bottleneck"]:
        title = facts[bottleneck_id].bottleneck.title
        own[f"bottlenecks/{bottleneck_id}.html"] = ("site_title_bottleneck", title)
    twice = Counter(own.values())
    for path, (key, name) in own.items():
        if twice[(key, name)] > 1:
            name = f"{name} ({path.rsplit('/', 1)[1].removesuffix('.html')})"
        subjects[path] = t(key, name=name)
    network = getattr(source.config, "name", None) or t("site_title")
    return {
        path: subject
        if network in subject
        else t("site_page_title", subject=subject, network=network)
        for path, subject in subjects.items()
    }


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
