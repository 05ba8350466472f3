"""``knelpunt merge DUPLICATE INTO``: bundle two bottlenecks."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import Annotated

import typer

from knelpunt.cli.context import options
from knelpunt.messages import help_text


def register(app: typer.Typer, lang: str) -> None:
    @app.command("merge", help=help_text("merge", lang))
    def merge_command(
        ctx: typer.Context,
        duplicate: Annotated[
            str, typer.Argument(metavar="DUPLICATE", help=help_text("merge_duplicate", lang))
        ],
        into: Annotated[str, typer.Argument(metavar="INTO", help=help_text("merge_into", lang))],
        note: Annotated[str | None, typer.Option("--note", help=help_text("note", lang))] = None,
        by: Annotated[str | None, typer.Option("--by", help=help_text("by", lang))] = None,
        date: Annotated[str | None, typer.Option("--date", help=help_text("date", lang))] = None,
    ) -> int:
        from knelpunt import actions
        from knelpunt.messages import message

        opts = options(ctx)
        repo = opts.repository()
        change = actions.Change(actions.who(repo, by), actions.parse_date(date), note)
        result = actions.merge(repo, duplicate, into, change)
        typer.echo(
            message(
                "merged_done",
                opts.language(repo),
                duplicate=duplicate,
                into=into,
                reporters=len(result.reported_by),
                meetings=len(result.meetings),
            )
        )
        return 0
