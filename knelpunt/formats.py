"""Numbers and dates as the reader writes them.

A Dutch reader takes "28.678" for twenty-eight thousand: Dutch writes 28,7 and
10.471, and "23 november 2026". These are the CLDR conventions that Babel
implements; knelpunt writes them itself for its two languages because importing
Babel and loading its locale data costs about 100 ms at every start of a
command (measured on the 2-core machine), a fifth of the half second a command
may take. ``tests/test_formats.py`` checks the output against Babel's for many
numbers and every day of a year, so the two cannot drift apart. Month names
come from the catalog (context ``month``), where a translator finds them.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal

from knelpunt import catalog
from knelpunt.messages import normalise_language

#: Decimal mark and thousands separator per language (CLDR: nl_NL, en_GB).
_SYMBOLS = {"nl": (",", "."), "en": (".", ",")}


def number(value: float | int, lang: str, decimals: int = 1) -> str:
    """``value`` rounded to at most ``decimals`` decimals (half to even, as
    Babel rounds), trailing zeros dropped: 28,7 / 8 / 10.471,5 in Dutch."""
    decimal_mark, group = _SYMBOLS[normalise_language(lang)]
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    if exact == 0:
        exact = abs(exact)  # no "-0"
    sign = "-" if exact < 0 else ""
    whole, _, fraction = f"{abs(exact):f}".partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", group)
    return f"{sign}{grouped}{decimal_mark}{fraction}" if fraction else f"{sign}{grouped}"


def integer(value: int, lang: str) -> str:
    return number(value, lang, decimals=0)


def long_date(day: dt.date, lang: str) -> str:
    """23 november 2026 / 23 November 2026, for sentences."""
    return f"{day.day} {month_name(day.month, lang)} {day.year}"


def short_date(day: dt.date, lang: str) -> str:
    """23 nov 2026 / 23 Nov 2026, for tables and lists."""
    return f"{day.day} {month_name(day.month, lang, short=True)} {day.year}"


def typed_date(day: dt.date, lang: str) -> str:
    """A date the way a person types it, for a prompt's default and a
    spreadsheet cell: 23-11-2026 in Dutch (Excel with Dutch settings reads it
    as a date), the unambiguous 2026-11-23 in English."""
    if normalise_language(lang) == "nl":
        return f"{day.day:02d}-{day.month:02d}-{day.year}"
    return day.isoformat()


def typed_date_or_text(text: str, lang: str) -> str:
    try:
        return typed_date(dt.date.fromisoformat(text), lang)
    except ValueError:
        return text


def month_name(month: int, lang: str, short: bool = False) -> str:
    key = f"short_{month}" if short else str(month)
    return catalog.load(normalise_language(lang)).text(key, "month")


def yes_no(value: bool, lang: str) -> str:
    return catalog.load(normalise_language(lang)).text("yes" if value else "no", "cli")


def readable(value: object, lang: str) -> str:
    """A field's value for a person: ja/nee, a written date, a Dutch number."""
    if isinstance(value, bool):
        return yes_no(value, lang)
    if isinstance(value, dt.date):
        return short_date(value, lang)
    if isinstance(value, str):
        try:
            return short_date(dt.date.fromisoformat(value), lang) if len(value) == 10 else value
        except ValueError:
            return value
    if isinstance(value, float):
        return number(value, lang)
    return str(value)
