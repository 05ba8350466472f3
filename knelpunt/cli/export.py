"""``knelpunt export``: records for a spreadsheet (CSV) or a program (JSON)."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from knelpunt.cli.context import command, options


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"


@command("export", help="export")
def export_command(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Argument(metavar="[KIND]", help="list_kind")] = None,
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="export_format")
    ] = ExportFormat.csv,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="output")] = None,
    force: Annotated[bool, typer.Option("--force", help="force")] = False,
    include_personal: Annotated[
        bool, typer.Option("--include-personal", help="include_personal")
    ] = False,
    keys: Annotated[bool, typer.Option("--keys", help="export_keys")] = False,
) -> int:
    import sys
    from collections.abc import Iterable

    from knelpunt import export
    from knelpunt.choices import kind_from_word
    from knelpunt.errors import KnelpuntError
    from knelpunt.messages import message
    from knelpunt.models import FOLDERS, RECORD_TYPES
    from knelpunt.store import load_all
    from knelpunt.texts import with_long_text

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    kinds = [kind_from_word(kind)] if kind else list(RECORD_TYPES)
    # Long texts only of the kinds exported: no history note is in an export.
    records = load_all(repo, lean=True)
    exported = [record_id for k in kinds for record_id in records.of(k)]
    with_long_text(repo, records, exported, history=False)
    # Made and written a few hundred rows at a time: never held whole.
    pieces: Iterable[str]
    if output_format is ExportFormat.csv:
        if kind is None:
            raise KnelpuntError("export_csv_needs_kind")
        data = export.iter_rows(records, kinds[0], include_personal)
        header = export.columns(kinds[0], include_personal)
        if not keys:
            data, header = export.rows_for_people(
                data, header, kinds[0], records, repo.config, lang_now
            )
        pieces = export.csv_pieces(data, header)
    elif kind is None:
        pieces = export.json_pieces(
            {FOLDERS[k]: export.iter_rows(records, k, include_personal) for k in kinds}
        )
    else:
        pieces = export.json_pieces(export.iter_rows(records, kinds[0], include_personal))
    if output is None:
        for piece in pieces:
            sys.stdout.write(piece)
    else:
        from knelpunt.atomic import write_document

        write_document(output, pieces, force)
        print(message("written", lang_now, path=output), file=sys.stderr)
    if include_personal:
        print(message("personal_included", lang_now), file=sys.stderr)
    return 0
