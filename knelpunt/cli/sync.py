"""``knelpunt sync``: fetch the records of others and bring main up to date."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

import typer

from knelpunt.cli.context import command, options
from knelpunt.escape import terminal


@command("sync", help="sync")
def sync_command(ctx: typer.Context) -> int:
    from knelpunt import sync
    from knelpunt.messages import message

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    done = sync.sync(repo)
    if done.no_remote:
        typer.echo(message("sync_no_remote", lang_now))
        return 1
    if done.refused_reason:
        typer.echo(message("sync_refused", lang_now, reason=terminal(done.refused_reason)))
        return 1
    if done.offline_reason:
        typer.echo(message("sync_offline", lang_now, reason=terminal(done.offline_reason)))
        return 1
    if done.left_branch:
        typer.echo(message("sync_left_branch", lang_now, branch=done.left_branch, main=done.main))
    typer.echo(message("sync_arrived", lang_now, what=sync.sentence(done.arrived, lang_now)))
    if done.waiting_branch:
        typer.echo(message("sync_waiting", lang_now, branch=done.waiting_branch))
    return 0
