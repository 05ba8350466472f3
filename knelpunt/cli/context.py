"""What every command shares: the global options and the repository."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

if TYPE_CHECKING:
    from knelpunt.repo import Repository


@dataclass
class Options:
    repo: Path | None
    #: --lang as given; None when not given.
    lang: str | None
    #: The language chosen before a repository was read (--lang or KNELPUNT_LANG).
    default_lang: str
    #: --quiet: no progress display and no messages that all went well.
    quiet: bool = False

    def language(self, repository: Repository | None = None) -> str:
        """--lang, else KNELPUNT_LANG, else knelpunt.yaml, else Dutch."""
        if self.lang:
            return self.lang
        if os.environ.get("KNELPUNT_LANG"):
            return self.default_lang
        if repository is not None:
            return repository.config.language
        return self.default_lang

    def repository(self) -> Repository:
        from knelpunt.repo import open_repository

        return open_repository(self.repo, os.environ, Path.cwd())


def options(ctx: typer.Context) -> Options:
    obj = ctx.find_root().obj
    assert isinstance(obj, Options)
    return obj


#: The commands defined at module level, per module, in the order defined:
#: ``(name, help key, function)``. ``knelpunt.cli.app`` adds them to the app.
REGISTRY: dict[str, list[tuple[str, str, Callable[..., int]]]] = {}

F = TypeVar("F", bound=Callable[..., int])


def command(name: str, help: str) -> Callable[[F], F]:
    """Mark a module-level function as the command ``name``. ``help`` is a key
    of the catalog's help texts: the help page is written in the reader's
    language when it is shown (``knelpunt.cli.help``), so commands need not
    know the language when they are defined."""

    def mark(function: F) -> F:
        REGISTRY.setdefault(function.__module__, []).append((name, help, function))
        return function

    return mark
