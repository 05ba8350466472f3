"""``list`` and ``show``: records filtered, ordered and described, as plain data.

The command line renders these as tables or JSON; reports can use them too.
Personal fields (contact persons) are left out unless asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knelpunt.choices import choice_key, vocabulary_key
from knelpunt.config import Config
from knelpunt.errors import KnelpuntError, RecordError
from knelpunt.facts import BottleneckFacts, facts_for, levels_of
from knelpunt.field_text import FieldWords
from knelpunt.fields import fields_of
from knelpunt.formats import number, readable, short_date
from knelpunt.gitrepo import open_git
from knelpunt.index import (
    LeanBottleneck,
    LeanSet,
    addressing_json,
    lean_bottlenecks,
    lean_set,
)
from knelpunt.messages import CHOICE_LABELS, FIELD_LABELS, label, message, report_text
from knelpunt.models import FOLDERS, Record, Update
from knelpunt.priority import Score, score
from knelpunt.repo import Repository
from knelpunt.scanning import Scan
from knelpunt.similar import normalise
from knelpunt.store import RecordSet
from knelpunt.workflow import TRANSITIONS, Addressing

#: Which filters make sense for which kind.
FILTERS: dict[str, frozenset[str]] = {
    "bottleneck": frozenset({"status", "theme", "level", "addressee", "region", "phase", "search"}),
    "initiative": frozenset({"region", "phase", "search"}),
    "meeting": frozenset({"region", "search"}),
    "actor": frozenset({"level", "region", "search"}),
    "solution": frozenset({"theme", "search"}),
    "question": frozenset({"theme", "search", "open"}),
    "ranking": frozenset({"search"}),
    "notice": frozenset({"search"}),
}


@dataclass
class Filters:
    status: str | None = None
    theme: str | None = None
    level: str | None = None
    addressee: str | None = None
    region: str | None = None
    phase: int | None = None
    search: str | None = None
    #: Only questions without an answer (``list questions --open``).
    open: bool | None = None

    def given(self) -> set[str]:
        return {name for name, value in vars(self).items() if value is not None}


def public_data(record: Record, personal: bool = False) -> dict[str, Any]:
    data = record.model_dump(mode="json", exclude_none=True)
    if not personal:
        for name in record.personal_fields:
            data.pop(name, None)
    return data


def _text_of(record: Record) -> str:
    parts = [
        str(getattr(record, name, "") or "")
        for name in (
            "title",
            "name",
            "short_name",
            "description",
            "municipality",
            "place",
            "explorer",
            "notes",
        )
    ]
    return normalise(" ".join(parts))


def _keep(record: Record, kind: str, filters: Filters) -> bool:
    if filters.search and normalise(filters.search) not in _text_of(record):
        return False
    return all(
        (
            filters.theme is None or getattr(record, "theme", None) == filters.theme,
            filters.level is None or getattr(record, "level", None) == filters.level,
            filters.region is None or getattr(record, "region", None) == filters.region,
            filters.phase is None or getattr(record, "phase", None) == filters.phase,
            not filters.open or getattr(record, "answer", "") is None,
        )
    )


def _keep_bottleneck(row: LeanBottleneck, filters: Filters, found: set[str] | None) -> bool:
    return all(
        (
            found is None or row.id in found,
            filters.status is None or row.status == filters.status,
            filters.theme is None or row.theme == filters.theme,
            filters.level is None or filters.level in row.levels,
            filters.addressee is None or filters.addressee in row.addressees,
            filters.region is None or filters.region in row.regions,
            filters.phase is None or filters.phase in row.phases,
        )
    )


def _keys_of(repo: Repository, filters: Filters) -> Filters:
    """Filters as keys: ``--theme Financiën`` is ``--theme finance``. A value
    that names nothing is an error naming the allowed ones, never an empty list."""
    from dataclasses import replace

    found: dict[str, Any] = {}
    if filters.status is not None:
        found["status"] = choice_key(TRANSITIONS, filters.status, "status")
    for name, vocabulary in (("theme", "themes"), ("level", "levels"), ("region", "regions")):
        value = getattr(filters, name)
        if value is not None:
            found[name] = vocabulary_key(repo.config, vocabulary, value)
    return replace(filters, **found)


def levels_text(config: Config, row: LeanBottleneck, lang: str, between: str = ", ") -> str:
    """Every level the bottleneck is addressed at, in ``lang``: "Lokaal
    (micro), Landelijk (macro)" for one addressed to a municipality and the
    VNG. A table passes ",\n": one a line, which keeps the column narrow
    (a plain table makes it ", " again)."""
    return between.join(config.label("levels", level, lang) for level in row.levels)


def solvers_text(row: LeanBottleneck, names: dict[str, str], lang: str, between: str = ", ") -> str:
    """The problem-solvers of a bottleneck; each with its own status when not
    all of them have the bottleneck's (one in progress, one still routed)."""
    pairs = row.solver_statuses()
    if all(status == row.status for _, status in pairs):
        return between.join(names.get(actor, actor) for actor, _ in pairs)
    return between.join(
        f"{names.get(actor, actor)} ({label(CHOICE_LABELS, status, lang)})"
        for actor, status in pairs
    )


