"""Printing for people: errors to stderr, in the reader's language."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from knelpunt.errors import KnelpuntError
from knelpunt.escape import terminal


def print_error(error: KnelpuntError, lang: str) -> None:
    """The error, then each of its problems on a line of its own. A problem in
    a file is shown as ``path:line:col: ...``; one without a file came from
    the command line, and is shown at its flag (``--reported-by``)."""
    from knelpunt.messages import message

    print(terminal(error.render(lang)), file=sys.stderr)
    for problem in error.problems:
        field = str(problem.loc[0]) if problem.loc else ""
        if problem.path or not field:
            print(f"  {terminal(problem.render(lang))}", file=sys.stderr)
            continue
        if problem.key == "field_missing":
            field = str(problem.params.get("field", field))
        # On the command line a field is a flag: --reported-by, not reported_by.
        flag = "--" + field.replace("_", "-")
        text = problem.text(lang)
        if problem.key == "field_missing":
            text = message("flag_missing", lang, flag=flag)
        print(f"  {flag}: {terminal(text)}", file=sys.stderr)


def hand_over(pieces: Iterable[str], output: Path | None, force: bool, lang: str) -> None:
    """A document a person asked for (a report, an export, a diff), as it
    comes, a piece at a time: to the screen, or to ``-o FILE``, written at
    once and never over a file without ``--force``, and said where."""
    if output is None:
        for piece in pieces:
            sys.stdout.write(piece)
        return
    from knelpunt.atomic import write_document
    from knelpunt.messages import message

    write_document(output, pieces, force)
    print(message("written", lang, path=output), file=sys.stderr)
