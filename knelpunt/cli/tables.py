"""Tables for people, with Rich, imported only by the commands that print one."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def print_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None
) -> None:
    from rich.console import Console
    from rich.table import Table

    # In a pipe or a test there is no terminal width: wide enough for ids and titles.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    table = Table(*headers, title=title, title_justify="left", show_lines=False)
    for row in rows:
        table.add_row(*row)
    console.print(table)