def listed_state(row: LeanBottleneck) -> dict[str, Any]:
    """A listed bottleneck's state for programs (``list --json``,
    ``prioritise --json``): its status, every level, and each addressing as
    ``show --json`` gives it."""
    return {
        "status": row.status,
        "levels": list(row.levels),
        "addressees": list(row.addressees),
        "addressings": row.addressing_list(),
    }


@dataclass
class Listing:
    kind: str
    records: list[Record]
    #: Everything loaded, to name linked records without reading files again.
    all_records: RecordSet = field(default_factory=RecordSet)
    #: Bottlenecks: the lean rows shown, by priority, their scores, and the
    #: names of the problem-solvers (``records`` holds the full records only
    #: when they were loaded).
    rows: list[LeanBottleneck] = field(default_factory=list)
    scores: dict[str, Score] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    #: Made from records without a problem (a problem is reported every time).
    clean: bool = True


def _check_filters(kind: str, filters: Filters) -> None:
    wrong = filters.given() - FILTERS[kind]
    if wrong:
        raise KnelpuntError(
            "filter_not_for_kind",
            filters=", ".join(f"--{w}" for w in sorted(wrong)),
            kind=FOLDERS[kind],
            allowed=", ".join(f"--{f}" for f in sorted(FILTERS[kind])),
        )


def listing(
    repo: Repository, records: RecordSet, kind: str, filters: Filters, today: dt.date
) -> Listing:
    _check_filters(kind, filters)
    if kind == "bottleneck":
        return _bottlenecks(repo, lean_set(records), filters, today)
    filters = _keys_of(repo, filters)
    chosen = [record for record in records.of(kind).values() if _keep(record, kind, filters)]
    chosen.sort(key=lambda r: (normalise(r.label()), r.id))
    return Listing(kind, chosen, records)


def bottleneck_listing(
    repo: Repository, filters: Filters, today: dt.date, scanned: Scan | None = None
) -> Listing:
    """The bottlenecks by priority, from the lean index when it is current:
    without loading a single full record."""
    _check_filters("bottleneck", filters)
    return _bottlenecks(repo, lean_bottlenecks(repo, scanned), filters, today)


def _bottlenecks(repo: Repository, lean: LeanSet, filters: Filters, today: dt.date) -> Listing:
    filters = _keys_of(repo, filters)
    weights = repo.config.priority
    found = lean.matching(normalise(filters.search)) if filters.search else None
    chosen = [row for row in lean.rows.values() if _keep_bottleneck(row, filters, found)]
    scores = {row.id: score(row, weights, today) for row in chosen}
    # Ordered by priority: the list a coordinator takes to a problem-solver.
    chosen.sort(key=lambda r: (not r.is_open, *scores[r.id].sort_key()))
    records = lean.records
    full = [records.bottlenecks[r.id] for r in chosen] if records is not None else []
    return Listing(
        "bottleneck", list(full), records or RecordSet(), chosen, scores, lean.labels, lean.clean
    )


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: str
    summary: str


def git_history(root: Path, paths: Iterable[Path], limit: int = 20) -> list[Commit]:
    """Commits that touched ``paths``, newest first; empty outside git."""
    import git

    try:
        repository = open_git(root)  # under knelpunt's git settings: see there
        existing = [str(p) for p in paths if p.exists()]
        if not existing or not repository.head.is_valid():
            return []
        commits = repository.iter_commits(paths=existing, max_count=limit)
        return [
            Commit(
                c.hexsha[:8],
                str(c.author.name),
                c.committed_datetime.date().isoformat(),
                str(c.summary),
            )
            for c in commits
        ]
    except (KnelpuntError, git.GitCommandError, ValueError):
        return []


