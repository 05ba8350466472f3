"""One search over the records people ask about (``knelpunt search``).

"Has anyone found a way round this?": the bottlenecks, the workarounds and
(as their kinds are added to ``KINDS``) any other record with text, searched
at once, ranked, each found with its kind, id, title and a snippet of the text
around the match.

Dutch-aware without a language model. Text and query go through the same
steps (``search_words``): lowercased, accents taken off (coöperatie ->
cooperatie), small words left out (``similar.STOPWORDS``), and common Dutch
endings cut by a small suffix stripper: the one of the similarity search at
intake (``similar.stem``: plurals -en, -s, -es, diminutives -tjes, -jes, a
final -e, and -heden -> -heid, each only where four letters stay), and then a
consonant doubled before the cut ending made single again and cut as the
singular is (bussen -> buss -> bus -> bu, as "bus" -> "bu"). So
"vrijwilligers" and "Vrijwilliger" are both "vrijwilliger", "belastingen" is
"belasting", "dorpsbussen" and "dorpsbus" are both "dorpsbu", "mogelijkheden"
"mogelijkheid". Each query word is then looked for as the start of a word, so
"zorg" finds "zorgcooperatie" too. Every query word must be found.

Ranked: a record whose title holds every word comes before one where they are
only in its text; within each, SQLite's bm25 with the title weighing most,
then the text (descriptions, answers), then the notes of its history.

Fast at 10,000 bottlenecks: the stemmed texts are kept in an FTS5 table of the
same SQLite file as the lean index of the bottlenecks (``index``), made for
one manifest of the record files and brought up to date row by row (only the
records whose files changed are read again). Where no index can be kept (no
cache folder, records with problems) the same table is made in memory for the
one search.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from knelpunt.cachedb import SCHEMA, CacheDatabase, set_made_for
from knelpunt.models import Record
from knelpunt.repo import Repository
from knelpunt.scanning import scan
from knelpunt.similar import STOPWORDS, normalise, stem
from knelpunt.store import RecordSet, load_records, load_scanned
from knelpunt.texts import give_back, history_places

#: The state of the files the search table was made for, in ``meta``.
MADE_FOR = "search"


@dataclass(frozen=True)
class SearchKind:
    """A kind of record the search looks in: which field is its title, which
    hold its text, and whether the notes of its history count."""

    kind: str
    title: str
    texts: tuple[str, ...]
    history: bool = False


#: The kinds searched, in the order they are offered. Adding a kind is one
#: line: ``register(SearchKind("question", "topic", ("text", "answer")))``.
KINDS: dict[str, SearchKind] = {}


def register(kind: SearchKind) -> None:
    KINDS[kind.kind] = kind


register(SearchKind("bottleneck", "title", ("description", "approach", "means"), history=True))
register(SearchKind("solution", "title", ("description",)))
register(SearchKind("question", "topic", ("text", "answer")))


@dataclass(frozen=True)
class Found:
    """One record found: its kind, id, title and a snippet of its text."""

    kind: str
    id: str
    title: str
    snippet: str
    #: Whether every word of the query is in its title.
    in_title: bool
    #: bm25 (lower is better), for the order only.
    rank: float = field(default=0.0, compare=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "snippet": self.snippet,
            "in_title": self.in_title,
        }


def search_stem(word: str) -> str:
    """``similar.stem``, then a doubled consonant before the cut ending made
    single and cut as the singular is (dorpsbussen -> dorpsbus -> dorpsbu,
    stoppen -> stop)."""
    cut = stem(word)
    if (
        cut != word
        and len(cut) > 4
        and cut[-1] == cut[-2]
        and cut[-1].isalpha()
        and cut[-1] not in "aeiou"
    ):
        # Cut again as the singular is: dorpsbus -> dorpsbu, as "dorpsbus" is.
        return stem(cut[:-1])
    return cut


def search_words(text: str) -> list[str]:
    """The words of ``text`` as the index holds them (see the module's comment)."""
    return [search_stem(w) for w in re.findall(r"[a-z0-9]+", normalise(text)) if w not in STOPWORDS]


def terms(text: str) -> list[str]:
    """The query's words as the index holds them (see the module's comment);
    a query of only small words ("de", "van") is searched as typed."""
    found = list(dict.fromkeys(search_words(text)))
    if not found:
        found = list(dict.fromkeys(re.findall(r"[a-z0-9]+", normalise(text))))
    return found


def stemmed(text: str) -> str:
    """A text as the index holds it: every word lowercased, accents off, stemmed."""
    return " ".join(search_words(text))


@dataclass(frozen=True)
class Document:
    kind: str
    id: str
    title: str
    #: Its texts as written (for the snippet) and its history's notes.
    body: str
    notes: str

    @property
    def place(self) -> str:
        return f"{self.kind}:{self.id}"


def _text(record: Any, name: str) -> str:
    value = getattr(record, name, None)
    return value.strip() if isinstance(value, str) else ""


def document(records: RecordSet, kind: SearchKind, record: Record) -> Document:
    body = "\n".join(t for t in (_text(record, n) for n in kind.texts) if t)
    notes = ""
    if kind.history:
        notes = "\n".join(u.note for u in records.updates.get(record.id, []) if u.note)
    return Document(kind.kind, record.id, _text(record, kind.title) or record.id, body, notes)


def _digest(records: RecordSet, kind: SearchKind, record_id: str) -> str:
    """What a document is made of: its file's content key (and those of its
    history), so that only the documents of changed files are made again."""
    keys = [records.keys.get((kind.kind, record_id), "")]
    if kind.history:
        keys += [records.keys.get(p, "") for p in history_places(records, record_id)]
    return hashlib.blake2b("|".join(keys).encode(), digest_size=12).hexdigest()


def _places(records: RecordSet, kind: SearchKind, record_id: str) -> list[tuple[str, str]]:
    places = [(kind.kind, record_id)]
    if kind.history:
        places += history_places(records, record_id)
    return places


def _kinds_in(records: RecordSet) -> list[SearchKind]:
    return [k for k in KINDS.values() if k.kind in records.records]


def _insert(connection: sqlite3.Connection, docs: Iterable[tuple[Document, str]]) -> None:
    for doc, digest in docs:
        connection.execute(
            "INSERT OR REPLACE INTO searched VALUES (?, ?, ?, ?, ?, ?)",
            (doc.place, doc.kind, doc.id, digest, doc.title, doc.body),
        )
        connection.execute(
            "INSERT INTO searchtext (place, title, body, notes) VALUES (?, ?, ?, ?)",
            (doc.place, stemmed(doc.title), stemmed(doc.body), stemmed(doc.notes)),
        )


def _fill(repo: Repository, records: RecordSet, ask: Any, write: Any) -> bool:
    """Bring the tables up to ``records``: rows of removed records go, rows
    whose files changed are made again (their long text read back), a batch
    at a time between the reads of their texts. Whether all was written."""
    known = ask(lambda c: dict(c.execute("SELECT place, digest FROM searched"))) or {}
    wanted: dict[str, tuple[SearchKind, str, str]] = {}
    for kind in _kinds_in(records):
        for record_id in records.of(kind.kind):
            wanted[f"{kind.kind}:{record_id}"] = (
                kind,
                record_id,
                _digest(records, kind, record_id),
            )
    gone = [(p,) for p in known if p not in wanted]
    changed = [(p, w) for p, w in wanted.items() if known.get(p) != w[2]]
    written = True
    for start in range(0, len(changed), _BATCH):
        batch = changed[start : start + _BATCH]
        give_back(repo, records, [p for _, (k, i, _) in batch for p in _places(records, k, i)])
        docs = [(document(records, k, records.of(k.kind)[i]), d) for _, (k, i, d) in batch]

        def change(connection: sqlite3.Connection, batch: Any = batch, docs: Any = docs) -> None:
            # Only rows there were: each delete reads the whole full-text table.
            places = [(p,) for p, _ in batch if p in known]
            connection.executemany("DELETE FROM searched WHERE place = ?", places)
            connection.executemany("DELETE FROM searchtext WHERE place = ?", places)
            _insert(connection, docs)

        written = write(change) and written

    def finish(connection: sqlite3.Connection) -> None:
        connection.executemany("DELETE FROM searched WHERE place = ?", gone)
        connection.executemany("DELETE FROM searchtext WHERE place = ?", gone)
        now = dict(connection.execute("SELECT place, digest FROM searched"))
        if now == {p: w[2] for p, w in wanted.items()}:
            set_made_for(connection, MADE_FOR, records.manifest or "")

    return write(finish) and written


#: Documents written at a time.
_BATCH = 500


def search(repo: Repository, text: str, kinds: Iterable[str] = (), limit: int = 20) -> list[Found]:
    """The records that hold every word of ``text``, best first (at most
    ``limit``), of the ``kinds`` asked (all of ``KINDS`` when none)."""
    wanted = terms(text)
    chosen = [k for k in (kinds or KINDS) if k in KINDS]
    if not wanted or not chosen:
        return []
    question = _question(wanted, chosen, limit)
    scanned = scan(repo)
    cache = scanned.cache
    if cache is not None:
        if scanned.complete:
            found = _current(cache, scanned.manifest(), question)
            if found is not None:
                return found
        records = load_records(repo, scanned, lean=True)
        manifest = records.manifest
        if not records.problems and manifest and _fill(repo, records, cache.read, cache.write):
            found = _current(cache, manifest, question)
            if found is not None:
                return found
    # No index to keep: the same table in memory, for this search.
    records = load_scanned(repo, scanned)
    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(SCHEMA)

        def here(change: Callable[[sqlite3.Connection], Any]) -> Any:
            return change(connection)

        _fill(repo, records, here, lambda change: here(change) or True)
        return question(connection)
    finally:
        connection.close()


def _current(
    cache: CacheDatabase, manifest: str, question: Callable[[sqlite3.Connection], list[Found]]
) -> list[Found] | None:
    """The answer from the search table, when it was made for ``manifest``."""

    def asked(connection: sqlite3.Connection) -> list[Found] | None:
        found = connection.execute("SELECT value FROM meta WHERE name = ?", (MADE_FOR,)).fetchone()
        return question(connection) if found is not None and found[0] == manifest else None

    return cache.read(asked)


def _question(
    wanted: list[str], kinds: list[str], limit: int
) -> Callable[[sqlite3.Connection], list[Found]]:
    match = " ".join(f'"{w}"*' for w in wanted)
    places = ", ".join("?" for _ in kinds)

    def ask(connection: sqlite3.Connection) -> list[Found]:
        in_title = {
            row[0]
            for row in connection.execute(
                "SELECT place FROM searchtext WHERE searchtext MATCH ?", (f"title : ({match})",)
            )
        }
        rows = connection.execute(
            "SELECT s.place, s.kind, s.id, s.title, s.body,"
            " bm25(searchtext, 0.0, 10.0, 3.0, 1.0) AS rank"
            " FROM searchtext JOIN searched AS s ON s.place = searchtext.place"
            f" WHERE searchtext MATCH ? AND s.kind IN ({places})",
            (match, *kinds),
        ).fetchall()
        ranked = sorted(rows, key=lambda r: (r[0] not in in_title, r[5], r[2]))
        return [
            Found(kind, rid, title, snippet(body, wanted), place in in_title, rank)
            for place, kind, rid, title, body, rank in ranked[:limit]
        ]

    return ask


#: Characters of text shown before and after the first word found.
BEFORE, AFTER = 50, 110


def snippet(text: str, wanted: list[str]) -> str:
    """The text around the first word that matches the query (as the search
    matches: stemmed, from its start), cut at words, on one line; else its
    beginning."""
    flat = " ".join(text.split())
    if not flat:
        return ""
    at = 0
    for word in re.finditer(r"\w+", flat):
        plain = normalise(word.group())
        form = search_stem(plain)
        if any(form.startswith(w) or plain.startswith(w) for w in wanted):
            at = word.start()
            break
    start = max(0, at - BEFORE)
    end = min(len(flat), at + AFTER)
    if start > 0:
        space = flat.find(" ", start, at)
        start = space + 1 if space >= 0 else start
    if end < len(flat):
        space = flat.rfind(" ", at, end)
        end = space if space > at else end
    return ("…" if start > 0 else "") + flat[start:end] + ("…" if end < len(flat) else "")
