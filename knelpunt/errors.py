"""The exceptions knelpunt's library raises.

Every error a person can cause carries a message key and its parameters, not a
finished sentence: the command line renders it in the reader's language.

    KnelpuntError            something the user can fix; exit code 1
    ├── RecordError          one record is invalid, missing or would be overwritten
    │   ├── FileUnreadable   a record file to change cannot be read; where and why
    │   └── InvalidInput     values that do not make a valid record (problems)
    ├── WorkflowError        a status change the workflow does not allow
    ├── ConfigError          knelpunt.yaml itself is invalid (problems)
    ├── ConflictError        a conflicted file that cannot be split or resolved as asked
    │   └── ResolutionInvalid  the chosen sides do not make a valid record (problems)
    ├── RepositoryBusy       another knelpunt process held the write lock too long
    ├── FileRefused          a link, device or too large file that knelpunt will not touch
    ├── TemplateLimit        a report template that ran too long, wrote or computed too much
    └── RepositoryNotFound   no knelpunt repository here; exit code 2 (usage)

An error that has several problems carries them as ``problems``, a list of
``knelpunt.problems.Problem``; the command line prints every one, whatever
the error, so no caller needs to know which kinds have them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from knelpunt.messages import CHOICE_LABELS, label, message

if TYPE_CHECKING:
    from knelpunt.problems import Problem


class KnelpuntError(Exception):
    """An error a user can act on. Rendered through the message table."""

    exit_code = 1
    #: The problems behind the error, each printed on a line of its own.
    problems: list[Problem]

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
        self.problems = []

    def render(self, lang: str) -> str:

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


class InvalidInput(RecordError):
    """Values for a new record that do not make a valid record."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("invalid_input", count=len(problems))
        self.problems = problems


class WorkflowError(KnelpuntError):
    """A status change that the bottleneck workflow does not allow. The
    statuses it names are given as keys and shown in the reader's words."""

    #: Parameters that hold a status, or statuses joined by ", ".
    STATUSES = ("current", "status", "allowed")

    def render(self, lang: str) -> str:
        params = dict(self.params)
        for name in self.STATUSES:
            value = params.get(name)
            if isinstance(value, str) and value != "-":
                params[name] = ", ".join(
                    label(CHOICE_LABELS, part.strip(), lang) for part in value.split(",")
                )
        return message(self.key, lang, **params)


class ConfigError(KnelpuntError):
    """knelpunt.yaml itself is invalid; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("config_invalid")
        self.problems = problems


class ConflictError(KnelpuntError):
    """A conflicted file that cannot be split or resolved as asked."""


class ResolutionInvalid(ConflictError):
    """The chosen fields do not make a valid record; ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("conflict_result_invalid", count=len(problems))
        self.problems = problems


class RepositoryBusy(KnelpuntError):
    """Another knelpunt process kept the repository locked for too long."""


class FileRefused(KnelpuntError):
    """A file knelpunt will not read or write, with a message key saying why."""

    def __init__(self, key: str, path: str, **params: Any) -> None:
        super().__init__(key, path=path, **params)
        self.path = path


class TemplateLimit(KnelpuntError):
    """A template that ran too long, wrote too much or computed too big."""


class RepositoryNotFound(KnelpuntError):
    """Raised outside a knelpunt repository: a usage error, so exit 2."""

    exit_code = 2
