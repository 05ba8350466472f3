"""The money of the proposals, totalled in one place (issue 33).

The October report asks "een doorkijk naar het vervolg in tijd, middelen en
geld". Each proposal's ``costs`` are amounts in whole euros, once or per year,
from a year, paid by a problem-solver. ``totals`` adds them up per level (the
level of the problem-solver who pays), per problem-solver and per year; every
output that shows a total (the report in Markdown and HTML, its data for
programs, the tests) takes it from here, so no two outputs can count apart.

How the years are counted, said under the tables too:

* The years shown run from the first year an amount counts (never before
  the report's year) to the last year of the look ahead: the latest
  ``expected_year`` or cost year of the proposals counted.
* An amount ``per: year`` counts in every year from its ``from`` (or the
  first year shown, when it names none or an earlier one) up to and including
  the last year shown.
* An amount ``per: once`` counts in its ``from`` year, else in the proposal's
  ``expected_year``, else in the first year shown (an earlier year counts in
  the first year shown).

Counted are the proposals of bottlenecks still open on the agenda (on the
agenda, routed, in progress, declined): not those reported only, solved
(locally or by their problem-solvers) or merged into another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from knelpunt.config import Config
from knelpunt.facts import BottleneckFacts
from knelpunt.models import Actor, Bottleneck, Cost, Record

#: The statuses whose proposals are counted: still open on the agenda.
COUNTED: frozenset[str] = frozenset({"on-agenda", "routed", "in-progress", "declined"})
#: The key of the row for amounts without a payer, or one that is not known.
NO_PAYER = ""


@dataclass
class Row:
    """One line of a table of totals: what is paid once, what is paid every
    year (once it runs), and the sum of both over the years shown."""

    key: str
    once: int = 0
    per_year: int = 0
    total: int = 0


@dataclass
class YearRow:
    year: int
    once: int = 0
    #: The amounts per year that run in this year.
    recurring: int = 0

    @property
    def total(self) -> int:
        return self.once + self.recurring


@dataclass
class Totals:
    first_year: int
    last_year: int
    by_level: list[Row] = field(default_factory=list)
    by_payer: list[Row] = field(default_factory=list)
    by_year: list[YearRow] = field(default_factory=list)
    all: Row = field(default_factory=lambda: Row("all"))
    #: The bottlenecks whose costs are counted, and those whose money is
    #: free text only (``means`` without ``costs``): not counted.
    counted: list[str] = field(default_factory=list)
    not_counted: list[str] = field(default_factory=list)

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


def counted(facts: Iterable[BottleneckFacts]) -> list[BottleneckFacts]:
    """The bottlenecks whose proposals count: open on the agenda."""
    return [f for f in facts if f.state.status in COUNTED]


def look_ahead_years(bottlenecks: Iterable[Bottleneck], this_year: int) -> tuple[int, int]:
    """The first and last year of the look ahead: from the first year an
    amount counts (never before ``this_year``; ``this_year`` when there is
    none) to the latest expected year or cost year of ``bottlenecks``."""
    last = this_year
    starts = []
    for bottleneck in bottlenecks:
        if bottleneck.expected_year is not None:
            last = max(last, bottleneck.expected_year)
        for cost in bottleneck.costs:
            if cost.start is not None:
                last = max(last, cost.start)
            starts.append(
                cost.start
                if cost.start is not None
                else (bottleneck.expected_year or this_year)
                if cost.per == "once"
                else this_year
            )
    first = max(this_year, min(starts)) if starts else this_year
    return first, max(first, last)


def cost_year(cost: Cost, expected_year: int | None, first: int) -> int:
    """The year an amount starts to count (see the module's rules)."""
    year = (
        cost.start
        if cost.start is not None
        else (expected_year if cost.per == "once" and expected_year is not None else first)
    )
    return max(year, first)


def years_counted(cost: Cost, expected_year: int | None, first: int, last: int) -> dict[int, int]:
    """What one amount adds to each year shown."""
    start = cost_year(cost, expected_year, first)
    if cost.per == "once":
        return {start: cost.amount} if start <= last else {}
    return {year: cost.amount for year in range(start, last + 1)}


def payer_level(actors: Mapping[str, Record], payer: str | None) -> str:
    actor = actors.get(payer or "")
    return actor.level if isinstance(actor, Actor) else NO_PAYER


def totals(
    facts: Iterable[BottleneckFacts], actors: Mapping[str, Record], config: Config, this_year: int
) -> Totals:
    """Every total of the proposals' costs: per level of the payer (in the
    order of ``levels`` in knelpunt.yaml, amounts without a known payer
    last), per problem-solver who pays (by id; the caller names them), per
    year shown, and all together."""
    chosen = counted(facts)
    first, last = look_ahead_years((f.bottleneck for f in chosen), this_year)
    result = Totals(first, last)
    result.by_year = [YearRow(year) for year in range(first, last + 1)]
    by_level: dict[str, Row] = {}
    by_payer: dict[str, Row] = {}
    for f in chosen:
        bottleneck = f.bottleneck
        if not bottleneck.costs:
            if bottleneck.means:
                result.not_counted.append(bottleneck.id)
            continue
        result.counted.append(bottleneck.id)
        for cost in bottleneck.costs:
            spread = years_counted(cost, bottleneck.expected_year, first, last)
            payer = cost.paid_by if isinstance(actors.get(cost.paid_by or ""), Actor) else None
            level = payer_level(actors, payer)
            for row in (
                by_level.setdefault(level, Row(level)),
                by_payer.setdefault(payer or NO_PAYER, Row(payer or NO_PAYER)),
                result.all,
            ):
                if cost.per == "once":
                    row.once += cost.amount
                else:
                    row.per_year += cost.amount
                row.total += sum(spread.values())
            for year_row in result.by_year:
                amount = spread.get(year_row.year, 0)
                if cost.per == "once":
                    year_row.once += amount
                else:
                    year_row.recurring += amount
    order = {level: n for n, level in enumerate(config.vocabularies.levels)}
    result.by_level = sorted(by_level.values(), key=lambda r: order.get(r.key, len(order)))
    result.by_payer = sorted(by_payer.values(), key=lambda r: (r.key == NO_PAYER, r.key))
    return result


def facility_totals(config: Config) -> Row:
    """What the programme's own facilities cost (``plan.facilities``): once
    and per year; a facility without an amount is listed, not counted."""
    row = Row("facilities")
    for facility in config.plan.facilities:
        if facility.amount is None:
            continue
        if facility.per == "year":
            row.per_year += facility.amount
        else:
            row.once += facility.amount
    row.total = row.once + row.per_year
    return row
