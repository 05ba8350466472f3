"""The reports there are: one entry each, the one list the command line, the
memo, the site and the tests take them from.

Light on purpose: the command line reads it to know a report's name before it
knows whether the memo holds the text, and a remembered report must not load
Jinja2 or git. The builder is named, and imported when a report is made."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: What a report shows of a bottleneck beyond its short fields: the texts a
#: lean set leaves out (``texts``), which it must ask for again.
DESCRIPTION = "description"
HISTORY_NOTES = "history notes"
PROPOSAL = "proposal"


@dataclass(frozen=True)
class ReportKind:
    """One report: its name, the Dutch words that ask for it too, where its
    builder is, and the long texts it shows (see ``texts``)."""

    name: str
    words: tuple[str, ...]
    builder: str
    shows: frozenset[str]
    #: Builders that take a problem-solver (``report agenda --for``).
    for_one_solver: bool = False

    @property
    def templates(self) -> tuple[str, ...]:
        """The templates it renders with, one per format (each may include
        partials, ``_*.j2``)."""
        return (f"{self.name}.md.j2", f"{self.name}.html.j2")

    def build(self) -> Callable[..., dict[str, Any]]:
        """The function that gathers its data (``builder``: module:function)."""
        module, function = self.builder.split(":")
        found: Callable[..., dict[str, Any]] = getattr(importlib.import_module(module), function)
        return found


REPORTS: dict[str, ReportKind] = {
    kind.name: kind
    for kind in (
        ReportKind(
            "progress",
            ("voortgang", "voortgangsrapport"),
            "knelpunt.report.progress:progress",
            frozenset({HISTORY_NOTES}),
        ),
        ReportKind(
            "agenda",
            ("agenda",),
            "knelpunt.report.agenda:agenda",
            frozenset({DESCRIPTION, HISTORY_NOTES}),
            for_one_solver=True,
        ),
        ReportKind(
            "initiatives",
            ("initiatieven", "terugkoppeling"),
            "knelpunt.report.initiatives:initiatives",
            frozenset({HISTORY_NOTES}),
        ),
        ReportKind(
            "final",
            ("eind", "eindrapport", "rapportage", "oktoberrapport"),
            "knelpunt.report.final:final",
            frozenset({DESCRIPTION, HISTORY_NOTES, PROPOSAL}),
        ),
    )
}


def report_named(word: str) -> ReportKind | None:
    """The report ``word`` names: its name, or a Dutch word for it."""
    word = word.strip().lower()
    if word in REPORTS:
        return REPORTS[word]
    return next((kind for kind in REPORTS.values() if word in kind.words), None)
