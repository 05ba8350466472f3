"""What people do to records: add one, move a bottleneck along, merge two.

Each action reads only the records it touches, never the whole repository, so
it stays fast in a repository of tens of thousands of records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import wraps
from itertools import groupby
from typing import Any, Concatenate, ParamSpec, TypeVar

from pydantic import ValidationError

from knelpunt import journal, store
from knelpunt.choices import choice_key, fold, typed_values, vocabulary_key
from knelpunt.errors import InvalidInput, KnelpuntError, RecordError, WorkflowError
from knelpunt.facts import facts_for
from knelpunt.fields import CONTACT_FIELDS, fields_of
from knelpunt.gitrepo import author_name
from knelpunt.ids import FOLDERS, is_valid_id, new_update_id
from knelpunt.locking import write_lock
from knelpunt.messages import message
from knelpunt.models import RECORD_TYPES, Bottleneck, Record, Update, validate
from knelpunt.money import PERIODS
from knelpunt.problems import Problem, from_validation_error
from knelpunt.repo import Repository
from knelpunt.routing import Decision, decide, waiting
from knelpunt.scanning import SourceFile, history_files, source_files
from knelpunt.store import read_bytes, read_file
from knelpunt.workflow import PER_ADDRESSING, State, allowed_moves, derive, is_allowed
from knelpunt.yamlio import ParseFailure, to_yaml_value

_P = ParamSpec("_P")
_R = TypeVar("_R")


def locked(
    action: Callable[Concatenate[Repository, _P], _R],
) -> Callable[Concatenate[Repository, _P], _R]:
    """Run ``action`` under the repository's write lock, from its first read to
    its last write: what it checked (a status, a list) still holds when it writes."""

    @wraps(action)
    def run(repo: Repository, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with write_lock(repo.root):
            return action(repo, *args, **kwargs)

    return run


def read_record(repo: Repository, kind: str, record_id: str) -> Record:
    """One record, read on the fast path; a problem in it is raised."""
    if not is_valid_id(record_id) or not repo.record_path(kind, record_id).is_file():
        raise RecordError("record_not_found", record_id=record_id)
    loaded = read_file(repo, SourceFile.at(repo, kind, repo.record_path(kind, record_id)))
    if loaded.record is None or loaded.problems:
        raise InvalidInput(loaded.problems)
    assert isinstance(loaded.record, Record)
    return loaded.record


def find_kind(repo: Repository, record_id: str) -> str | None:
    """The kind of the record with ``record_id``, from the file that holds it."""
    if not is_valid_id(record_id):
        return None
    for kind in RECORD_TYPES:
        if repo.record_path(kind, record_id).is_file():
            return kind
    return None


def read_history(repo: Repository, bottleneck_id: str) -> list[Update]:
    updates = []
    for source in history_files(repo, bottleneck_id):
        loaded = read_file(repo, source)
        if loaded.record is None:
            raise InvalidInput(loaded.problems)
        assert isinstance(loaded.record, Update)
        updates.append(loaded.record)
    return updates


def current_state(repo: Repository, bottleneck_id: str) -> State:
    return derive(read_history(repo, bottleneck_id), repo.config.follow_up.answer_within_days)[0]


# --- adding ------------------------------------------------------------------


def record_data(kind: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """A record's data from flat field values: empty values left out, the
    contact person's fields (``contact_name``, ...) gathered in one block."""
    data: dict[str, Any] = {}
    for spec in fields_of(kind):
        if spec.type == "contact":
            contact = {
                key: values.get(f"contact_{key}")
                for key in CONTACT_FIELDS
                if values.get(f"contact_{key}") not in (None, "")
            }
            if contact:
                data[spec.name] = contact
            continue
        value = values.get(spec.name)
        if value is None or value == "" or value == [] or value == ():
            continue
        if spec.many:
            data[spec.name] = list(value)
        elif spec.choices and isinstance(spec.choices[0], int) and str(value).isdigit():
            data[spec.name] = int(value)  # typed on the command line, such as --phase 2
        else:
            data[spec.name] = value
    return data


