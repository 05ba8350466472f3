"""Numbers and dates as the reader writes them, checked against Babel (CLDR).

knelpunt formats them itself to keep Babel's 100 ms import out of every
command; these tests make sure the result is what Babel would write."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from knelpunt.formats import integer, long_date, number, readable, short_date, typed_date

LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def babel_number(value: object, pattern: str, lang: str) -> str:
    text = format_decimal(value, format=pattern, locale=LOCALES[lang]).replace("\u2212", "-")
    # The one place knelpunt differs on purpose: -0,001 rounded is 0, not "-0".
    return "0" if text == "-0" else text


@pytest.mark.parametrize("lang", ["nl", "en"])
@given(value=st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False))
def test_numbers_as_babel_writes_them(lang, value):
    assert number(float(value), lang) == babel_number(value, "#,##0.#", lang)
    assert number(float(value), lang, decimals=2) == babel_number(value, "#,##0.##", lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
@given(value=st.integers(min_value=-(10**12), max_value=10**12))
def test_whole_numbers_as_babel_writes_them(lang, value):
    assert integer(value, lang) == format_decimal(value, locale=LOCALES[lang]).replace(
        "\u2212", "-"
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_day_of_a_leap_year_as_babel_writes_it(lang):
    day = dt.date(2028, 1, 1)
    while day.year == 2028:
        assert long_date(day, lang) == format_date(day, "d MMMM y", locale=LOCALES[lang])
        assert short_date(day, lang) == format_date(day, "d MMM y", locale=LOCALES[lang])
        day += dt.timedelta(days=1)


def test_what_a_dutch_reader_sees():
    assert number(28.678, "nl") == "28,7" and number(28.678, "en") == "28.7"
    assert number(10471, "nl") == "10.471" and number(-0.04, "nl") == "0"
    assert long_date(dt.date(2026, 11, 23), "nl") == "23 november 2026"
    assert short_date(dt.date(2026, 3, 3), "nl") == "3 mrt 2026"
    assert typed_date(dt.date(2026, 3, 3), "nl") == "03-03-2026"
    assert typed_date(dt.date(2026, 3, 3), "en") == "2026-03-03"
    assert readable(True, "nl") == "ja" and readable(False, "en") == "no"
    assert readable("2026-11-23", "en") == "23 Nov 2026" and readable("kp-1", "nl") == "kp-1"
