"""``knelpunt submit``: commit the changed records on an own branch and push."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from pathlib import Path
from typing import Annotated

import typer

from knelpunt.cli.context import command, options
from knelpunt.escape import terminal


@command("submit", help="submit")
def submit_command(
    ctx: typer.Context,
    by: Annotated[str | None, typer.Option("--by", help="by")] = None,
) -> int:
    import datetime as dt
    import sys

    from knelpunt import actions, gitops, gitrepo
    from knelpunt.checks import check_repository
    from knelpunt.messages import message

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    if not gitrepo.has_identity(repo.root):
        _ask_who(repo.root, by, lang_now)
    result = check_repository(repo)
    if result.errors:
        print(message("submit_refused", lang_now), file=sys.stderr)
        for problem in result.errors:
            print(terminal(problem.render(lang_now)), file=sys.stderr)
        return 1
    done = gitops.submit(repo, actions.who(repo, by), dt.date.today())
    if done.commit:
        typer.echo(
            message(
                "submit_committed",
                lang_now,
                branch=done.branch,
                commit=done.commit,
                count=len(done.committed),
            )
        )
    if done.refused_reason:
        print(
            message("submit_push_refused", lang_now, remote=done.remote, branch=done.branch,
                    reason=terminal(done.refused_reason)),
            file=sys.stderr,
        )  # fmt: skip
        return 1
    if done.pushed:
        typer.echo(message("submit_pushed", lang_now, remote=done.remote, branch=done.branch))
        if done.review_url:
            typer.echo(message("submit_open_review", lang_now, url=done.review_url))
        else:
            # No page to open a request on: a coordinator must be told by name.
            typer.echo(
                message("submit_ask_review", lang_now, branch=done.branch, remote=done.remote,
                        address=terminal(done.remote_address or "?"))
            )  # fmt: skip
    elif done.no_remote and done.commit:
        typer.echo(message("submit_no_remote", lang_now))
    elif done.offline_reason and done.branch not in gitrepo.MAIN_BRANCHES:
        typer.echo(message("submit_offline", lang_now, reason=terminal(done.offline_reason)))
    elif not done.commit:
        typer.echo(message("submit_nothing", lang_now))
    # Exit 0 only when something was committed or sent: a script can rely on it.
    return 0 if done.commit or done.pushed else 1


def _ask_who(root: Path, by: str | None, lang: str) -> None:
    """A laptop where git does not know its user yet: ask on a terminal (or
    take --by), store it for this repository, and go on; else stop before
    anything changes, saying what to type."""
    import sys

    from knelpunt import gitrepo
    from knelpunt.errors import KnelpuntError
    from knelpunt.messages import message

    name, email = by, None
    if not name and sys.stdin.isatty():
        typer.echo(message("submit_who_intro", lang))
        name = input(message("submit_who_name", lang)).strip()
        email = input(message("submit_who_email", lang)).strip()
    if not name or not name.strip():
        raise KnelpuntError("git_no_identity")
    gitrepo.store_identity(root, name, email)
    typer.echo(message("submit_who_stored", lang, name=terminal(name.strip())))
