"""Priority: a transparent score, computed when asked and never stored.

    score = reach      x initiatives reporting it (merged duplicates included)
          + regions    x distinct regions of those initiatives
          + provinces  x distinct provinces
          + stakeholders x organisations that reported it themselves
          + support    x initiatives that ranked it among their priorities at a meeting
          + ranking    x its value in the initiatives' order of the latest ranking
                         round: 0 to 10, a Borda count, one voice per initiative
                         (ranking.py, ``knelpunt ballot``)
          + severity   x severity (1-5), where set
          + phases[p]  x 1 for each initiative phase p (1, 2, 3) among its reporters
          + types[t]     for its kind: a change of law takes years, so start early
          + age_per_month x months since it was reported (up to age_cap_months)

The weights live in knelpunt.yaml. Ties are broken the same way every time:
more reporters first, then the older report, then the id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, Protocol

from knelpunt.config import Priority
from knelpunt.models import BottleneckKind


class Scorable(Protocol):
    """What a score is made of: a bottleneck's facts (``facts.BottleneckFacts``)
    or its lean row in the index (``index.LeanBottleneck``)."""

    @property
    def id(self) -> str: ...
    @property
    def reporters(self) -> tuple[str, ...]: ...
    @property
    def regions(self) -> Collection[str]: ...
    @property
    def provinces(self) -> Collection[str]: ...
    @property
    def stakeholders(self) -> tuple[str, ...]: ...
    @property
    def supporters(self) -> tuple[str, ...]: ...
    @property
    def ranking(self) -> float: ...
    @property
    def phases(self) -> Collection[int]: ...
    @property
    def severity(self) -> int | None: ...
    @property
    def kind(self) -> BottleneckKind: ...
    @property
    def reported_on(self) -> dt.date: ...
    @property
    def is_open(self) -> bool: ...


PARTS = (
    "reach",
    "regions",
    "provinces",
    "stakeholders",
    "support",
    "ranking",
    "severity",
    "phase-1",
    "phase-2",
    "phase-3",
    "type",
    "age",
)


class Part(NamedTuple):
    """One part of a score (a tuple: ten thousand scores have ninety thousand parts)."""

    name: str
    value: float
    weight: float

    @property
    def points(self) -> float:
        return round(self.value * self.weight, 3)


@dataclass(frozen=True, slots=True)
class Score:
    bottleneck_id: str
    parts: tuple[Part, ...]
    #: Used only to break ties, in this order.
    reporters: int
    reported_on: dt.date
    total: float = field(init=False)

    def __post_init__(self) -> None:
        total = round(sum(part.points for part in self.parts), 3)
        object.__setattr__(self, "total", total)

    def sort_key(self) -> tuple[float, int, dt.date, str]:
        return (-self.total, -self.reporters, self.reported_on, self.bottleneck_id)


def months_between(start: dt.date, end: dt.date) -> float:
    return max(0.0, (end - start).days / 30.4375)


#: Parts met before: most bottlenecks have the same few (no stakeholder, phase
#: 2 but not 1, ...), and a score of eleven parts of its own for each of
#: 50,000 bottlenecks was 50 MB. Emptied when it grows past ``_SAME_MAX``.
_SAME: dict[Part, Part] = {}
_SAME_MAX = 100_000


_PHASES: tuple[tuple[Literal[1, 2, 3], str], ...] = ((1, "phase-1"), (2, "phase-2"), (3, "phase-3"))


def _same(part: Part) -> Part:
    if len(_SAME) > _SAME_MAX:
        _SAME.clear()
    return _SAME.setdefault(part, part)


def score(facts: Scorable, weights: Priority, today: dt.date) -> Score:
    age = min(months_between(facts.reported_on, today), float(weights.age_cap_months))
    parts = (
        Part("reach", len(facts.reporters), weights.reach),
        Part("regions", len(facts.regions), weights.regions),
        Part("provinces", len(facts.provinces), weights.provinces),
        Part("stakeholders", len(facts.stakeholders), weights.stakeholders),
        Part("support", len(facts.supporters), weights.support),
        Part("ranking", facts.ranking, weights.ranking),
        Part("severity", facts.severity or 0, weights.severity),
        *(
            Part(name, 1 if phase in facts.phases else 0, weights.phases.get(phase, 0.0))
            for phase, name in _PHASES
        ),
        Part("type", 1, weights.types.get(facts.kind, 0.0)),
        Part("age", round(age, 2), weights.age_per_month),
    )
    return Score(facts.id, tuple(map(_same, parts)), len(facts.reporters), facts.reported_on)


def rank(facts: Iterable[Scorable], weights: Priority, today: dt.date) -> list[Score]:
    """Open bottlenecks from the highest score down; stable for equal scores."""
    scores = [score(f, weights, today) for f in facts if f.is_open]
    return sorted(scores, key=Score.sort_key)
