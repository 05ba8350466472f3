"""The agenda: per problem-solver, what waits for them, in the order of the score."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from knelpunt.errors import KnelpuntError
from knelpunt.facts import (
    BottleneckFacts,
    local_level,
    solved_elsewhere,
)
from knelpunt.formats import short_date
from knelpunt.models import Actor, Solution
from knelpunt.priority import rank
from knelpunt.report.initiatives import verdict_rows
from knelpunt.report.source import Names, Rows, Source, bottleneck_of
from knelpunt.report.workarounds import municipality_of, offer_rows, with_count
from knelpunt.voice import beside_score


def agenda(source: Source, only: str | None = None, also: Iterable[str] = ()) -> dict[str, Any]:
    """Per problem-solver the bottlenecks open in its own addressing, by
    priority, with what a meeting with that solver needs: the description,
    laws, kind, reporters, known workarounds and the state of its addressing.
    ``only``: one problem-solver's agenda. Bottlenecks on the agenda that are
    not addressed yet are listed apart. ``also``: problem-solvers that get a
    row even with nothing open (the site's page of each)."""
    records, names = source.records, Names(source)
    facts = source.facts
    ranked = {
        s.bottleneck_id: n
        for n, s in enumerate(rank(list(facts.values()), source.config.priority, source.today))
    }
    solvers: dict[str, list[str]] = {}
    for bottleneck_id, f in facts.items():
        for addressing in f.state.addressings:
            if addressing.is_open and f.state.is_open:
                solvers.setdefault(addressing.actor, []).append(bottleneck_id)
    if only is not None:
        if only not in records.of("actor"):
            raise KnelpuntError("unknown_actor", record_id=only)
        solvers = {only: solvers.get(only, [])}
    for actor_id in also:
        solvers.setdefault(actor_id, [])
    awaiting_ids = [f.id for f in facts.values() if f.state.status == "on-agenda"]
    source.shown_in_rows({b for group in solvers.values() for b in group} | set(awaiting_ids))
    # Rows made as the template reaches them (``Rows``): held at once, the
    # 40,000 items of the agendas at 50,000 bottlenecks were 150 MB.
    rows = []
    for actor_id in sorted(solvers, key=lambda a: names.record("actor", a).lower()):
        actor = records.of("actor").get(actor_id)
        ordered = sorted(solvers[actor_id], key=lambda b: ranked.get(b, 0))
        rows.append(
            {
                "id": actor_id,
                "name": names.record("actor", actor_id),
                "type": names.vocab("actor_types", actor.type) if isinstance(actor, Actor) else "",
                "level": names.vocab("levels", actor.level) if isinstance(actor, Actor) else "",
                "bottlenecks": Rows(
                    [facts[b] for b in ordered],
                    partial(agenda_item, actor_id=actor_id, source=source, names=names),
                ),
            }
        )
    waiting = [
        f
        for f in sorted(facts.values(), key=lambda f: ranked.get(f.id, 0))
        if f.state.status == "on-agenda" and only is None
    ]
    awaiting = Rows(waiting, partial(agenda_item, actor_id=None, source=source, names=names))
    return {
        "solvers": rows,
        "awaiting": awaiting,
        # Per bottleneck shown, what those who raised it say of its solution.
        "verdicts": verdict_rows(source, {b for group in solvers.values() for b in group}),
        # For the coordination group, as ``awaiting``: not one solver's agenda.
        "beside": None
        if only is not None
        else beside_score(source.records, source.config, source.facts, source.lang, source.today),
    }


def agenda_item(
    facts: BottleneckFacts, *, actor_id: str | None, source: Source, names: Names
) -> dict[str, Any]:
    bottleneck = facts.bottleneck
    addressing = facts.state.addressing(actor_id) if actor_id else None
    solutions = [source.records.of("solution").get(s) for s in bottleneck.solutions]
    return {
        **bottleneck_of(facts, source, names),
        "description": source.description(bottleneck),
        "kind": names.status(bottleneck.type),
        "laws": [names.vocab("laws", law) for law in bottleneck.laws],
        "workarounds": [with_count(s, source) for s in solutions if isinstance(s, Solution)],
        "solved_elsewhere": offer_rows(
            solved_elsewhere(
                facts.state,
                source.records.of("actor"),
                local_level(source.config.vocabularies.levels),
                [addressing] if addressing else [],
                municipality_of(source, actor_id),
            ),
            source,
        ),
        "addressing_status": names.status(addressing.status) if addressing else "",
        "addressing_level": names.vocab("levels", addressing.level) if addressing else "",
        "addressing_since": short_date(addressing.since, source.lang) if addressing else "",
    }
