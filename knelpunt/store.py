"""The records of a repository: read them all, create one, edit one.

Reading uses the fast loader; only a file with a problem is parsed again in
round-trip mode, to point at its line. Writing uses round-trip mode on the one
file being edited, so comments, key order and formatting of every untouched
line survive byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from knelpunt import yamlio
from knelpunt.config import Config
from knelpunt.errors import RecordError
from knelpunt.ids import PREFIXES, is_valid_id, new_id
from knelpunt.models import (
    RECORD_TYPES,
    Bottleneck,
    Record,
    Update,
    model_for,
    validate,
)
from knelpunt.problems import Problem, from_validation_error
from knelpunt.repo import Repository
from knelpunt.workflow import BadMove, State, derive


@dataclass(frozen=True)
class SourceFile:
    kind: str
    path: Path
    #: For a history entry: the bottleneck it belongs to (its folder name).
    parent: str | None = None


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

    def state(self, bottleneck_id: str) -> State:
        return derive(self.updates.get(bottleneck_id, []))[0]

    def bad_moves(self, bottleneck_id: str) -> list[BadMove]:
        return derive(self.updates.get(bottleneck_id, []))[1]

    def count(self) -> int:
        return sum(len(r) for r in self.records.values()) + sum(
            len(u) for u in self.updates.values()
        )


def source_files(repo: Repository, skipped: list[str] | None = None) -> Iterator[SourceFile]:
    """Every record file in data/, in a stable order.

    Files that are not ``.yaml`` (notes, pictures, ``.gitkeep``) and hidden
    files (such as a temporary file a killed write left behind) are skipped.
    A ``.yml`` file in a record folder is listed in ``skipped``: it looks like a
    record that was meant to be read.
    """
    for kind in RECORD_TYPES:
        folder = repo.folder(kind)
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if _is_record_file(path, skipped, repo):
                yield SourceFile(kind, path)
    updates = repo.folder("update")
    if updates.is_dir():
        for sub in sorted(updates.iterdir()):
            if not sub.is_dir() or sub.name.startswith("."):
                continue
            for path in sorted(sub.iterdir()):
                if _is_record_file(path, skipped, repo):
                    yield SourceFile("update", path, parent=sub.name)


def _is_record_file(path: Path, skipped: list[str] | None, repo: Repository) -> bool:
    if path.name.startswith(".") or not path.is_file():
        return False
    if path.suffix == ".yml" and skipped is not None:
        skipped.append(repo.relative(path))
    return path.suffix == ".yaml"


@dataclass
class Loaded:
    """The outcome of reading one file."""

    source: SourceFile
    relative: str
    record: Record | Update | None
    problems: list[Problem]


def read_file(repo: Repository, source: SourceFile) -> Loaded:
    """Read and validate one record file; never raises for bad content."""
    relative = repo.relative(source.path)
    size = source.path.stat().st_size
    if size > yamlio.MAX_RECORD_BYTES:
        failure = yamlio.ParseFailure(
            "file_too_large", {"size": size, "limit": yamlio.MAX_RECORD_BYTES}
        )
        return _failed(source, relative, failure)
    return parse_bytes(repo.config, source, relative, source.path.read_bytes())


def _failed(source: SourceFile, relative: str, failure: yamlio.ParseFailure) -> Loaded:
    problem = Problem(relative, failure.key, failure.params, record_id=source.path.stem)
    problem.line, problem.column = failure.line, failure.column
    return Loaded(source, relative, None, [problem])


def parse_bytes(config: Config, source: SourceFile, relative: str, raw: bytes) -> Loaded:
    """Validate the content of one record file, from disk or from a git revision."""
    stem = source.path.stem
    problems: list[Problem] = []
    if len(raw) > yamlio.MAX_RECORD_BYTES:
        return _failed(
            source,
            relative,
            yamlio.ParseFailure(
                "file_too_large", {"size": len(raw), "limit": yamlio.MAX_RECORD_BYTES}
            ),
        )
    try:
        text = yamlio.decode(raw)
        data = yamlio.fast_load(text)
    except yamlio.ParseFailure as failure:
        return _failed(source, relative, failure)
    raw_id = data.get("id")
    record_id = raw_id if isinstance(raw_id, str) else stem
    model = model_for(source.kind)
    try:
        record = validate(source.kind, data, config)
    except ValidationError as exc:
        problems = from_validation_error(exc, relative, record_id, list(model.model_fields))
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
            text = yamlio.decode((repo.root / relative).read_bytes())
        except (OSError, yamlio.ParseFailure):
            continue
        locate_all(text, group)


def load_all(repo: Repository) -> RecordSet:
    """Read every record in the repository. Problems are collected, not raised."""
    result = RecordSet()
    for source in source_files(repo, result.skipped):
        loaded = read_file(repo, source)
        result.files += 1
        result.problems.extend(loaded.problems)
        add_loaded(result, loaded)
    return result


def add_loaded(result: RecordSet, loaded: Loaded) -> None:
    record = loaded.record
    if record is None:
        return
    source = loaded.source
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
    from knelpunt.schema import header

    return header(record.kind) + "\n" + yamlio.dump(yamlio.to_yaml_value(record_to_data(record)))


def unused_id(repo: Repository, kind: str) -> str:
    """A fresh random id that no record of any kind on this laptop uses yet."""
    while True:
        candidate = new_id(kind)
        if not any(repo.record_path(other, candidate).exists() for other in RECORD_TYPES):
            return candidate


def create(repo: Repository, record: Record) -> Path:
    """Write a new record file; refuses to overwrite an existing one."""
    path = repo.record_path(record.kind, record.id)
    yamlio.write_new(path, record_text(record))
    return path


def append_update(repo: Repository, bottleneck_id: str, update: Update) -> Path:
    """Add a history entry: a new file of its own, never an edit of an old one."""
    if not is_valid_id(bottleneck_id):
        raise RecordError("record_not_found", record_id=bottleneck_id)
    path = repo.update_path(bottleneck_id, update.id)
    yamlio.write_new(path, record_text(update))
    return path


def edit(repo: Repository, kind: str, record_id: str, change: Callable[[Any], None]) -> Record:
    """Change one record in place, round-trip, and write it atomically.

    ``change`` receives the round-trip mapping and edits it. The result is
    validated before anything is written: an edit that would make the record
    invalid raises and leaves the file as it was.
    """
    if not is_valid_id(record_id):
        raise RecordError("record_not_found", record_id=record_id)
    path = repo.record_path(kind, record_id)
    if not path.is_file():
        raise RecordError("record_not_found", record_id=record_id)
    raw = path.read_bytes()
    crlf = b"\r\n" in raw
    bom = raw.startswith(b"\xef\xbb\xbf")
    yaml = yamlio.editing_yaml()
    document = yaml.load(yamlio.decode(raw))
    change(document)
    text = yamlio.dump(document)
    record = validate(kind, yamlio.fast_load(text), repo.config)
    assert isinstance(record, Record)
    if crlf:
        text = text.replace("\n", "\r\n")
    yamlio.replace(path, ("\ufeff" if bom else "") + text)
    return record
