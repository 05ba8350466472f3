"""The exceptions knelpunt's library raises.

Every error a person can cause carries a message key and its parameters, not a
finished sentence: the command line renders it in the reader's language.

    KnelpuntError            something the user can fix; exit code 1
    ├── RecordError          one record is invalid, missing or would be overwritten
    │   └── FileUnreadable   a record file to change cannot be read; where and why
    └── WorkflowError        a status change the workflow does not allow
    RepositoryNotFound       no knelpunt repository here; exit code 2 (usage)
"""

from __future__ import annotations

from typing import Any


class KnelpuntError(Exception):
    """An error a user can act on. Rendered through the message table."""

    exit_code = 1

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def render(self, lang: str) -> str:
        from knelpunt.messages import message

        return message(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.render("en")


class RecordError(KnelpuntError):
    """A record that cannot be read, written or found."""


class FileUnreadable(RecordError):
    """A record file that had to be read to change it, and could not be.

    Carries the reading problem's own message key, so the reader gets the
    same explanation ``knelpunt check`` would give, prefixed with the place.
    """

    def __init__(self, path: str, key: str, params: dict[str, Any], line: int, column: int) -> None:
        super().__init__(key, **params)
        self.path, self.line, self.column = path, line, column

    def render(self, lang: str) -> str:
        return f"{self.path}:{self.line}:{self.column}: {super().render(lang)}"


class WorkflowError(KnelpuntError):
    """A status change that the bottleneck workflow does not allow."""


class RepositoryNotFound(KnelpuntError):
    """Raised outside a knelpunt repository: a usage error, so exit 2."""

    exit_code = 2
