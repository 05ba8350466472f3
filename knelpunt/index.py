"""A lean index of the bottlenecks, in SQLite, for the commands that show many.

``list bottlenecks`` and ``prioritise`` show every bottleneck's title, state
and score. Taking those from the full record set means unpickling every record,
descriptions and histories included, and deriving every bottleneck's facts
again: seconds at 10,000 bottlenecks, for a table of a few columns. The index
keeps per bottleneck only what those commands filter, score and show, one row
each, plus the names of the problem-solvers, and a full-text table of titles
and descriptions for the similarity search at intake. ``prioritise --top N``
lets SQLite add up the scores and reads only the rows near the top. The same
file keeps the last reports rendered (``memo``), each under a key made of
everything the report was made from.

It is a cache, never a source: one SQLite file in the user's cache folder
(next to the record cache, where no repository content can put a file), made
for one manifest, the hash of every record file's content (``scanning.Scan``)
together with the code that derives the rows. It is used only when that
manifest is the one of the files now, so it is never stale. When any file
changed, the records are loaded as before (only changed files are parsed) and
the index brought up to date: the rows whose content changed are rewritten,
the rows of removed bottlenecks deleted. Deleting the file changes nothing but
speed; a file SQLite cannot read is thrown away and made again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from knelpunt.cachedb import CacheDatabase, set_made_for
from knelpunt.config import Priority
from knelpunt.facts import BottleneckFacts, facts_for, levels_of
from knelpunt.models import BottleneckKind
from knelpunt.repo import Repository
from knelpunt.scanning import Scan, scan
from knelpunt.similar import Match, normalise, similar_in, words
from knelpunt.store import RecordSet, load_records, load_scanned
from knelpunt.texts import bottleneck_texts, with_long_text
from knelpunt.workflow import Addressing

T = TypeVar("T")

#: The state of the files the rows were made for, in ``meta``.
MADE_FOR = "rows"

_COLUMNS = (
    "id, title, theme, kind, severity, reported_on, status, levels, addressees, statuses,"
    " addressings, is_open,"
    " reporters, regions, provinces, phases, stakeholders, supporters, ranking"
)

#: A place for each of the columns above.
_PLACES = ", ".join("?" for _ in _COLUMNS.split(","))


@dataclass(frozen=True, slots=True)
class LeanBottleneck:
    """One bottleneck as a listing needs it: what it shows, filters and scores on."""

    id: str
    title: str
    theme: str
    kind: BottleneckKind
    severity: int | None
    reported_on: dt.date
    status: str
    #: Every level it is addressed at (``facts.levels_of``), never one for all.
    levels: tuple[str, ...]
    #: Its problem-solvers, and each one's own status, in the order of its
    #: addressings: what a listing shows and filters on.
    addressees: tuple[str, ...]
    statuses: tuple[str, ...]
    #: Each addressing as ``show --json`` gives it (``addressing_json``), as
    #: JSON text: read only when a listing is written as JSON.
    addressings: str
    is_open: bool
    reporters: tuple[str, ...]
    regions: frozenset[str]
    provinces: frozenset[str]
    phases: frozenset[int]
    stakeholders: tuple[str, ...]
    supporters: tuple[str, ...]
    #: Its value in the latest ranking round (``facts.BottleneckFacts.ranking``).
    ranking: float = 0.0

    def as_row(self) -> tuple[Any, ...]:
        return (
            self.id,
            self.title,
            self.theme,
            self.kind,
            self.severity,
            self.reported_on.isoformat(),
            self.status,
            _join(self.levels),
            _join(self.addressees),
            _join(self.statuses),
            self.addressings,
            int(self.is_open),
            _join(self.reporters),
            _join(sorted(self.regions)),
            _join(sorted(self.provinces)),
            _join(str(p) for p in sorted(self.phases)),
            _join(self.stakeholders),
            _join(self.supporters),
            self.ranking,
        )

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> LeanBottleneck:
        return cls(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            dt.date.fromisoformat(row[5]),
            row[6],
            _split(row[7]),
            _split(row[8]),
            _split(row[9]),
            row[10],
            bool(row[11]),
            _split(row[12]),
            frozenset(_split(row[13])),
            frozenset(_split(row[14])),
            frozenset(int(p) for p in _split(row[15])),
            _split(row[16]),
            _split(row[17]),
            float(row[18]),
        )

    def addressing_list(self) -> list[dict[str, Any]]:
        """Each addressing as ``show --json`` gives it."""
        found = json.loads(self.addressings)
        return found if isinstance(found, list) else []

    def solver_statuses(self) -> list[tuple[str, str]]:
        """Each problem-solver and its own status."""
        return list(zip(self.addressees, self.statuses, strict=False))


# Lists of ids and vocabulary keys, which never hold this separator
# (ids are [a-z0-9-], see ids.ID_PATTERN): splitting them is ten times
# quicker than JSON for the 70,000 lists of 10,000 rows.
_SEPARATOR = "\x1f"


def _join(items: Iterable[str]) -> str:
    return _SEPARATOR.join(items)


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split(_SEPARATOR)) if text else ()


def addressing_json(addressing: Addressing) -> dict[str, Any]:
    """One problem-solver's addressing for programs (``show --json``,
    ``export``, ``list --json``, ``prioritise --json``): its own level, status,
    since, rule, the initiatives it concerns and its last step. Here, where
    the lean rows are made, so that a listing read from the index gives it as
    ``show`` does."""
    step = addressing.step
    return {
        "actor": addressing.actor,
        "level": addressing.level,
        "status": addressing.status,
        "since": addressing.since.isoformat(),
        "rule": addressing.rule,
        "concerns": list(addressing.concerns),
        "last_step": step.id if step else None,
        # The day the solver is expected to answer by (workflow.derive).
        "answer_by": addressing.answer_by.isoformat() if addressing.answer_by else None,
    }


def lean_of(facts: BottleneckFacts) -> LeanBottleneck:
    """The row of one bottleneck. Its levels and each problem-solver's state
    are taken from the one derivation (``workflow.derive``, ``facts.levels_of``),
    as ``show`` takes them: never recomputed from the row."""
    bottleneck, state = facts.bottleneck, facts.state
    return LeanBottleneck(
        id=bottleneck.id,
        title=bottleneck.title,
        theme=bottleneck.theme,
        kind=bottleneck.type,
        severity=bottleneck.severity,
        reported_on=bottleneck.reported_on,
        status=state.status,
        levels=levels_of(state),
        addressees=tuple(a.actor for a in state.addressings),
        statuses=tuple(a.status for a in state.addressings),
        addressings=json.dumps([addressing_json(a) for a in state.addressings]),
        is_open=state.is_open,
        reporters=facts.reporters,
        regions=facts.regions,
        provinces=facts.provinces,
        phases=facts.phases,
        stakeholders=facts.stakeholders,
        supporters=facts.supporters,
        ranking=facts.ranking,
    )


def searched_text(title: str, description: str) -> str:
    """The normalised text ``--search`` looks in."""
    return normalise(f"{title} {description}")


@dataclass
class LeanSet:
    """Every bottleneck's lean row and the names of the problem-solvers."""

    rows: dict[str, LeanBottleneck]
    labels: dict[str, str]
    #: The full records, when they had to be loaded anyway (the index was not current).
    records: RecordSet | None = None
    #: The index to search in (``matching``), when it is current.
    index: BottleneckIndex | None = None
    token: str | None = None
    #: The rows were made from the records in this run, not read from the index.
    made: bool = False

    @property
    def clean(self) -> bool:
        """Made from records without a problem (the index keeps only those)."""
        return self.records is None or not self.records.problems

    def matching(self, needle: str) -> set[str]:
        """The ids of the bottlenecks whose title or description holds
        ``needle`` (normalised). The texts are not among the rows: a listing
        holds none of the 50,000 descriptions of a large network."""
        if self.records is not None:
            return {
                b.id
                for b in self.records.bottlenecks.values()
                if needle in searched_text(b.title, b.description)
            }
        if self.index is not None and self.token is not None:
            found = self.index.containing(self.token, needle)
            if found is not None:
                return found
        return set()


