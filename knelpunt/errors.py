"""The exceptions knelpunt's library raises.

Every error a person can cause carries a message key and its parameters, not a
finished sentence: the command line renders it in the reader's language.

    KnelpuntError            something the user can fix; exit code 1
    ├── RecordError          one record is invalid, missing or would be overwritten
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


class WorkflowError(KnelpuntError):
    """A status change that the bottleneck workflow does not allow."""


class RepositoryNotFound(KnelpuntError):
    """Raised outside a knelpunt repository: a usage error, so exit 2."""

    exit_code = 2
