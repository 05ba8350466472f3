"""``knelpunt submit``: commit the changed records on an own branch and push."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import Annotated

import typer

from knelpunt.cli.context import options
from knelpunt.escape import terminal
from knelpunt.messages import help_text


def register(app: typer.Typer, lang: str) -> None:
    @app.command("submit", help=help_text("submit", lang))
    def submit_command(
        ctx: typer.Context,
        by: Annotated[str | None, typer.Option("--by", help=help_text("by", lang))] = None,
    ) -> int:
        import datetime as dt
        import sys

        from knelpunt import actions, gitops
        from knelpunt.checks import check_repository
        from knelpunt.messages import message

        opts = options(ctx)
        repo = opts.repository()
        lang_now = opts.language(repo)
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
        if done.pushed:
            typer.echo(message("submit_pushed", lang_now, remote=done.remote, branch=done.branch))
        elif done.offline_reason and done.branch not in gitops.MAIN_BRANCHES:
            typer.echo(message("submit_offline", lang_now, reason=done.offline_reason))
        elif not done.commit:
            typer.echo(message("submit_nothing", lang_now))
        return 0
