"""``knelpunt export``: records as rows for a spreadsheet, or as JSON.

A CSV is for people by default: headers as the field's name in the reader's
language, a theme or status as its label, a reference as the record's name,
ja/nee, dates as 23-11-2026 (which Excel with Dutch settings reads as a date).
``--keys`` writes what programs need instead: the English keys and ids that the
records hold, ISO dates and true/false, stable whatever the language.

Contact persons are personal data: left out unless explicitly asked for. The
CSV is UTF-8 with a byte-order mark and semicolons, which is what Excel with
Dutch settings opens correctly (ë, é and ï included); lists are joined with
", " so a cell reads as a sentence. A cell that starts like a formula (``=``,
``+``, ``-``, ``@``) is written with a leading ``'`` so that it stays text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from knelpunt.choices import short_label
from knelpunt.config import Config
from knelpunt.escape import csv_cell
from knelpunt.facts import facts_for
from knelpunt.fields import CONTACT_FIELDS, FieldSpec, fields_of
from knelpunt.formats import typed_date, yes_no
from knelpunt.messages import FIELD_LABELS, label
from knelpunt.models import RECORD_TYPES, Record
from knelpunt.store import RecordSet

DERIVED = ("status", "level", "addressees", "addressings")


def rows(records: RecordSet, kind: str, include_personal: bool) -> list[dict[str, Any]]:
    facts = facts_for(records) if kind == "bottleneck" else {}
    model = RECORD_TYPES[kind]
    result = []
    for record in sorted(records.of(kind).values(), key=lambda r: r.id):
        row = _row(record, model, include_personal)
        if kind == "bottleneck":
            state = facts[record.id].state
            row |= {
                "status": state.status,
                "level": state.level,
                "addressees": list(state.addressees),
                # Each problem-solver's own addressing: level and status.
                "addressings": [
                    {"actor": a.actor, "level": a.level, "status": a.status}
                    for a in state.addressings
                ],
            }
        result.append(row)
    return result


def _row(record: Record, model: type[Record], include_personal: bool) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    row: dict[str, Any] = {}
    for name in model.model_fields:
        if name in model.personal_fields:
            if include_personal:
                contact = data.get(name) or {}
                for part in CONTACT_FIELDS:
                    row[f"{name}_{part}"] = contact.get(part)
            continue
        row[name] = data.get(name)
    return row


def columns(kind: str, include_personal: bool) -> list[str]:
    model = RECORD_TYPES[kind]
    names: list[str] = []
    for name in model.model_fields:
        if name in model.personal_fields:
            if include_personal:
                names += [f"{name}_{part}" for part in CONTACT_FIELDS]
            continue
        names.append(name)
    return names + (list(DERIVED) if kind == "bottleneck" else [])


def for_people(
    data: list[dict[str, Any]],
    header: list[str],
    kind: str,
    records: RecordSet,
    config: Config,
    lang: str,
) -> tuple[list[dict[str, Any]], list[str]]:
    """``data`` and ``header`` as a person reads them, in ``lang``."""
    specs = {spec.name: spec for spec in fields_of(kind)}
    specs["level"] = FieldSpec("level", "vocabulary", False, vocabulary="levels")
    specs["addressees"] = FieldSpec("addressees", "reference", False, True, target="actor")
    specs["status"] = FieldSpec("status", "choice", False)

    def name(target: str, key: str) -> str:
        record = records.of(target).get(key)
        return record.label() if record is not None else key

    def readable(column: str, value: Any) -> Any:
        if column == "addressings" and isinstance(value, list):
            return [
                f"{name('actor', a['actor'])}: {short_label(a['status'], lang)}"
                f" ({config.label('levels', a['level'] or '', lang)})"
                for a in value
            ]
        spec = specs.get(column)
        if value is None or spec is None:
            return value
        if isinstance(value, list):
            return [readable(column, v) for v in value]
        if spec.type == "reference" and spec.target:
            return name(spec.target, str(value))
        if spec.type == "vocabulary" and spec.vocabulary:
            return config.label(spec.vocabulary, str(value), lang)
        if spec.type == "choice":
            return short_label(str(value), lang)
        if spec.type == "bool":
            return yes_no(bool(value), lang)
        if spec.type == "date":
            return typed_date(dt.date.fromisoformat(str(value)), lang)
        return value

    people = [{column: readable(column, row.get(column)) for column in header} for row in data]
    labels = [
        label(FIELD_LABELS, column, lang) if column in FIELD_LABELS else column for column in header
    ]
    return [dict(zip(labels, row.values(), strict=True)) for row in people], labels


def to_csv(data: list[dict[str, Any]], header: list[str], delimiter: str = ";") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in data:
        writer.writerow([_cell(row.get(name)) for name in header])
    return "\ufeff" + buffer.getvalue()


def _item(value: Any) -> str:
    if isinstance(value, dict):  # an addressing, for programs: actor:level:status
        return ":".join(str(value.get(k) or "") for k in ("actor", "level", "status"))
    return str(value)


def _cell(value: Any) -> str:
    """One cell as text a spreadsheet shows and never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, list):
        return str(csv_cell(", ".join(_item(v) for v in value)))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(csv_cell(str(value)))