#: The parts of ``--source "Titel; jaar; uitgever; link"``, in that order.
SOURCE_PARTS = ("title", "year", "publisher", "link")


def source_data(texts: Sequence[str]) -> list[dict[str, Any]]:
    """Sources as typed after ``--source`` ("Wat knelt!; 2024; Movisie; https://..."):
    empty parts left out, a year of digits as a number; the model checks the rest."""
    sources: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for index, text in enumerate(texts):
        parts = [part.strip() for part in text.split(";")]
        if len(parts) > len(SOURCE_PARTS):
            problems.append(Problem("", "source_parts", {"value": text}, loc=("sources", index)))
            continue
        source: dict[str, Any] = {
            name: part for name, part in zip(SOURCE_PARTS, parts, strict=False) if part
        }
        if str(source.get("year", "")).isdigit():
            source["year"] = int(source["year"])
        sources.append(source)
    if problems:
        raise InvalidInput(problems)
    return sources


#: The parts of ``--cost "bedrag; per jaar; vanaf; betaald door; waarvoor"``.
COST_PARTS = ("amount", "per", "from", "paid_by", "for")


def cost_data(texts: Sequence[str]) -> list[dict[str, Any]]:
    """Amounts as typed after ``--cost`` ("€ 60.000; per jaar; 2027; ac-...;
    coördinator"): the amount however it is written (the model reads it,
    ``money.parse_amount``), once or a year in either language, a year of
    digits as a number; empty parts left out."""
    costs: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for index, text in enumerate(texts):
        parts = [part.strip() for part in text.split(";")]
        if len(parts) > len(COST_PARTS):
            problems.append(Problem("", "cost_parts", {"value": text}, loc=("costs", index)))
            continue
        cost: dict[str, Any] = {
            name: part for name, part in zip(COST_PARTS, parts, strict=False) if part
        }
        if "per" in cost:
            cost["per"] = choice_key(PERIODS, cost["per"], "per")
        if str(cost.get("from", "")).isdigit():
            cost["from"] = int(cost["from"])
        costs.append(cost)
    if problems:
        raise InvalidInput(problems)
    return costs


def missing_references(repo: Repository, record: Record) -> list[Problem]:
    """References to records that are not on this laptop."""
    problems = []
    for field_name, target_kind in record.references.items():
        value = getattr(record, field_name)
        targets = value if isinstance(value, list) else [value]
        for index, target in enumerate(targets):
            if target is not None and not repo.record_path(target_kind, target).is_file():
                problems.append(
                    Problem(
                        "",
                        "unknown_reference",
                        {
                            "target_kind": target_kind,
                            "target": target,
                            "expected": repo.relative(repo.record_path(target_kind, target)),
                        },
                        loc=(field_name, index) if isinstance(value, list) else (field_name,),
                    )
                )
    return problems


def build(
    repo: Repository, kind: str, values: Mapping[str, Any], record_id: str | None = None
) -> Record:
    """A valid record of ``kind`` from field values as people give them
    (labels, Dutch dates), with ``record_id`` or a fresh id; raises ``InvalidInput``."""
    values = typed_values(repo.config, fields_of(kind), values)
    data = {"id": record_id or store.unused_id(repo, kind), **record_data(kind, values)}
    if values.get("source"):  # add bottleneck --source, a field of its own (issue 32)
        data["sources"] = source_data(values["source"])
    if values.get("cost"):  # add bottleneck --cost, an amount of the proposal (issue 33)
        data["costs"] = cost_data(values["cost"])
    try:
        record = validate(kind, data, repo.config)
    except ValidationError as exc:
        fields = list(RECORD_TYPES[kind].model_fields)
        raise InvalidInput(from_validation_error(exc, "", None, fields)) from None
    assert isinstance(record, Record)
    problems = missing_references(repo, record)
    for index, cost in enumerate(getattr(record, "costs", [])):
        if cost.paid_by and not repo.record_path("actor", cost.paid_by).is_file():
            where = repo.relative(repo.record_path("actor", cost.paid_by))
            problems.append(
                Problem(
                    "",
                    "unknown_reference",
                    {"target_kind": "actor", "target": cost.paid_by, "expected": where},
                    loc=("costs", index, "paid_by"),
                )
            )
    if problems:
        raise InvalidInput(problems)
    return record