class BottleneckIndex:
    """The lean rows, the names of the problem-solvers and the full-text table,
    in the cache database. Every failure to read or write it is a miss, never
    an error."""

    def __init__(self, cache: CacheDatabase) -> None:
        self.cache = cache

    def _ask(self, token: str, question: Callable[[sqlite3.Connection], T]) -> T | None:
        """``question`` answered when the rows were made for ``token``."""

        def current(connection: sqlite3.Connection) -> T | None:
            found = connection.execute(
                "SELECT value FROM meta WHERE name = ?", (MADE_FOR,)
            ).fetchone()
            return question(connection) if found is not None and found[0] == token else None

        return self.cache.read(current)

    def read(self, token: str) -> LeanSet | None:
        """The rows, when the index was made for ``token``; else None."""

        def rows(connection: sqlite3.Connection) -> LeanSet:
            found = {
                row[0]: LeanBottleneck.from_row(row)
                for row in connection.execute(f"SELECT {_COLUMNS} FROM bottleneck")
            }
            labels = dict(connection.execute("SELECT id, label FROM label").fetchall())
            return LeanSet(found, labels, index=self, token=token)

        return self._ask(token, rows)

    def containing(self, token: str, needle: str) -> set[str] | None:
        """The ids whose searched text holds ``needle``; None when not current."""

        def found(connection: sqlite3.Connection) -> set[str]:
            cursor = connection.execute(
                "SELECT id FROM bottleneck WHERE instr(search, ?) > 0", (needle,)
            )
            return {row[0] for row in cursor}

        return self._ask(token, found)

    def write(
        self,
        token: str,
        rows: dict[str, LeanBottleneck],
        labels: dict[str, str],
        keys: dict[str, str],
        texts: Callable[[Iterable[str]], Iterator[tuple[str, str, str]]],
    ) -> bool:
        """Bring the index up to ``token``: rewrite only the rows that changed.
        Whether it was written.

        A row changed when its columns or its file's content (``keys``, the
        content key of each bottleneck's file) did. ``texts`` gives the title
        and description of the bottlenecks asked, one at a time: only those of
        the rows that changed are asked for, and none is kept here. What SQLite
        is handed is a copy (binding a str makes CPython keep its UTF-8 form
        inside it for good: 80 MB of descriptions at 50,000).

        The rows are written a batch at a time, between the reads of their
        texts (which ask the same database), and the index is said to be
        made for ``token`` only when every row is the one wanted: another
        knelpunt writing meanwhile leaves it not current, never wrong."""
        known = self.cache.read(
            lambda connection: dict(connection.execute("SELECT id, digest FROM bottleneck"))
        )
        known = known or {}
        # Id -> digest: the rows themselves are made again when written,
        # not held twice (15 MB at 50,000).
        wanted: dict[str, str] = {}
        for lean in rows.values():
            wanted[lean.id] = hashlib.blake2b(
                json.dumps([lean.as_row(), keys.get(lean.id, "")]).encode(), digest_size=12
            ).hexdigest()
        changed = {i: d for i, d in wanted.items() if known.get(i) != d}
        batch: list[tuple[str, str, str]] = []
        written = True
        missing = set(changed)
        for found in texts(list(changed)):
            if found[0] in missing:
                missing.discard(found[0])
                batch.append(found)
            if len(batch) >= _BATCH:
                written = self._insert(batch, changed, rows, known) and written
        # A text that could not be had: the row, all the same.
        batch += [(i, rows[i].title, "") for i in sorted(missing)]
        written = self._insert(batch, changed, rows, known) and written

        def finish(connection: sqlite3.Connection) -> None:
            gone = [(i,) for i in known if i not in wanted]
            connection.executemany("DELETE FROM bottleneck WHERE id = ?", gone)
            connection.executemany("DELETE FROM fulltext WHERE id = ?", gone)
            connection.execute("DELETE FROM label")
            connection.executemany("INSERT INTO label VALUES (?, ?)", sorted(labels.items()))
            now = dict(connection.execute("SELECT id, digest FROM bottleneck"))
            if now == wanted:
                set_made_for(connection, MADE_FOR, token)

        return self.cache.write(finish) and written

    def _insert(
        self,
        batch: list[tuple[str, str, str]],
        changed: dict[str, str],
        rows: dict[str, LeanBottleneck],
        known: dict[str, str],
    ) -> bool:
        """Write the rows of ``batch`` (id, title, description), then empty it.
        Only rows there were (``known``) are deleted from the full-text table
        first: each such delete reads the whole table (its id is no index)."""

        def change(connection: sqlite3.Connection) -> None:
            connection.executemany(
                "DELETE FROM fulltext WHERE id = ?", [(b[0],) for b in batch if b[0] in known]
            )
            connection.executemany(
                f"INSERT OR REPLACE INTO bottleneck (digest, {_COLUMNS}, search)"
                f" VALUES (?, {_PLACES}, ?)",
                (
                    (changed[i], *rows[i].as_row(), searched_text(title, text))
                    for i, title, text in batch
                ),
            )
            connection.executemany(
                "INSERT INTO fulltext (id, title, description) VALUES (?, ?, ?)",
                ((i, _copy(title), _copy(text)) for i, title, text in batch),
            )

        written = not batch or self.cache.write(change)
        batch.clear()
        return written

    def write_from(self, repo: Repository, token: str, lean: LeanSet, records: RecordSet) -> bool:
        """``write`` the rows of ``lean`` and the texts of the ``records`` it
        was made of (of the record cache, for a lean set)."""
        return self.write(
            token,
            lean.rows,
            lean.labels,
            {i: k for (kind, i), k in records.keys.items() if kind == "bottleneck"},
            lambda ids: bottleneck_texts(repo, records, ids),
        )

    def highest(
        self, token: str, weights: Priority, today: dt.date, top: int
    ) -> list[LeanBottleneck] | None:
        """The open bottlenecks that can be among the ``top`` highest scores.

        SQLite adds up the score without the rounding of each part that
        ``priority.score`` does; every row within the largest difference that
        rounding can make of the ``top``-th is returned, to be scored exactly
        and ranked by the caller. None when the index is not current."""
        # How many items a joined list holds: its separators plus one.
        count = (
            "(CASE WHEN {0} = '' THEN 0"
            " ELSE length({0}) - length(replace({0}, char(31), '')) + 1 END)"
        )
        kinds = " ".join(
            f"WHEN '{kind}' THEN {float(weight)!r}" for kind, weight in weights.types.items()
        )
        phases = " + ".join(
            f"(CASE WHEN instr(phases, '{int(p)}') > 0 THEN {float(w)!r} ELSE 0 END)"
            for p, w in weights.phases.items()
        )
        months = "max(0, julianday(?) - julianday(reported_on)) / 30.4375"
        approx = " + ".join(
            (
                f"{float(weights.reach)!r} * {count.format('reporters')}",
                f"{float(weights.regions)!r} * {count.format('regions')}",
                f"{float(weights.provinces)!r} * {count.format('provinces')}",
                f"{float(weights.stakeholders)!r} * {count.format('stakeholders')}",
                f"{float(weights.support)!r} * {count.format('supporters')}",
                f"{float(weights.ranking)!r} * ranking",
                f"{float(weights.severity)!r} * coalesce(severity, 0)",
                phases or "0",
                f"(CASE kind {kinds} ELSE 0 END)" if kinds else "0",
                f"{float(weights.age_per_month)!r} * min({months}, {int(weights.age_cap_months)})",
            )
        )
        # Each of twelve parts is rounded to 0.001 and the age to 0.01 month.
        slack = 0.01 + 0.006 * abs(weights.age_per_month)

        def near_the_top(connection: sqlite3.Connection) -> list[LeanBottleneck]:
            cursor = connection.execute(
                f"SELECT {_COLUMNS}, {approx} AS approx FROM bottleneck WHERE is_open = 1"
                " ORDER BY approx DESC",
                (today.isoformat(),),
            )
            chosen: list[LeanBottleneck] = []
            floor: float | None = None
            for row in cursor:
                if floor is not None and row[-1] < floor:
                    break
                chosen.append(LeanBottleneck.from_row(row[:-1]))
                if len(chosen) == top:
                    floor = row[-1] - slack
            return chosen

        return self._ask(token, near_the_top)

    def candidates(
        self, token: str, title: Iterable[str], words: Iterable[str], limit: int
    ) -> list[str] | None:
        """Ids of the bottlenecks most like a new one, by full-text search: the
        best ``limit`` on the title's words in titles, and the best ``limit``
        on all its words in titles and descriptions. None when the index is
        not current."""

        def found(connection: sqlite3.Connection) -> list[str]:
            ids: dict[str, None] = {}
            for column, terms in (("title", _terms(title)), ("fulltext", _terms(words))):
                if not terms:
                    continue
                query = f"title : ({terms})" if column == "title" else terms
                for row in connection.execute(
                    # Title words weigh more, as they do in similar.similar.
                    "SELECT id FROM fulltext WHERE fulltext MATCH ?"
                    " ORDER BY bm25(fulltext, 0.0, 3.0, 1.0) LIMIT ?",
                    (query, limit),
                ):
                    ids[row[0]] = None
            return list(ids)

        return self._ask(token, found)


