"""costs: the proposals' money totalled in one place, per level, payer and year."""

from __future__ import annotations

from pathlib import Path

from knelpunt import costs
from knelpunt.config import Config, Facility, Plan
from knelpunt.facts import facts_for
from knelpunt.models import Cost
from knelpunt.store import load_all
from tests import tiny

THIS_YEAR = 2026
PROVINCE, VWS = "ac-aaaaa-aaaaa", "ac-bbbbb-bbbbb"


def _cost(amount: int, per: str, start: int | None = None, paid_by: str | None = None) -> Cost:
    data = {"amount": amount, "per": per, "from": start, "paid_by": paid_by}
    return Cost.model_validate({k: v for k, v in data.items() if v is not None})


def test_when_an_amount_counts() -> None:
    first, last = 2026, 2029
    assert costs.years_counted(_cost(100, "once", 2027), None, first, last) == {2027: 100}
    assert costs.years_counted(_cost(100, "once"), 2028, first, last) == {
        2028: 100
    }  # its expected year
    assert costs.years_counted(_cost(100, "once"), None, first, last) == {2026: 100}
    assert costs.years_counted(_cost(100, "once", 2020), None, first, last) == {
        2026: 100
    }  # not before
    assert costs.years_counted(_cost(100, "once", 2031), None, first, last) == {}
    assert costs.years_counted(_cost(10, "year", 2028), None, first, last) == {2028: 10, 2029: 10}
    assert costs.years_counted(_cost(10, "year"), 2029, first, last) == {
        y: 10 for y in range(2026, 2030)
    }


def test_totals_per_level_payer_and_year_count_only_what_is_open_on_the_agenda(
    tmp_path: Path,
) -> None:
    root = tiny.new_network(tmp_path / "netwerk")
    tiny.actor(root, PROVINCE, "Provincie Limburg", type="province", level="regional")
    tiny.actor(root, VWS, "VWS", type="ministry", level="national")
    tiny.bottleneck(
        root, "kp-aaaaa-aaaaa", "Coördinatoren", expected_year=2028,
        costs=[
            {"amount": 60000, "per": "year", "from": 2027, "paid_by": PROVINCE},
            {"amount": 25000, "per": "once", "paid_by": VWS},
            {"amount": 1000, "per": "once"},
        ],
    )  # fmt: skip
    tiny.bottleneck(root, "kp-bbbbb-bbbbb", "Alleen in woorden", means="Geld van de provincie.")
    tiny.bottleneck(
        root, "kp-ccccc-ccccc", "Nog niet op de agenda", costs=[{"amount": 5, "per": "once"}]
    )
    for bottleneck_id in ("kp-aaaaa-aaaaa", "kp-bbbbb-bbbbb"):
        tiny.step(root, bottleneck_id, "20260401-101500-aaaaa", status="on-agenda")
    repo = tiny.repository(root)
    records = load_all(repo, use_cache=False)
    found = costs.totals(facts_for(records).values(), records.of("actor"), repo.config, THIS_YEAR)
    # from the first year an amount counts (2027) to the expected year; the
    # amounts paid once without a year count in the proposal's expected year
    assert (found.first_year, found.last_year) == (2027, 2028)
    assert found.counted == ["kp-aaaaa-aaaaa"] and found.not_counted == ["kp-bbbbb-bbbbb"]
    assert [(y.year, y.once, y.recurring) for y in found.by_year] == [
        (2027, 0, 60000),
        (2028, 26000, 60000),
    ]
    assert [(r.key, r.once, r.per_year, r.total) for r in found.by_level] == [
        ("regional", 0, 60000, 120000),
        ("national", 25000, 0, 25000),
        (costs.NO_PAYER, 1000, 0, 1000),
    ]
    assert [r.key for r in found.by_payer] == [PROVINCE, VWS, costs.NO_PAYER]
    assert found.all.total == sum(y.total for y in found.by_year) == 146000


def test_the_programmes_own_facilities() -> None:
    plan = Plan(
        facilities=[
            Facility.model_validate({"for": "secretariaat", "amount": "€ 25.000", "per": "year"}),
            Facility.model_validate({"for": "website", "amount": 4000, "per": "once"}),
            Facility.model_validate({"for": "nog onbekend"}),
        ]
    )
    row = costs.facility_totals(Config(plan=plan))
    assert (row.once, row.per_year, row.total) == (4000, 25000, 29000)
