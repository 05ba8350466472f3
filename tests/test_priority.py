"""priority: a transparent score, its parts explainable, its order stable."""

from __future__ import annotations

import datetime as dt

import hypothesis.strategies as st
from hypothesis import given

from knelpunt.config import Priority
from knelpunt.facts import BottleneckFacts
from knelpunt.models import Bottleneck
from knelpunt.priority import months_between, rank, score
from knelpunt.workflow import State

TODAY = dt.date(2026, 11, 30)


def facts(
    number: int = 1,
    reporters: int = 1,
    regions: int = 1,
    severity: int | None = None,
    phases: frozenset[int] = frozenset({1}),
    kind: str = "implementation",
    reported_on: dt.date = dt.date(2026, 5, 1),
    status: str = "on-agenda",
) -> BottleneckFacts:
    bottleneck = Bottleneck(
        id=f"kp-aaaaa-{number:05d}",
        title="Titel",
        description="Omschrijving",
        theme="finance",
        type=kind,
        reported_on=reported_on,
        severity=severity,
    )
    return BottleneckFacts(
        bottleneck,
        State(status=status),
        tuple(f"in-aaaaa-{i:05d}" for i in range(reporters)),
        (),
        frozenset(f"regio-{i}" for i in range(regions)),
        frozenset({"limburg"}),
        frozenset({"Ee"}),
        phases,
    )


def test_the_parts_add_up_to_the_total_with_the_default_weights():
    result = score(
        facts(reporters=3, regions=2, severity=4, phases=frozenset({3})), Priority(), TODAY
    )
    parts = {part.name: part.points for part in result.parts}
    assert parts["reach"] == 6.0 and parts["regions"] == 2.0 and parts["severity"] == 4.0
    assert parts["phase-3"] == 1.5 and parts["phase-1"] == 0.0
    assert result.total == round(sum(parts.values()), 3)


def test_age_counts_up_to_its_cap():
    old = score(facts(reported_on=dt.date(2020, 1, 1)), Priority(), TODAY)
    age = next(p for p in old.parts if p.name == "age")
    assert age.value == 24 and age.points == 6.0
    assert months_between(TODAY, dt.date(2020, 1, 1)) == 0.0  # never negative


def test_a_hard_bottleneck_weighs_more_than_one_of_culture():
    weights = Priority()
    hard = score(facts(kind="hard"), weights, TODAY).total
    culture = score(facts(kind="culture"), weights, TODAY).total
    assert hard > culture


def test_rank_leaves_closed_ones_out_and_breaks_ties_by_reach_then_age_then_id():
    many = [
        facts(1, reporters=2, regions=0),
        facts(2, reporters=1, regions=1),  # the same total as 1, fewer reporters
        facts(3, status="resolved", reporters=9),
        facts(4, reporters=1, regions=1),  # as 2: the id decides
    ]
    ids = [s.bottleneck_id[-1] for s in rank(many, Priority(reach=1.0), TODAY)]
    assert ids == ["1", "2", "4"]


@given(st.integers(0, 20), st.integers(0, 20))
def test_more_reporters_never_lower_the_score(fewer, more):
    low, high = sorted((fewer, more))
    weights = Priority()
    assert (
        score(facts(reporters=low), weights, TODAY).total
        <= score(facts(reporters=high), weights, TODAY).total
    )