def _copy(text: str) -> str:
    """A new str with the same text (see ``BottleneckIndex.write``)."""
    return text[:1] + text[1:]


def _terms(words: Iterable[str]) -> str:
    """An FTS5 query for any of ``words``, each as a prefix of at most five
    letters: the comparison after it works on pieces of words, so
    "administratie" should find "administratieve" and "uitker" "uitkeringen"."""
    prefixes = {w[:PREFIX] for w in words if w.isalnum()}
    return " OR ".join(f'"{w}"*' for w in sorted(prefixes))


def _token(manifest: str) -> str:
    """What the rows are made for: every file's content (and, through the
    cache's stamp in the manifest, knelpunt's code and settings)."""
    return manifest


def highest_bottlenecks(
    repo: Repository, weights: Priority, today: dt.date, top: int, scanned: Scan | None = None
) -> LeanSet:
    """The open bottlenecks that can be among the ``top`` highest scores (more
    where scores are close): straight from the index when it is current,
    without reading or scoring every row; else every bottleneck."""
    scanned = scanned or scan(repo)
    if scanned.cache is not None and scanned.complete:
        found = BottleneckIndex(scanned.cache).highest(
            _token(scanned.manifest()), weights, today, top
        )
        if found is not None:
            return LeanSet({row.id: row for row in found}, {})
    return lean_bottlenecks(repo, scanned)