@locked
def add(repo: Repository, kind: str, values: Mapping[str, Any]) -> Record:
    record = build(repo, kind, values)
    store.create(repo, record)
    return record


def flat_values(record: Record) -> dict[str, Any]:
    """A record's fields as the prompt holds them: the contact person's block
    as ``contact_name``, ``contact_email``..., dates as text."""
    values: dict[str, Any] = {}
    for name, value in record.model_dump(mode="json", exclude_none=True).items():
        if name == "id":
            continue
        if isinstance(value, dict):
            values |= {f"contact_{key}": part for key, part in value.items()}
        else:
            values[name] = value
    return values


@locked
def change_record(repo: Repository, kind: str, record_id: str, values: Mapping[str, Any]) -> Record:
    """Give record ``record_id`` the field values ``values`` (as the prompt
    holds them). Written round-trip: only the lines of changed fields move."""

    new = store.record_to_data(build(repo, kind, values, record_id))

    def change(document: Any) -> None:
        for spec in fields_of(kind):
            name = spec.name
            if name not in new:
                document.pop(name, None)
            elif document.get(name) != new[name]:
                document[name] = to_yaml_value(new[name])

    return store.edit(repo, kind, record_id, change)


# --- moving along the workflow ----------------------------------------------


def known_author(repo: Repository, given: str | None) -> str | None:
    """Who makes a change: as given, else the name git knows, else None.
    Never the login name: 'root' on a public page names no one."""
    if given and given.strip():
        return given.strip()
    return author_name(repo.root)


def who(repo: Repository, given: str | None) -> str:
    """Who makes a change; without --by or a name git knows, an error that
    says how to give one."""
    name = known_author(repo, given)
    if name is None:
        raise KnelpuntError("who_unknown")
    return name


@dataclass(frozen=True)
class Change:
    """Who records a change, when, and why."""

    by: str
    date: dt.date
    note: str | None = None


def _append(repo: Repository, bottleneck_id: str, change: Change, **fields: Any) -> Update:
    update = Update(
        id=new_update_id(dt.datetime.now()),
        date=change.date,
        by=change.by,
        note=change.note,
        **fields,
    )
    store.append_update(repo, bottleneck_id, update)
    return update


@locked
def update_status(
    repo: Repository,
    bottleneck_id: str,
    status: str | None,
    change: Change,
    actor: str | None = None,
) -> Update:
    """Move a bottleneck to ``status`` (or only add a note) with a history entry;
    with ``actor``, only that problem-solver's addressing moves."""
    read_record(repo, "bottleneck", bottleneck_id)
    if status is None:
        if not change.note:
            raise WorkflowError("update_needs_something")
        return _append(repo, bottleneck_id, change)
    if status == "routed":
        raise WorkflowError("use_route")
    if status == "merged":
        raise WorkflowError("use_merge")
    state = current_state(repo, bottleneck_id)
    if actor is not None:
        actor = addressed_actor(repo, state, actor)
        addressing = state.addressing(actor)
        if addressing is None:
            raise WorkflowError(
                "not_addressed_to",
                record_id=bottleneck_id,
                actor=actor_name(repo, actor),
                addressees=_names_and_ids(repo, state.addressees),
            )
        if status not in PER_ADDRESSING or not is_allowed(addressing.status, status):
            raise WorkflowError(
                "move_not_allowed_for",
                actor=actor,
                record_id=bottleneck_id,
                current=addressing.status,
                status=status,
                allowed=", ".join(allowed_moves(addressing.status)) or "-",
            )
        return _append(repo, bottleneck_id, change, status=status, actor=actor)
    if status in PER_ADDRESSING and state.addressings:
        movable = [a for a in state.addressings if is_allowed(a.status, status)]
        if len(movable) > 1:
            # One solver's answer is not the others': closing every addressing
            # at once is never a guess knelpunt makes.
            raise WhichAddressing(repo, bottleneck_id, status, [a.actor for a in movable])
        if movable:
            return _append(repo, bottleneck_id, change, status=status)
    if not is_allowed(state.status, status):
        raise WorkflowError(
            "move_not_allowed",
            current=state.status,
            status=status,
            allowed=", ".join(m for m in allowed_moves(state.status)) or "-",
        )
    return _append(repo, bottleneck_id, change, status=status)


