"""``knelpunt merge DUPLICATE INTO``: bundle two bottlenecks."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import Annotated

import typer

from knelpunt.cli.context import command, options


@command("merge", help="merge")
def merge_command(
    ctx: typer.Context,
    duplicate: Annotated[str, typer.Argument(metavar="DUPLICATE", help="merge_duplicate")],
    into: Annotated[str, typer.Argument(metavar="INTO", help="merge_into")],
    note: Annotated[str | None, typer.Option("--note", help="note")] = None,
    by: Annotated[str | None, typer.Option("--by", help="by")] = None,
    date: Annotated[str | None, typer.Option("--date", help="date")] = None,
) -> int:
    from knelpunt import actions, choices
    from knelpunt.messages import message

    opts = options(ctx)
    repo = opts.repository()
    change = actions.Change(actions.who(repo, by), choices.parse_date(date), note)
    result = actions.merge(repo, duplicate, into, change)
    # Said apart: a second run, or one that finished an interrupted merge,
    # must not read as a new merge.
    key = {"merged": "merged_done", "finished": "merge_finished", "already": "merge_already_done"}
    typer.echo(
        message(
            key[result.outcome],
            opts.language(repo),
            duplicate=duplicate,
            into=into,
            reporters=len(result.into.reported_by),
            meetings=len(result.into.meetings),
        )
    )
    return 0
