"""``knelpunt schema [--out DIR]``: JSON Schemas for editors."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from pathlib import Path
from typing import Annotated

import typer

from knelpunt.cli.context import command, options


@command("schema", help="schema")
def schema_command(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option("--out", metavar="DIR", help="schema_out")] = None,
) -> int:
    from knelpunt.messages import message
    from knelpunt.schema import SCHEMA_DIR, write_schemas

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    for path in write_schemas(repo.config, out or repo.root / SCHEMA_DIR):
        typer.echo(message("written", lang_now, path=path))
    return 0