@locked
def record_verdict(
    repo: Repository,
    bottleneck_id: str,
    verdict: str,
    initiative_id: str,
    change: Change,
    solver: str | None = None,
) -> Update:
    """Record an initiative's verdict on a bottleneck's solution (works,
    partly, not-solved), about one problem-solver's solution with ``solver``:
    a history entry like every step. Only an initiative that raised it (or a
    duplicate bundled into it) gives one."""
    bottleneck = read_record(repo, "bottleneck", bottleneck_id)
    state = current_state(repo, bottleneck_id)
    if state.status == "merged":
        raise WorkflowError(
            "verdict_on_merged", record_id=bottleneck_id, target=state.merged_into or "-"
        )
    assert isinstance(bottleneck, Bottleneck)
    initiative = initiative_id.strip().lower()
    read_record(repo, "initiative", initiative)
    raised = list(bottleneck.reported_by)
    for duplicate in _merged_into(repo, bottleneck_id):
        found = read_record(repo, "bottleneck", duplicate)
        assert isinstance(found, Bottleneck)
        raised += found.reported_by
    if initiative not in raised:
        raise WorkflowError(
            "verdict_not_raised",
            initiative=initiative,
            record_id=bottleneck_id,
            reporters=", ".join(dict.fromkeys(raised)) or "-",
        )
    if solver is not None:
        solver = addressed_actor(repo, state, solver)
        if state.addressing(solver) is None:
            raise WorkflowError(
                "not_addressed_to",
                record_id=bottleneck_id,
                actor=actor_name(repo, solver),
                addressees=_names_and_ids(repo, state.addressees),
            )
    return _append(
        repo, bottleneck_id, change, verdict=verdict, initiative=initiative, solver=solver
    )


class WhichAddressing(WorkflowError):
    """A status change for one problem-solver, asked of a bottleneck addressed
    to several that could each take it: the command line asks which, or says
    which ``--for`` to give."""

    def __init__(
        self, repo: Repository, bottleneck_id: str, status: str, actors: list[str]
    ) -> None:
        self.actors = [(actor, actor_name(repo, actor)) for actor in actors]
        super().__init__(
            "update_which_addressing",
            record_id=bottleneck_id,
            status=status,
            addressees="; ".join(f"{name} (--for {actor})" for actor, name in self.actors),
            example=actors[0],
        )


def actor_name(repo: Repository, actor_id: str) -> str:
    """An actor's name, or its id when its record cannot be read."""
    try:
        return read_record(repo, "actor", actor_id).label()
    except KnelpuntError:
        return actor_id


def _names_and_ids(repo: Repository, actor_ids: Sequence[str]) -> str:
    return ", ".join(f"{actor_name(repo, a)} ({a})" for a in actor_ids) or "-"


def actor_names(repo: Repository) -> dict[str, str]:
    """Every actor's id and name, read from data/actors/ (records that cannot
    be read are left out: ``check`` names them)."""
    folder = repo.root / "data" / FOLDERS["actor"]
    names: dict[str, str] = {}
    if not folder.is_dir() or folder.is_symlink():
        return names
    for path in sorted(folder.glob("*.yaml")):
        try:
            names[path.stem] = read_record(repo, "actor", path.stem).label()
        except KnelpuntError:
            continue
    return names


