"""``knelpunt schema [--out DIR]``: JSON Schemas for editors."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from pathlib import Path
from typing import Annotated

import typer

from knelpunt.cli.context import options
from knelpunt.messages import help_text


def register(app: typer.Typer, lang: str) -> None:
    @app.command("schema", help=help_text("schema", lang))
    def schema_command(
        ctx: typer.Context,
        out: Annotated[
            Path | None, typer.Option("--out", metavar="DIR", help=help_text("schema_out", lang))
        ] = None,
    ) -> int:
        from knelpunt.messages import message
        from knelpunt.schema import SCHEMA_DIR, write_schemas

        opts = options(ctx)
        repo = opts.repository()
        lang_now = opts.language(repo)
        for path in write_schemas(repo.config, out or repo.root / SCHEMA_DIR):
            typer.echo(message("written", lang_now, path=path))
        return 0
