"""Whose voice is in the initiatives' order: the section of the reports.

"Inclusief de borging van representatieve participatie van
burgerinitiatieven": the progress report sets the initiatives whose ranking
counts in the latest round (``ranking.py``) beside the initiatives heard at
the explorers' meetings and the plan, per sub-area, province, phase,
starting/established, legal form and network, and names the groups without
a voice. The agenda and the October report set the initiatives' order beside
the coordinators' score. Plain data for the templates, made here so that
``report.py`` calls one function per report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from knelpunt.config import Config
from knelpunt.facts import BottleneckFacts, merged_sources, merged_targets
from knelpunt.formats import long_date, number
from knelpunt.messages import report_text
from knelpunt.models import Actor, Initiative, Meeting, Ranking
from knelpunt.priority import score
from knelpunt.ranking import DIMENSIONS, count_latest, group_label, represent
from knelpunt.store import RecordSet

#: Each dimension's heading in a report (``report`` catalog keys).
_HEADINGS = {
    "region": "voice_by_region",
    "province": "voice_by_province",
    "phase": "voice_by_phase",
    "stage": "voice_by_stage",
    "legal_form": "voice_by_legal_form",
    "network": "voice_by_network",
}


def voice_report(records: RecordSet, config: Config, lang: str) -> dict[str, Any]:
    """What the progress report shows of the latest ranking round: who had a
    voice (the initiatives whose ranking counts) beside the initiatives heard
    and the plan, per sub-area, province, phase, starting/established, legal
    form and network, and the groups without a voice named. Plain data for
    the templates; ``round`` is None when no ranking was made yet."""
    rankings = [r for r in records.of("ranking").values() if isinstance(r, Ranking)]
    counted = count_latest(rankings, merged_targets(merged_sources(records)))
    if counted is None:
        return {"round": None}
    initiatives = {i: r for i, r in records.of("initiative").items() if isinstance(r, Initiative)}
    heard_ids: dict[str, None] = {}
    for meeting in records.of("meeting").values():
        if isinstance(meeting, Meeting) and meeting.type == "explorer":
            heard_ids.update(dict.fromkeys(meeting.initiatives))
    heard = [initiatives[i] for i in heard_ids if i in initiatives]
    voiced = [initiatives[i] for i in counted.ballots if i in initiatives]
    actors = records.of("actor")
    networks = [a for a, r in actors.items() if isinstance(r, Actor) and r.type == "network"]
    names = {a: r.label() for a, r in actors.items()}
    represented = represent(config, voiced, heard, networks)
    chosen = config.round(counted.round)
    tables = []
    silent: list[str] = []
    for dimension in DIMENSIONS:
        title = report_text(_HEADINGS[dimension], lang)
        rows = []
        quiet: list[str] = []
        for group in represented.of(dimension):
            if dimension == "network" and not (group.ranked or group.heard):
                continue  # a network none of the initiatives heard belongs to
            name = group_label(config, group, lang, names)
            rows.append(
                {
                    "group": name,
                    "ranked": group.ranked,
                    "heard": group.heard,
                    "planned": group.planned,
                    "silent": group.silent,
                }
            )
            # Every sub-area of the plan should have a voice; another group
            # only when initiatives of it were heard.
            if group.silent and (dimension == "region" or group.heard):
                quiet.append(name)
        tables.append({"title": title, "rows": rows})
        if quiet:
            silent.append(f"{title.lower()}: {', '.join(quiet)}")
    return {
        "round": counted.round,
        "opens": long_date(chosen.opens, lang) if chosen else "",
        "closes": long_date(chosen.closes, lang) if chosen else "",
        "ranked": represented.ranked,
        "heard": represented.heard,
        "planned": represented.planned,
        "replaced": len(counted.replaced),
        "heard_ranked": sum(1 for i in counted.ballots if i in heard_ids),
        "tables": tables,
        "silent": silent,
    }


#: How many bottlenecks "where they differ most" names.
DIFFER_MOST = 5


def beside_score(
    records: RecordSet,
    config: Config,
    facts: Mapping[str, BottleneckFacts],
    lang: str,
    today: dt.date,
) -> dict[str, Any]:
    """The initiatives' order of the latest round beside the coordinators'
    score, for the agenda and the October report: per bottleneck of the
    round its place by the score and its place in the initiatives' order
    (mean place, how many placed it), and the ``DIFFER_MOST`` with the
    largest gap between the two. ``round`` is None when no ranking was made.

    Both places are counted among the same bottlenecks, those of the round's
    forms (duplicates for where they went), so 1 is the top of each. The
    score is taken without its ``ranking`` part: that part is the
    initiatives' order itself, and with it the comparison would set their
    voice partly beside itself. The gap is the place by the score minus
    the place by the initiatives: positive where the initiatives put a
    bottleneck higher than the score does."""
    rankings = [r for r in records.of("ranking").values() if isinstance(r, Ranking)]
    counted = count_latest(rankings, merged_targets(merged_sources(records)))
    if counted is None:
        return {"round": None}
    shown = [b for b in counted.standings if b in facts]
    own: dict[str, float] = {}
    for bottleneck_id in shown:
        result = score(facts[bottleneck_id], config.priority, today)
        own[bottleneck_id] = round(
            result.total - sum(p.points for p in result.parts if p.name == "ranking"), 3
        )

    def by_score(bottleneck_id: str) -> tuple[float, int, dt.date, str]:
        # The order of ``priority.rank``: ties broken the same way.
        f = facts[bottleneck_id]
        return (-own[bottleneck_id], -len(f.reporters), f.reported_on, bottleneck_id)

    score_place = {b: n for n, b in enumerate(sorted(shown, key=by_score), start=1)}
    # Renumbered among those shown: a bottleneck of the forms since removed
    # leaves no hole in the initiatives' places.
    voice_place = {
        b: n
        for n, b in enumerate(sorted(shown, key=lambda b: counted.standings[b].position), start=1)
    }
    ballots = len(counted.ballots)
    rows: list[dict[str, Any]] = []
    for bottleneck_id in sorted(shown, key=score_place.__getitem__):
        standing = counted.standings[bottleneck_id]
        gap = score_place[bottleneck_id] - voice_place[bottleneck_id]
        rows.append(
            {
                "id": bottleneck_id,
                "title": facts[bottleneck_id].bottleneck.title,
                "score_place": score_place[bottleneck_id],
                "score": number(own[bottleneck_id], lang),
                "voice_place": voice_place[bottleneck_id],
                "mean_place": number(standing.mean_place, lang),
                "placed_by": len(standing.ranked_by),
                "gap": gap,
                "gap_text": f"+{gap}" if gap > 0 else str(gap),
                "higher": gap > 0,
                "places": abs(gap),
            }
        )
    differing = sorted(
        (row for row in rows if row["gap"]),
        key=lambda row: (-row["places"], row["voice_place"]),
    )[:DIFFER_MOST]
    chosen = config.round(counted.round)
    return {
        "round": counted.round,
        "opens": long_date(chosen.opens, lang) if chosen else "",
        "closes": long_date(chosen.closes, lang) if chosen else "",
        "ballots": ballots,
        "rows": rows,
        "differ_most": differing,
    }
