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
    from knelpunt.cli.output import hand_over
    from knelpunt.errors import KnelpuntError
    from knelpunt.messages import message
    from knelpunt.models import FOLDERS, RECORD_TYPES
    from knelpunt.store import load_all
    from knelpunt.texts import in_order, with_long_text

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    kinds = [kind_from_word(kind)] if kind else list(RECORD_TYPES)
    if output_format is ExportFormat.csv and kind is None:
        raise KnelpuntError("export_csv_needs_kind")
    # Long texts only of the kinds exported: no history note is in an export.
    # The bottlenecks' are most of them (80 MB at 50,000): taken back a row at
    # a time as the rows are written. The other kinds' are short.
    records = load_all(repo, lean=True)
    short = [record_id for k in kinds if k != "bottleneck" for record_id in records.of(k)]
    with_long_text(repo, records, short, history=False)
    wholes = in_order(repo, records, export.places(records, "bottleneck"))

    def rows_of(kind: str) -> Iterable[dict[str, object]]:
        streamed = wholes if kind == "bottleneck" else None
        return export.iter_rows(records, kind, include_personal, streamed)

    # Made and written a few hundred rows at a time: never held whole.
    pieces: Iterable[str]
    if output_format is ExportFormat.csv:
        data = rows_of(kinds[0])
        header = export.columns(kinds[0], include_personal)
        if not keys:
            data, header = export.rows_for_people(
                data, header, kinds[0], records, repo.config, lang_now
            )
        pieces = export.csv_pieces(data, header, for_people=not keys)
    elif kind is None:
        pieces = export.json_pieces({FOLDERS[k]: rows_of(k) for k in kinds})
    else:
        pieces = export.json_pieces(rows_of(kinds[0]))
    hand_over(pieces, output, force, lang_now)
    if include_personal:
        print(message("personal_included", lang_now), file=sys.stderr)
    return 0
