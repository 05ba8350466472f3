"""The October report (eindrapport) to the ministry: the proposals."""

from __future__ import annotations

from functools import partial
from typing import Any

from knelpunt import costs, knowledge
from knelpunt.facts import (
    BottleneckFacts,
)
from knelpunt.formats import integer, short_date
from knelpunt.messages import report_text
from knelpunt.models import Bottleneck, Initiative
from knelpunt.money import cost_line, euros, step_line
from knelpunt.priority import rank
from knelpunt.report.agenda import agenda_item
from knelpunt.report.source import Names, Rows, Source
from knelpunt.voice import beside_score


def final(source: Source) -> dict[str, Any]:
    """The report the documents ask for in October: per level and per
    problem-solver the bottlenecks on the agenda, where each stands and the
    proposal for the way forward (approach, costs, people, the year expected,
    a legislative track), the totals of the costs (``costs.totals``), a look
    ahead by year, the programme's own results and facilities, what the
    network solved itself, and the items still without a proposal, once."""
    config, names = source.config, Names(source)
    facts = source.facts
    ranked = {
        s.bottleneck_id: n
        for n, s in enumerate(rank(list(facts.values()), config.priority, source.today))
    }
    on_agenda = [
        f for f in facts.values() if f.state.status not in ("reported", "merged", "solved-locally")
    ]
    on_agenda.sort(key=lambda f: (ranked.get(f.id, len(ranked)), f.bottleneck.title))
    source.shown_in_rows({f.id for f in on_agenda})
    levels = []
    summary = []
    for level in [*config.vocabularies.levels, None]:
        solvers: dict[str, list[BottleneckFacts]] = {}
        counted: set[str] = set()
        for f in on_agenda:
            if level is None:
                if not f.state.addressings:
                    solvers.setdefault("", []).append(f)
                    counted.add(f.id)
                continue
            for addressing in f.state.addressings:
                if addressing.level == level:
                    solvers.setdefault(addressing.actor, []).append(f)
                    counted.add(f.id)
        if not solvers:
            continue
        label = names.vocab("levels", level) if level else report_text("not_routed", source.lang)
        levels.append(
            {
                "level": label,
                "solvers": [
                    {
                        "id": actor_id,
                        "name": names.record("actor", actor_id)
                        if actor_id
                        else report_text("no_solver_yet", source.lang),
                        # Made as the template reaches them: see Rows.
                        "bottlenecks": Rows(
                            items,
                            partial(
                                _proposal, actor_id=actor_id or None, source=source, names=names
                            ),
                        ),
                    }
                    for actor_id, items in sorted(
                        solvers.items(), key=lambda kv: names.record("actor", kv[0]).lower()
                    )
                ],
            }
        )
        chosen = [facts[b] for b in counted]
        summary.append(_summary_row(label, chosen))
    rows_sum = sum(row["on_agenda"] for row in summary)
    summary.append(_summary_row(report_text("all_levels", source.lang), on_agenda))
    # A bottleneck at two levels is in two rows: said under the table.
    summary_note = report_text(
        "note_final_summary",
        source.lang,
        rows=integer(rows_sum, source.lang),
        total=integer(len(on_agenda), source.lang),
    )
    # The look ahead by year (issue 33): the year a proposal expects it
    # solved, each hard item with the step of its legislative track.
    by_year: dict[int | None, list[dict[str, Any]]] = {}
    for f in on_agenda:
        if f.state.status == "resolved":
            continue
        by_year.setdefault(f.bottleneck.expected_year, []).append(_ahead(f.bottleneck, source))
    look_ahead: list[dict[str, Any]] = [
        {
            "year": str(year) if year is not None else report_text("unknown_year", source.lang),
            "bottlenecks": items,
        }
        for year, items in sorted(by_year.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    ]
    return {
        "summary": summary,
        "summary_note": summary_note,
        "levels": levels,
        "look_ahead": look_ahead,
        # The same, a line per bottleneck with its year (a table's row
        # header: never empty, and read alone on a phone).
        "look_ahead_rows": [
            {**item, "year": row["year"]} for row in look_ahead for item in row["bottlenecks"]
        ],
        "costs": _costs(source, names),
        "programme": _programme(source, names),
        "solved_itself": _solved_itself(source, names),
        "without_proposal": [
            {"id": f.id, "title": f.bottleneck.title}
            for f in on_agenda
            if not f.bottleneck.approach and f.state.status != "resolved"
        ],
        "beside": beside_score(
            source.records, source.config, source.facts, source.lang, source.today
        ),
    }


def _summary_row(label: str, chosen: list[BottleneckFacts]) -> dict[str, Any]:
    return {
        "level": label,
        "on_agenda": len(chosen),
        "with_proposal": sum(1 for f in chosen if f.bottleneck.approach),
        "solved": sum(1 for f in chosen if f.state.status == "resolved"),
    }


def _proposal(
    facts: BottleneckFacts, actor_id: str | None, source: Source, names: Names
) -> dict[str, Any]:
    bottleneck = facts.bottleneck
    return {
        **agenda_item(facts, actor_id=actor_id, source=source, names=names),
        "approach": bottleneck.approach or "",
        "horizon": bottleneck.horizon or "",
        "means": bottleneck.means or "",
        "people": bottleneck.people or "",
        "expected_year": bottleneck.expected_year or "",
        "costs": [_cost(cost, names, source.lang) for cost in bottleneck.costs],
        "legislation": [step_line(s.step, s.date, source.lang) for s in bottleneck.legislation],
        # Where it was found before (issue 32): a report, an evaluation, a law article.
        "sources": [source_item.model_dump() for source_item in bottleneck.sources],
    }


def _cost(cost: Any, names: Names, lang: str) -> str:
    payer = names.record("actor", cost.paid_by) if cost.paid_by else None
    return cost_line(cost.amount, cost.per, cost.start, payer, cost.purpose, lang)


def _ahead(bottleneck: Bottleneck, source: Source) -> dict[str, Any]:
    """One line of the look ahead: the title and, for a hard item, the step
    of its legislative track it reached (with the date)."""
    last = bottleneck.legislation[-1] if bottleneck.legislation else None
    return {
        "id": bottleneck.id,
        "title": bottleneck.title,
        "track": step_line(last.step, last.date, source.lang) if last is not None else "",
    }


def _costs(source: Source, names: Names) -> dict[str, Any]:
    """The totals of ``costs.totals`` in the reader's words: every total the
    report shows is taken from there, none is added up here."""
    lang = source.lang
    found = costs.totals(
        source.facts.values(), source.records.of("actor"), source.config, source.today.year
    )

    def row(name: str, total: costs.Row) -> dict[str, Any]:
        return {
            "name": name,
            "once": euros(total.once, lang),
            "per_year": euros(total.per_year, lang),
            "total": euros(total.total, lang),
        }

    no_payer = report_text("no_payer", lang)
    facts = source.facts
    return {
        "any": bool(found.counted),
        "first": found.first_year,
        "last": found.last_year,
        "by_level": [
            row(names.vocab("levels", r.key) if r.key else no_payer, r) for r in found.by_level
        ],
        # Who pays most first; amounts without a payer last.
        "by_payer": [
            row(names.record("actor", r.key) if r.key else no_payer, r)
            for r in sorted(
                found.by_payer,
                key=lambda r: (not r.key, -r.total, names.record("actor", r.key).lower()),
            )
        ],
        "by_year": [
            {
                "year": str(r.year),
                "once": euros(r.once, lang),
                "recurring": euros(r.recurring, lang),
                "total": euros(r.total, lang),
            }
            for r in found.by_year
        ],
        "all": row(report_text("costs_all", lang), found.all),
        "note": report_text(
            "costs_note",
            lang,
            first=found.first_year,
            last=found.last_year,
            number=integer(len(found.counted), lang),
        ),
        "not_counted": [facts[b].bottleneck.title for b in found.not_counted],
    }


def _programme(source: Source, names: Names) -> dict[str, Any]:
    """The programme's own results and facilities (``plan:``), with what they cost."""
    plan, lang = source.config.plan, source.lang
    total = costs.facility_totals(source.config)
    return {
        "results": list(plan.results),
        "facilities": [
            {
                "for": facility.purpose,
                "amount": euros(facility.amount, lang) if facility.amount is not None else "-",
                "per": names.status(facility.per) if facility.per else "",
            }
            for facility in plan.facilities
        ],
        "total": report_text(
            "facilities_total",
            lang,
            once=euros(total.once, lang),
            per_year=euros(total.per_year, lang),
        )
        if any(f.amount is not None for f in plan.facilities)
        else "",
    }


def _solved_itself(source: Source, names: Names) -> dict[str, Any]:
    """What the network solved itself: the bottlenecks solved on the spot,
    and the workarounds shared, with how often and how they were taken over."""
    lang = source.lang
    solved = sorted(
        (f for f in source.facts.values() if f.state.status == "solved-locally"),
        key=lambda f: f.bottleneck.title.lower(),
    )
    locally = [
        {
            "id": f.id,
            "title": f.bottleneck.title,
            "since": short_date(f.state.since, lang) if f.state.since else "",
            "reporters": [names.record("initiative", i) for i in f.reporters],
            "workarounds": [names.record("solution", s) for s in f.bottleneck.solutions],
        }
        for f in solved
    ]
    initiatives = source.records.of("initiative")
    workarounds = []
    for entry in knowledge.catalogue(source.records):
        solution = entry.solution
        results: dict[str, int] = {}
        for adoption in entry.adoptions:
            results[adoption.result] = results.get(adoption.result, 0) + 1
        found_by = []
        for initiative_id in solution.found_by:
            found = initiatives.get(initiative_id)
            place = f" ({found.municipality})" if isinstance(found, Initiative) else ""
            found_by.append(names.record("initiative", initiative_id) + place)
        workarounds.append(
            {
                "id": solution.id,
                "title": solution.title,
                "found_by": found_by,
                "taken_over": report_text(
                    "taken_over",
                    lang,
                    count=len(entry.adoptions),
                    results=", ".join(
                        f"{integer(n, lang)} {names.status(result)}"
                        for result, n in results.items()
                    ),
                )
                if entry.adoptions
                else "-",
            }
        )
    return {"locally": locally, "workarounds": workarounds}