def lean_bottlenecks(repo: Repository, scanned: Scan | None = None) -> LeanSet:
    """Every bottleneck's lean row: from the index when it is current.

    Else the index is brought up to date from a lean record set (no long
    text; the descriptions of the rows that changed are taken one at a time),
    and the rows come with the index to search in. Where no index can be
    written (no cache, or records with problems, which it never keeps), from
    the whole records, which are then kept in ``LeanSet.records``."""
    scanned = scanned or scan(repo)
    cache = scanned.cache
    index = BottleneckIndex(cache) if cache is not None else None
    if index is not None and scanned.complete:
        found = index.read(_token(scanned.manifest()))
        if found is not None:
            return found
    if index is not None:
        records = load_records(repo, scanned, lean=True)
        if not records.problems:
            lean = lean_set(records)
            token = _token(scanned.manifest())
            if index.write_from(repo, token, lean, records):
                return LeanSet(lean.rows, lean.labels, index=index, token=token, made=True)
    return lean_set(load_scanned(repo, scanned))


def lean_set(records: RecordSet) -> LeanSet:
    rows = {f.id: lean_of(f) for f in facts_for(records).values()}
    labels = {actor_id: actor.label() for actor_id, actor in records.of("actor").items()}
    return LeanSet(rows, labels, records, made=True)


