"""Printing for people: errors to stderr, in the reader's language."""

from __future__ import annotations

import sys

from knelpunt.errors import KnelpuntError


def print_error(error: KnelpuntError, lang: str) -> None:
    from knelpunt.repo import ConfigError

    print(error.render(lang), file=sys.stderr)
    if isinstance(error, ConfigError):
        for problem in error.problems:
            print(problem.render(lang), file=sys.stderr)
