"""Builds the Typer application from the commands of ``knelpunt/cli/``.

Help texts are catalog keys here; ``knelpunt.cli.help`` writes them in the
reader's language when a help page is shown. Only ``add`` is built for a
language, since its flags and their labels come from the models.
"""

# No "from __future__ import annotations" here: Typer reads these annotations
# at run time.

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from knelpunt.cli import (
    add,
    adopt,
    answer,
    ballot,
    check,
    completion,
    diff,
    edit,
    export,
    init,
    list_records,
    merge,
    notify,
    prioritise,
    report,
    resolve,
    route,
    schema,
    search,
    show,
    site,
    submit,
    sync,
    todo,
    update,
)
from knelpunt.cli.context import REGISTRY, Options
from knelpunt.cli.help import localise

#: One module per command, in the order of ``knelpunt --help``; each defines its
#: command at module level with ``@command`` (``add``: ``register(app, lang)``).
COMMANDS = (
    init,
    check,
    add,
    edit,
    update,
    adopt,
    answer,
    merge,
    resolve,
    sync,
    submit,
    route,
    todo,
    prioritise,
    ballot,
    notify,
    list_records,
    search,
    show,
    report,
    site,
    export,
    diff,
    schema,
    completion,
)


def version_callback(value: bool) -> None:
    if value:
        from knelpunt import __version__

        typer.echo(f"knelpunt {__version__}")
        raise typer.Exit(0)


def root(
    ctx: typer.Context,
    repo: Annotated[
        Path | None,
        typer.Option("--repo", help="repo", show_default=False),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option("--lang", help="lang", show_default=False),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="quiet"),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", help="version", callback=version_callback, is_eager=True),
    ] = False,
) -> None:
    if language is not None:
        language = language.strip().lower()
        if language not in ("nl", "en"):
            raise typer.BadParameter("nl, en", param_hint="--lang")
    # The language asked for before parsing (--lang, KNELPUNT_LANG), kept on the
    # command by knelpunt.cli.help.localise.
    default_lang = str(getattr(ctx.find_root().command, "knelpunt_lang", "nl"))
    ctx.obj = Options(repo=repo, lang=language, default_lang=default_lang, quiet=quiet)


def build_app(lang: str, args: Sequence[str] = ()) -> Any:
    app = typer.Typer(
        name="knelpunt",
        help="app",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    app.callback()(root)
    for module in COMMANDS:
        if module is add:
            add.register(app, lang, full="add" in args)
        for name, help_key, function in REGISTRY.get(module.__name__, []):
            app.command(name, help=help_key)(function)
    command = typer.main.get_command(app)
    localise(command, lang)
    return command