def find_actor(repo: Repository, typed: str, among: Mapping[str, str] | None = None) -> str:
    """The id of the actor that ``typed`` names: its id, its name, or a part of
    its name only one actor has; in any case, accents optional
    ("zorgverzekeraars nederland", "Zorgverzekeraars", "ac-4aj5z-qg1aa").
    ``among`` limits the choice to these ids and names."""
    value = typed.strip()
    if among is None and find_kind(repo, value.lower()) == "actor":
        return value.lower()
    names = dict(among) if among is not None else actor_names(repo)
    if value.lower() in names:
        return value.lower()
    wanted = fold(value)
    # "ZN", "VWS": the short name people use, where the record gives one.
    shorts = _short_names(repo, names)
    if wanted:
        for candidates in (
            [a for a, short in shorts.items() if fold(short) == wanted],
            [a for a, name in names.items() if fold(name) == wanted],
            [a for a, name in names.items() if wanted in fold(name)],
        ):
            if len(candidates) == 1:
                return candidates[0]
            if candidates:
                raise RecordError(
                    "actor_ambiguous",
                    typed=value,
                    found="; ".join(f"{names[a]} ({a})" for a in candidates[:10]),
                )
    raise RecordError("unknown_actor", record_id=value)


def find_initiative(repo: Repository, typed: str) -> str:
    """The id of the initiative ``typed`` names: its id, its name, or a part
    of its name only one initiative has; any case, accents optional
    ("Samen Andijk", "andijk", "in-bnwja-rvzz8")."""
    value = typed.strip()
    if find_kind(repo, value.lower()) == "initiative":
        return value.lower()
    folder = repo.root / "data" / FOLDERS["initiative"]
    names: dict[str, str] = {}
    if folder.is_dir() and not folder.is_symlink():
        for path in sorted(folder.glob("*.yaml")):
            try:
                names[path.stem] = read_record(repo, "initiative", path.stem).label()
            except KnelpuntError:
                continue
    wanted = fold(value)
    if wanted:
        for candidates in (
            [i for i, name in names.items() if fold(name) == wanted],
            [i for i, name in names.items() if wanted in fold(name)],
        ):
            if len(candidates) == 1:
                return candidates[0]
            if candidates:
                raise RecordError(
                    "initiative_ambiguous",
                    typed=value,
                    found="; ".join(f"{names[i]} ({i})" for i in candidates[:10]),
                )
    raise RecordError("unknown_initiative", record_id=value)


