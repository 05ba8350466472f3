"""Knowledge that travels (issue 32, point 1): workarounds taken over elsewhere.

A workaround (``Solution``, olifantenpad) is found by one initiative and
shared; another initiative that takes it over says when, and how it turned
out there: ``works``, ``partly`` or ``not-here``, with a note. Each is an
item of the workaround's ``adoptions`` list, added by ``knelpunt adopt``
(``adopt``), which edits the solution's file round-trip: only the new lines
are added, so a pull request shows the adoption and nothing else.

``catalogue`` gathers, once, what the site's catalogue of workarounds and the
reports show of each: the bottlenecks it eases, where it was found and where
it was taken over. What one problem-solver put in place, offered to the
others with the same bottleneck, is derived in ``facts`` (``Offer``), next
to what an initiative is told.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from knelpunt import store
from knelpunt.actions import find_initiative, locked, read_record
from knelpunt.errors import KnelpuntError
from knelpunt.models import Adoption, Solution
from knelpunt.repo import Repository
from knelpunt.store import RecordSet
from knelpunt.yamlio import to_yaml_value

#: The results of an adoption, from good to bad.
RESULTS: tuple[str, ...] = ("works", "partly", "not-here")


@locked
def adopt(
    repo: Repository,
    solution_id: str,
    initiative_id: str,
    result: str,
    date: dt.date,
    note: str | None = None,
) -> Adoption:
    """Record that ``initiative_id`` took workaround ``solution_id`` over on
    ``date`` with ``result``: an item appended to its ``adoptions``. The
    workaround and the initiative must exist; nothing is written otherwise."""
    solution_id = solution_id.strip().lower()
    if result not in RESULTS:
        raise KnelpuntError("adopt_bad_result", result=result, allowed=", ".join(RESULTS))
    found = read_record(repo, "solution", solution_id)
    assert isinstance(found, Solution)
    # An id, or the name people say ("Samen Andijk"), or a part only one has.
    initiative = find_initiative(repo, initiative_id)
    adoption = Adoption(initiative=initiative, date=date, result=result, note=note or None)
    item = adoption.model_dump(exclude_none=True)

    def change(document: Any) -> None:
        if document.get("adoptions"):
            document["adoptions"].append(to_yaml_value(item))
        else:
            document["adoptions"] = to_yaml_value([item])

    store.edit(repo, "solution", solution_id, change)
    return adoption


@dataclass(frozen=True, slots=True)
class Entry:
    """One workaround in the catalogue."""

    solution: Solution
    #: The bottlenecks it eases (ids, in the order of the records).
    bottlenecks: tuple[str, ...]
    #: Its adoptions, by date.
    adoptions: tuple[Adoption, ...]


def catalogue(records: RecordSet) -> list[Entry]:
    """Every workaround with the bottlenecks it eases and its adoptions, by title."""
    eases: dict[str, list[str]] = {}
    for bottleneck in records.bottlenecks.values():
        for solution_id in bottleneck.solutions:
            eases.setdefault(solution_id, []).append(bottleneck.id)
    entries = []
    for solution in records.of("solution").values():
        assert isinstance(solution, Solution)
        entries.append(
            Entry(
                solution,
                tuple(dict.fromkeys(eases.get(solution.id, []))),
                tuple(sorted(solution.adoptions, key=lambda a: (a.date, a.initiative))),
            )
        )
    return sorted(entries, key=lambda e: e.solution.title.lower())
