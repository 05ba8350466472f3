"""Printing for people: errors to stderr, in the reader's language."""

from __future__ import annotations

import sys

from knelpunt.errors import KnelpuntError
from knelpunt.escape import terminal


def print_error(error: KnelpuntError, lang: str) -> None:
    from knelpunt.actions import InvalidInput
    from knelpunt.messages import message
    from knelpunt.repo import ConfigError

    print(terminal(error.render(lang)), file=sys.stderr)
    if isinstance(error, ConfigError):
        for problem in error.problems:
            print(terminal(problem.render(lang)), file=sys.stderr)
    if isinstance(error, InvalidInput):
        for problem in error.problems:
            # On the command line a field is a flag: --reported-by, not reported_by.
            field = str(problem.loc[0]) if problem.loc else ""
            if problem.key == "field_missing":
                field = str(problem.params.get("field", field))
            if not field:  # a file that could not be read, not a flag
                print(f"  {terminal(problem.render(lang))}", file=sys.stderr)
                continue
            flag = "--" + field.replace("_", "-")
            text = problem.text(lang)
            if problem.key == "field_missing":
                text = message("flag_missing", lang, flag=flag)
            print(f"  {flag}: {terminal(text)}", file=sys.stderr)
