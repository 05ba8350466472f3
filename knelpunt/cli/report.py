"""``knelpunt report``: Markdown reports from the templates, at any revision."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from pathlib import Path
from typing import Annotated

import typer

from knelpunt.cli.context import command, options


@command("report", help="report")
def report_command(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(metavar="[progress|agenda|initiatives]", help="report_name"),
    ] = "progress",
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="REV", help="report_as_of")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="REV|DATE", help="report_since"),
    ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="output")] = None,
    force: Annotated[bool, typer.Option("--force", help="force")] = False,
    date: Annotated[str | None, typer.Option("--date", help="as_of")] = None,
) -> int:
    import datetime as dt
    import sys

    from knelpunt import report, revisions
    from knelpunt.actions import parse_date
    from knelpunt.errors import KnelpuntError
    from knelpunt.messages import message
    from knelpunt.store import load_all

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    if name not in report.REPORTS:
        raise KnelpuntError("unknown_report", name=name, allowed=", ".join(report.REPORTS))
    today = parse_date(date)
    if as_of is not None:
        repo_at, records, commit = revisions.load_at(repo, as_of)
        label = f"{as_of} ({commit.hexsha[:8]})"
    else:
        repo_at, records, label = repo, load_all(repo), None
    baseline = None
    if since is not None:
        try:
            day = dt.date.fromisoformat(since)
        except ValueError:
            baseline = revisions.baseline_at_revision(repo, since)
        else:
            baseline = revisions.baseline_at_date(records, day)
    source = report.Source(repo_at.config, records, lang_now, today, label, baseline)
    text = report.render(name, report.build(name, source), repo.root / "templates", lang_now)
    if output is None:
        sys.stdout.write(text)
    else:
        from knelpunt.atomic import write_document

        write_document(output, text, force)
        print(message("written", lang_now, path=output), file=sys.stderr)
    return 0
