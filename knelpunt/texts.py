"""Long texts given back to a lean record set, for what a command shows.

A lean set (``store.load_records(lean=True)``) holds every record without its
descriptions and notes: at 50,000 bottlenecks those were 80 MB, and most
commands show a few of them, or none. ``show``, the reports, ``export`` and the
index ask here for the texts of what they show: many are taken from the record
cache, a piece at a time, a few read from their files again. A text from the
cache is the one of the file's content the set was read from (its content
key); a file changed since is not taken for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from knelpunt import yamlio
from knelpunt.cache import content_key
from knelpunt.models import Bottleneck, Record, Update
from knelpunt.repo import Repository
from knelpunt.scanning import SourceFile
from knelpunt.store import LONG_TEXT, RecordSet, parse_bytes, read_bytes

#: Up to this many texts are read from their files; more from the record cache.
FEW_TEXTS = 200
#: Records ``in_order`` takes from the cache before their turn and holds: past
#: this many, the one whose turn it is is read from its file instead.
HELD_AHEAD = 2000


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
                text = whole.__dict__.get(name)
                if text:
                    lean.__dict__[name] = text


def whole_records(
    repo: Repository, records: RecordSet, places: Iterable[tuple[str, str]]
) -> Iterator[tuple[tuple[str, str], Record | Update | None]]:
    """The records at ``places`` of a lean set (``RecordSet.at``) as their
    files say, long text and all, in no set order: many from the record
    cache, a piece at a time, a few read from their files again. None where
    the file changed since the set was read (until the next run reads it).
    At 50,000 bottlenecks the descriptions alone were 80 MB: none is kept."""
    wanted = {records.keys[place]: place for place in places if place in records.keys}
    if len(wanted) > FEW_TEXTS and records.cache is not None:
        for piece in records.cache.saved_entries():
            for key, record, _ in piece:
                if key in wanted:
                    yield wanted.pop(key), record
            if not wanted:
                return
    for key, place in wanted.items():
        kind, locator = place
        parent = locator.split("/", 1)[0] if kind == "update" else None
        source = SourceFile(kind, str(repo.root), records.paths[place], parent)
        try:
            if records.read_again is not None:
                raw = records.read_again(source.relative)
            else:
                raw = read_bytes(source)
        except yamlio.ParseFailure:
            yield place, None
            continue
        same = content_key(kind, source.relative, raw) == key
        yield place, parse_bytes(repo.config, source, source.relative, raw).record if same else None


Place = tuple[str, str]


def in_order(
    repo: Repository, records: RecordSet, places: list[Place]
) -> Iterator[tuple[Place, Record | Update | None]]:
    """The records at ``places`` as their files say, long text and all, in
    the order of ``places``, none kept once handed over: for an export of
    50,000 bottlenecks, whose descriptions together were 80 MB.

    One pass over the record cache. Its records come in the order of the
    listing, as ``places`` do when sorted by id, save those changed since the
    cache was written (at its end): a record that comes before its turn is
    held, and when more than ``HELD_AHEAD`` are held, the one whose turn it
    is is read from its file.
    """
    if not records.lean:
        for place in places:
            yield place, records.at(place)
        return

    def from_file(place: Place) -> Record | Update | None:
        return next(whole_records(repo, records, [place]), (place, None))[1]

    turn = 0
    if len(places) > FEW_TEXTS and records.cache is not None:
        position = {records.keys[p]: i for i, p in enumerate(places) if p in records.keys}
        held: dict[int, Record | Update] = {}
        for piece in records.cache.saved_entries():
            for key, record, _ in piece:
                index = position.pop(key, -1)
                if index >= turn:
                    held[index] = record
            while turn < len(places) and (turn in held or len(held) > HELD_AHEAD):
                place = places[turn]
                yield place, held.pop(turn) if turn in held else from_file(place)
                turn += 1
            if turn == len(places):
                return
        for index in sorted(held):
            while turn < index:  # not in the cache: changed, or never cached
                yield places[turn], from_file(places[turn])
                turn += 1
            yield places[turn], held.pop(turn)
            turn += 1
    while turn < len(places):
        yield places[turn], from_file(places[turn])
        turn += 1
