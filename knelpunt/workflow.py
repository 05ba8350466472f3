"""The workflow of a bottleneck, and its state derived from its history.

    reported ──> solved-locally                      (terminal)
       │  └────> merged (into another bottleneck)    (terminal)
       v
    on-agenda ─> routed ─> in-progress ─> resolved   (terminal)
                   │  ^         │
                   v  │         │
                 declined <─────┘   (a declined bottleneck can be re-routed)

A merged bottleneck is merged again (re-pointed) when the one it was merged
into is itself merged into a third, so no merge points at a merged bottleneck.

A bottleneck's status is never stored in its own file: it is the status of its
latest history entry (``Update``), ordered by date and then by id, which begins
with the time the entry was made. Two coordinators who move the same bottleneck
on two branches each add a file; git merges them without a conflict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # at run time only the values are used: --help stays light
    from knelpunt.models import Status, Update

INITIAL_STATUS: Status = "reported"
TERMINAL: frozenset[str] = frozenset({"solved-locally", "merged", "resolved"})
OPEN: frozenset[str] = frozenset({"reported", "on-agenda", "routed", "in-progress", "declined"})

TRANSITIONS: dict[str, tuple[Status, ...]] = {
    "reported": ("on-agenda", "solved-locally", "merged", "routed"),
    "on-agenda": ("routed", "solved-locally", "merged"),
    "routed": ("in-progress", "declined", "resolved", "routed", "merged"),
    "in-progress": ("resolved", "declined", "routed", "merged"),
    "declined": ("routed", "on-agenda", "merged"),
    "solved-locally": (),
    # Re-pointing: when the bottleneck it was merged into is merged in turn.
    "merged": ("merged",),
    "resolved": (),
}


def allowed_moves(status: str) -> tuple[Status, ...]:
    return TRANSITIONS.get(status, ())


def is_allowed(current: str, new: str) -> bool:
    return new in allowed_moves(current)


def ordered(updates: Iterable[Update]) -> list[Update]:
    """History in time order: by date, then by id (which starts with the time)."""
    return sorted(updates, key=lambda u: (u.date, u.id))


@dataclass(frozen=True)
class State:
    """What a bottleneck's history says about it now."""

    status: Status = INITIAL_STATUS
    level: str | None = None
    addressees: tuple[str, ...] = ()
    rule: str | None = None
    merged_into: str | None = None
    since: dt.date | None = None
    history: tuple[Update, ...] = field(default=())

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


@dataclass(frozen=True)
class BadMove:
    """A history entry whose status change the workflow does not allow."""

    update: Update
    previous: str


def derive(updates: Sequence[Update]) -> tuple[State, list[BadMove]]:
    """Fold a bottleneck's history into its current state.

    Moves the workflow does not allow are returned, not raised: history is
    append-only, so ``check`` reports them and the state still follows the
    entries as they were written.
    """
    status: Status = INITIAL_STATUS
    level: str | None = None
    addressees: tuple[str, ...] = ()
    rule: str | None = None
    merged_into: str | None = None
    since: dt.date | None = None
    bad: list[BadMove] = []
    history = ordered(updates)
    for update in history:
        if update.status is None:
            continue
        if not is_allowed(status, update.status):
            bad.append(BadMove(update, status))
        status = update.status
        since = update.date
        if update.status == "routed":
            level, addressees, rule = update.level, tuple(update.addressees), update.rule
        merged_into = update.merged_into if update.status == "merged" else None
    state = State(status, level, addressees, rule, merged_into, since, tuple(history))
    return state, bad
