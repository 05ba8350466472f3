"""The workarounds (olifantenpaden) as a catalogue, and who adopted them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from knelpunt import knowledge
from knelpunt.formats import short_date
from knelpunt.messages import report_text
from knelpunt.models import Actor, Initiative, Solution
from knelpunt.report.source import Names, Source

# --- knowledge that travels (issue 32) ------------------------------------------


def adoptions_of(solution: Solution, source: Source, names: Names | None = None) -> dict[str, Any]:
    """A workaround's adoptions as the reports and the site show them: how
    many, and each with the initiative, its municipality, the day, the result
    in the reader's words and the note."""
    names = names or Names(source)
    initiatives = source.records.of("initiative")
    rows = []
    for adoption in sorted(solution.adoptions, key=lambda a: (a.date, a.initiative)):
        initiative = initiatives.get(adoption.initiative)
        rows.append(
            {
                "initiative_id": adoption.initiative,
                "initiative": names.record("initiative", adoption.initiative),
                "municipality": initiative.municipality
                if isinstance(initiative, Initiative)
                else "",
                "date": short_date(adoption.date, source.lang),
                "result": names.status(adoption.result),
                "result_key": adoption.result,
                "note": adoption.note or "",
            }
        )
    return {"id": solution.id, "adoptions": len(rows), "adopted": rows}


def with_count(solution: Solution, source: Source) -> str:
    """A workaround's title, with how often it was taken over when it was."""
    if not solution.adoptions:
        return solution.label()
    count = report_text("adoptions_count", source.lang, count=len(solution.adoptions))
    return f"{solution.label()} ({count})"


def municipality_of(source: Source, actor_id: str | None) -> str | None:
    actor = source.records.of("actor").get(actor_id) if actor_id else None
    return actor.municipality if isinstance(actor, Actor) else None


def offer_rows(offers: Iterable[Any], source: Source) -> list[dict[str, Any]]:
    """What was solved elsewhere (``facts.Offer``), ready for a template."""
    return [
        {
            "actor_id": offer.actor,
            "place": offer.place,
            "date": short_date(offer.date, source.lang),
            # "...: <note>; vraag uw gemeente": the note's own full stop goes.
            "note": (offer.note or "").strip().removesuffix("."),
        }
        for offer in offers
    ]


def workaround_catalogue(source: Source) -> dict[str, Any]:
    """The site's catalogue of workarounds, by theme (``knowledge.catalogue``):
    each with its description, the bottlenecks it eases, where it was found
    (the initiative and its municipality) and where it was taken over."""
    records, names, config, lang = source.records, Names(source), source.config, source.lang
    initiatives = records.of("initiative")
    themes: dict[str, list[dict[str, Any]]] = {}
    for entry in knowledge.catalogue(records):
        solution = entry.solution
        found = [initiatives.get(i) for i in solution.found_by]
        row = {
            "title": solution.title,
            "description": solution.description or "",
            "laws": [config.label("laws", law, lang) for law in solution.laws],
            "found": [
                {
                    "id": i.id,
                    "name": i.label(),
                    "municipality": i.municipality if isinstance(i, Initiative) else "",
                }
                for i in found
                if i is not None
            ],
            "bottlenecks": [
                {"id": b, "title": records.bottlenecks[b].title}
                for b in entry.bottlenecks
                if b in records.bottlenecks
            ],
            **adoptions_of(solution, source, names),
        }
        themes.setdefault(solution.theme or "", []).append(row)
    order = [*config.vocabularies.themes, ""]
    return {
        "themes": [
            {
                "key": key,
                "name": names.vocab("themes", key) if key else report_text("no_theme", lang),
                "workarounds": themes[key],
            }
            for key in sorted(themes, key=lambda k: order.index(k) if k in order else len(order))
        ]
    }
