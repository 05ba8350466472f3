"""What follows about a bottleneck from the records around it.

Routing, prioritising and listing all need the same derived facts: who
reported it (including the reporters of duplicates merged into it), from which
regions, provinces and phases, and its current state. They are computed here
once, when asked, and never stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from knelpunt.models import Bottleneck, BottleneckKind, Initiative, Meeting
from knelpunt.store import RecordSet
from knelpunt.workflow import State


@dataclass(frozen=True, slots=True)
class BottleneckFacts:
    bottleneck: Bottleneck
    state: State
    #: Distinct reporting initiatives, its own and those of bottlenecks merged into it.
    reporters: tuple[str, ...]
    #: Bottlenecks merged into this one, directly or through others.
    merged_from: tuple[str, ...]
    regions: frozenset[str]
    provinces: frozenset[str]
    municipalities: frozenset[str]
    phases: frozenset[int]
    #: Distinct organisations (municipalities, insurers, providers) that reported
    #: it themselves, merged duplicates included: their own view of the bottlenecks.
    stakeholders: tuple[str, ...] = ()
    #: Starting and established among the reporters ("startende initiatieven
    #: ervaren andere problemen").
    stages: frozenset[str] = frozenset()
    #: Initiatives that ranked it among their priorities at a meeting (it, or a
    #: duplicate merged into it): the initiatives' own say in the agenda.
    supporters: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.bottleneck.id

    # What a score needs of the record itself (see priority.Scorable).
    @property
    def severity(self) -> int | None:
        return self.bottleneck.severity

    @property
    def kind(self) -> BottleneckKind:
        return self.bottleneck.type

    @property
    def reported_on(self) -> dt.date:
        return self.bottleneck.reported_on

    @property
    def is_open(self) -> bool:
        return self.state.is_open


def merged_sources(records: RecordSet) -> dict[str, list[str]]:
    """For each bottleneck, the ones whose merges end in it."""
    sources: dict[str, list[str]] = {}
    for bottleneck_id in records.bottlenecks:
        state = records.state(bottleneck_id)
        target, seen = state.merged_into, {bottleneck_id}
        while target is not None and target not in seen:
            seen.add(target)
            following = records.state(target).merged_into if target in records.bottlenecks else None
            if following is None:
                sources.setdefault(target, []).append(bottleneck_id)
            target = following
    return sources


def supporters_of(records: RecordSet) -> dict[str, list[str]]:
    """Per bottleneck, the initiatives present at meetings that ranked it."""
    found: dict[str, list[str]] = {}
    for meeting in records.of("meeting").values():
        if isinstance(meeting, Meeting):
            for bottleneck_id in meeting.priorities:
                found.setdefault(bottleneck_id, []).extend(meeting.initiatives)
    return found


def facts_for(records: RecordSet) -> dict[str, BottleneckFacts]:
    sources = merged_sources(records)
    initiatives = records.of("initiative")
    support = supporters_of(records)
    result = {}
    # Most bottlenecks come from the same few regions, provinces and phases:
    # one set for each combination, not one a bottleneck (40 MB at 50,000).
    same: dict[frozenset[Any], frozenset[Any]] = {}

    def shared(values: Iterable[Any]) -> frozenset[Any]:
        found = frozenset(values)
        return same.setdefault(found, found)

    for bottleneck_id, bottleneck in records.bottlenecks.items():
        merged_from = tuple(sorted(sources.get(bottleneck_id, [])))
        reporters: list[str] = list(bottleneck.reported_by)
        stakeholders: list[str] = list(bottleneck.reported_by_actors)
        backing: list[str] = list(support.get(bottleneck_id, []))
        for source in merged_from:
            backing += support.get(source, [])
            reporters += records.bottlenecks[source].reported_by
            stakeholders += records.bottlenecks[source].reported_by_actors
        distinct = tuple(dict.fromkeys(reporters))
        known = [i for i in (initiatives.get(r) for r in distinct) if isinstance(i, Initiative)]
        result[bottleneck_id] = BottleneckFacts(
            bottleneck=bottleneck,
            state=records.state(bottleneck_id),
            reporters=distinct,
            merged_from=merged_from,
            regions=shared(i.region for i in known if i.region),
            provinces=shared(i.province for i in known),
            municipalities=shared(i.municipality for i in known),
            phases=shared(i.phase for i in known if i.phase is not None),
            stakeholders=tuple(dict.fromkeys(stakeholders)),
            stages=shared(i.stage for i in known if i.stage),
            supporters=tuple(dict.fromkeys(backing)),
        )
    return result


@dataclass(frozen=True)
class Spread:
    """Where support comes from: how representative it is."""

    regions: tuple[str, ...]
    phases: tuple[int, ...]
    stages: tuple[str, ...]


def spread(records: RecordSet, initiative_ids: tuple[str, ...]) -> Spread:
    known = [
        i
        for i in (records.of("initiative").get(x) for x in initiative_ids)
        if isinstance(i, Initiative)
    ]
    return Spread(
        tuple(sorted({i.region for i in known if i.region})),
        tuple(sorted({i.phase for i in known if i.phase is not None})),
        tuple(sorted({i.stage for i in known if i.stage})),
    )
