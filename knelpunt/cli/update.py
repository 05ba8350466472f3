"""``knelpunt update ID --status S``: move a bottleneck along the workflow."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import TYPE_CHECKING, Annotated

import typer

from knelpunt.cli.context import command, options

if TYPE_CHECKING:
    from knelpunt.actions import WhichAddressing


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
    verdict: Annotated[str | None, typer.Option("--verdict", help="update_verdict")] = None,
    initiative: Annotated[
        str | None, typer.Option("--initiative", help="update_initiative")
    ] = None,
) -> int:
    import sys

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
    if verdict is not None or initiative is not None:
        return _verdict(ctx, bottleneck_id, verdict, initiative, status, for_actor, note, by, date)
    previous = actions.current_state(repo, bottleneck_id).status
    change = actions.Change(actions.who(repo, by), choices.parse_date(date), note)
    try:
        update = actions.update_status(repo, bottleneck_id, status, change, for_actor)
    except actions.WhichAddressing as which:
        # On a terminal the person is asked whom it is for; unattended, the
        # message lists the --for to give.
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise
        chosen = _ask_which(which, lang_now)
        update = actions.update_status(repo, bottleneck_id, status, change, chosen)
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


def _verdict(
    ctx: typer.Context,
    bottleneck_id: str,
    verdict: str | None,
    initiative: str | None,
    status: str | None,
    solver: str | None,
    note: str | None,
    by: str | None,
    date: str | None,
) -> int:
    """``--verdict V --initiative INI``: what an initiative that raised the
    bottleneck says of its solution, a history entry of its own."""
    from knelpunt import actions, choices
    from knelpunt.choices import choice_key
    from knelpunt.cli._click import UsageError
    from knelpunt.messages import CHOICE_LABELS, label, message
    from knelpunt.verdicts import VERDICTS

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    if verdict is None or initiative is None or status is not None:
        raise UsageError(message("verdict_usage", lang_now), ctx=ctx)
    key = choice_key(VERDICTS, verdict, "verdict")  # werkt, deels, niet opgelost too
    change = actions.Change(actions.who(repo, by), choices.parse_date(date), note)
    update = actions.record_verdict(repo, bottleneck_id, key, initiative, change, solver)
    typer.echo(
        message(
            "verdict_recorded",
            lang_now,
            record_id=bottleneck_id,
            initiative=update.initiative,
            verdict=label(CHOICE_LABELS, key, lang_now),
            path=repo.relative(repo.update_path(bottleneck_id, update.id)),
        )
    )
    return 0


def _ask_which(which: "WhichAddressing", lang: str) -> str:
    """The actor id of the addressing the person chooses by its number or name."""
    from knelpunt.choices import fold
    from knelpunt.escape import terminal
    from knelpunt.messages import message

    params = which.params
    typer.echo(message("update_which_question", lang, **params))
    for number, (actor, name) in enumerate(which.actors, start=1):
        typer.echo(terminal(f"  {number}. {name} ({actor})"))
    while True:
        try:
            answer = input(message("choose_number", lang, last=len(which.actors)) + " ").strip()
        except EOFError:  # the input ended: say what to give instead
            raise which from None
        if answer.isdigit() and 1 <= int(answer) <= len(which.actors):
            return which.actors[int(answer) - 1][0]
        for actor, name in which.actors:
            if fold(answer) in (fold(actor), fold(name)):
                return actor
