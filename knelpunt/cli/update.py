"""``knelpunt update ID --status S``: move a bottleneck along the workflow."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import Annotated

import typer

from knelpunt.cli.context import command, options


@command("update", help="update")
def update_command(
    ctx: typer.Context,
    bottleneck_id: Annotated[str, typer.Argument(metavar="ID", help="update_id")],
    status: Annotated[
        str | None,
        typer.Option("--status", help="update_status"),
    ] = None,
    for_actor: Annotated[str | None, typer.Option("--for", help="update_for")] = None,
    note: Annotated[str | None, typer.Option("--note", help="note")] = None,
    by: Annotated[str | None, typer.Option("--by", help="by")] = None,
    date: Annotated[str | None, typer.Option("--date", help="date")] = None,
) -> int:
    from knelpunt import actions, choices
    from knelpunt.choices import choice_key
    from knelpunt.errors import KnelpuntError
    from knelpunt.messages import CHOICE_LABELS, label, message
    from knelpunt.workflow import TRANSITIONS

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    if status is not None:  # a key, or its label in Dutch or English
        status = choice_key(TRANSITIONS, status, "status")
    if actions.find_kind(repo, bottleneck_id) not in (None, "bottleneck"):
        raise KnelpuntError("not_a_bottleneck", record_id=bottleneck_id)
    previous = actions.current_state(repo, bottleneck_id).status
    change = actions.Change(actions.who(repo, by), choices.parse_date(date), note)
    update = actions.update_status(repo, bottleneck_id, status, change, for_actor)
    path = repo.relative(repo.update_path(bottleneck_id, update.id))
    if update.status is None:
        typer.echo(message("noted", lang_now, record_id=bottleneck_id, path=path))
    else:
        typer.echo(
            message(
                "updated",
                lang_now,
                record_id=bottleneck_id,
                previous=label(CHOICE_LABELS, previous, lang_now),
                status=label(CHOICE_LABELS, update.status, lang_now),
                path=path,
            )
        )
    return 0
