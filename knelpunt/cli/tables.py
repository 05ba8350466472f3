"""Tables for people, with Rich, imported only by the commands that print one."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from knelpunt.escape import is_unsafe, terminal

if TYPE_CHECKING:
    from knelpunt.memo import Question
    from knelpunt.repo import Repository

#: Rich draws a small table beautifully but takes seconds for thousands of rows.
RICH_ROWS = 200


#: What Rich reads from the environment to decide colours and width.
RICH_ENVIRONMENT = ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS")


def output_shape() -> str:
    """What a printed table depends on besides its rows: a terminal or not, and
    the settings Rich reads. Part of the key a table is remembered under."""
    where = "terminal" if sys.stdout.isatty() else "pipe"
    return "|".join([where, *(f"{name}={os.environ.get(name, '')}" for name in RICH_ENVIRONMENT)])


def print_remembered(
    repo: Repository, asked: tuple[str, ...], make: Callable[[Question], tuple[str | None, bool]]
) -> None:
    """Print the text kept for ``asked`` when nothing it was made of changed;
    else ``make`` prints it and returns the text printed (None: not the same
    next time) and whether its records were clean, and it is kept if so."""
    from knelpunt.memo import keep, remembered

    text, question = remembered(repo, *asked, output_shape())
    if text is not None:
        sys.stdout.write(text)
        return
    printed, clean = make(question)
    if printed is not None and clean:
        keep(repo, question, printed)


def print_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None
) -> str | None:
    """Print the table; return the text printed when it is the same on the next
    run with the same ``output_shape`` (None: drawn for this terminal's width)."""
    if len(rows) > RICH_ROWS:
        return print_plain(headers, rows, title)
    import io

    from rich.console import Console
    from rich.table import Column, Table
    from rich.text import Text

    on_terminal = sys.stdout.isatty()
    # In a pipe or a test there is no terminal width: wide enough for ids and titles.
    # There the text is drawn into a buffer first, to be remembered.
    buffer = None if on_terminal else io.StringIO()
    console = Console(highlight=False, width=None if on_terminal else 160, file=buffer)
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
    if buffer is None:
        return None
    text = buffer.getvalue()
    sys.stdout.write(text)
    return text


def print_plain(
    headers: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None
) -> str:
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
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    return text
