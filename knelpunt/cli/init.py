"""``knelpunt init [PATH]``: create a repository."""

# No "from __future__ import annotations" here: Typer reads these annotations
# at run time, and they refer to names local to register().

from pathlib import Path
from typing import Annotated

import typer

from knelpunt.cli.context import options
from knelpunt.messages import help_text


def register(app: typer.Typer, lang: str) -> None:
    @app.command("init", help=help_text("init", lang))
    def init_command(
        ctx: typer.Context,
        path: Annotated[
            Path, typer.Argument(help=help_text("init_path", lang), show_default=False)
        ] = Path("."),
        no_git: Annotated[
            bool, typer.Option("--no-git", help=help_text("init_no_git", lang))
        ] = False,
    ) -> int:
        from knelpunt.messages import message
        from knelpunt.scaffold import init_repository

        lang_now = options(ctx).language()
        made = init_repository(path, use_git=not no_git)
        if made["git"]:
            typer.echo(message("init_git", lang_now))
        for created in made["created"]:
            typer.echo(message("created_file", lang_now, path=created))
        typer.echo(message("init_done", lang_now, path=path.resolve()))
        typer.echo(message("init_next", lang_now))
        return 0