def _short_names(repo: Repository, actor_ids: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for actor_id in actor_ids:
        try:
            record = read_record(repo, "actor", actor_id)
        except KnelpuntError:
            continue
        short = getattr(record, "short_name", None)
        if short:
            found[actor_id] = short
    return found


def addressed_actor(repo: Repository, state: State, typed: str) -> str:
    """The id of the addressee ``typed`` names (id, name or a unique part of
    it); an actor not addressed is returned as typed, for the message."""
    among = {actor: actor_name(repo, actor) for actor in state.addressees}
    try:
        return find_actor(repo, typed, among)
    except RecordError as exc:
        if exc.key == "actor_ambiguous":
            raise
        try:
            return find_actor(repo, typed)
        except RecordError:
            return typed.strip()


def _merged_into(repo: Repository, bottleneck_id: str) -> list[str]:
    """Bottlenecks whose latest merge points at ``bottleneck_id``."""
    children = []
    for parent, sources in groupby(source_files(repo), key=lambda source: source.parent):
        if parent is None or parent == bottleneck_id:
            continue
        # Only history that mentions the id can point at it: skip the parsing.
        if any(bottleneck_id.encode() in _bytes_or_nothing(source) for source in sources):
            state = current_state(repo, parent)
            if state.status == "merged" and state.merged_into == bottleneck_id:
                children.append(parent)
    return children


def _bytes_or_nothing(source: SourceFile) -> bytes:
    try:
        return read_bytes(source)
    except ParseFailure:
        return b""  # reading it for real says what is wrong


def _extend_lists(document: Any, additions: Mapping[str, list[str]]) -> None:
    """Append what is new to lists of a round-trip record, keeping its layout."""

    for name, extra in additions.items():
        current = list(document.get(name) or [])
        added = [item for item in extra if item not in current]
        if not added:
            continue
        if name in document and document[name] is not None:
            document[name].extend(added)
        else:
            document[name] = to_yaml_value(added)


MERGED_LISTS = ("reported_by", "reported_by_actors", "meetings", "laws", "solutions")


@dataclass(frozen=True)
class Merged:
    """What ``merge`` did, and the surviving bottleneck as it now is."""

    into: Bottleneck
    #: "merged"; "finished": an interrupted merge of the two was completed;
    #: "already": they were merged before, and nothing was written.
    outcome: str


def _not_yet_in(into: Bottleneck, duplicate: Bottleneck) -> dict[str, list[str]]:
    """What of the duplicate's lists the surviving record does not list yet."""
    missing = {}
    for name in MERGED_LISTS:
        present = set(getattr(into, name))
        lacking = [item for item in getattr(duplicate, name) if item not in present]
        if lacking:
            missing[name] = lacking
    return missing


@locked
def merge(repo: Repository, duplicate_id: str, into_id: str, change: Change) -> Merged:
    """Bundle ``duplicate_id`` into ``into_id`` ("bundelen").

    INTO gains the duplicate's reporters, meetings, laws and workarounds; the
    duplicate is marked merged and points at INTO; bottlenecks merged earlier
    into the duplicate are pointed at INTO too, so no merge points at a merged
    bottleneck.

    These are several files, and no file system writes several at once, so
    the merge is noted as under way first (``journal``): a kill in between
    is named by ``check``, with this command to finish it. Run again, each
    step already done is skipped; a merge that is whole writes nothing.
    """
    if duplicate_id == into_id:
        raise WorkflowError("merge_into_itself", record_id=into_id)
    duplicate = read_record(repo, "bottleneck", duplicate_id)
    into = read_record(repo, "bottleneck", into_id)
    assert isinstance(duplicate, Bottleneck) and isinstance(into, Bottleneck)
    into_state = current_state(repo, into_id)
    if into_state.status == "merged":
        raise WorkflowError("merge_into_merged", into=into_id, final=into_state.merged_into)
    duplicate_state = current_state(repo, duplicate_id)
    marked = duplicate_state.status == "merged" and duplicate_state.merged_into == into_id
    if not marked and not is_allowed(duplicate_state.status, "merged"):
        raise WorkflowError(
            "move_not_allowed",
            current=duplicate_state.status,
            status="merged",
            allowed=", ".join(allowed_moves(duplicate_state.status)) or "-",
        )
    # Everything is read before anything is written: a history that cannot be
    # read stops the merge before it starts, not halfway.
    children = _merged_into(repo, duplicate_id)
    missing = _not_yet_in(into, duplicate)
    if marked and not children and not missing:
        journal.end_merge(repo.root, duplicate_id, into_id)  # a kill after the last write
        return Merged(into, "already")

    journal.begin_merge(repo.root, duplicate_id, into_id)
    # The duplicate's entry first: from it on, every report counts its
    # reporters with INTO's (facts follow merges), whatever comes after.
    if not marked:
        _append(repo, duplicate_id, change, status="merged", merged_into=into_id)
    for child in children:
        _append(repo, child, change, status="merged", merged_into=into_id)
    result = into
    if missing:
        edited = store.edit(repo, "bottleneck", into_id, lambda d: _extend_lists(d, missing))
        assert isinstance(edited, Bottleneck)
        result = edited
    journal.end_merge(repo.root, duplicate_id, into_id)
    return Merged(result, "finished" if marked else "merged")


@locked
def bundle(
    repo: Repository, into_id: str, initiatives: list[str], meetings: list[str], change: Change
) -> Bottleneck:
    """Add reporting initiatives and meetings to an existing bottleneck."""
    read_record(repo, "bottleneck", into_id)

    def gain(document: Any) -> None:
        _extend_lists(document, {"reported_by": initiatives, "meetings": meetings})

    result = store.edit(repo, "bottleneck", into_id, gain)
    assert isinstance(result, Bottleneck)
    if change.note:
        _append(repo, into_id, change)
    return result


@locked
def link_solution(repo: Repository, bottleneck_id: str, solution_id: str) -> Bottleneck:
    """Record that a workaround helps with a bottleneck."""
    result = store.edit(
        repo, "bottleneck", bottleneck_id, lambda d: _extend_lists(d, {"solutions": [solution_id]})
    )
    assert isinstance(result, Bottleneck)
    return result


@locked
def route(
    repo: Repository,
    bottleneck_id: str,
    addressees: list[str],
    level: str | None,
    rule: str | None,
    change: Change,
    concerns: list[str] | None = None,
    answer_by: dt.date | None = None,
) -> Update:
    """Address a bottleneck to problem-solvers at a level, with a history entry.

    Each problem-solver gets an addressing of its own (or a renewed one);
    addressings to others stay. By hand (``rule`` None) this overrides the
    rules. Every actor must exist; the level defaults to the first actor's own
    level; ``concerns`` names the initiatives a local addressing is about.
    ``answer_by``: the day the problem-solvers are expected to answer by;
    without it, the routing day plus the days of the level in knelpunt.yaml.
    The day is written in the entry, so the solver's clock stays what it was
    told when the setting changes later.
    """
    read_record(repo, "bottleneck", bottleneck_id)
    if not addressees:
        raise WorkflowError("route_needs_actor")
    # By id, by name or by a part of a name only one actor has.
    addressees = [find_actor(repo, typed) for typed in addressees]
    actors = [read_record(repo, "actor", actor_id) for actor_id in addressees]
    levels = repo.config.vocabularies.levels
    chosen = vocabulary_key(repo.config, "levels", level) if level else None
    chosen = chosen or str(getattr(actors[0], "level", ""))
    if chosen not in levels:
        raise KnelpuntError("not_allowed_value", value=repr(chosen), allowed=", ".join(levels))
    for initiative_id in concerns or []:
        if find_kind(repo, initiative_id) != "initiative":
            raise RecordError("record_not_found", record_id=initiative_id)
    if answer_by is None:
        answer_by = change.date + dt.timedelta(days=repo.config.follow_up.days_for(chosen))
    elif answer_by < change.date:
        raise WorkflowError(
            "answer_by_before_routing",
            answer_by=answer_by.isoformat(),
            date=change.date.isoformat(),
        )
    state = current_state(repo, bottleneck_id)
    if state.status in ("solved-locally",) or not is_allowed(state.status, "routed"):
        raise WorkflowError(
            "move_not_allowed",
            current=state.status,
            status="routed",
            allowed=", ".join(allowed_moves(state.status)) or "-",
        )
    return _append(
        repo,
        bottleneck_id,
        change,
        status="routed",
        level=chosen,
        addressees=list(dict.fromkeys(addressees)),
        rule=rule,
        concerns=list(dict.fromkeys(concerns or [])),
        answer_by=answer_by,
    )


@dataclass(frozen=True)
class RoutingRun:
    routed: list[Decision]
    #: Bottlenecks on the agenda that no rule matched (and no default caught).
    unmatched: list[str]


@locked
def route_by_rules(
    repo: Repository, change: Change, dry_run: bool, lang: str, answer_by: dt.date | None = None
) -> RoutingRun:
    """Route every bottleneck waiting on the agenda by the rules in
    knelpunt.yaml; with ``dry_run`` only say what would happen. Each history
    entry's note names the rule, in ``lang``, unless the change has a note.
    ``answer_by``: as for ``route``; without it, each by its level's days."""
    if answer_by is not None and answer_by < change.date:
        raise WorkflowError(
            "answer_by_before_routing",
            answer_by=answer_by.isoformat(),
            date=change.date.isoformat(),
        )
    # Routing reads who reported what, and where: no description or note.
    records = store.load_all(repo, lean=True)
    facts = facts_for(records)
    routed: list[Decision] = []
    unmatched: list[str] = []
    for bottleneck_id in sorted(facts):
        if not waiting(facts[bottleneck_id]):
            continue
        decision = decide(facts[bottleneck_id], records, repo.config.routing)
        if decision is None:
            unmatched.append(bottleneck_id)
            continue
        if not dry_run:
            note = change.note or message("route_auto_note", lang, rule=decision.rule)
            route(
                repo,
                bottleneck_id,
                list(decision.addressees),
                decision.level,
                decision.rule,
                replace(change, note=note),
                answer_by=answer_by,
            )
        routed.append(decision)
    return RoutingRun(routed, unmatched)
