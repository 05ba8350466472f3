"""Printing for people: errors to stderr, in the reader's language."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from knelpunt.errors import KnelpuntError
from knelpunt.escape import terminal

if TYPE_CHECKING:
    from knelpunt.problems import Problem


def print_error(error: KnelpuntError, lang: str) -> None:
    """The error, then each of its problems on a line of its own. A problem in
    a file is shown as ``path:line:col: ...``; one without a file came from
    the command line, and is shown at its flag (``--reported-by``)."""
    from knelpunt.messages import FIELD_LABELS, label, message

    print(terminal(error.render(lang)), file=sys.stderr)
    for problem in error.problems:
        field = str(problem.loc[0]) if problem.loc else ""
        if problem.path:
            print(f"  {terminal(problem.render(lang))}", file=sys.stderr)
            continue
        if not field:
            # About the record as a whole (a learning circle without a host):
            # no file and no flag to point at, only what to do.
            print(f"  {terminal(problem.text(lang))}", file=sys.stderr)
            continue
        nested = len(problem.loc) > 1
        if problem.key == "field_missing" and not nested:
            field = str(problem.params.get("field", field))
        # On the command line a field is a flag: --reported-by, not reported_by;
        # a list typed one item a flag is named as its flag (--source).
        flag = FLAG_OF_FIELD.get(field, "--" + field.replace("_", "-"))
        text = problem.text(lang)
        if nested:
            # A part of one item: "--source (title): ...", not "--title".
            part = next((str(x) for x in reversed(problem.loc) if isinstance(x, str)), "")
            if part and part != field:
                flag = f"{flag} ({label(FIELD_LABELS, part, lang).lower()})"
            if problem.key == "field_missing":
                text = message("flag_part_missing", lang)
        elif problem.key == "field_missing":
            text = message("flag_missing", lang, flag=flag)
        print(f"  {flag}: {terminal(text)}", file=sys.stderr)


#: Fields whose flag is not their name: a list given one item a flag.
FLAG_OF_FIELD = {"sources": "--source", "costs": "--cost"}


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


def warn_unread(problems: Sequence[Problem], lang: str) -> None:
    """Say that files which could not be read are left out of what was just
    made (a report, the site): without it, a bottleneck with one wrong value
    vanished from the October report's totals without a word."""
    from knelpunt.messages import message

    errors = [p for p in problems if p.severity == "error"]
    if not errors:
        return
    first = errors[0]
    files = len({p.path for p in errors})
    where = f"{first.path}:{first.line}:{first.column}: {first.text(lang).rstrip('.')}"
    text = message("left_out_unread", lang, count=files, first=where)
    print(terminal(text), file=sys.stderr)
