"""``list`` and ``show``: records filtered, ordered and described, as plain data.

The command line renders these as tables or JSON; reports can use them too.
Personal fields (contact persons) are left out unless asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knelpunt.choices import choice_key, vocabulary_key
from knelpunt.errors import KnelpuntError
from knelpunt.facts import BottleneckFacts, facts_for
from knelpunt.models import FOLDERS, RECORD_TYPES, Record
from knelpunt.priority import Score, score
from knelpunt.repo import Repository
from knelpunt.similar import normalise
from knelpunt.store import RecordSet
from knelpunt.workflow import TRANSITIONS

#: Which filters make sense for which kind.
FILTERS: dict[str, frozenset[str]] = {
    "bottleneck": frozenset({"status", "theme", "level", "addressee", "region", "phase", "search"}),
    "initiative": frozenset({"region", "phase", "search"}),
    "meeting": frozenset({"region", "search"}),
    "actor": frozenset({"level", "region", "search"}),
    "solution": frozenset({"theme", "search"}),
}


def kind_from_word(word: str) -> str:
    """'bottlenecks', 'bottleneck' or 'knelpunten' -> 'bottleneck'."""
    dutch = {
        "initiatieven": "initiative",
        "bijeenkomsten": "meeting",
        "knelpunten": "bottleneck",
        "actoren": "actor",
        "organisaties": "actor",
        "olifantenpaden": "solution",
    }
    word = word.lower()
    for kind, folder in FOLDERS.items():
        if word in (kind, folder) and kind in RECORD_TYPES:
            return kind
    if word in dutch:
        return dutch[word]
    raise KnelpuntError(
        "unknown_kind", kind=word, allowed=", ".join(FOLDERS[k] for k in RECORD_TYPES)
    )


@dataclass
class Filters:
    status: str | None = None
    theme: str | None = None
    level: str | None = None
    addressee: str | None = None
    region: str | None = None
    phase: int | None = None
    search: str | None = None

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


def _keep(
    record: Record, kind: str, filters: Filters, facts: BottleneckFacts | None, records: RecordSet
) -> bool:
    if filters.search and normalise(filters.search) not in _text_of(record):
        return False
    if kind == "bottleneck":
        assert facts is not None
        state = facts.state
        return all(
            (
                filters.status is None or state.status == filters.status,
                filters.theme is None or facts.bottleneck.theme == filters.theme,
                filters.level is None or state.level == filters.level,
                filters.addressee is None or filters.addressee in state.addressees,
                filters.region is None or filters.region in facts.regions,
                filters.phase is None or filters.phase in facts.phases,
            )
        )
    return all(
        (
            filters.theme is None or getattr(record, "theme", None) == filters.theme,
            filters.level is None or getattr(record, "level", None) == filters.level,
            filters.region is None or getattr(record, "region", None) == filters.region,
            filters.phase is None or getattr(record, "phase", None) == filters.phase,
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


@dataclass
class Listing:
    kind: str
    records: list[Record]
    #: Everything loaded, to name linked records without reading files again.
    all_records: RecordSet = field(default_factory=RecordSet)
    facts: dict[str, BottleneckFacts] = field(default_factory=dict)
    scores: dict[str, Score] = field(default_factory=dict)


def listing(
    repo: Repository, records: RecordSet, kind: str, filters: Filters, today: dt.date
) -> Listing:
    wrong = filters.given() - FILTERS[kind]
    if wrong:
        raise KnelpuntError(
            "filter_not_for_kind",
            filters=", ".join(f"--{w}" for w in sorted(wrong)),
            kind=FOLDERS[kind],
            allowed=", ".join(f"--{f}" for f in sorted(FILTERS[kind])),
        )
    filters = _keys_of(repo, filters)
    facts = facts_for(records) if kind == "bottleneck" else {}
    chosen = [
        record
        for record in records.of(kind).values()
        if _keep(record, kind, filters, facts.get(record.id), records)
    ]
    result = Listing(kind, chosen, records, facts)
    if kind == "bottleneck":
        # Ordered by priority: the list a coordinator takes to a problem-solver.
        result.scores = {r.id: score(facts[r.id], repo.config.priority, today) for r in chosen}
        chosen.sort(key=lambda r: (not facts[r.id].state.is_open, *result.scores[r.id].sort_key()))
    else:
        chosen.sort(key=lambda r: (normalise(r.label()), r.id))
    return result


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
        repository = git.Repo(root, search_parent_directories=True)
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
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError, ValueError):
        return []
