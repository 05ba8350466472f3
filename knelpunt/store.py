"""The records of a repository: read them all, create one, edit one.

Reading uses the fast loader; only a file with a problem is parsed again in
round-trip mode, to point at its line. Writing uses round-trip mode on the one
file being edited, so comments, key order and formatting of every untouched
line survive byte for byte.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from knelpunt import atomic, yamlio
from knelpunt.cache import content_key
from knelpunt.config import Config
from knelpunt.errors import FileRefused, RecordError
from knelpunt.ids import PREFIXES, is_valid_id, new_id
from knelpunt.locking import write_lock
from knelpunt.models import (
    RECORD_TYPES,
    Bottleneck,
    Record,
    Update,
    model_for,
    validate,
)
from knelpunt.pickles import without_cycle_walks
from knelpunt.problems import Problem, from_validation_error
from knelpunt.repo import Repository
from knelpunt.safeio import refuse_links
from knelpunt.scanning import Scan, SourceFile, scan
from knelpunt.schema import header
from knelpunt.workflow import BadMove, State, derive


def _chunks(mapping: dict[Any, Any], size: int) -> Iterator[dict[Any, Any]]:
    items = list(mapping.items())
    for start in range(0, len(items), size):
        yield dict(items[start : start + size])


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

    def of(self, kind: str) -> dict[str, Record]:
        return self.records[kind]

    #: Entries a piece of the cache file holds.
    PIECE = 2000

    def pieces(self) -> Iterator[Any]:
        """The set in pieces for the record cache (``cache._write_pieces``): the
        set without its records first, then the records, history entries and
        paths a few thousand at a time. Derived states are left out."""
        yield dataclasses.replace(
            self, records={kind: {} for kind in self.records}, updates={}, paths={}
        )
        for kind, records in self.records.items():
            for chunk in _chunks(records, self.PIECE):
                yield ("records", kind, chunk)
        for chunk in _chunks(self.updates, self.PIECE):
            yield ("updates", "", chunk)
        for chunk in _chunks(self.paths, self.PIECE * 5):
            yield ("paths", "", chunk)

    def absorb(self, piece: tuple[str, str, dict[Any, Any]]) -> None:
        """Take in one piece that ``pieces`` gave, after the first."""
        what, kind, chunk = piece
        if what == "records":
            self.records[kind].update(chunk)
        elif what == "updates":
            self.updates.update(chunk)
        elif what == "paths":
            self.paths.update(chunk)
        else:
            raise ValueError(what)

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

    def _derived(self, bottleneck_id: str) -> tuple[State, list[BadMove]]:
        # Derived once per bottleneck and remembered: routing, priority and
        # reports ask for the same states many times. A record set is not
        # changed after loading, so the memo never goes stale.
        memo: dict[str, tuple[State, list[BadMove]]] = self.__dict__.setdefault("_memo", {})
        if bottleneck_id not in memo:
            memo[bottleneck_id] = derive(self.updates.get(bottleneck_id, []))
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


def parse_bytes(config: Config, source: SourceFile, relative: str, raw: bytes) -> Loaded:
    """Validate the content of one record file, from disk or from a git revision."""
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
        locate_all(text, [problem])
        problems.append(problem)
    return Loaded(source, relative, record, problems)


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


def load_all(repo: Repository, use_cache: bool = True) -> RecordSet:
    """Read every record in the repository. Problems are collected, not raised.

    Unchanged files come from the cache; the others are parsed, on all cores
    when there are many.
    """
    return load_scanned(repo, scan(repo, use_cache))


Snapshot = tuple[str, "RecordSet", dict[str, tuple[str, str]]]


def load_scanned(repo: Repository, scanned: Scan) -> RecordSet:
    records, snapshot = load_with_snapshot(repo, scanned)
    if scanned.cache is not None and snapshot is not None:
        # Nothing new learnt when the records came whole from the cache.
        scanned.cache.save(scanned.listing(), snapshot=snapshot)
    return records


def load_with_snapshot(repo: Repository, scanned: Scan) -> tuple[RecordSet, Snapshot | None]:
    """The records, and what the cache should keep of them (None: it has them)."""
    cache = scanned.cache
    if cache is not None and scanned.complete:
        unchanged = cache.snapshot(scanned.manifest())
        if isinstance(unchanged, RecordSet):
            return unchanged, None
    loaded: list[Loaded | None] = [None] * len(scanned.sources)
    pending: list[int] = []
    for index, (source, key) in enumerate(zip(scanned.sources, scanned.keys, strict=True)):
        hit = cache.get(key) if cache is not None and key is not None else None
        if hit is not None:
            loaded[index] = Loaded(source, source.relative, hit, [])
        else:
            pending.append(index)
    parsed = _parse_many(repo.config, [scanned.sources[i] for i in pending])
    for index, (key, record, problems) in zip(pending, parsed, strict=True):
        source = scanned.sources[index]
        loaded[index] = Loaded(source, source.relative, record, problems)
        scanned.keys[index] = key
    result = RecordSet(skipped=list(scanned.skipped), links=list(scanned.links))
    keys: dict[str, tuple[str, str]] = {}
    for key, done in zip(scanned.keys, loaded, strict=True):
        assert done is not None and key is not None
        result.files += 1
        result.problems.extend(done.problems)
        add_loaded(result, done)
        if done.record is not None and not done.problems:
            source = done.source
            locator = (
                f"{source.parent}/{done.record.id}" if source.kind == "update" else done.record.id
            )
            keys[key] = (source.kind, locator)
    if cache is not None:
        result.manifest = scanned.manifest()
    return result, (scanned.manifest(), result, keys)


def _workers() -> int:
    wanted = os.environ.get("KNELPUNT_WORKERS")
    if wanted and wanted.isdigit():
        return max(1, int(wanted))
    return min(os.cpu_count() or 1, 8)


Parsed = tuple[str, "Record | Update | None", list[Problem]]


def _parse_many(config: Config, sources: list[SourceFile]) -> list[Parsed]:
    """Read, hash and parse files; in worker processes when there are many and
    forking is safe. Workers read the files themselves and send back only the
    results, so no file content crosses between processes."""
    import multiprocessing
    import sys

    workers = _workers()
    if (
        len(sources) < PARALLEL_MIN
        or workers < 2
        or sys.platform != "linux"  # spawn-started workers cost more than they save
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return _parse_chunk((config, sources))
    from concurrent.futures import ProcessPoolExecutor

    size = max(50, len(sources) // (workers * 4))
    chunks = [sources[i : i + size] for i in range(0, len(sources), size)]
    context = multiprocessing.get_context("fork")
    # The records arriving from the workers are unpickled here: see _parse_chunk.
    with ProcessPoolExecutor(workers, mp_context=context) as pool, without_cycle_walks():
        parts = pool.map(_parse_chunk, [(config, chunk) for chunk in chunks])
        return [outcome for part in parts for outcome in part]


def _parse_chunk(job: tuple[Config, list[SourceFile]]) -> list[Parsed]:

    config, chunk = job
    results: list[Parsed] = []
    # Parsing and validating a record leaves no cycle behind (yamlio empties
    # its loader), so the cycle collector would only walk the records made so
    # far, again and again: a fifth of the time of a cold check.
    with without_cycle_walks():
        for source in chunk:
            results.append(_parse_one(config, source))
    return results


def _parse_one(config: Config, source: SourceFile) -> Parsed:
    try:
        raw = read_bytes(source)
    except yamlio.ParseFailure as failure:
        # Never cached: keyed on nothing a file can hold.
        refused = failed(source, source.relative, failure)
        return ("unreadable\0" + source.relative, None, refused.problems)
    loaded = parse_bytes(config, source, source.relative, raw)
    return (content_key(source.kind, source.relative, raw), loaded.record, loaded.problems)


def add_loaded(result: RecordSet, loaded: Loaded) -> None:
    record = loaded.record
    source = loaded.source
    if record is None:
        if source.kind != "update":
            result.unreadable.add(source.stem)
        return
    if isinstance(record, Update):
        parent = source.parent or ""
        result.updates.setdefault(parent, []).append(record)
        result.paths[("update", f"{parent}/{record.id}")] = loaded.relative
        return
    existing = result.paths.get((source.kind, record.id))
    if existing is None:
        result.records[source.kind][record.id] = record
        result.paths[(source.kind, record.id)] = loaded.relative
    else:
        result.problems.append(
            Problem(
                loaded.relative,
                "duplicate_id",
                {"record_id": record.id, "other": existing},
                record.id,
                ("id",),
            )
        )


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
