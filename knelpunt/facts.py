"""What follows about a bottleneck from the records around it.

Routing, prioritising and listing all need the same derived facts: who
reported it (including the reporters of duplicates merged into it), from which
regions, provinces and phases, and its current state. They are computed here
once, when asked, and never stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from knelpunt.models import (
    Actor,
    Bottleneck,
    BottleneckKind,
    Initiative,
    Meeting,
    Ranking,
    Record,
    Update,
)
from knelpunt.ranking import count_latest
from knelpunt.store import RecordSet
from knelpunt.workflow import Addressing, State, overall

#: A bottleneck is solved when it is resolved (by its problem-solvers) or
#: solved locally: every count of "solved" in every table and chart means this.
SOLVED: frozenset[str] = frozenset({"resolved", "solved-locally"})
#: Statuses that belong to the bottleneck as a whole, not to one addressing.
WHOLE: frozenset[str] = frozenset({"reported", "on-agenda", "merged", "solved-locally"})


def is_solved(state: State) -> bool:
    return state.status in SOLVED


def solved_on(state: State) -> dt.date | None:
    """The day the bottleneck became solved, if it is."""
    return state.since if state.status in SOLVED else None


def levels_of(state: State) -> tuple[str, ...]:
    """The levels the bottleneck is addressed at, each once, in the order of
    its addressings: a bottleneck addressed to a municipality and to the VNG
    is at two levels, never at the one routed last."""
    return tuple(dict.fromkeys(a.level for a in state.addressings if a.level))


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
    #: Its value in the initiatives' order of the latest ranking round, 0 to 10
    #: (``ranking.py``); 0 when it was on no form.
    ranking: float = 0.0

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


def merged_targets(sources: dict[str, list[str]]) -> dict[str, str]:
    """Each duplicate and the bottleneck it went into at last."""
    return {source: target for target, found in sources.items() for source in found}


def ranking_values(records: RecordSet, sources: dict[str, list[str]]) -> dict[str, float]:
    """Per bottleneck, its value in the latest ranking round (duplicates counted
    for the one they went into)."""
    rankings = [r for r in records.of("ranking").values() if isinstance(r, Ranking)]
    if not rankings:
        return {}
    counted = count_latest(rankings, merged_targets(sources))
    return {} if counted is None else {i: s.value for i, s in counted.standings.items()}


def facts_for(records: RecordSet) -> dict[str, BottleneckFacts]:
    sources = merged_sources(records)
    initiatives = records.of("initiative")
    support = supporters_of(records)
    ranked = ranking_values(records, sources)
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
            ranking=ranked.get(bottleneck_id, 0.0),
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


# --- what an initiative is told ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Told:
    """What one initiative is told about one bottleneck it raised."""

    #: The addressings that concern it, in the bottleneck's order.
    addressings: tuple[Addressing, ...]
    #: The bottleneck's status as far as it concerns the initiative; None when
    #: the bottleneck is addressed, but to no problem-solver of the initiative
    #: (another municipality's local addressing only).
    status: str | None
    #: The last step that concerns it: a step of the bottleneck as a whole or
    #: of one of its addressings; never another municipality's.
    step: Update | None
    #: What a problem-solver elsewhere put in place for the same bottleneck,
    #: offered while it is not solved for the initiative (issue 32).
    offered: tuple[Offer, ...] = ()


@dataclass(frozen=True, slots=True)
class Offer:
    """A solution one local problem-solver put in place for a bottleneck (its
    addressing resolved, with the note of that step), offered to those with
    the same bottleneck elsewhere: "Gulpen-Wittem loste dit op: ...; vraag uw
    gemeente"."""

    actor: str
    #: Where it was solved: the solver's municipality, else its name.
    place: str
    date: dt.date
    #: The step that resolved it: its note is read when shown (a lean set
    #: gives back the notes of what it shows only).
    step: Update | None

    @property
    def note(self) -> str | None:
        return self.step.note if self.step is not None else None


def solved_elsewhere(
    state: State,
    actors: Mapping[str, Record],
    local_level: str | None,
    besides: Iterable[Addressing] = (),
    municipality: str | None = None,
) -> tuple[Offer, ...]:
    """The local addressings of a bottleneck its problem-solvers resolved,
    each an ``Offer``; not those of ``besides`` (what concerns the one it is
    offered to) nor of the problem-solvers of ``municipality`` (its own). The
    one place that decides it: the agenda, the initiatives report and what an
    initiative is told take it from here."""
    leave_out = {a.actor for a in besides}
    found = []
    for addressing in state.addressings:
        actor = actors.get(addressing.actor)
        level = addressing.level or (actor.level if isinstance(actor, Actor) else None)
        if addressing.status != "resolved" or addressing.actor in leave_out:
            continue
        if level is None or level != local_level:
            continue
        where = actor.municipality if isinstance(actor, Actor) else None
        if where and municipality and _same_place(where, municipality):
            continue
        place = where or (actor.label() if actor is not None else addressing.actor)
        step = addressing.step
        found.append(
            Offer(
                addressing.actor,
                place,
                step.date if step is not None else addressing.since,
                step,
            )
        )
    return tuple(found)


def concerns_initiative(
    addressing: Addressing,
    initiative: Initiative,
    actors: Mapping[str, Record],
    local_level: str | None,
) -> bool:
    """Whether ``addressing`` concerns ``initiative``: every regional and
    national addressing does; a local one (``local_level``) when it names the
    initiative, or names none and is to the initiative's own municipality (or
    to a solver whose municipality is not known)."""
    actor = actors.get(addressing.actor)
    level = addressing.level or (actor.level if isinstance(actor, Actor) else None)
    if level is None or level != local_level:
        return True
    if addressing.concerns:
        return initiative.id in addressing.concerns
    where = actor.municipality if isinstance(actor, Actor) else None
    return where is None or _same_place(where, initiative.municipality)


def _same_place(one: str, other: str) -> bool:
    return " ".join(one.casefold().split()) == " ".join(other.casefold().split())


def told_to_initiative(
    state: State,
    initiative: Initiative,
    actors: Mapping[str, Record],
    local_level: str | None,
) -> Told:
    """What ``initiative`` is told about a bottleneck in state ``state``: its
    own municipality's local addressings and every regional and national one,
    the status they make together, and the last step of those (or of the
    bottleneck as a whole). The one place that decides this: the initiatives
    report, the site's initiative pages and anything that writes to
    initiatives (messages) take it from here."""
    relevant = tuple(
        a for a in state.addressings if concerns_initiative(a, initiative, actors, local_level)
    )
    # A status of the bottleneck as a whole is everyone's; otherwise that of
    # the addressings that concern it (None: none does).
    whole = state.status in WHOLE or not state.addressings
    status: str | None = state.status if whole else overall(relevant)
    steps = [a.step for a in relevant if a.step is not None]
    # A verdict is an initiative's own word about its solution, not a step
    # (verdicts.py): it never becomes what another initiative is told.
    steps += [
        u
        for u in state.history
        if ((u.status in WHOLE) or (u.status is None and u.actor is None)) and u.verdict is None
    ]
    step = max(steps, key=lambda u: (u.date, u.id), default=None)
    offered = (
        ()
        if status in SOLVED
        else solved_elsewhere(state, actors, local_level, relevant, initiative.municipality)
    )
    return Told(relevant, status, step, offered)


def local_level(levels: Iterable[str]) -> str | None:
    """The lowest level of the configured ones: the local one."""
    return next(iter(levels), None)
