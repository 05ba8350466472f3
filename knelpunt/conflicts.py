"""Records that git could not merge: their two sides, field by field.

When two people change the same lines of a record on two branches, git writes
both versions into the file between conflict markers::

    <<<<<<< HEAD                 this side ("ours": the branch you are on)
    title: Vpb voor coöperaties
    ||||||| base                 (only with merge.conflictStyle=diff3 or zdiff3)
    title: Vpb
    =======
    title: Vennootschapsbelasting
    >>>>>>> feature              the other side ("theirs": what comes in)

This module splits such a file into the two whole versions, compares them
field by field and builds the resolved record from the choices made: each
field from one side, or for lists the items of both. History never conflicts:
each history entry is a file of its own, so both sides' entries are kept by git
and ordered by date when the status is derived.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from knelpunt import atomic, scanning, store, yamlio
from knelpunt.errors import ConflictError, KnelpuntError, ResolutionInvalid
from knelpunt.gitrepo import stage_resolved
from knelpunt.locking import write_lock
from knelpunt.markers import Conflict, Hunk, split
from knelpunt.models import validate
from knelpunt.problems import from_validation_error
from knelpunt.store import locate_all, writable

__all__ = ["SIDES", "Conflict", "Hunk", "Side", "split"]

if TYPE_CHECKING:
    from knelpunt.repo import Repository

Side = Literal["ours", "theirs", "both"]
SIDES: tuple[Side, ...] = ("ours", "theirs", "both")

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "<missing>"})()


@dataclass
class FieldDifference:
    """One field the two sides disagree on."""

    name: str
    ours: Any
    theirs: Any
    base: Any = MISSING
    #: The side to take without asking: the other side left the field as it was.
    automatic: Side | None = None

    @property
    def is_list(self) -> bool:
        return isinstance(self.ours, list) or isinstance(self.theirs, list)


@dataclass
class Sides:
    """The parsed versions of a conflicted record, and where they differ."""

    conflict: Conflict
    ours: dict[str, Any]
    theirs: dict[str, Any]
    differences: list[FieldDifference] = field(default_factory=list)


def _side_unreadable(label: str, failure: yamlio.ParseFailure) -> ConflictError:
    return ConflictError("conflict_side_unreadable", side=label or "?", line=failure.line)


def _parse_side(text: str, label: str) -> dict[str, Any]:
    try:
        return yamlio.fast_load(text)
    except yamlio.ParseFailure as failure:
        raise _side_unreadable(label, failure) from None


def compare(conflict: Conflict) -> Sides:
    """Both versions parsed, and every field in which they differ, in file order."""
    ours = _parse_side(conflict.ours, conflict.ours_label)
    theirs = _parse_side(conflict.theirs, conflict.theirs_label)
    base: dict[str, Any] | None = None
    if conflict.base is not None:
        try:
            base = yamlio.fast_load(conflict.base)
        except yamlio.ParseFailure:
            base = None  # the common ancestor only helps; without it, ask
    names = list(ours) + [name for name in theirs if name not in ours]
    differences = []
    for name in names:
        mine, other = ours.get(name, MISSING), theirs.get(name, MISSING)
        if mine == other:
            continue
        difference = FieldDifference(name, mine, other)
        if base is not None:
            difference.base = base.get(name, MISSING)
            if difference.base == mine:
                difference.automatic = "theirs"  # only they changed it
            elif difference.base == other:
                difference.automatic = "ours"
        differences.append(difference)
    return Sides(conflict, ours, theirs, differences)


def combined(ours: Any, theirs: Any) -> list[Any]:
    """The items of both lists: ours in order, then what only theirs has."""
    first = list(ours) if isinstance(ours, list) else []
    second = list(theirs) if isinstance(theirs, list) else []
    return first + [item for item in second if item not in first]


def value_for(difference: FieldDifference, side: Side) -> Any:
    if side == "ours":
        return difference.ours
    if side == "theirs":
        return difference.theirs
    if not difference.is_list:
        raise ConflictError("conflict_both_needs_list", field=difference.name)
    return combined(difference.ours, difference.theirs)


def resolved_text(
    sides: Sides, choices: dict[str, Side], masked: Mapping[str, str] | None = None
) -> str:
    """The record as ``ours`` with each chosen field replaced; layout and
    comments of this side are kept, so the pull request shows only the choice.

    ``masked`` replaces the value of each named field by a text, for showing
    the result on screen without a person's contact details.
    """
    try:
        document = yamlio.load_for_editing(sides.conflict.ours)
    except yamlio.ParseFailure as failure:
        raise _side_unreadable(sides.conflict.ours_label, failure) from None
    for difference in sides.differences:
        side = choices.get(difference.name) or difference.automatic
        if side is None:
            raise ConflictError("conflict_field_undecided", field=difference.name)
        value = value_for(difference, side)
        if value is MISSING:
            document.pop(difference.name, None)
        else:
            document[difference.name] = yamlio.to_yaml_value(value)
    for name, placeholder in (masked or {}).items():
        if name in document:
            document[name] = placeholder
    text = yamlio.dump(document)
    header = _leading_comments(sides.conflict.ours)
    return header + text if header and not text.startswith(header) else text


def _leading_comments(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        if not line.startswith("#"):
            break
        lines.append(line + "\n")
    return "".join(lines)


# --- in a repository -------------------------------------------------------


@dataclass
class ConflictedRecord:
    """A record file in data/ that still holds conflict markers."""

    kind: str
    record_id: str
    path: Path
    relative: str
    raw: bytes
    sides: Sides


def conflicted_records(repo: Repository, wanted: Sequence[str] = ()) -> list[ConflictedRecord]:
    """Record files with conflict markers; only those named ``wanted`` if given.

    Reads the raw bytes of each file and looks for a marker before parsing
    anything, so a repository without conflicts is scanned quickly.
    """

    found = []
    names = set(wanted)
    for source in scanning.source_files(repo):
        stem = source.stem
        parent = source.parent or ""
        if names and stem not in names and parent not in names:
            continue
        try:
            raw = store.read_bytes(source)
        except yamlio.ParseFailure:
            continue  # not a file with markers; check names what is wrong with it
        if b"<<<<<<<" not in raw:
            continue
        try:
            if len(raw) > yamlio.MAX_RECORD_BYTES:  # read only that far: not a record
                raise yamlio.ParseFailure(
                    "file_too_large",
                    {
                        "size": Path(source.location).stat().st_size,
                        "limit": yamlio.MAX_RECORD_BYTES,
                    },
                )
            text = yamlio.decode(raw)
        except yamlio.ParseFailure as failure:
            raise yamlio.unreadable(source.relative, failure) from None
        conflict = split(text)
        if conflict is None:
            continue
        found.append(
            ConflictedRecord(
                source.kind, stem, Path(source.location), source.relative, raw, compare(conflict)
            )
        )
    return found


def resolve(
    repo: Repository, conflicted: ConflictedRecord, choices: Mapping[str, Side]
) -> tuple[Any, bool]:
    """Write the record made of the chosen sides; stage it in git when git was
    waiting for it. Returns the record and whether it was staged.

    The result is validated before anything is written, and written only if
    the file still holds the conflict that was shown (compare-and-swap).
    """
    from pydantic import ValidationError

    text = resolved_text(conflicted.sides, dict(choices))
    try:
        record = validate(conflicted.kind, yamlio.fast_load(text), repo.config)
    except ValidationError as exc:
        problems = from_validation_error(exc, conflicted.relative, conflicted.record_id, [])
        locate_all(text, problems)
        raise ResolutionInvalid(problems) from None

    writable(repo, conflicted.path)
    with write_lock(repo.root):
        styled = yamlio.in_style_of(conflicted.raw, text)
        if not atomic.replace_if_unchanged(conflicted.path, conflicted.raw, styled):
            raise ConflictError("record_changed_meanwhile", path=conflicted.relative)
    return record, stage_resolved(repo.root, conflicted.path)


def parse_field_choices(values: Sequence[str]) -> dict[str, Side]:
    """``--field NAME=ours|theirs|both`` options as a choice per field."""
    chosen: dict[str, Side] = {}
    for value in values:
        name, _, side = value.partition("=")
        name, side = name.strip().replace("-", "_"), side.strip().lower()
        if not name or side not in SIDES:
            raise KnelpuntError("resolve_field_option", value=value)
        chosen[name] = side
    return chosen


def choose_sides(
    sides: Sides,
    given: Mapping[str, Side],
    everywhere: Side | None,
    ask: Callable[[FieldDifference], Side] | None,
    taken: Callable[[FieldDifference, Side], None] = lambda difference, side: None,
) -> dict[str, Side]:
    """A side for every field that differs: from ``--field``, else ``--ours`` or
    ``--theirs``, else the side the diff3 base shows alone changed it (told
    through ``taken``), else ``ask``. Fails naming every field left undecided."""
    choices: dict[str, Side] = {}
    undecided = []
    for difference in sides.differences:
        side = given.get(difference.name) or everywhere
        if side is None and difference.automatic is not None:
            side = difference.automatic
            taken(difference, side)
        if side == "both" and not difference.is_list:
            raise KnelpuntError("conflict_both_needs_list", field=difference.name)
        if side is None and ask is not None:
            side = ask(difference)
        if side is None:
            undecided.append(difference.name)
        else:
            choices[difference.name] = side
    if undecided:
        raise KnelpuntError("resolve_needs_choice", fields=", ".join(undecided))
    return choices
