"""The progress report (voortgang): the plan, the meetings, the bottlenecks by
theme, level and problem-solver, over time, and what changed since a date."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from knelpunt import frontrunners
from knelpunt.facts import (
    SOLVED,
    BottleneckFacts,
    levels_of,
    solved_on,
)
from knelpunt.formats import integer, month_name, number, short_date
from knelpunt.messages import report_text
from knelpunt.models import Meeting, Solution, Update
from knelpunt.priority import rank
from knelpunt.report.source import TOP, WAITING, Names, Source, bottleneck_of, overdue_of
from knelpunt.report.workarounds import adoptions_of
from knelpunt.voice import voice_report
from knelpunt.workflow import TRANSITIONS, Addressing


def progress(source: Source) -> dict[str, Any]:
    records, config, names = source.records, source.config, Names(source)
    facts = source.facts
    meetings = [m for m in records.of("meeting").values() if isinstance(m, Meeting)]
    explorer_meetings = [m for m in meetings if m.type == "explorer"]
    per_explorer: dict[str, list[Meeting]] = {}
    for meeting in sorted(explorer_meetings, key=lambda m: (m.date, m.id)):
        per_explorer.setdefault(meeting.explorer, []).append(meeting)
    heard = {i for m in explorer_meetings for i in m.initiatives}
    plan = config.plan
    stakeholder = Counter(
        names.vocab("regions", m.region) or "-" for m in meetings if m.type == "stakeholder"
    )
    current = [f for f in facts.values() if f.state.status != "merged"]
    statuses = [s for s in TRANSITIONS if s != "merged"]
    by_theme: list[dict[str, Any]] = []
    for theme in config.vocabularies.themes:
        counts: Counter[str] = Counter(
            str(f.state.status) for f in current if f.bottleneck.theme == theme
        )
        by_theme.append(
            {
                "theme": names.vocab("themes", theme),
                "counts": [counts.get(s, 0) for s in statuses],
                "total": sum(counts.values()),
            }
        )
    used_statuses = [i for i, s in enumerate(statuses) if any(r["counts"][i] for r in by_theme)]
    # A bottleneck addressed at two levels (the VNG for all municipalities and
    # one municipality locally) counts once at each.
    by_level = Counter(
        level for f in current for level in {a.level for a in f.state.addressings if a.level}
    )
    solvers: dict[str, list[Addressing]] = {}
    for f in current:
        for addressing in f.state.addressings:
            solvers.setdefault(addressing.actor, []).append(addressing)
    since = _since(source, facts, names) if source.baseline else None
    ranked = rank(list(facts.values()), config.priority, source.today)
    open_facts = [f for f in current if f.state.is_open]
    waiting = sorted(open_facts, key=lambda f: (f.state.since or f.bottleneck.reported_on, f.id))[
        :WAITING
    ]
    source.shown([s.bottleneck_id for s in ranked[:TOP]] + [f.id for f in waiting])
    helped: dict[str, list[str]] = {}
    for bottleneck in records.bottlenecks.values():
        for solution_id in bottleneck.solutions:
            helped.setdefault(solution_id, []).append(bottleneck.title)
    workarounds = []
    for solution in sorted(records.of("solution").values(), key=lambda s: s.label().lower()):
        assert isinstance(solution, Solution)
        helps = helped.get(solution.id, [])
        workarounds.append(
            {
                "title": solution.title,
                "found_by": [names.record("initiative", i) for i in solution.found_by],
                "bottlenecks": helps,
                # Where it was taken over, and how (issue 32).
                **adoptions_of(solution, source, names),
            }
        )
    regions_held: dict[str, Counter[str]] = {}
    for meeting in meetings:
        regions_held.setdefault(meeting.region or "", Counter())[meeting.type] += 1
    subareas = []
    for region in config.vocabularies.regions:
        held = regions_held.get(region, Counter())
        explorer, stakeholders = held.get("explorer", 0), held.get("stakeholder", 0)
        state = (
            "subarea_done"
            if explorer and stakeholders
            else "subarea_no_stakeholders"
            if explorer
            else "subarea_no_explorer"
            if stakeholders
            else "subarea_nothing"
        )
        subareas.append(
            {
                "region": names.vocab("regions", region),
                "explorer": explorer,
                "stakeholder": stakeholders,
                "state": report_text(state, source.lang),
                "done": bool(explorer and stakeholders),
            }
        )
    stakeholder_view = [
        {
            "id": f.id,
            "title": f.bottleneck.title,
            "status": names.status(f.state.status),
            "organisations": [names.record("actor", a) for a in f.stakeholders],
            "organisation_ids": list(f.stakeholders),
        }
        for f in sorted(current, key=lambda f: (-len(f.stakeholders), f.bottleneck.title))
        if f.stakeholders
    ]
    breakdown_stage = [
        {
            "theme": names.vocab("themes", theme),
            "counts": [
                sum(1 for f in current if f.bottleneck.theme == theme and stage in f.stages)
                for stage in ("starting", "established")
            ],
        }
        for theme in config.vocabularies.themes
    ]
    breakdown_phase = [
        {
            "theme": names.vocab("themes", theme),
            "counts": [
                sum(1 for f in current if f.bottleneck.theme == theme and phase in f.phases)
                for phase in (1, 2, 3)
            ],
        }
        for theme in config.vocabularies.themes
    ]
    lang = source.lang
    addressed = sum(1 for f in current if levels_of(f.state))
    addressings = sum(len(group) for group in solvers.values())
    solved_total = sum(1 for f in current if f.state.status in SOLVED)
    # What each table counts, and why its totals are what they are: said
    # under it, ready for the template.
    notes = {
        "by_theme": report_text("note_by_theme", lang, total=integer(len(current), lang)),
        "by_level": report_text(
            "note_by_level",
            lang,
            rows=integer(sum(by_level.values()), lang),
            total=integer(addressed, lang),
        ),
        "by_solver": report_text(
            "note_by_solver",
            lang,
            rows=integer(addressings, lang),
            total=integer(sum(1 for f in current if f.state.addressings), lang),
        ),
        "over_time": report_text("note_over_time", lang, total=integer(solved_total, lang)),
    }
    return {
        "overdue": overdue_of(current, source, names),
        # Questions, frontrunner load and learning circles (issue 32).
        "frontrunners": frontrunners.section(records, config, source.lang),
        "notes": notes,
        "solved_total": solved_total,
        "by_theme_stage": breakdown_stage,
        "by_theme_phase": breakdown_phase,
        "subareas": subareas,
        "stakeholder_view": stakeholder_view,
        "voice": voice_report(records, config, source.lang),
        "plan": {
            "explorers": plan.explorers,
            "meetings": plan.explorers * plan.meetings_per_explorer,
            "meetings_per_explorer": plan.meetings_per_explorer,
            "initiatives": plan.initiatives,
            "regions": plan.regions,
        },
        "explorers": _explorers(per_explorer, source),
        "explorers_active": len(per_explorer),
        "milestones": _milestones(len(explorer_meetings), source),
        "attendance": _attendance(explorer_meetings, source),
        "meetings_held": len(explorer_meetings),
        "chart_max": max([plan.meetings_per_explorer, *(len(m) for m in per_explorer.values())]),
        "initiatives_heard": len(heard),
        "initiatives_known": len(records.of("initiative")),
        "stakeholder_meetings": [
            {"region": region, "count": count} for region, count in sorted(stakeholder.items())
        ],
        "bottlenecks_total": len(current),
        "merged_total": len(facts) - len(current),
        "statuses": [names.status(statuses[i]) for i in used_statuses],
        "status_keys": [statuses[i] for i in used_statuses],
        "by_theme": [
            {**row, "counts": [row["counts"][i] for i in used_statuses]} for row in by_theme
        ],
        "by_level": [
            {"level": names.vocab("levels", level), "count": by_level[level]}
            for level in config.vocabularies.levels
            if by_level.get(level)
        ],
        "by_solver": sorted(
            (
                {
                    "id": actor_id,
                    "name": names.record("actor", actor_id),
                    "open": sum(1 for a in group if a.is_open),
                    "total": len(group),
                }
                for actor_id, group in solvers.items()
            ),
            key=lambda row: (-row["open"], -row["total"], row["name"]),
        ),
        "since": since,
        "over_time": _over_time(current, source),
        "top": [bottleneck_of(facts[s.bottleneck_id], source, names) for s in ranked[:TOP]],
        "workarounds": workarounds,
        "waiting": [
            {
                **bottleneck_of(f, source, names),
                "days": integer(
                    (source.today - (f.state.since or f.bottleneck.reported_on)).days, source.lang
                ),
            }
            for f in waiting
        ],
    }


#: At most this many months in the chart of bottlenecks over time.
MONTHS = 36


def _state(done: bool, due: dt.date | None, today: dt.date) -> str:
    if done:
        return "state_done"
    return "state_late" if due is not None and today > due else "state_open"


def _explorers(per_explorer: dict[str, list[Meeting]], source: Source) -> list[dict[str, Any]]:
    """Every explorer: those of the plan by name (with their sub-areas, also
    before their first meeting) and whoever else held a meeting."""
    plan, lang = source.config.plan, source.lang
    regions = {m.name: m.regions for m in plan.team}
    names = [m.name for m in plan.team] + sorted(set(per_explorer) - set(regions))
    rows = []
    for name in names:
        held = per_explorer.get(name, [])
        state = _state(len(held) >= plan.meetings_per_explorer, plan.meetings_by, source.today)
        rows.append(
            {
                "name": name,
                "meetings": len(held),
                "initiatives": len({i for m in held for i in m.initiatives}),
                "regions": [source.config.label("regions", r, lang) for r in regions.get(name, [])],
                "state": report_text(state, lang),
            }
        )
    return rows


def _milestones(meetings_held: int, source: Source) -> list[dict[str, Any]]:
    """The dates of the plan, each with how far it got and whether it is late."""
    plan, lang, today = source.config.plan, source.lang, source.today
    rows = []

    def row(
        key: str, due: dt.date, done: int | None, planned: int | None, state: str, on: str = ""
    ) -> None:
        rows.append(
            {
                "what": report_text(key, lang),
                "due": short_date(due, lang),
                "progress": report_text("of", lang, done=done, planned=planned)
                if done is not None
                else on,
                "state": report_text(state, lang),
                "late": state == "state_late",
            }
        )

    if plan.set_up_by:
        named = len(plan.team)
        row("milestone_set_up", plan.set_up_by, named, plan.explorers,
            _state(named >= plan.explorers, plan.set_up_by, today))  # fmt: skip
    if plan.meetings_by:
        planned = plan.explorers * plan.meetings_per_explorer
        row("milestone_meetings", plan.meetings_by, meetings_held, planned,
            _state(meetings_held >= planned, plan.meetings_by, today))  # fmt: skip
    if plan.report_by:
        sent = plan.report_sent_on
        if sent is not None and sent <= today:
            on = short_date(sent, lang)
            row("milestone_report", plan.report_by, None, None, "state_done", on)
        else:
            row("milestone_report", plan.report_by, None, None,
                "state_due" if today > plan.report_by else "state_planned")  # fmt: skip
    return rows


def _attendance(meetings: list[Meeting], source: Source) -> dict[str, Any]:
    counted = [m.attendance for m in meetings if m.attendance is not None]
    average = sum(counted) / len(counted) if counted else 0.0
    return {
        "meetings": len(counted),
        "average": number(average, source.lang),
        "planned": source.config.plan.people_per_meeting,
    }


def _over_time(current: list[BottleneckFacts], source: Source) -> list[dict[str, Any]]:
    """Per month, how many bottlenecks were reported and how many were solved
    (resolved, or solved locally), from the first report to today."""
    reported: Counter[tuple[int, int]] = Counter()
    solved: Counter[tuple[int, int]] = Counter()
    for f in current:
        day = f.bottleneck.reported_on
        reported[(day.year, day.month)] += 1
        # Solved as the status table counts it (resolved or solved locally,
        # now), in the month it became so: not every addressing resolved.
        done = solved_on(f.state)
        if done is not None:
            solved[(done.year, done.month)] += 1
    if not reported:
        return []
    first = min(reported)
    last = max([(source.today.year, source.today.month), *reported, *solved])
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return [
        {
            "month": f"{month_name(m, source.lang, short=True)} {y}",
            "reported": reported.get((y, m), 0),
            "resolved": solved.get((y, m), 0),
        }
        for y, m in months[-MONTHS:]
    ]


#: The sections of "since", in the order of the workflow; each lists the
#: steps of that kind taken since (a bottleneck new since is listed once).
SINCE_SECTIONS: dict[str, frozenset[str]] = {
    "new": frozenset(),
    "merged": frozenset({"merged"}),
    "on_agenda": frozenset({"reported", "on-agenda"}),
    "routed": frozenset({"routed"}),
    "in_progress": frozenset({"in-progress"}),
    "declined": frozenset({"declined"}),
    "resolved": SOLVED,
}


def _since(source: Source, facts: dict[str, BottleneckFacts], names: Names) -> dict[str, Any]:
    """Every step taken since the baseline: the bottlenecks new since, and each
    history entry with a status written since, by kind, each with the
    problem-solvers it moved and their own level."""
    assert source.baseline is not None
    before, known = source.baseline.statuses, source.baseline.known
    lang = source.lang
    steps: list[tuple[BottleneckFacts, Update]] = []
    new = []
    for f in facts.values():
        if f.id not in before:
            new.append(f)
        had = known.get(f.id, frozenset())
        steps += [(f, u) for u in f.state.history if u.status and u.id not in had]
    source.notes_shown({f.id for f, _ in steps})
    steps.sort(key=lambda fu: (fu[1].date, fu[1].id))
    sections: dict[str, list[dict[str, Any]]] = {key: [] for key in SINCE_SECTIONS}
    for f in sorted(new, key=lambda f: (f.bottleneck.title.lower(), f.id)):
        sections["new"].append(
            {
                "id": f.id,
                "title": f.bottleneck.title,
                "date": short_date(f.bottleneck.reported_on, lang),
                "status": names.status(f.state.status),
                "solvers": [],
                "note": "",
            }
        )
    for f, update in steps:
        state = f.state
        if update.status == "routed":
            moved = [(a, update.level) for a in update.addressees]
        else:
            actors = (
                [update.actor]
                if update.actor
                else [a.actor for a in state.addressings if a.step is update]
            )
            moved = [(a, found.level if (found := state.addressing(a)) else None) for a in actors]
        solvers = [
            names.record("actor", actor) + (f" ({names.vocab('levels', level)})" if level else "")
            for actor, level in moved
        ]
        if update.status == "merged" and update.merged_into:
            solvers = [names.record("bottleneck", update.merged_into)]
        key = next(k for k, found in SINCE_SECTIONS.items() if update.status in found)
        sections[key].append(
            {
                "id": f.id,
                "title": f.bottleneck.title,
                "date": short_date(update.date, lang),
                "status": names.status(str(update.status)),
                "solvers": solvers,
                "note": update.note or "",
            }
        )
    return {
        "label": source.baseline.label,
        "sections": [
            {"key": key, "title": report_text(f"since_{key}", lang), "items": items}
            for key, items in sections.items()
        ],
        **sections,
    }
