"""The initiatives report (terugkoppeling): what each initiative is told."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from knelpunt import verdicts
from knelpunt.facts import (
    BottleneckFacts,
    local_level,
    told_to_initiative,
)
from knelpunt.formats import short_date
from knelpunt.messages import report_text
from knelpunt.models import Initiative, Record
from knelpunt.report.source import Names, Rows, Source, addressing_row
from knelpunt.report.workarounds import offer_rows


def initiatives(source: Source) -> dict[str, Any]:
    records, names = source.records, Names(source)
    facts = source.facts
    source.notes_shown(facts)  # the last note of each
    # Each initiative's bottlenecks, by title: one pass over them all (per
    # initiative, it took a quarter of an hour at 50,000 bottlenecks).
    reported: dict[str, list[BottleneckFacts]] = {}
    for f in sorted(facts.values(), key=lambda f: f.bottleneck.title):
        for initiative_id in dict.fromkeys(f.bottleneck.reported_by):
            reported.setdefault(initiative_id, []).append(f)
    # Those that raised something first, then those that raised nothing (the
    # report lists them once, at its end): the template does it in one pass.
    ordered = sorted(
        records.of("initiative").values(),
        key=lambda i: (i.id not in reported, i.label().lower()),
    )
    make = partial(_initiative_row, reported=reported, facts=facts, source=source, names=names)
    return {"initiatives": Rows(ordered, make), "verdicts": _own_verdicts(source)}


def verdict_rows(source: Source, bottleneck_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Per bottleneck of ``bottleneck_ids`` with any, the initiatives' verdicts
    that count now (``verdicts.judged``), ready for a template: who said it,
    the verdict in the reader's words, when, of which problem-solver's
    solution, the note, and whether it is disputed. The notes must have been
    given back to a lean set (``Source.notes_shown``)."""
    facts, names, lang = source.facts, Names(source), source.lang
    found = verdicts.judged((b, facts[b].state) for b in bottleneck_ids if b in facts)
    return {
        bottleneck_id: [
            {
                "bottleneck_id": bottleneck_id,
                "title": facts[bottleneck_id].bottleneck.title,
                "initiative_id": j.verdict.initiative,
                "initiative": names.record("initiative", j.verdict.initiative),
                "verdict": names.status(j.verdict.verdict),
                "verdict_key": j.verdict.verdict,
                "solver_id": j.verdict.solver or "",
                "solver": names.record("actor", j.verdict.solver) if j.verdict.solver else "",
                "date": short_date(j.verdict.date, lang),
                "note": j.verdict.note or "",
                "disputed": j.disputed,
            }
            for j in judged
        ]
        for bottleneck_id, judged in found.items()
    }


def _own_verdicts(source: Source) -> dict[str, list[dict[str, Any]]]:
    """Per initiative, its own verdicts (``verdict_rows``), by the title of
    the bottleneck: an initiative's verdict is about what it raised, and the
    initiatives report shows each only its own."""
    own: dict[str, list[dict[str, Any]]] = {}
    for rows in verdict_rows(source, source.facts).values():
        for row in rows:
            own.setdefault(row["initiative_id"], []).append(row)
    for rows in own.values():
        rows.sort(key=lambda row: row["title"].lower())
    return own


def _initiative_row(
    initiative: Record,
    *,
    reported: dict[str, list[BottleneckFacts]],
    facts: dict[str, BottleneckFacts],
    source: Source,
    names: Names,
) -> dict[str, Any]:
    """One initiative's row of the initiatives report: what became of each
    bottleneck it raised."""
    assert isinstance(initiative, Initiative)
    actors = source.records.of("actor")
    lowest = local_level(source.config.vocabularies.levels)
    # One row per bottleneck, even when the initiative reported both it and
    # a duplicate bundled into it: never counted twice.
    raised: dict[str, dict[str, Any]] = {}
    for f in reported.get(initiative.id, []):
        shown = f
        via = None
        if f.state.merged_into and f.state.merged_into in facts:
            shown, via = facts[f.state.merged_into], f.bottleneck.title
        if shown.id in raised and (via or not raised[shown.id]["via"]):
            continue
        # What this initiative is told (facts.told_to_initiative): its own
        # municipality's local addressings and every regional and national
        # one, never another village's step.
        told = told_to_initiative(shown.state, initiative, actors, lowest)
        step = told.step
        raised[shown.id] = {
            "id": shown.id,
            "title": shown.bottleneck.title,
            "via": via,
            "status": names.status(told.status)
            if told.status
            else report_text("not_addressed_here", source.lang),
            "level": ", ".join(
                dict.fromkeys(names.vocab("levels", a.level) for a in told.addressings if a.level)
            ),
            "solvers": [names.record("actor", a.actor) for a in told.addressings],
            "solver_ids": [a.actor for a in told.addressings],
            "addressings": [addressing_row(a, source, names) for a in told.addressings],
            "last_date": short_date(step.date, source.lang) if step else "",
            "last_note": (step.note or "") if step else "",
            "offers": offer_rows(told.offered, source),
        }
    return {
        "id": initiative.id,
        "name": initiative.name,
        "municipality": initiative.municipality,
        "bottlenecks": list(raised.values()),
    }
