"""The records of a repository: read them all, create one, edit one.

Reading uses the fast loader; only a file with a problem is parsed again in
round-trip mode, to point at its line. Writing uses round-trip mode on the one
file being edited, so comments, key order and formatting of every untouched
line survive byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from knelpunt import atomic, yamlio
from knelpunt.cachedb import CacheDatabase
from knelpunt.config import Config
from knelpunt.errors import FileRefused, RecordError
from knelpunt.escape import invisible_characters
from knelpunt.ids import PREFIXES, is_valid_id, new_id
from knelpunt.locking import write_lock
from knelpunt.models import (
    LEFT_OUT,
    LONG_TEXT,
    RECORD_TYPES,
    Bottleneck,
    Record,
    Update,
    model_for,
    validate,
)
from knelpunt.pickles import return_freed_memory, without_cycle_walks
from knelpunt.privacy import FREE_TEXT, findings
from knelpunt.problems import Problem, from_validation_error, listing
from knelpunt.repo import Repository
from knelpunt.safeio import refuse_links
from knelpunt.scanning import Scan, SourceFile, content_key, scan
from knelpunt.schema import header
from knelpunt.workflow import BadMove, State, derive

#: Text longer than this is a description or a note: seldom met twice.
_SHORT = 80


class Sharing:
    """One object for each value that many records hold alike.

    Reading a file makes new objects for everything in it: every bottleneck
    gets its own copy of the string "knelpunt", of an initiative's id, of a
    date, and Pydantic its own set of the fields given. At 50,000 bottlenecks
    those copies were most of the memory a command held. Records are frozen
    (``models._Strict``) and the values shared are immutable, so sharing them
    changes nothing a record says. Lists stay each record's own: only their
    items are shared. Pickling keeps what is shared within one pickle, so the
    sharing made in a worker process, or before the record cache was
    written, survives the way back."""

    def __init__(self) -> None:
        self._seen: dict[Any, Any] = {}

    def same(self, value: Any) -> Any:
        return self._seen.setdefault(value, value)

    def share(self, model: BaseModel) -> None:
        fields = model.__dict__
        for name, value in fields.items():
            if isinstance(value, str):
                if len(value) <= _SHORT:
                    fields[name] = self.same(value)
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, str) and len(item) <= _SHORT:
                        value[index] = self.same(item)
                    elif isinstance(item, BaseModel):
                        self.share(item)
            elif isinstance(value, dt.date):
                fields[name] = self.same(value)
            elif isinstance(value, BaseModel):
                self.share(value)
        # Pydantic's own set of the fields given, one per record: as a shared
        # frozenset; a frozen model never adds to it.
        given = frozenset(model.__pydantic_fields_set__)
        object.__setattr__(model, "__pydantic_fields_set__", self.same(given))


@dataclass
class RecordSet:
    """Everything in ``data/``, validated, with the problems found on the way."""

    records: dict[str, dict[str, Record]] = field(
        default_factory=lambda: {kind: {} for kind in RECORD_TYPES}
    )
    #: History entries per bottleneck id.
    updates: dict[str, list[Update]] = field(default_factory=dict)
    #: Relative path of each record: (kind, id) for records, ("update", "bid/uid").
    paths: dict[tuple[str, str], str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    skipped: list[str] = field(default_factory=list)
    #: Symbolic links found in data/: never followed, reported by check.
    links: list[str] = field(default_factory=list)
    #: Ids of record files that exist but could not be read (their problems
    #: say why); references to them are not reported as missing as well.
    unreadable: set[str] = field(default_factory=set)
    #: The hash of every file these records came from (``Scan.manifest``), when
    #: the record cache was used: what the lean index is checked against.
    manifest: str | None = None
    #: The content key of each record's file (``cache.content_key``), by its
    #: place in ``paths``, when read through ``load_records``: what the index
    #: compares rows by, and how a lean set finds its long text again.
    keys: dict[tuple[str, str], str] = field(default_factory=dict)
    #: Warnings about the free text of the records (personal data, invisible
    #: characters), found when each file was read and kept with it in the cache.
    findings: list[Problem] = field(default_factory=list)
    #: Long free text left out (``load_records``): for checks, never shown.
    lean: bool = False
    #: Files read anew, not taken from the cache.
    parsed: int = 0
    #: The cache database it was read through (``cachedb``), where a lean
    #: set finds its long text again.
    cache: CacheDatabase | None = field(default=None, repr=False, compare=False)
    #: How a lean set read at a git revision reads a file (by its relative
    #: path) again, to find its long text: from the commit, not the work tree.
    read_again: Callable[[str], bytes] | None = field(default=None, repr=False, compare=False)
    #: Days a problem-solver has to answer, per level (``follow_up`` in the
    #: knelpunt.yaml the records go with): the clock of an addressing routed
    #: without an answer-by day of its own (``workflow.derive``).
    answer_within: Mapping[str, int] | None = field(default=None, repr=False, compare=False)

    def of(self, kind: str) -> dict[str, Record]:
        return self.records[kind]

    @property
    def bottlenecks(self) -> dict[str, Bottleneck]:
        return self.records["bottleneck"]  # type: ignore[return-value]

    def find(self, record_id: str) -> tuple[str, Record] | None:
        """The record with ``record_id``, whatever its kind."""
        for kind, prefix in PREFIXES.items():
            if record_id.startswith(prefix + "-") and record_id in self.records[kind]:
                return kind, self.records[kind][record_id]
        for kind, records in self.records.items():
            if record_id in records:
                return kind, records[record_id]
        return None

    def at(self, place: tuple[str, str]) -> Record | Update | None:
        """The record at ``place``, a key of ``paths``: (kind, id), or for a
        history entry ("update", "bottleneck id/entry id")."""
        kind, locator = place
        if kind != "update":
            return self.records[kind].get(locator)
        parent, _, entry_id = locator.rpartition("/")
        return next((u for u in self.updates.get(parent, []) if u.id == entry_id), None)

    def _derived(self, bottleneck_id: str) -> tuple[State, list[BadMove]]:
        # Derived once per bottleneck and remembered: routing, priority and
        # reports ask for the same states many times. A record set is not
        # changed after loading, so the memo never goes stale.
        memo: dict[str, tuple[State, list[BadMove]]] = self.__dict__.setdefault("_memo", {})
        if bottleneck_id not in memo:
            memo[bottleneck_id] = derive(self.updates.get(bottleneck_id, []), self.answer_within)
        return memo[bottleneck_id]

    def state(self, bottleneck_id: str) -> State:
        return self._derived(bottleneck_id)[0]

    def bad_moves(self, bottleneck_id: str) -> list[BadMove]:
        return self._derived(bottleneck_id)[1]


@dataclass
class Loaded:
    """The outcome of reading one file."""

    source: SourceFile
    relative: str
    record: Record | Update | None
    problems: list[Problem]
    #: Warnings about its free text, when asked for (``free_text_problems``).
    findings: list[Problem] = field(default_factory=list)


def read_bytes(source: SourceFile) -> bytes:
    """The file's content; a file larger than a record can be is read only that far.

    Raises ``yamlio.ParseFailure`` for a link, a device or an unreadable file."""
    return yamlio.read_record_bytes(source.location)


def read_file(repo: Repository, source: SourceFile) -> Loaded:
    """Read and validate one record file; never raises for bad content."""
    try:
        raw = read_bytes(source)
    except yamlio.ParseFailure as failure:
        return failed(source, source.relative, failure)
    return parse_bytes(repo.config, source, source.relative, raw)


def failed(source: SourceFile, relative: str, failure: yamlio.ParseFailure) -> Loaded:
    key = failure.key
    if key == "merge_conflict":  # a record: knelpunt resolve can compare the sides
        key = "merge_conflict_record"
    params = {**failure.params, "record_id": source.parent or source.stem}
    problem = Problem(relative, key, params, record_id=source.stem)
    problem.line, problem.column = failure.line, failure.column
    return Loaded(source, relative, None, [problem])


def parse_bytes(
    config: Config, source: SourceFile, relative: str, raw: bytes, free_text: bool = False
) -> Loaded:
    """Validate the content of one record file, from disk or from a git revision;
    with ``free_text``, look for what should not be in its free text as well."""
    stem = source.stem
    problems: list[Problem] = []
    if len(raw) > yamlio.MAX_RECORD_BYTES:
        size = os.path.getsize(source.location) if os.path.exists(source.location) else len(raw)
        return failed(
            source,
            relative,
            yamlio.ParseFailure("file_too_large", {"size": size, "limit": yamlio.MAX_RECORD_BYTES}),
        )
    try:
        text = yamlio.decode(raw)
        data = yamlio.fast_load(text)
    except yamlio.ParseFailure as failure:
        return failed(source, relative, failure)
    raw_id = data.get("id")
    record_id = raw_id if isinstance(raw_id, str) else stem
    model = model_for(source.kind)
    try:
        record = validate(source.kind, data, config)
    except ValidationError as exc:
        problems = from_validation_error(exc, relative, record_id, list(model.model_fields), model)
        locate_all(text, problems)
        return Loaded(source, relative, None, problems)
    if record.id != stem:
        problem = Problem(
            relative, "id_mismatch", {"record_id": record.id, "stem": stem}, record.id, ("id",)
        )
        problems.append(problem)
    text_problems = free_text_problems(relative, record) if free_text else []
    if problems or text_problems:
        locate_all(text, problems + text_problems)  # one parse for both
    return Loaded(source, relative, record, problems, text_problems)


def free_text_problems(relative: str, record: Record | Update) -> list[Problem]:
    """Contact details typed into free text, where reports would publish them;
    and characters in it that no reader can see (bidirectional controls,
    zero-width spaces), which can make a title read as something else."""
    problems = []
    fields = record.__dict__  # not getattr: a missing field costs Pydantic a detour
    for name in FREE_TEXT:
        text = fields.get(name)
        if not isinstance(text, str):
            continue
        hidden = invisible_characters(text)
        if hidden:
            problems.append(
                Problem(
                    relative,
                    "invisible_characters",
                    {"found": listing(hidden)},
                    record.id,
                    (name,),
                    severity="warning",
                )
            )
        for kind, found in findings(text):
            problems.append(
                Problem(
                    relative,
                    f"personal_{kind}",
                    {"found": found},
                    record.id,
                    (name,),
                    severity="warning",
                )
            )
    return problems + proposal_problems(relative, record)


def proposal_problems(relative: str, record: Record | Update) -> list[Problem]:
    """What the October report cannot count (issue 33), as warnings at their
    line: money as a sentence (``means``), a time as a spelling (``horizon``),
    and a legislative track on a bottleneck that needs no change of law."""
    if not isinstance(record, Bottleneck):
        return []
    problems = []
    for name in sorted(record.superseded_fields):  # means, horizon
        key = f"{name}_not_counted"
        if getattr(record, name):
            problems.append(Problem(relative, key, {}, record.id, (name,), severity="warning"))
    if record.legislation and record.type != "hard":
        problems.append(
            Problem(
                relative,
                "legislation_not_hard",
                {"type": record.type},
                record.id,
                ("legislation",),
                severity="warning",
            )
        )
    return problems


def locate_all(text: str, problems: list[Problem]) -> None:
    """Set line and column of each problem from its place in the record."""
    try:
        document = yamlio.rt_load_for_positions(text)
    except Exception:
        return
    for problem in problems:
        problem.line, problem.column = yamlio.locate(document, problem.loc, problem.at_key)


def locate_in_files(repo: Repository, problems: list[Problem]) -> None:
    """Locate problems found after loading (cross-references), one parse a file."""
    by_path: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.loc:
            by_path.setdefault(problem.path, []).append(problem)
    for relative, group in by_path.items():
        try:
            text = yamlio.decode(yamlio.read_record_bytes(repo.root / relative))
        except yamlio.ParseFailure:
            continue
        locate_all(text, group)


#: Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MIN = 400


def load_all(repo: Repository, use_cache: bool = True, lean: bool = False) -> RecordSet:
    """Read every record in the repository. Problems are collected, not raised.

    Unchanged files come from the cache database; the others are parsed, on
    all cores when there are many. ``lean``: see ``load_records``.
    """
    return load_records(repo, scan(repo, use_cache), lean)


def load_scanned(repo: Repository, scanned: Scan, lean: bool = False) -> RecordSet:
    return load_records(repo, scanned, lean)


#: What reading one file gives: content key, record (None: unreadable, or
#: to be unpickled from its row), problems, warnings of its free text, and
#: for a file without problems its row: the record without long text,
#: pickled, and its long texts as JSON.
Parsed = tuple[
    str,
    "Record | Update | None",
    "Sequence[Problem]",
    "Sequence[Problem]",
    "tuple[bytes, str] | None",
]


def load_records(repo: Repository, scanned: Scan, lean: bool = False) -> RecordSet:
    """The records of the files ``scanned``: from their rows in the cache
    database where their content is known, else read (on all cores when
    there are many); then the rows of the files read anew are written, of
    removed files deleted: after k files changed, k rows.

    ``lean``: every record without its long free text (``models.LONG_TEXT``
    read from it raises ``models.LongTextLeftOut``), once its warnings are
    known (``RecordSet.findings``): at 50,000 bottlenecks the descriptions
    alone were 80 MB. What a command shows of a lean set, it asks for
    (``texts.with_long_text``).
    """
    cache = scanned.cache
    keys = scanned.keys
    # Per file: what reading it gave, or its record when its row had it.
    outcomes: list[Parsed | Record | Update | None] = [None] * len(keys)
    cached_findings: dict[int, tuple[Problem, ...]] = {}
    # Files not vouched for by their signature, whose content may still be their row's.
    recheck: dict[int, tuple[str, bytes]] = {}
    refreshed: list[int] = []
    if cache is not None and keys:
        for index, source in enumerate(scanned.sources):
            saved = scanned.stale.get(source.relative)
            if saved is None:
                continue
            try:
                raw = read_bytes(source)
            except yamlio.ParseFailure:
                continue
            if content_key(source.kind, source.relative, raw) == saved:
                recheck[index] = (saved, raw)
        wanted = {
            source.relative: index
            for index, source in enumerate(scanned.sources)
            if keys[index] is not None or index in recheck
        }
        if wanted:
            cache.read(
                lambda connection: _take_rows(
                    connection, wanted, keys, recheck, outcomes, cached_findings, lean
                )
            )
        for index in recheck:
            if outcomes[index] is not None:
                keys[index] = recheck[index][0]
                refreshed.append(index)
    pending = [index for index, outcome in enumerate(outcomes) if outcome is None]
    sources = [scanned.sources[index] for index in pending]
    rows: list[tuple[Any, ...]] = []
    position = 0
    for part in _parse_many(repo.config, sources, cache is not None, lean) if sources else []:
        for outcome in part:
            index = pending[position]
            position += 1
            key, record, problems, text_problems, row = outcome
            if row is not None:
                if record is None:
                    with without_cycle_walks():
                        record = pickle.loads(row[0])
                    if not lean:
                        _give_texts(record, row[1])
                    outcome = (key, record, problems, text_problems, None)
                if cache is not None:
                    source = scanned.sources[index]
                    findings_blob = (
                        pickle.dumps(tuple(text_problems), pickle.HIGHEST_PROTOCOL)
                        if text_problems
                        else None
                    )
                    rows.append(
                        (
                            source.relative,
                            *scanned.signature(index),
                            scanned.started_ns,
                            key,
                            row[0],
                            row[1],
                            findings_blob,
                        )
                    )
            outcomes[index] = outcome
            keys[index] = key
        if cache is not None and len(rows) >= ROWS_AT_ONCE:
            # Written as they come: all rows of a cold start held at once
            # were 100 MB at 10,000 bottlenecks.
            _write_rows(cache, scanned, rows, [], [])
            rows = []
    if cache is not None and (rows or refreshed or scanned.gone):
        _write_rows(cache, scanned, rows, refreshed, scanned.gone)
    result = RecordSet(
        skipped=list(scanned.skipped),
        links=list(scanned.links),
        lean=lean,
        parsed=len(pending),
        cache=cache,
        answer_within=repo.config.follow_up.answer_within_days,
    )
    for index, source in enumerate(scanned.sources):
        done = outcomes[index]
        assert done is not None
        outcomes[index] = None  # let go of what the record set does not keep
        if isinstance(done, tuple):
            key, record, problems, text_problems, _row = done
        else:
            key, record, problems = keys[index] or "", done, ()
            text_problems = cached_findings.get(index, ())
        result.files += 1
        result.problems.extend(problems)
        place = add_record(result, source, source.relative, record)
        if place is not None:
            result.findings.extend(text_problems)
            result.keys[place] = key
    if cache is not None:
        result.manifest = scanned.manifest()
    if len(outcomes) >= TRIM_AFTER:
        return_freed_memory()
    return result


def _take_rows(
    connection: sqlite3.Connection,
    wanted: dict[str, int],
    keys: list[str | None],
    recheck: dict[int, tuple[str, bytes]],
    outcomes: list[Parsed | Record | Update | None],
    findings: dict[int, tuple[Problem, ...]],
    lean: bool,
) -> None:
    """Fill ``outcomes`` (and ``findings``) from the rows of the files
    ``wanted`` whose content key is the one known (``keys``, ``recheck``)."""
    columns = "path, key, record, findings" + ("" if lean else ", texts")
    sharing = Sharing()
    with without_cycle_walks():
        for row in connection.execute(f"SELECT {columns} FROM file"):
            index = wanted.get(row[0])
            if index is None:
                continue
            known = keys[index] if index not in recheck else recheck[index][0]
            if row[1] != known:
                continue
            record = pickle.loads(row[2])
            if not lean:
                _give_texts(record, row[4])
            sharing.share(record)
            outcomes[index] = record
            if row[3] is not None:
                findings[index] = pickle.loads(row[3])


def _give_texts(record: Record | Update, texts: str) -> None:
    """A record of a row made whole: its long texts put back."""
    if texts != "{}":
        record.__dict__.update(json.loads(texts))


#: Rows of files read anew written at a time.
ROWS_AT_ONCE = 2000


def _write_rows(
    cache: CacheDatabase,
    scanned: Scan,
    rows: list[tuple[Any, ...]],
    refreshed: list[int],
    gone: list[str],
) -> None:
    """The rows of files read anew written, those whose content was still
    their row's checked again, those of removed files (``gone``) deleted."""

    def change(connection: sqlite3.Connection) -> None:
        connection.executemany("DELETE FROM file WHERE path = ?", [(p,) for p in gone])
        connection.executemany(
            "INSERT OR REPLACE INTO file VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
        connection.executemany(
            "UPDATE file SET size = ?, mtime_ns = ?, ctime_ns = ?, inode = ?, checked_ns = ?"
            " WHERE path = ?",
            [
                (*scanned.signature(i), scanned.started_ns, scanned.sources[i].relative)
                for i in refreshed
            ],
        )

    cache.write(change)


def leave_out_long_text(record: Record | Update) -> dict[str, str]:
    """Leave the long texts of ``record`` out (``models.LEFT_OUT``), in place:
    the record is this process's own copy. The texts left out."""
    fields = record.__dict__
    texts = {}
    for name in LONG_TEXT:
        value = fields.get(name)
        if value:
            texts[name] = value
            fields[name] = LEFT_OUT
    return texts


def _workers() -> int:
    wanted = os.environ.get("KNELPUNT_WORKERS")
    if wanted and wanted.isdigit():
        return max(1, int(wanted))
    return min(os.cpu_count() or 1, 8)


#: Past this many files read, the memory freed on the way is handed back.
TRIM_AFTER = 10_000

#: Files a worker reads at a time.
CHUNK = 1000

#: The configuration in a worker process, set when it starts.
_worker_config: Config | None = None


def _set_worker_config(config: Config) -> None:
    global _worker_config
    _worker_config = config


def _parse_many(
    config: Config, sources: list[SourceFile], keep: bool, lean: bool
) -> Iterator[list[Parsed]]:
    """Read, hash and parse files, a chunk at a time, in the order given; in
    worker processes when there are many and forking is safe. Workers read
    the files themselves and send back only the results, so no file content
    crosses between processes; a record without problems comes with its row
    (``keep``), to be written here."""
    import multiprocessing
    import sys

    workers = _workers()
    size = min(CHUNK, max(50, len(sources) // (workers * 4)))
    chunks = [sources[i : i + size] for i in range(0, len(sources), size)]
    if (
        len(sources) < PARALLEL_MIN
        or workers < 2
        or sys.platform != "linux"  # spawn-started workers cost more than they save
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for chunk in chunks:
            yield _parse_chunk(config, chunk, keep, lean)
        return
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    jobs = [(chunk, keep, lean) for chunk in chunks]
    with (
        ProcessPoolExecutor(
            workers, mp_context=context, initializer=_set_worker_config, initargs=(config,)
        ) as pool,
        without_cycle_walks(),
    ):
        yield from pool.map(_parse_in_worker, jobs)


def _parse_in_worker(job: tuple[list[SourceFile], bool, bool]) -> list[Parsed]:
    assert _worker_config is not None
    # The records cross in one pickle a chunk, which keeps what they share
    # (``Sharing``); their rows as well, to be written here.
    return _parse_chunk(_worker_config, *job)


def _parse_chunk(config: Config, chunk: list[SourceFile], keep: bool, lean: bool) -> list[Parsed]:
    results: list[Parsed] = []
    sharing = Sharing()
    # Parsing and validating a record leaves no cycle behind (yamlio empties
    # its loader), so the cycle collector would only walk the records made so
    # far, again and again: a fifth of the time of a cold check.
    with without_cycle_walks():
        for source in chunk:
            key, record, problems, text_problems = _parse_one(config, source)
            row = None
            if record is not None:
                sharing.share(record)
                if keep and not problems:
                    texts = leave_out_long_text(record)
                    row = (pickle.dumps(record, pickle.HIGHEST_PROTOCOL), json.dumps(texts))
                    if not lean:
                        record.__dict__.update(texts)
                elif lean:
                    leave_out_long_text(record)
            results.append((key, record, problems, text_problems, row))
    return results


def _parse_one(
    config: Config, source: SourceFile
) -> tuple[str, Record | Update | None, Sequence[Problem], Sequence[Problem]]:
    try:
        raw = read_bytes(source)
    except yamlio.ParseFailure as failure:
        # Never cached: keyed on nothing a file can hold.
        refused = failed(source, source.relative, failure)
        return ("unreadable\0" + source.relative, None, refused.problems, ())
    loaded = parse_bytes(config, source, source.relative, raw, free_text=True)
    # No problems: the empty tuple, one object for all, not a list a file.
    return (
        content_key(source.kind, source.relative, raw),
        loaded.record,
        loaded.problems or (),
        tuple(loaded.findings),
    )


def add_loaded(result: RecordSet, loaded: Loaded) -> None:
    add_record(result, loaded.source, loaded.relative, loaded.record)


def add_record(
    result: RecordSet, source: SourceFile, relative: str, record: Record | Update | None
) -> tuple[str, str] | None:
    """Add one file's record to ``result``; its key in ``result.paths`` when it
    was added (not when unreadable or an id used twice)."""
    if record is None:
        if source.kind != "update":
            result.unreadable.add(source.stem)
        return None
    if isinstance(record, Update):
        parent = source.parent or ""
        result.updates.setdefault(parent, []).append(record)
        where = ("update", f"{parent}/{record.id}")
        result.paths[where] = relative
        return where
    where = (source.kind, record.id)
    existing = result.paths.get(where)
    if existing is None:
        result.records[source.kind][record.id] = record
        result.paths[where] = relative
        return where
    result.problems.append(
        Problem(
            relative,
            "duplicate_id",
            {"record_id": record.id, "other": existing},
            record.id,
            ("id",),
        )
    )
    return None


# --- writing ---------------------------------------------------------------


def record_to_data(record: Record | Update) -> dict[str, Any]:
    """The fields worth writing, in model order: empty optional fields are left
    out so that a new file holds what was said, not a form of blanks."""
    # Python mode keeps dates as dates, so they are written as plain YAML dates.
    data = record.model_dump(exclude_none=True)
    return {
        key: value
        for key, value in data.items()
        if key == "id" or not (value == [] or (value is False and key == "frontrunner"))
    }


def record_text(record: Record | Update) -> str:
    """A new record file: the schema line for editors, then the fields."""

    return header(record.kind) + "\n" + yamlio.dump(yamlio.to_yaml_value(record_to_data(record)))


def unused_id(repo: Repository, kind: str) -> str:
    """A fresh random id that no record of any kind on this laptop uses yet."""
    while True:
        candidate = new_id(kind)
        if not any(repo.record_path(other, candidate).exists() for other in RECORD_TYPES):
            return candidate


def writable(repo: Repository, path: Path) -> Path:
    """``path``, after making sure that writing it goes through no symbolic
    link: a link in data/ could lead a write, or the clearing of temporary
    files, anywhere on the computer."""

    try:
        refuse_links(repo.root, path)
    except FileRefused as refused:
        raise RecordError(refused.key, **refused.params) from None
    return path


def create(repo: Repository, record: Record) -> Path:
    """Write a new record file; refuses to overwrite an existing one."""
    path = writable(repo, repo.record_path(record.kind, record.id))
    with write_lock(repo.root):
        atomic.remove_stale_temporaries(path.parent)
        atomic.write_new(path, record_text(record))
    return path


def append_update(repo: Repository, bottleneck_id: str, update: Update) -> Path:
    """Add a history entry: a new file of its own, never an edit of an old one."""
    if not is_valid_id(bottleneck_id):
        raise RecordError("record_not_found", record_id=bottleneck_id)
    path = writable(repo, repo.update_path(bottleneck_id, update.id))
    with write_lock(repo.root):
        atomic.remove_stale_temporaries(path.parent)
        atomic.write_new(path, record_text(update))
    return path


def edit(repo: Repository, kind: str, record_id: str, change: Callable[[Any], None]) -> Record:
    """Change one record in place, round-trip, and write it atomically.

    ``change`` receives the round-trip mapping and edits it. The result is
    validated before anything is written: an edit that would make the record
    invalid raises and leaves the file as it was. Other knelpunt processes wait
    for the repository's write lock; a program that does not take it (an
    editor, ``git pull``) is caught by comparing the file just before the
    swap, and the edit is made again on what it wrote (compare-and-swap).
    """
    if not is_valid_id(record_id):
        raise RecordError("record_not_found", record_id=record_id)
    path = writable(repo, repo.record_path(kind, record_id))
    with write_lock(repo.root):
        atomic.remove_stale_temporaries(path.parent)
        for _attempt in range(_EDIT_ATTEMPTS):
            if not path.exists():
                raise RecordError("record_not_found", record_id=record_id)
            try:
                raw = yamlio.read_record_bytes(path)
                if len(raw) > yamlio.MAX_RECORD_BYTES:
                    raise yamlio.ParseFailure(
                        "file_too_large",
                        {"size": path.stat().st_size, "limit": yamlio.MAX_RECORD_BYTES},
                    )
                record, text = _edited(repo, kind, raw, change)
            except yamlio.ParseFailure as failure:
                raise yamlio.unreadable(repo.relative(path), failure) from None
            if atomic.replace_if_unchanged(path, raw, text):
                return record
        raise RecordError("record_changed_meanwhile", path=repo.relative(path))


_EDIT_ATTEMPTS = 5


def _edited(
    repo: Repository, kind: str, raw: bytes, change: Callable[[Any], None]
) -> tuple[Record, str]:
    """The validated record and the file text after ``change``; layout kept."""
    document = yamlio.load_for_editing(yamlio.decode(raw))
    change(document)
    text = yamlio.dump(document)
    record = validate(kind, yamlio.fast_load(text), repo.config)
    assert isinstance(record, Record)
    return record, yamlio.in_style_of(raw, text)
