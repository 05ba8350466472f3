"""``knelpunt site``: the agenda as a static website, for publishing."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from pathlib import Path
from typing import Annotated

import typer

from knelpunt.cli.context import command, options


@command("site", help="site")
def site_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="site_out")] = Path("site"),
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="REV", help="report_as_of")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="site_force")] = False,
    date: Annotated[str | None, typer.Option("--date", help="as_of")] = None,
) -> int:
    import sys

    from knelpunt import site
    from knelpunt.choices import parse_date
    from knelpunt.cli.output import warn_unread
    from knelpunt.messages import message
    from knelpunt.report.building import open_source

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    source = open_source(repo, lang_now, parse_date(date), as_of, None)
    built = site.build(source, repo.root / "templates", output, force)
    if built.foreign:
        # Never removed, but said: a page the user saved there stays, and so
        # would a page of a removed record written by hand.
        names = ", ".join(built.foreign[:5]) + (", …" if len(built.foreign) > 5 else "")
        print(message("site_foreign", lang_now, path=output, names=names), file=sys.stderr)
    kept = built.pages - len(built.written)
    if not (kept or built.removed):  # made anew; an update says what it changed
        print(message("site_written", lang_now, path=output, count=built.pages), file=sys.stderr)
    else:
        print(
            message(
                "site_updated",
                lang_now,
                written=len(built.written),
                removed=len(built.removed),
                kept=kept,
            ),
            file=sys.stderr,
        )
    warn_unread(source.records.problems, lang_now)
    return 0
