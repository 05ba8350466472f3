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

A bottleneck's status is never stored in its own file: it follows from its
history entries (``Update``), ordered by date and then by id, which begins
with the time the entry was made. Two coordinators who move the same bottleneck
on two branches each add a file; git merges them without a conflict.

**One addressing per problem-solver.** The documents address a bottleneck
"deels langs vertegenwoordiging, bijv. de VNG namens alle gemeenten, maar zal
deels ook op het lokale niveau van de afzonderlijke gemeenten". Each routed
entry adds an addressing per problem-solver it names (its level, its rule, and
for a local one the initiatives it concerns), or renews that solver's
addressing. An entry with ``actor`` moves that one addressing (in progress,
declined, resolved); one without moves every addressing the move is allowed
for, as before there were addressings. The bottleneck's own status is derived:

* resolved when every addressing is closed and at least one resolved;
* declined when every addressing declined;
* otherwise in progress if one is, else routed.

Back on the agenda, merged or solved locally apply to the bottleneck as a whole.

**A clock on every addressing.** An addressed problem-solver is expected to
answer by a day: the ``answer_by`` of the entry that routed it (``route
--answer-by``, or the default of its level written when routing), else, for
an entry written before clocks, its date plus the days of its level
(``follow_up.answer_within_days`` in knelpunt.yaml). Re-routing renews it; an
addressing is overdue after that day while the solver has not answered (it is
still routed: in progress, declined and resolved are answers).
Nothing of it is stored on the bottleneck: it follows from the entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # at run time only the values are used: --help stays light
    from knelpunt.models import Status, Update

INITIAL_STATUS: Status = "reported"
TERMINAL: frozenset[str] = frozenset({"solved-locally", "merged", "resolved"})
OPEN: frozenset[str] = frozenset({"reported", "on-agenda", "routed", "in-progress", "declined"})
#: The statuses an addressing of one problem-solver moves through.
PER_ADDRESSING: frozenset[str] = frozenset({"in-progress", "declined", "resolved"})
#: The statuses of a bottleneck whose addressings are being followed.
ADDRESSED: frozenset[str] = frozenset({"routed", *PER_ADDRESSING})

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


#: Days a problem-solver has to answer, per level of the default levels, and
#: at any other level: the defaults of ``follow_up`` in knelpunt.yaml.
ANSWER_WITHIN: dict[str, int] = {"local": 42, "regional": 56, "national": 91}
ANSWER_WITHIN_OTHER = 56


def answer_by(update: Update, answer_within: Mapping[str, int] | None = None) -> dt.date:
    """The day by which the problem-solvers a routed entry addresses are
    expected to answer: the entry's own date, else its date plus the days of
    its level."""
    if update.answer_by is not None:
        return update.answer_by
    days = (ANSWER_WITHIN if answer_within is None else answer_within).get(
        update.level or "", ANSWER_WITHIN_OTHER
    )
    return update.date + dt.timedelta(days=days)


def allowed_moves(status: str) -> tuple[Status, ...]:
    return TRANSITIONS.get(status, ())


def is_allowed(current: str, new: str) -> bool:
    return new in allowed_moves(current)


def ordered(updates: Iterable[Update]) -> list[Update]:
    """History in time order: by date, then by id (which starts with the time)."""
    return sorted(updates, key=lambda u: (u.date, u.id))


@dataclass(frozen=True, slots=True)
class Addressing:
    """A bottleneck addressed to one problem-solver, followed on its own."""

    actor: str
    level: str | None
    status: Status
    since: dt.date
    rule: str | None = None
    #: For a local addressing: the initiatives it concerns (empty: all).
    concerns: tuple[str, ...] = ()
    #: The history entry that last moved this addressing: its latest step,
    #: with the note every output tells of it.
    step: Update | None = None
    #: The day by which the problem-solver is expected to answer (the clock
    #: of the entry that routed it last).
    answer_by: dt.date | None = None

    @property
    def is_open(self) -> bool:
        return self.status in ("routed", "in-progress")

    def overdue(self, on: dt.date) -> bool:
        """Whether, on day ``on``, the problem-solver is past its answer-by day
        without an answer: the addressing is still only routed (taking it in
        hand, declining or resolving it is an answer). What the worklist and
        the reports mark."""
        return self.status == "routed" and self.answer_by is not None and on > self.answer_by

    def days_overdue(self, on: dt.date) -> int:
        """How many days past its answer-by day it is on ``on`` (0: not overdue)."""
        return (on - self.answer_by).days if self.answer_by and self.overdue(on) else 0