@dataclass(frozen=True)
class RecordView:
    """What ``knelpunt show`` tells of one record: the record (public fields,
    contact persons only on request), for a bottleneck its derived state and
    score, and the git commits that touched its files."""

    kind: str
    record: Record
    data: dict[str, Any]
    facts: BottleneckFacts | None
    score: float | None
    commits: list[Commit]
    #: Whether contact details are part of ``data`` (asked for, and present).
    shows_personal: bool
    #: The day it is shown on: whether an addressing is overdue (its clock).
    today: dt.date | None = None

    def as_json(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"kind": self.kind, "record": self.data}
        if self.facts is not None:
            state = self.facts.state
            payload |= {
                "status": state.status,
                "level": state.level,
                "levels": list(levels_of(state)),
                "addressees": list(state.addressees),
                # As export and list give them (one truth): the answer-by day
                # is there; whether it has passed is the reader's day's question.
                "addressings": [addressing_json(a) for a in state.addressings],
                "rule": state.rule,
                "merged_into": state.merged_into,
                "merged_from": list(self.facts.merged_from),
                "reporters": list(self.facts.reporters),
                "score": self.score,
                "history": [u.model_dump(mode="json", exclude_none=True) for u in state.history],
            }
        payload["git"] = [vars(c) for c in self.commits]
        return payload

    def rows(self, records: RecordSet, config: Config, lang: str) -> list[list[str]]:
        """The record as label/value rows in ``lang``: labels of lists and
        choices, names of linked records, written dates, ja/nee."""

        def name(target_kind: str, target: str) -> str:
            linked = records.of(target_kind).get(target)
            return f"{linked.label()} ({target})" if linked else target

        specs = {spec.name: spec for spec in fields_of(self.kind)}
        words = FieldWords(config, lang, name)
        rows = []
        for field_name, value in self.data.items():
            if value in ([], "", None):
                continue
            shown = words.text(field_name, specs.get(field_name), value)
            rows.append([label(FIELD_LABELS, field_name, lang), shown])
        if self.facts is not None:
            state = self.facts.state
            rows.append([report_text("col_status", lang), label(CHOICE_LABELS, state.status, lang)])
            if state.addressees:
                # Every level it is addressed at; each solver's own is below.
                levels = [config.label("levels", level, lang) for level in levels_of(state)]
                rows.append([report_text("col_level", lang), ", ".join(levels)])
                rows.append(
                    [
                        report_text("col_solver", lang),
                        "\n".join(
                            message(
                                "show_addressing",
                                lang,
                                solver=name("actor", a.actor),
                                status=label(CHOICE_LABELS, a.status, lang),
                                level=config.label("levels", a.level or "", lang),
                                since=short_date(a.since, lang),
                            )
                            + (
                                " (" + ", ".join(name("initiative", i) for i in a.concerns) + ")"
                                if a.concerns
                                else ""
                            )
                            + _clock(a, self.today, lang)
                            for a in state.addressings
                        ),
                    ]
                )
            if state.merged_into:
                rows.append(
                    [label(CHOICE_LABELS, "merged", lang), name("bottleneck", state.merged_into)]
                )
            if self.facts.merged_from:
                rows.append(
                    [
                        message("show_merged_from", lang),
                        "\n".join(name("bottleneck", b) for b in self.facts.merged_from),
                    ]
                )
            rows.append([report_text("col_score", lang), number(self.score or 0, lang)])
        hidden = [f for f in self.record.personal_fields if getattr(self.record, f) is not None]
        if hidden and not self.shows_personal:
            rows.append(["", message("show_personal_hidden", lang)])
        return rows

    def history_rows(self, lang: str, records: RecordSet | None = None) -> list[list[str]]:
        """The steps of a bottleneck; a verdict names its initiative and
        problem-solver (with the id, as the rows do) when ``records`` has them."""
        if self.facts is None:
            return []

        def name(kind: str, record_id: str) -> str:
            linked = records.of(kind).get(record_id) if records is not None else None
            return f"{linked.label()} ({record_id})" if linked else record_id

        return [
            [
                short_date(u.date, lang),
                u.by,
                label(CHOICE_LABELS, u.status, lang) if u.status else _verdict(u, lang, name),
                u.note or "",
            ]
            for u in self.facts.state.history
        ]

    def commit_rows(self, lang: str) -> list[list[str]]:
        return [[c.sha, readable(c.date, lang), c.author, c.summary] for c in self.commits]


def _verdict(update: Update, lang: str, name: Callable[[str, str], str]) -> str:
    """A verdict in the status column: 'oordeel Dorpscoöperatie X (in-...) over
    Gemeente Y (ac-...): niet opgelost'."""
    if update.verdict is None:
        return ""
    return message(
        "show_verdict",
        lang,
        initiative=name("initiative", update.initiative) if update.initiative else "-",
        verdict=label(CHOICE_LABELS, update.verdict, lang),
        solver=message("show_verdict_solver", lang, solver=name("actor", update.solver))
        if update.solver
        else "",
    )


def _clock(addressing: Addressing, today: dt.date | None, lang: str) -> str:
    """An open addressing's answer-by day, and how far past it (its clock)."""
    if not addressing.is_open or addressing.answer_by is None:
        return ""
    due = short_date(addressing.answer_by, lang)
    if today is not None and addressing.overdue(today):
        return message("show_overdue", lang, answer_by=due, count=addressing.days_overdue(today))
    return message("show_answer_by", lang, answer_by=due)


def record_view(
    repo: Repository, records: RecordSet, record_id: str, personal: bool, today: dt.date
) -> RecordView:
    """The record ``record_id`` as ``knelpunt show`` tells it."""
    found = records.find(record_id)
    if found is None:
        raise RecordError("record_not_found", record_id=record_id)
    kind, record = found
    paths = [repo.record_path(kind, record_id)]
    facts = facts_for(records).get(record_id) if kind == "bottleneck" else None
    if facts is not None:
        paths.append(repo.folder("update") / record_id)
    total = score(facts, repo.config.priority, today).total if facts is not None else None
    has_personal = any(getattr(record, name) is not None for name in record.personal_fields)
    return RecordView(
        kind,
        record,
        public_data(record, personal),
        facts,
        total,
        git_history(repo.root, paths),
        personal and has_personal,
        today,
    )
