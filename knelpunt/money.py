"""Amounts in euros and the stages of a legislative track, written one way.

A proposal's money (issue 33: "een doorkijk naar het vervolg in tijd,
middelen en geld") is counted, so it is a number, not a sentence. People type
it as they write it: ``12500``, ``12.500``, ``€ 12.500``, ``€12,500``,
``12.500,-``; it is kept as whole euros and shown one way everywhere (prompts,
``show``, ``list``, exports, reports): ``€ 12.500`` in Dutch, ``€12,500`` in
English. Every output calls ``euros``; every input calls ``parse_amount``.

The stages of a legislative track are one registry (``STAGES``), in their
order; their labels in both languages are in the catalogs (context
``choice``), like every fixed choice.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from knelpunt.formats import integer, short_date
from knelpunt.messages import CHOICE_LABELS, label, message, normalise_language

#: The stages a change of law goes through, in their order (nl: gesignaleerd,
#: in consultatie, wetsvoorstel, in de Kamer, in werking).
LegislativeStage = Literal["signalled", "consultation", "bill", "parliament", "in-force"]
STAGES: tuple[str, ...] = ("signalled", "consultation", "bill", "parliament", "in-force")
#: How often an amount is paid: once, or every year from its year on.
Per = Literal["once", "year"]
PERIODS: tuple[str, ...] = ("once", "year")

#: The largest amount accepted: a trillion euros (a typo, not a budget, beyond).
MAX_AMOUNT = 10**12

_CURRENCY = re.compile(r"(?i)€|\beur(?:o's|os|o)?\b")
#: Whole euros, with or without thousands separated by '.', ',' or a space.
_GROUPED = re.compile(r"^\d{1,3}(?:([.,\s\u00a0\u202f])\d{3})?(?:\1\d{3})*$")
#: What may end an amount of whole euros: ",-", ",00", ".00", ",--".
_NO_CENTS = re.compile(r"(?:[.,](?:-{1,2}|00))$")


class AmountError(ValueError):
    """A text that is no amount of whole euros."""


def parse_amount(value: object) -> int:
    """Whole euros from what a person typed or wrote: ``12500``, ``12.500``,
    ``€ 12.500``, ``€12,500``, ``12.500,-``, ``EUR 12 500``. A thousands
    separator must group by three, so ``12.5`` and ``1,5`` (cents, or a
    decimal) are refused rather than read as thousands."""
    if isinstance(value, bool):
        raise AmountError(str(value))
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float) and value.is_integer():
        amount = int(value)
    elif isinstance(value, str):
        text = _CURRENCY.sub(" ", value).strip()
        text = _NO_CENTS.sub("", text).strip()
        if not _GROUPED.match(text) and not text.isdigit():
            raise AmountError(value)
        amount = int(re.sub(r"\D", "", text))
    else:
        raise AmountError(str(value))
    if amount < 0 or amount > MAX_AMOUNT:
        raise AmountError(str(value))
    return amount


def euros(amount: int, lang: str) -> str:
    """An amount as the reader writes it: ``€ 12.500`` (nl), ``€12,500`` (en)."""
    if normalise_language(lang) == "nl":
        return f"€ {integer(amount, 'nl')}"
    return f"€{integer(amount, 'en')}"


def stage_index(stage: str) -> int:
    """Where ``stage`` stands in the track: 0 for signalled, 4 for in force."""
    return STAGES.index(stage)


def _amount(value: Any) -> int:
    try:
        return parse_amount(value)
    except AmountError:
        raise PydanticCustomError(
            "amount_not_euros", "{value!r} is not an amount of whole euros", {"value": str(value)}
        ) from None


#: A field of whole euros in a record or knelpunt.yaml: ``€ 12.500``,
#: ``12.500`` and ``12500`` are read alike.
Amount = Annotated[int, BeforeValidator(_amount, json_schema_input_type=int | str)]


def cost_line(
    amount: int,
    per: str,
    start: int | None,
    payer: str | None,
    purpose: str | None,
    lang: str,
) -> str:
    """One amount of a proposal in words, the same in show, list, exports and
    reports: "€ 60.000 per jaar vanaf 2027, betaald door Provincie Limburg:
    coördinator per regio"."""
    key = "cost_per_year" if per == "year" else "cost_once"
    text = message(key, lang, amount=euros(amount, lang))
    if start is not None:
        text += " " + message("cost_from" if per == "year" else "cost_in", lang, year=start)
    if payer:
        text += ", " + message("cost_paid_by", lang, payer=payer)
    if purpose:
        text += ": " + purpose
    return text


def step_line(step: str, day: dt.date | None, lang: str) -> str:
    """A step of a legislative track in words: "in consultatie (1 sep 2026)"."""
    stage = label(CHOICE_LABELS, step, lang)
    return f"{stage} ({short_date(day, lang)})" if day is not None else stage
