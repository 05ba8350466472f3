"""Builds the Typer application, with help texts in the reader's language."""

# No "from __future__ import annotations" here: Typer reads these annotations
# at run time, and they refer to names local to register().

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from knelpunt.cli import (
    add,
    check,
    diff,
    edit,
    export,
    init,
    list_records,
    merge,
    prioritise,
    report,
    resolve,
    route,
    schema,
    show,
    submit,
    sync,
    update,
)
from knelpunt.cli.context import Options
from knelpunt.messages import help_text

#: One module per command, each with ``register(app, lang)``.
COMMANDS = (
    init,
    check,
    add,
    edit,
    update,
    merge,
    resolve,
    sync,
    submit,
    route,
    prioritise,
    list_records,
    show,
    report,
    export,
    diff,
    schema,
)


def build_app(lang: str, args: Sequence[str] = ()) -> Any:
    app = typer.Typer(
        name="knelpunt",
        help=help_text("app", lang),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    def version_callback(value: bool) -> None:
        if value:
            from knelpunt import __version__

            typer.echo(f"knelpunt {__version__}")
            raise typer.Exit(0)

    @app.callback()
    def root(
        ctx: typer.Context,
        repo: Annotated[
            Path | None,
            typer.Option("--repo", help=help_text("repo", lang), show_default=False),
        ] = None,
        language: Annotated[
            str | None,
            typer.Option("--lang", help=help_text("lang", lang), show_default=False),
        ] = None,
        version: Annotated[
            bool,
            typer.Option(
                "--version",
                help=help_text("version", lang),
                callback=version_callback,
                is_eager=True,
            ),
        ] = False,
    ) -> None:
        if language is not None:
            language = language.strip().lower()
            if language not in ("nl", "en"):
                raise typer.BadParameter("nl, en", param_hint="--lang")
        ctx.obj = Options(repo=repo, lang=language, default_lang=lang)

    for module in COMMANDS:
        if module is add:
            add.register(app, lang, full="add" in args)
        else:
            module.register(app, lang)
    return typer.main.get_command(app)
