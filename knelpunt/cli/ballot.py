"""``knelpunt ballot``: the forms of a ranking round, made and read back."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from knelpunt.cli.context import command, options


class FormFormat(StrEnum):
    xlsx = "xlsx"
    html = "html"


@command("ballot", help="ballot")
def ballot_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None, typer.Argument(metavar="[FILE]...", help="ballot_files")
    ] = None,
    read_in: Annotated[bool, typer.Option("--import", help="ballot_import")] = False,
    round_name: Annotated[str | None, typer.Option("--round", help="ballot_round")] = None,
    initiative_ids: Annotated[
        list[str] | None, typer.Option("--initiative", help="ballot_initiative")
    ] = None,
    each: Annotated[bool, typer.Option("--each", help="ballot_each")] = False,
    form_format: Annotated[
        FormFormat, typer.Option("--format", help="ballot_format")
    ] = FormFormat.xlsx,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="ballot_output")] = None,
    force: Annotated[bool, typer.Option("--force", help="force")] = False,
    date: Annotated[str | None, typer.Option("--date", help="ballot_date")] = None,
) -> int:
    import sys

    from knelpunt import ballot
    from knelpunt.choices import parse_date
    from knelpunt.cli._click import UsageError
    from knelpunt.escape import terminal
    from knelpunt.messages import message

    opts = options(ctx)
    repo = opts.repository()
    lang = opts.language(repo)
    today = parse_date(date)
    if read_in:
        if not files:
            raise UsageError(message("ballot_import_needs_files", lang), ctx=ctx)
        if initiative_ids or each or output is not None:
            raise UsageError(message("ballot_import_alone", lang), ctx=ctx)
        imported = ballot.import_forms(repo, files, round_name, today)
        for shown, where in imported.already:
            print(terminal(message("ballot_already", lang, file=shown, path=where)))
        for path in imported.written:
            print(terminal(repo.relative(path)))
        for notice in imported.notices:
            print(terminal(notice.render(lang)))
        done = "ballot_imported" if imported.written else "ballot_imported_none"
        print(
            message(done, lang, count=len(imported.written), round=imported.round),
            file=sys.stderr,
        )
        return 0
    if files:
        raise UsageError(message("ballot_files_need_import", lang), ctx=ctx)
    forms = ballot.make_forms(repo, round_name, today, lang, initiative_ids or (), each)
    suffix = form_format.value
    if output is None:
        name = forms[0].round.name
        output = Path(f"{name}.{suffix}" if len(forms) == 1 or suffix == "html" else name)
    written = ballot.write_forms(forms, suffix, output, lang, force)
    for path in written:
        print(terminal(path.as_posix()))
    print(
        message(
            "ballot_made",
            lang,
            count=len(forms),
            round=forms[0].round.name,
            items=len(forms[0].items),
        ),
        file=sys.stderr,
    )
    return 0