@dataclass(frozen=True, slots=True)
class State:
    """What a bottleneck's history says about it now."""

    status: Status = INITIAL_STATUS
    level: str | None = None
    addressees: tuple[str, ...] = ()
    rule: str | None = None
    merged_into: str | None = None
    since: dt.date | None = None
    history: tuple[Update, ...] = field(default=())
    addressings: tuple[Addressing, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def addressing(self, actor: str) -> Addressing | None:
        return next((a for a in self.addressings if a.actor == actor), None)


def overall(addressings: Iterable[Addressing]) -> Status | None:
    """The bottleneck's status from its addressings (None without any)."""
    statuses = {a.status for a in addressings}
    if not statuses:
        return None
    if statuses <= {"resolved", "declined"}:
        return "resolved" if "resolved" in statuses else "declined"
    return "in-progress" if "in-progress" in statuses else "routed"


@dataclass(frozen=True, slots=True)
class BadMove:
    """A history entry whose status change the workflow does not allow."""

    update: Update
    previous: str


def derive(
    updates: Sequence[Update], answer_within: Mapping[str, int] | None = None
) -> tuple[State, list[BadMove]]:
    """Fold a bottleneck's history into its current state.

    Moves the workflow does not allow are returned, not raised: history is
    append-only, so ``check`` reports them and the state still follows the
    entries as they were written. ``answer_within``: the days a solver has to
    answer per level (``follow_up.answer_within_days``), for entries that
    routed without an answer-by day of their own.
    """
    status: Status = INITIAL_STATUS
    addressings: dict[str, Addressing] = {}
    rule: str | None = None
    merged_into: str | None = None
    since: dt.date | None = None
    bad: list[BadMove] = []
    history = ordered(updates)
    for update in history:
        new = update.status
        if new is None:
            if update.actor in addressings:  # a note for one problem-solver: its last step
                addressings[update.actor] = replace(addressings[update.actor], step=update)
            continue
        if new == "routed":
            if not is_allowed(status, new):
                bad.append(BadMove(update, status))
            for actor in update.addressees:
                addressings[actor] = Addressing(
                    actor,
                    update.level,
                    "routed",
                    update.date,
                    update.rule,
                    tuple(update.concerns),
                    update,
                    answer_by(update, answer_within),
                )
            rule = update.rule
            status = overall(addressings.values()) or new
        elif new in PER_ADDRESSING and addressings and status in ADDRESSED:
            wanted = [update.actor] if update.actor else list(addressings)
            present = [a for a in wanted if a in addressings]
            targets = [a for a in present if is_allowed(addressings[a].status, new)]
            if not targets:
                previous: str = status
                if update.actor:  # "-": that solver has no addressing to move
                    known = addressings.get(update.actor)
                    previous = known.status if known else "-"
                bad.append(BadMove(update, previous))
                targets = present  # history is what it is: the entry still counts
            for actor in targets:
                addressings[actor] = replace(
                    addressings[actor], status=new, since=update.date, step=update
                )
            status = overall(addressings.values()) or new
        else:
            if not is_allowed(status, new):
                bad.append(BadMove(update, status))
            status = new
            if new in ("reported", "on-agenda"):
                addressings.clear()  # back before routing: addressed anew later
            elif new in PER_ADDRESSING:  # a move written out of turn moves them all
                for actor, addressing in addressings.items():
                    addressings[actor] = replace(
                        addressing, status=new, since=update.date, step=update
                    )
        since = update.date
        merged_into = update.merged_into if new == "merged" else None
    # The level shown for the bottleneck as a whole: that of the addressing
    # routed last (each addressing keeps its own).
    latest = max(addressings.values(), key=lambda a: a.since, default=None)
    state = State(
        status,
        latest.level if latest else None,
        tuple(addressings),
        rule,
        merged_into,
        since,
        tuple(history),
        tuple(addressings.values()),
    )
    return state, bad
