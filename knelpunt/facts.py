"""What follows about a bottleneck from the records around it.

Routing, prioritising and listing all need the same derived facts: who
reported it (including the reporters of duplicates merged into it), from which
regions, provinces and phases, and its current state. They are computed here
once, when asked, and never stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from knelpunt.models import Bottleneck, Initiative
from knelpunt.store import RecordSet
from knelpunt.workflow import State


@dataclass(frozen=True)
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

    @property
    def id(self) -> str:
        return self.bottleneck.id


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


def facts_for(records: RecordSet) -> dict[str, BottleneckFacts]:
    sources = merged_sources(records)
    initiatives = records.of("initiative")
    result = {}
    for bottleneck_id, bottleneck in records.bottlenecks.items():
        merged_from = tuple(sorted(sources.get(bottleneck_id, [])))
        reporters: list[str] = list(bottleneck.reported_by)
        stakeholders: list[str] = list(bottleneck.reported_by_actors)
        for source in merged_from:
            reporters += records.bottlenecks[source].reported_by
            stakeholders += records.bottlenecks[source].reported_by_actors
        distinct = tuple(dict.fromkeys(reporters))
        known = [i for i in (initiatives.get(r) for r in distinct) if isinstance(i, Initiative)]
        result[bottleneck_id] = BottleneckFacts(
            bottleneck=bottleneck,
            state=records.state(bottleneck_id),
            reporters=distinct,
            merged_from=merged_from,
            regions=frozenset(i.region for i in known if i.region),
            provinces=frozenset(i.province for i in known),
            municipalities=frozenset(i.municipality for i in known),
            phases=frozenset(i.phase for i in known if i.phase is not None),
            stakeholders=tuple(dict.fromkeys(stakeholders)),
            stages=frozenset(i.stage for i in known if i.stage),
        )
    return result
