"""Long texts given back to a lean record set, for what a command shows.

A lean set (``store.load_records(lean=True)``) holds every record without its
descriptions and notes (reading one raises ``models.LongTextLeftOut``): at
50,000 bottlenecks those were 80 MB, and most commands show a few of them, or
none. ``show``, the reports, ``export`` and the index ask here for the texts of
what they show: taken from the rows of the cache database (``cachedb``), a few
hundred at a time, or read from their files again where there is no row. A
text from a row is the one of the file's content the set was read from (its
content key); a file changed since is not taken for it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator

from knelpunt import yamlio
from knelpunt.models import LEFT_OUT, LONG_TEXT, Bottleneck, Record, Update
from knelpunt.repo import Repository
from knelpunt.scanning import SourceFile, content_key
from knelpunt.store import RecordSet, parse_bytes, read_bytes

#: Rows asked for at a time.
BATCH = 500
#: Up to this many texts at a time are read from their files, not the rows
#: (none: the rows are quicker; the tests read both ways).
FEW_TEXTS = 0

Place = tuple[str, str]


def left_out(record: Record | Update, name: str) -> bool:
    """Whether the long text ``name`` of ``record`` (of a lean set) was left
    out and not given back: reading it would raise ``LongTextLeftOut``."""
    return record.__dict__.get(name) is LEFT_OUT


def bottleneck_texts(
    repo: Repository, records: RecordSet, ids: Iterable[str]
) -> Iterator[tuple[str, str, str]]:
    """Id, title and description of the bottlenecks ``ids``, in no set order,
    each handed over and let go of (``whole_records``)."""
    if not records.lean:
        for bottleneck_id in ids:
            found = records.bottlenecks.get(bottleneck_id)
            if found is not None:
                yield bottleneck_id, found.title, found.description
        return
    places = [("bottleneck", i) for i in ids if i in records.bottlenecks]
    for (_, bottleneck_id), whole in whole_records(repo, records, places):
        description = whole.description if isinstance(whole, Bottleneck) else ""
        yield bottleneck_id, records.bottlenecks[bottleneck_id].title, description


def with_long_text(
    repo: Repository,
    records: RecordSet,
    record_ids: Iterable[str],
    history: bool = True,
    own: bool = True,
) -> None:
    """Give the records ``record_ids`` of a lean set (unless not ``own``), and
    (with ``history``) the history entries of the bottlenecks among them,
    their long text back: for what is shown."""
    if not records.lean:
        return
    places: list[tuple[str, str]] = []
    for record_id in record_ids:
        found = records.find(record_id)
        if found is None:
            continue
        if own:
            places.append((found[0], record_id))
        if history and found[0] == "bottleneck":
            places += history_places(records, record_id)
    give_back(repo, records, places)


def history_places(records: RecordSet, bottleneck_id: str) -> list[tuple[str, str]]:
    """The places of a bottleneck's history entries (also when the
    bottleneck's own file cannot be read)."""
    return [("update", f"{bottleneck_id}/{u.id}") for u in records.updates.get(bottleneck_id, [])]


def give_back(repo: Repository, records: RecordSet, places: Iterable[tuple[str, str]]) -> None:
    """Give the records at ``places`` of a lean set their long text back."""
    if not records.lean:
        return
    for place, whole in whole_records(repo, records, places):
        lean = records.at(place)
        if lean is not None and whole is not None:
            for name in LONG_TEXT:
                if name in whole.__dict__:
                    lean.__dict__[name] = whole.__dict__[name]


def whole_records(
    repo: Repository, records: RecordSet, places: Iterable[Place]
) -> Iterator[tuple[Place, Record | Update | None]]:
    """The records at ``places`` of a lean set (``RecordSet.at``) as their
    files say, long text and all, in the order of ``places``, none kept once
    handed over: from their rows in the cache database, a batch at a time,
    or read from their files again. None where the file changed since the
    set was read (until the next run reads it)."""
    batch: list[Place] = []
    for place in places:
        batch.append(place)
        if len(batch) >= BATCH:
            yield from _whole(repo, records, batch)
            batch = []
    yield from _whole(repo, records, batch)


def _whole(
    repo: Repository, records: RecordSet, places: list[Place]
) -> Iterator[tuple[Place, Record | Update | None]]:
    found = _texts_of_rows(records, places) if len(places) > FEW_TEXTS else {}
    for place in places:
        lean = records.at(place)
        if lean is None or place not in records.keys:
            yield place, None
        elif place in found:
            whole = lean.model_copy()
            whole.__dict__.update(found[place])
            yield place, whole
        else:
            yield place, _from_file(repo, records, place)


def _texts_of_rows(records: RecordSet, places: list[Place]) -> dict[Place, dict[str, str]]:
    """The long texts of the rows of ``places`` whose content is the one read."""
    cache = records.cache
    if cache is None or not places:
        return {}
    where = {records.paths[p]: p for p in places if p in records.paths and p in records.keys}

    def texts(connection: sqlite3.Connection) -> dict[Place, dict[str, str]]:
        marks = ", ".join("?" for _ in where)
        rows = connection.execute(
            f"SELECT path, key, texts FROM file WHERE path IN ({marks})", list(where)
        )
        return {
            where[path]: json.loads(text)
            for path, key, text in rows
            if key == records.keys[where[path]]
        }

    return cache.read(texts) or {}


def _from_file(repo: Repository, records: RecordSet, place: Place) -> Record | Update | None:
    kind, locator = place
    parent = locator.split("/", 1)[0] if kind == "update" else None
    source = SourceFile(kind, str(repo.root), records.paths[place], parent)
    try:
        if records.read_again is not None:
            raw = records.read_again(source.relative)
        else:
            raw = read_bytes(source)
    except yamlio.ParseFailure:
        return None
    if content_key(kind, source.relative, raw) != records.keys[place]:
        return None
    return parse_bytes(repo.config, source, source.relative, raw).record


def in_order(
    repo: Repository, records: RecordSet, places: list[Place]
) -> Iterator[tuple[Place, Record | Update | None]]:
    """The records at ``places`` as their files say, long text and all, in
    the order of ``places``, none kept once handed over: for an export of
    50,000 bottlenecks, whose descriptions together were 80 MB."""
    if not records.lean:
        for place in places:
            yield place, records.at(place)
        return
    yield from whole_records(repo, records, places)