#: Rows written to the index at a time.
_BATCH = 500

#: How many bottlenecks each full-text search hands to the exact comparison.
CANDIDATES = 100
PREFIX = 5


def similar_bottlenecks(
    repo: Repository, records: RecordSet, new: Any, limit: int = 5
) -> list[Match]:
    """``similar.similar_in``, but only over the bottlenecks the full-text index
    finds for the new title and description (its best ``CANDIDATES``): a tenth
    of a second at 10,000 bottlenecks instead of seconds. Without a current
    index for these records it is brought up to date first; where none can be
    had, every bottleneck is compared, as before."""
    title = str(getattr(new, "title", "") or "")
    title_terms = words(title)
    terms = words(f"{title} {getattr(new, 'description', '') or ''}")
    among: set[str] | None = None
    # Comparing a few hundred costs less than a tenth of a second: only a
    # large repository is narrowed down first.
    cache = records.cache
    if (
        cache is not None
        and records.manifest is not None
        and terms
        and len(records.bottlenecks) > 2 * CANDIDATES
    ):
        index = BottleneckIndex(cache)
        token = _token(records.manifest)
        found = index.candidates(token, title_terms, terms, CANDIDATES)
        if found is None and not records.problems:
            index.write_from(repo, token, lean_set(records), records)
            found = index.candidates(token, title_terms, terms, CANDIDATES)
        among = set(found) if found is not None else None
    # A lean set compares the descriptions of the candidates only.
    with_long_text(repo, records, list(records.bottlenecks) if among is None else among, False)
    return similar_in(records, new, limit, among)
