"""``knelpunt export``: records as rows for a spreadsheet, or as JSON.

Contact persons are personal data: left out unless explicitly asked for. The
CSV is UTF-8 with a byte-order mark and semicolons, which is what Excel with
Dutch settings opens correctly (ë, é and ï included); lists are joined with
", " so a cell reads as a sentence. A cell that starts like a formula (``=``,
``+``, ``-``, ``@``) is written with a leading ``'`` so that it stays text.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from knelpunt.escape import csv_cell
from knelpunt.facts import facts_for
from knelpunt.fields import CONTACT_FIELDS
from knelpunt.models import RECORD_TYPES, Record
from knelpunt.store import RecordSet

DERIVED = ("status", "level", "addressees")


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


def to_csv(data: list[dict[str, Any]], header: list[str], delimiter: str = ";") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in data:
        writer.writerow([_cell(row.get(name)) for name in header])
    return "\ufeff" + buffer.getvalue()


def _cell(value: Any) -> str:
    """One cell as text a spreadsheet shows and never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, list):
        return str(csv_cell(", ".join(str(v) for v in value)))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(csv_cell(str(value)))
