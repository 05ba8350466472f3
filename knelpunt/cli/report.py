"""``knelpunt report``: Markdown or HTML reports from the templates, at any revision."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from knelpunt.cli.context import command, options

if TYPE_CHECKING:
    from knelpunt.problems import Problem
    from knelpunt.report.rendering import Spooled


class ReportFormat(StrEnum):
    md = "md"
    html = "html"


def report_words(incomplete: str) -> list[str]:
    """What a shell completes after ``knelpunt report``: the reports' names
    and their Dutch words, from the registry."""
    from knelpunt.report.registry import REPORTS

    words = [word for kind in REPORTS.values() for word in (kind.name, *kind.words)]
    return sorted({word for word in words if word.startswith(incomplete.lower())})


@command("report", help="report")
def report_command(
    ctx: typer.Context,
    report_name: Annotated[
        str,
        typer.Argument(help="report_name", autocompletion=report_words),
    ] = "progress",
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="REV", help="report_as_of")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="REV|DATE", help="report_since"),
    ] = None,
    output_format: Annotated[
        ReportFormat | None, typer.Option("--format", help="report_format")
    ] = None,
    for_actor: Annotated[str | None, typer.Option("--for", help="report_for")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="output")] = None,
    force: Annotated[bool, typer.Option("--force", help="force")] = False,
    date: Annotated[str | None, typer.Option("--date", help="as_of")] = None,
) -> int:
    from knelpunt.choices import parse_date
    from knelpunt.cli.output import hand_over, warn_unread
    from knelpunt.errors import KnelpuntError
    from knelpunt.memo import remembered
    from knelpunt.report.registry import REPORTS, report_named

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    # A report by its Dutch name too, as the help page gives it: "progress (voortgang)".
    kind = report_named(report_name)
    if kind is None:
        name = report_name.strip().lower()
        raise KnelpuntError("unknown_report", name=name, allowed=", ".join(REPORTS))
    name = kind.name
    if output_format is None:  # -o rapport.html asks for HTML by its name
        is_html = output is not None and output.suffix.lower() in (".html", ".htm")
        output_format = ReportFormat.html if is_html else ReportFormat.md
    if for_actor is not None and not kind.for_one_solver:
        raise KnelpuntError("report_for_agenda_only", name=name)
    today = parse_date(date)
    if since is not None:  # 01-11-2026 is a date, as everywhere a date is typed
        from knelpunt.choices import date_or_revision

        since = date_or_revision(since)
    if as_of is None and since is None:
        asked = (name, for_actor or "", lang_now, output_format.value, today.isoformat())
        kept, question = remembered(repo, *asked)
        text: str | Spooled  # not evaluated at run time (a local annotation)
        unread: list[Problem] = []  # a remembered report was made without any
        if kept is not None:  # nothing changed: no need to load Jinja2 or git
            text = kept
        else:
            from knelpunt.report.building import render_current

            text = render_current(repo, question, name, lang_now, today, for_actor, unread)
    else:
        from knelpunt.report.building import build, open_source
        from knelpunt.report.rendering import render_spooled

        source = open_source(repo, lang_now, today, as_of, since)
        unread = source.records.problems
        data = build(name, source, for_actor)
        templates = repo.root / "templates"
        text = render_spooled(
            name, data, templates, lang_now, output_format.value, scale=source.scale
        )
    # A long report comes spooled: handed on a piece at a time, never whole.
    pieces = [text] if isinstance(text, str) else text.pieces()
    try:
        hand_over(pieces, output, force, lang_now)
        warn_unread(unread, lang_now)
    finally:
        if not isinstance(text, str):
            text.close()
    return 0
