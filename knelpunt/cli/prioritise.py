"""``knelpunt prioritise``: rank the open bottlenecks by an explainable score."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import TYPE_CHECKING, Annotated

import typer

from knelpunt.cli.context import command, options

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from knelpunt.config import Config
    from knelpunt.index import LeanBottleneck
    from knelpunt.memo import Question
    from knelpunt.priority import Score
    from knelpunt.repo import Repository
    from knelpunt.store import RecordSet


@command("prioritise", help="prioritise")
def prioritise_command(
    ctx: typer.Context,
    top: Annotated[int | None, typer.Option("--top", min=1, help="top")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="as_json")] = False,
    explain: Annotated[str | None, typer.Option("--explain", metavar="ID", help="explain")] = None,
    date: Annotated[str | None, typer.Option("--date", help="as_of")] = None,
) -> int:
    import json

    from knelpunt.choices import parse_date

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    today = parse_date(date)
    if explain is None:
        return _ranking(repo, top, as_json, today, lang_now)
    from knelpunt.cli.tables import print_table
    from knelpunt.errors import RecordError
    from knelpunt.facts import facts_for, spread
    from knelpunt.formats import number
    from knelpunt.messages import CHOICE_LABELS, label, message
    from knelpunt.priority import score
    from knelpunt.store import load_all

    records = load_all(repo, lean=True)  # a score needs no description
    facts = facts_for(records)
    if explain not in facts:
        raise RecordError("record_not_found", record_id=explain)
    result = score(facts[explain], repo.config.priority, today)
    if as_json:
        from knelpunt.index import lean_of

        row = {explain: lean_of(facts[explain])}  # its state as the listing gives it
        print(json.dumps(_as_json(result, row), ensure_ascii=False, indent=2))
        return 0
    headers = [message(k, lang_now) for k in ("col_part", "col_value", "col_weight", "col_points")]
    rows = [
        [
            message(f"part_{p.name}", lang_now),
            number(p.value, lang_now, 2),
            number(p.weight, lang_now, 2),
            number(p.points, lang_now),
        ]
        for p in result.parts
    ]
    total = number(result.total, lang_now)
    rows.append([message("explain_total", lang_now), "", "", total])
    print_table(headers, rows, title=f"{explain}  {records.bottlenecks[explain].title}")
    backing = facts[explain].supporters
    if backing:
        where = spread(records, backing)
        print(
            message(
                "support_spread",
                lang_now,
                count=len(backing),
                regions=", ".join(repo.config.label("regions", r, lang_now) for r in where.regions)
                or "-",
                phases=message(
                    "support_phase", lang_now, phases=", ".join(str(p) for p in where.phases)
                ),
                stages=", ".join(label(CHOICE_LABELS, s, lang_now) for s in where.stages) or "-",
            )
        )
    else:
        print(message("support_none", lang_now))
    for line in _ranking_lines(records, explain, repo.config, lang_now):
        print(line)
    print(message("explain_weights", lang_now))
    return 0


def _ranking_lines(
    records: "RecordSet", bottleneck_id: str, config: "Config", lang: str
) -> list[str]:
    """The bottleneck's place in the initiatives' order of the latest round,
    and whose voice that is (issue 30)."""
    from knelpunt.ballot import heard_initiatives
    from knelpunt.facts import merged_sources, merged_targets
    from knelpunt.formats import number
    from knelpunt.messages import message
    from knelpunt.models import Ranking
    from knelpunt.ranking import ITEM_DIMENSIONS, count_latest, group_label, silent_heard, voice_of

    rankings = [r for r in records.of("ranking").values() if isinstance(r, Ranking)]
    counted = count_latest(rankings, merged_targets(merged_sources(records)))
    if counted is None:
        return [message("explain_ranking_none", lang)]
    initiatives = {i: r for i, r in records.of("initiative").items() if r.kind == "initiative"}
    voice = voice_of(counted, bottleneck_id, initiatives, heard_initiatives(records), config)  # type: ignore[arg-type]
    if voice is None:
        return [message("explain_ranking_absent", lang, round=counted.round)]
    standing = voice.standing
    lines = [
        message(
            "explain_ranking",
            lang,
            round=standing.round,
            ranked=len(standing.ranked_by),
            ballots=voice.ballots,
            mean=number(standing.mean_place, lang, 1),
            items=standing.items,
            position=standing.position,
        )
    ]
    regions = voice.represented.of("region")
    names = {a: r.label() for a, r in records.of("actor").items()}
    silent = silent_heard(voice.represented, ITEM_DIMENSIONS)
    lines.append(
        message(
            "explain_ranking_from",
            lang,
            regions=sum(1 for g in regions if g.ranked),
            region_total=len(config.vocabularies.regions) or len(regions),
            silent=", ".join(group_label(config, g, lang, names) for g in silent) or "-",
        )
    )
    return lines


def _ranking(
    repo: "Repository", top: int | None, as_json: bool, today: "dt.date", lang: str
) -> int:
    """The open bottlenecks by score, from the lean index: no full record is
    read. When nothing changed since the same ranking was printed, the text
    printed then is printed again."""
    from knelpunt.cli.tables import print_remembered

    def make(question: "Question") -> tuple[str | None, bool]:
        import json
        import sys

        from knelpunt.cli.tables import print_table
        from knelpunt.formats import number
        from knelpunt.index import highest_bottlenecks, lean_bottlenecks
        from knelpunt.messages import CHOICE_LABELS, label, message
        from knelpunt.priority import rank
        from knelpunt.queries import levels_text

        weights = repo.config.priority
        if top is None:
            lean = lean_bottlenecks(repo, question.scanned)
        else:  # the index hands over only those that can make the top
            lean = highest_bottlenecks(repo, weights, today, top, question.scanned)
        rows = lean.rows
        ranked = rank(rows.values(), weights, today)[:top]
        if as_json:
            text = json.dumps([_as_json(s, rows) for s in ranked], ensure_ascii=False, indent=2)
            sys.stdout.write(text + "\n")
            return text + "\n", lean.clean
        headers = [
            message(k, lang)
            for k in (
                "col_rank",
                "col_id",
                "col_title",
                "col_score",
                "col_status",
                "col_level",
                "col_reporters",
            )
        ]
        table = [
            [
                str(n),
                s.bottleneck_id,
                rows[s.bottleneck_id].title,
                number(s.total, lang),
                label(CHOICE_LABELS, rows[s.bottleneck_id].status, lang),
                levels_text(repo.config, rows[s.bottleneck_id], lang, ",\n"),
                number(s.reporters, lang),
            ]
            for n, s in enumerate(ranked, start=1)
        ]
        return print_table(headers, table), lean.clean

    shape = "json" if as_json else "table"
    print_remembered(repo, ("prioritise", lang, today.isoformat(), repr(top), shape), make)
    return 0


def _as_json(result: "Score", rows: "Mapping[str, LeanBottleneck]") -> dict[str, object]:
    """A ranked bottleneck for programs: its state (every level, each
    addressing as ``show --json`` gives it) and its score, part by part."""
    from knelpunt.queries import listed_state

    row = rows[result.bottleneck_id]
    return {
        "id": result.bottleneck_id,
        "title": row.title,
        **listed_state(row),
        "score": result.total,
        "parts": {
            p.name: {"value": p.value, "weight": p.weight, "points": p.points} for p in result.parts
        },
    }
