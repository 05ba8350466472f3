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

from typing import Any

from knelpunt.config import Config
from knelpunt.facts import merged_sources, merged_targets
from knelpunt.formats import long_date
from knelpunt.messages import report_text
from knelpunt.models import Actor, Initiative, Meeting, Ranking
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
