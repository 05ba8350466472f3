"""A field's value as a person reads it: one way for every output.

``show``, the prompts (the value there is now, the preview before saving) and
the exports for people each used to turn values into words themselves, and
they disagreed (an amount was 12500 in one and € 12.500 in another). They all
ask ``FieldWords`` now. What differs by medium is chosen, not re-implemented:
``show`` names a linked record with its id (to type it back in a command), an
export and a prompt write dates as they are typed (01-11-2026, which a
spreadsheet reads as a date and a prompt accepts back), and an export gives the
short label of a choice (a column is narrow).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from knelpunt.choices import short_label
from knelpunt.config import Config
from knelpunt.fields import FieldSpec
from knelpunt.formats import readable, short_date, typed_date, yes_no
from knelpunt.messages import CHOICE_LABELS, label
from knelpunt.money import cost_line, step_line

#: Fields whose items are each a line of their own (a list of records, of
#: amounts, of steps), not a list on one line.
ONE_PER_LINE = frozenset({"costs", "legislation", "adoptions", "sources", "addressings"})


def source_line(source: Mapping[str, Any]) -> str:
    """A source on one line: title (publisher, year), link."""
    extra = ", ".join(str(source[k]) for k in ("publisher", "year") if source.get(k))
    line = str(source["title"]) + (f" ({extra})" if extra else "")
    return line + (f", {source['link']}" if source.get("link") else "")


def _plain(value: Any) -> Any:
    """A model (a contact, a cost) as the JSON its file holds."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    return value


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class FieldWords:
    """How the values of one command's fields are put into words."""

    config: Config
    lang: str
    #: What a person calls a linked record: (kind, id) -> its name.
    name_of: Callable[[str, str], str]
    #: Dates as they are typed (01-11-2026), not written (1 nov 2026).
    typed_dates: bool = False
    #: The short label of a fixed choice (an export's narrow column).
    short_choices: bool = False

    def date(self, value: Any) -> str:
        day = _day(value)
        if day is None:
            return str(value)
        return typed_date(day, self.lang) if self.typed_dates else short_date(day, self.lang)

    def choice(self, key: str) -> str:
        if self.short_choices:
            return short_label(key, self.lang)
        return label(CHOICE_LABELS, key, self.lang)

    def items(self, name: str, spec: FieldSpec | None, value: Any) -> list[str]:
        """The value of field ``name`` in words, an item a piece (one for a
        single value); [] for nothing."""
        value = _plain(value)
        if value in (None, "", []):
            return []
        values = [_plain(v) for v in value] if isinstance(value, list) else [value]
        special = _SPECIAL.get(name)
        if special is not None and all(isinstance(v, Mapping) for v in values):
            return [special(self, v) for v in values]
        if spec is not None and spec.type == "reference" and spec.target:
            return [self.name_of(spec.target, str(v)) for v in values]
        if spec is not None and spec.type == "vocabulary" and spec.vocabulary:
            return [self.config.label(spec.vocabulary, str(v), self.lang) for v in values]
        if spec is not None and spec.type == "choice":
            return [self.choice(str(v)) for v in values]
        if spec is not None and spec.type == "bool":
            return [yes_no(bool(v), self.lang) for v in values]
        if spec is not None and spec.type == "date":
            return [self.date(v) for v in values]
        if isinstance(value, Mapping):  # a contact: its parts in a row
            return [", ".join(str(v) for v in value.values() if v not in (None, ""))]
        return [readable(v, self.lang) for v in values]

    def text(self, name: str, spec: FieldSpec | None, value: Any) -> str:
        """The value of field ``name`` as one text: items on lines of their own
        where each is a thing apart (linked records, amounts), else in a row."""
        many_lines = name in ONE_PER_LINE or (spec is not None and spec.type == "reference")
        return ("\n" if many_lines else ", ").join(self.items(name, spec, value))

    # --- the fields that hold more than a value ---------------------------------

    def cost(self, cost: Mapping[str, Any]) -> str:
        payer = cost.get("paid_by")
        return cost_line(
            cost["amount"],
            cost["per"],
            cost.get("from"),
            self.name_of("actor", str(payer)) if payer else None,
            cost.get("for"),
            self.lang,
        )

    def step(self, step: Mapping[str, Any]) -> str:
        line = step_line(step["step"], _day(step.get("date")), self.lang)
        return line + (f": {step['note']}" if step.get("note") else "")

    def adoption(self, adoption: Mapping[str, Any]) -> str:
        line = (
            f"{self.name_of('initiative', str(adoption['initiative']))}, "
            f"{self.date(adoption['date'])}: {self.choice(str(adoption['result']))}"
        )
        return line + (f". {adoption['note']}" if adoption.get("note") else "")

    def addressing(self, addressing: Mapping[str, Any]) -> str:
        level = self.config.label("levels", addressing.get("level") or "", self.lang)
        return (
            f"{self.name_of('actor', str(addressing['actor']))}: "
            f"{self.choice(str(addressing['status']))} ({level}), {self.date(addressing['since'])}"
        )

    def source(self, source: Mapping[str, Any]) -> str:
        return source_line(source)


_SPECIAL: dict[str, Callable[[FieldWords, Mapping[str, Any]], str]] = {
    "costs": FieldWords.cost,
    "legislation": FieldWords.step,
    "adoptions": FieldWords.adoption,
    "addressings": FieldWords.addressing,
    "sources": FieldWords.source,
}
