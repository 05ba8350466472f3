"""``knelpunt edit ID``: correct a record with the prompt of ``add``, prefilled."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import Annotated

import typer

from knelpunt.cli.context import command, options


@command("edit", help="edit")
def edit_command(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="edit_id")],
) -> int:
    import sys

    from knelpunt import actions
    from knelpunt.errors import KnelpuntError, RecordError
    from knelpunt.messages import message

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    kind = actions.find_kind(repo, record_id)
    if kind is None:
        raise RecordError("record_not_found", record_id=record_id)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        path = repo.relative(repo.record_path(kind, record_id))
        raise KnelpuntError("edit_needs_terminal", path=path)
    from knelpunt.cli.prompts import run_edit

    if run_edit(repo, kind, record_id, lang_now):
        path = repo.relative(repo.record_path(kind, record_id))
        typer.echo(message("edit_saved", lang_now, path=path))
    return 0
