"""Tables for people, with Rich, imported only by the commands that print one."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from knelpunt.escape import is_unsafe, terminal

#: Rich draws a small table beautifully but takes seconds for thousands of rows.
RICH_ROWS = 200


def print_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None
) -> None:
    if len(rows) > RICH_ROWS:
        print_plain(headers, rows, title)
        return
    from rich.console import Console
    from rich.table import Column, Table
    from rich.text import Text

    # In a pipe or a test there is no terminal width: wide enough for ids and titles.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    # Every cell is Text, never markup: "[/bold]" or "[link=...]" in a title is
    # shown as typed, and escape sequences are written out (see escape.terminal).
    table = Table(
        *(Column(header=Text(terminal(h))) for h in headers),
        title=Text(terminal(title)) if title else None,
        title_justify="left",
        show_lines=False,
    )
    for row in rows:
        table.add_row(*(Text(terminal(cell)) for cell in row))
    console.print(table)


def print_plain(
    headers: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None
) -> None:
    """Columns padded with spaces, one line per row: fast for long lists."""
    cells = [[" ".join(str(c).split()) for c in row] for row in [headers, *rows]]
    if is_unsafe("".join("".join(row) for row in cells)):  # one search, not 70,000
        cells = [[terminal(c) for c in row] for row in cells]
    widths = [min(60, max(len(row[i]) for row in cells)) for i in range(len(headers))]
    out = [terminal(title)] if title else []
    for number, row in enumerate(cells):
        out.append(
            "  ".join(
                (c if len(c) <= w else c[: w - 1] + "…").ljust(w)
                for c, w in zip(row, widths, strict=True)
            ).rstrip()
        )
        if number == 0:
            out.append("  ".join("-" * w for w in widths))
    sys.stdout.write("\n".join(out) + "\n")
