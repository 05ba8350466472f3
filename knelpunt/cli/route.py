"""``knelpunt route``: address bottlenecks to problem-solvers, by rule or by hand."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import TYPE_CHECKING, Annotated

import typer

from knelpunt.cli.context import options
from knelpunt.messages import help_text

if TYPE_CHECKING:
    from knelpunt.actions import Change
    from knelpunt.repo import Repository


def register(app: typer.Typer, lang: str) -> None:
    @app.command("route", help=help_text("route", lang))
    def route_command(
        ctx: typer.Context,
        bottleneck_id: Annotated[
            str | None, typer.Argument(metavar="[ID]", help=help_text("update_id", lang))
        ] = None,
        auto: Annotated[bool, typer.Option("--auto", help=help_text("route_auto", lang))] = False,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help=help_text("route_dry", lang))
        ] = False,
        to: Annotated[
            list[str] | None,
            typer.Option("--to", metavar="ACTOR", help=help_text("route_to", lang)),
        ] = None,
        level: Annotated[
            str | None, typer.Option("--level", help=help_text("route_level", lang))
        ] = None,
        note: Annotated[str | None, typer.Option("--note", help=help_text("note", lang))] = None,
        by: Annotated[str | None, typer.Option("--by", help=help_text("by", lang))] = None,
        date: Annotated[str | None, typer.Option("--date", help=help_text("date", lang))] = None,
        as_json: Annotated[bool, typer.Option("--json", help=help_text("as_json", lang))] = False,
    ) -> int:
        from knelpunt import actions
        from knelpunt.cli._click import UsageError
        from knelpunt.messages import message

        opts = options(ctx)
        repo = opts.repository()
        lang_now = opts.language(repo)
        change = actions.Change(actions.who(repo, by), actions.parse_date(date), note)
        if auto and bottleneck_id is None:
            return route_auto(repo, lang_now, change, dry_run, as_json)
        if bottleneck_id is None or auto or not to:
            raise UsageError(message("route_need_id_or_auto", lang_now))
        update = actions.route(repo, bottleneck_id, list(to), level, None, change)
        by_hand = message("route_by_hand", lang_now)
        show(
            repo,
            lang_now,
            [(bottleneck_id, by_hand, update.level or "", update.addressees)],
            as_json,
        )
        return 0


Row = tuple[str, str, str, list[str]]  # bottleneck id, rule, level, addressee ids


def show(repo: "Repository", lang: str, rows: list[Row], as_json: bool) -> None:
    """Print routing decisions as a table, or as JSON."""
    import json

    from knelpunt.cli.tables import print_table
    from knelpunt.messages import message

    if as_json:
        payload = [
            {"id": b, "rule": rule, "level": level, "addressees": addressees}
            for b, rule, level, addressees in rows
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    headers = [
        message(k, lang) for k in ("col_id", "col_title", "col_rule", "col_level", "col_solver")
    ]
    table = [
        [
            b,
            _name(repo, "bottleneck", b),
            rule,
            repo.config.label("levels", level, lang),
            ", ".join(_name(repo, "actor", a) for a in addressees),
        ]
        for b, rule, level, addressees in rows
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
    repo: "Repository", lang: str, change: "Change", dry_run: bool, as_json: bool
) -> int:
    import dataclasses
    import sys

    from knelpunt import actions
    from knelpunt.facts import facts_for
    from knelpunt.messages import message
    from knelpunt.routing import decide, waiting
    from knelpunt.store import load_all

    records = load_all(repo)
    facts = facts_for(records)
    rows: list[Row] = []
    for bottleneck_id in sorted(facts):
        if not waiting(facts[bottleneck_id]):
            continue
        decision = decide(facts[bottleneck_id], records, repo.config.routing)
        if decision is None:
            print(message("route_no_rule", lang, record_id=bottleneck_id), file=sys.stderr)
            continue
        if not dry_run:
            note = change.note or message("route_auto_note", lang, rule=decision.rule)
            actions.route(
                repo,
                bottleneck_id,
                list(decision.addressees),
                decision.level,
                decision.rule,
                dataclasses.replace(change, note=note),
            )
        rows.append((bottleneck_id, decision.rule, decision.level, list(decision.addressees)))
    if not rows and not as_json:
        print(message("route_none_waiting", lang), file=sys.stderr)
        return 0
    show(repo, lang, rows, as_json)
    key = "route_dry_run" if dry_run else "route_done"
    print(message(key, lang, count=len(rows)), file=sys.stderr)
    return 0
