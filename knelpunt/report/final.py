"""The October report (eindrapport) to the ministry: the proposals."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from knelpunt.facts import (
    BottleneckFacts,
)
from knelpunt.formats import integer
from knelpunt.messages import report_text
from knelpunt.priority import rank
from knelpunt.report.agenda import agenda_item
from knelpunt.report.source import Names, Rows, Source
from knelpunt.voice import beside_score


def final(source: Source) -> dict[str, Any]:
    """The report the documents ask for in October: per level and per
    problem-solver the bottlenecks on the agenda, where each stands and the
    proposal for the way forward (approach, horizon, means), and a look ahead
    ordered by horizon."""
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
                        "name": names.record("actor", actor_id) if actor_id else label,
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
    horizons: dict[str, list[str]] = {}
    for f in on_agenda:
        if f.state.status == "resolved":
            continue
        key = (f.bottleneck.horizon or "").strip()
        horizons.setdefault(key, []).append(f.bottleneck.title)
    look_ahead = [
        {
            "horizon": key or report_text("unknown_horizon", source.lang),
            "bottlenecks": titles,
        }
        for key, titles in sorted(horizons.items(), key=lambda kv: (not kv[0], _years(kv[0])))
    ]
    return {
        "summary": summary,
        "summary_note": summary_note,
        "levels": levels,
        "look_ahead": look_ahead,
        "beside": beside_score(
            source.records, source.config, source.facts, source.lang, source.today
        ),
    }


def _years(horizon: str) -> float:
    """A horizon's rough length for ordering: "6 maanden" before "2 jaar",
    "2 jaar" before "2 à 3 jaar" (a range counts as its middle)."""
    found = [float(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", horizon)[:2]]
    amount = sum(found) / len(found) if found else 99.0
    return amount / 12 if re.search(r"maand|month", horizon, re.IGNORECASE) else amount


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
        # Where it was found before (issue 32): a report, an evaluation, a law article.
        "sources": [source_item.model_dump() for source_item in bottleneck.sources],
    }
