"""What those who raised a bottleneck say of its solution (issue 31, point 2).

An initiative that raised a bottleneck says whether the solution works for it:
``works``, ``partly`` or ``not-solved``, with a note in its own words, about
the bottleneck or about one problem-solver's solution (``solver``). A verdict
is a history entry like every other step (``Update.verdict``), written once:
a later verdict of the same initiative on the same solution replaces the
earlier one when read, so an initiative can change its mind and both stay in
the history.

A "not solved" on what the records call solved (the bottleneck resolved or
solved locally, or the named solver's addressing resolved) is *disputed*: the
coordination group's worklist (``knelpunt todo``) reads them from
``disputed``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from knelpunt.facts import SOLVED
from knelpunt.models import Update
from knelpunt.store import RecordSet
from knelpunt.workflow import State

#: The verdicts, from good to bad.
VERDICTS: tuple[str, ...] = ("works", "partly", "not-solved")


@dataclass(frozen=True, slots=True)
class Verdict:
    """One initiative's latest word on one bottleneck's solution."""

    bottleneck: str
    initiative: str
    #: works, partly or not-solved.
    verdict: str
    #: The problem-solver whose solution it judges; None: the bottleneck's.
    solver: str | None
    #: Its history entry: its note is read when shown (a lean set gives back
    #: the notes of what it shows only).
    update: Update
    date: dt.date
    #: Who recorded it (an explorer, or a coordinator from a reply).
    by: str
    #: The id of its history entry.
    entry: str

    @property
    def note(self) -> str | None:
        return self.update.note


def verdict_of(bottleneck_id: str, update: Update) -> Verdict | None:
    """The verdict a history entry holds, if it holds one."""
    if update.verdict is None or update.initiative is None:
        return None
    return Verdict(
        bottleneck_id,
        update.initiative,
        update.verdict,
        update.solver,
        update,
        update.date,
        update.by,
        update.id,
    )


def verdicts_in(bottleneck_id: str, history: Iterable[Update]) -> list[Verdict]:
    """The verdicts that count now (the latest of each initiative on each
    solution), in time order. ``history`` is in time order (``State.history``)."""
    latest: dict[tuple[str, str | None], Verdict] = {}
    for update in history:
        found = verdict_of(bottleneck_id, update)
        if found is not None:
            latest.pop((found.initiative, found.solver), None)
            latest[found.initiative, found.solver] = found
    return list(latest.values())


@dataclass(frozen=True, slots=True)
class Disputed:
    """A "not solved" on a solution the records call solved."""

    verdict: Verdict
    #: The status the records give what it disputes: resolved, or solved-locally.
    status: str
    #: Since when the records call it solved.
    solved_on: dt.date | None


def dispute_of(verdict: Verdict, state: State) -> Disputed | None:
    """What ``verdict`` disputes in ``state``, if it disputes anything: a
    "not solved" on what the records call solved."""
    if verdict.verdict != "not-solved":
        return None
    if verdict.solver is not None:
        addressing = state.addressing(verdict.solver)
        if addressing is not None and addressing.status == "resolved":
            return Disputed(verdict, "resolved", addressing.since)
    elif state.status in SOLVED:
        return Disputed(verdict, state.status, state.since)
    return None


def disputed_in(bottleneck_id: str, state: State) -> list[Disputed]:
    """The disputed verdicts of one bottleneck in ``state``."""
    found = (dispute_of(v, state) for v in verdicts_in(bottleneck_id, state.history))
    return [d for d in found if d is not None]


def disputed(records: RecordSet) -> list[Disputed]:
    """Every disputed solution of the repository, oldest verdict first: for
    the worklist ("disputed solutions")."""
    found = [
        d
        for bottleneck_id in records.bottlenecks
        for d in disputed_in(bottleneck_id, records.state(bottleneck_id))
    ]
    return sorted(found, key=lambda d: (d.verdict.date, d.verdict.entry))


def verdicts(records: RecordSet) -> dict[str, list[Verdict]]:
    """Per bottleneck with any, the verdicts that count now."""
    result = {}
    for bottleneck_id in records.bottlenecks:
        found = verdicts_in(bottleneck_id, records.state(bottleneck_id).history)
        if found:
            result[bottleneck_id] = found
    return result


@dataclass(frozen=True, slots=True)
class Judged:
    """A verdict that counts now, as the site and the reports show it."""

    verdict: Verdict
    #: A "not solved" on what the records call solved (``dispute_of``).
    disputed: bool


def judged(states: Iterable[tuple[str, State]]) -> dict[str, list[Judged]]:
    """Per bottleneck of ``states`` (id and state) with any, the verdicts that
    count now: the latest of each initiative on each solution, in time order,
    each marked disputed or not. The one derivation the site and the reports
    show, so no template works out which verdict counts. The notes are those
    ``state``'s history holds: of a lean set, give them back first."""
    result = {}
    for bottleneck_id, state in states:
        found = verdicts_in(bottleneck_id, state.history)
        if found:
            result[bottleneck_id] = [Judged(v, dispute_of(v, state) is not None) for v in found]
    return result
