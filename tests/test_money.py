"""money: amounts in whole euros read as people write them and written one way."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knelpunt import money
from knelpunt.messages import CHOICE_LABELS, label

AMOUNT = st.integers(min_value=0, max_value=money.MAX_AMOUNT)


@given(AMOUNT)
def test_what_is_written_reads_back_in_either_language(amount: int) -> None:
    for lang in ("nl", "en"):
        assert money.parse_amount(money.euros(amount, lang)) == amount
    assert money.parse_amount(str(amount)) == amount
    assert money.parse_amount(amount) == amount


@given(
    AMOUNT,
    st.sampled_from([".", ",", " ", "\u00a0"]),
    st.sampled_from(["", "€", "€ ", "EUR ", "euro "]),
)
def test_thousands_grouped_by_three_with_any_separator(
    amount: int, separator: str, currency: str
) -> None:
    grouped = f"{amount:,}".replace(",", separator)
    assert money.parse_amount(f"{currency}{grouped}") == amount
    assert money.parse_amount(f"{grouped},-") == amount


def test_examples_and_refusals() -> None:
    assert money.euros(12500, "nl") == "€ 12.500" and money.euros(12500, "en") == "€12,500"
    for typed in (
        "12500",
        "12.500",
        "€ 12.500",
        "€12,500",
        "12.500,-",
        "EUR 12 500",
        "12.500,00",
        12500.0,
    ):
        assert money.parse_amount(typed) == 12500, typed
    for bad in (
        "12.5",
        "1,5",
        "12.50",
        "1.2345",
        "twaalf",
        "-5",
        "",
        True,
        None,
        1.5,
        money.MAX_AMOUNT + 1,
    ):
        with pytest.raises(money.AmountError):
            money.parse_amount(bad)


def test_the_stages_of_a_legislative_track() -> None:
    assert [money.stage_index(s) for s in money.STAGES] == list(range(len(money.STAGES)))
    assert money.step_line("bill", None, "nl") == label(CHOICE_LABELS, "bill", "nl")
    assert money.step_line("bill", None, "nl") != money.step_line("bill", None, "en")
    with_day = money.step_line("consultation", dt.date(2026, 9, 1), "nl")
    assert with_day.startswith(money.step_line("consultation", None, "nl") + " (")
    assert with_day.endswith(")") and "2026" in with_day


def test_a_cost_in_words() -> None:
    line = money.cost_line(60000, "year", 2027, "Provincie Limburg", "coördinator per regio", "nl")
    assert line.startswith("€ 60.000") and "2027" in line and "Provincie Limburg" in line
    assert line.endswith(": coördinator per regio")
    once = money.cost_line(5000, "once", None, None, None, "en")
    assert once.startswith("€5,000") and ":" not in once and "," not in once.replace("€5,000", "")
