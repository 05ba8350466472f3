"""``knelpunt init [PATH]``: create a repository."""

# No "from __future__ import annotations" here: Typer reads these annotations
# at run time.

from pathlib import Path
from typing import Annotated

import typer

from knelpunt.cli.context import command, options


@command("init", help="init")
def init_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="init_path", show_default=False)] = Path("."),
    no_git: Annotated[bool, typer.Option("--no-git", help="init_no_git")] = False,
    ci: Annotated[
        str | None,
        typer.Option("--ci", metavar="github|gitlab", help="init_ci"),
    ] = None,
    install: Annotated[
        str | None,
        typer.Option("--install", metavar="SPEC", help="init_install"),
    ] = None,
    publish: Annotated[bool, typer.Option("--publish", help="init_publish")] = False,
) -> int:
    from knelpunt.ci import TARGETS, install_spec, write_ci
    from knelpunt.config import CONFIG_FILE
    from knelpunt.errors import KnelpuntError
    from knelpunt.messages import message
    from knelpunt.scaffold import init_repository

    lang_now = options(ctx).language()
    if ci is not None and ci not in TARGETS:
        raise KnelpuntError("not_allowed_value", value=repr(ci), allowed=", ".join(TARGETS))
    # Where CI installs knelpunt from is settled first: without one, nothing is made.
    spec = install_spec(install) if ci is not None else ""
    if ci is not None and (path / CONFIG_FILE).exists():
        # An existing repository that wants CI only.
        for written in write_ci(path, ci, spec, publish):
            typer.echo(message("created_file", lang_now, path=written))
        typer.echo(message("ci_installs", lang_now, spec=spec))
        return 0
    made = init_repository(path, use_git=not no_git)
    if ci is not None:
        made["created"] += write_ci(path, ci, spec, publish)
    if made["git"]:
        typer.echo(message("init_git", lang_now))
    for created in made["created"]:
        typer.echo(message("created_file", lang_now, path=created))
    if ci is not None:
        typer.echo(message("ci_installs", lang_now, spec=spec))
    typer.echo(message("init_done", lang_now, path=path.resolve()))
    typer.echo(message("init_next", lang_now))
    return 0
