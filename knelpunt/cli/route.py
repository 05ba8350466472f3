"""``knelpunt route``: address bottlenecks to problem-solvers, by rule or by hand."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import TYPE_CHECKING, Annotated

import typer

from knelpunt.cli.context import command, options

if TYPE_CHECKING:
    from datetime import date

    from knelpunt.actions import Change
    from knelpunt.repo import Repository


@command("route", help="route")
def route_command(
    ctx: typer.Context,
    bottleneck_id: Annotated[str | None, typer.Argument(metavar="[ID]", help="update_id")] = None,
    auto: Annotated[bool, typer.Option("--auto", help="route_auto")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="route_dry")] = False,
    to: Annotated[
        list[str] | None,
        typer.Option("--to", metavar="ACTOR", help="route_to"),
    ] = None,
    level: Annotated[str | None, typer.Option("--level", help="route_level")] = None,
    concerns: Annotated[list[str] | None, typer.Option("--concerns", help="route_concerns")] = None,
    note: Annotated[str | None, typer.Option("--note", help="note")] = None,
    by: Annotated[str | None, typer.Option("--by", help="by")] = None,
    date: Annotated[str | None, typer.Option("--date", help="date")] = None,
    answer_by: Annotated[
        str | None, typer.Option("--answer-by", metavar="DATE", help="route_answer_by")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="as_json")] = False,
) -> int:
    from knelpunt import actions, choices
    from knelpunt.cli._click import UsageError
    from knelpunt.messages import message

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    change = actions.Change(actions.who(repo, by), choices.parse_date(date), note)
    due = choices.parse_date(answer_by) if answer_by is not None else None
    if auto and (to or level or concerns):
        # --auto routes by the rules: a --to beside it would be silently ignored.
        raise UsageError(message("route_auto_with_to", lang_now))
    if auto and bottleneck_id is None:
        return route_auto(repo, lang_now, change, dry_run, as_json, due)
    if bottleneck_id is None or auto or not to:
        raise UsageError(message("route_need_id_or_auto", lang_now))
    update = actions.route(repo, bottleneck_id, list(to), level, None, change, concerns, due)
    by_hand = message("route_by_hand", lang_now)
    show(
        repo,
        lang_now,
        [(bottleneck_id, by_hand, update.level or "", update.addressees, update.answer_by)],
        as_json,
    )
    return 0


# bottleneck id, rule, level, addressee ids, the day an answer is expected by
Row = tuple[str, str, str, list[str], "date | None"]


def show(repo: "Repository", lang: str, rows: list[Row], as_json: bool) -> None:
    """Print routing decisions as a table, or as JSON."""
    import json

    from knelpunt.cli.tables import print_table
    from knelpunt.messages import message

    if as_json:
        payload = [
            {
                "id": b,
                "rule": rule,
                "level": level,
                "addressees": addressees,
                "answer_by": due.isoformat() if due else None,
            }
            for b, rule, level, addressees, due in rows
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    from knelpunt.formats import short_date

    keys = ("col_id", "col_title", "col_rule", "col_level", "col_solver", "col_answer_by")
    headers = [message(k, lang) for k in keys]
    table = [
        [
            b,
            _name(repo, "bottleneck", b),
            rule,
            repo.config.label("levels", level, lang),
            ", ".join(_name(repo, "actor", a) for a in addressees),
            short_date(due, lang) if due else "",
        ]
        for b, rule, level, addressees, due in rows
    ]
    print_table(headers, table)


def _name(repo: "Repository", kind: str, record_id: str) -> str:
    from knelpunt.actions import read_record
    from knelpunt.errors import KnelpuntError

    try:
        return read_record(repo, kind, record_id).label()
    except KnelpuntError:
        return record_id


def route_auto(
    repo: "Repository",
    lang: str,
    change: "Change",
    dry_run: bool,
    as_json: bool,
    answer_by: "date | None" = None,
) -> int:
    import sys
    from datetime import timedelta

    from knelpunt import actions
    from knelpunt.messages import message

    run = actions.route_by_rules(repo, change, dry_run, lang, answer_by)
    for bottleneck_id in run.unmatched:
        print(message("route_no_rule", lang, record_id=bottleneck_id), file=sys.stderr)
    if not run.routed and not as_json:
        print(message("route_none_waiting", lang), file=sys.stderr)
        return 0
    # The day each entry holds (or, in a dry run, would hold): see actions.route.
    days = repo.config.follow_up.days_for
    rows: list[Row] = [
        (
            r.bottleneck_id,
            r.rule,
            r.level,
            list(r.addressees),
            answer_by or change.date + timedelta(days=days(r.level)),
        )
        for r in run.routed
    ]
    show(repo, lang, rows, as_json)
    key = "route_dry_run" if dry_run else "route_done"
    print(message(key, lang, count=len(rows)), file=sys.stderr)
    return 0
