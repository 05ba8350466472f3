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
``+``, ``-``, ``@``) is written with a leading ``'`` so that it stays text:
Excel hides that quote, LibreOffice shows it (in the cell and in print), a
small price for a cell that never runs. ``--keys`` is for programs, which run
no formulas: its cells are written as the records hold them (a title
``=SUM(A1)`` stays ``=SUM(A1)``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from knelpunt.config import Config
from knelpunt.escape import csv_cell
from knelpunt.facts import facts_for, levels_of
from knelpunt.field_text import ONE_PER_LINE, FieldWords
from knelpunt.fields import CONTACT_FIELDS, FieldSpec, fields_of
from knelpunt.index import addressing_json
from knelpunt.messages import FIELD_LABELS, label
from knelpunt.models import RECORD_TYPES, Record
from knelpunt.store import RecordSet

DERIVED = ("status", "level", "levels", "addressees", "addressings")


#: Where a record is in a record set: its kind and id (``RecordSet.at``).
Place = tuple[str, str]
#: The whole records, long text and all, of the rows a lean set exports, in
#: the order of ``places`` (``texts.in_order``).
Wholes = Iterator[tuple[Place, Any]]


def rows(records: RecordSet, kind: str, include_personal: bool) -> list[dict[str, Any]]:
    return list(iter_rows(records, kind, include_personal))


def places(records: RecordSet, kind: str) -> list[Place]:
    """The records of ``kind`` in the order they are exported: by id."""
    return [(kind, record_id) for record_id in sorted(records.of(kind))]


def iter_rows(
    records: RecordSet, kind: str, include_personal: bool, wholes: Wholes | None = None
) -> Iterator[dict[str, Any]]:
    """The rows of ``kind``, one at a time: an export of 50,000 bottlenecks is
    written as it is made, never held whole (with its text, several times).
    From a lean set, each row's long text is taken from ``wholes``, which
    hands over the records of ``places(records, kind)`` in turn."""
    facts = facts_for(records) if kind == "bottleneck" else {}
    model = RECORD_TYPES[kind]
    of_kind = records.of(kind)
    for place in places(records, kind):
        record = of_kind[place[1]]
        if wholes is not None:
            given, whole = next(wholes)
            assert given == place, "wholes must follow places()"
            if whole is not None:  # None: the file changed since; shown without its text
                record = whole
        row = _row(record, model, include_personal)
        if kind == "bottleneck":
            state = facts[record.id].state
            row |= {
                "status": state.status,
                "level": state.level,
                # Every level it is addressed at, and each problem-solver's
                # own addressing as ``show --json`` gives it.
                "levels": list(levels_of(state)),
                "addressees": list(state.addressees),
                "addressings": [addressing_json(a) for a in state.addressings],
            }
        yield row


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


def rows_for_people(
    data: Iterable[dict[str, Any]],
    header: list[str],
    kind: str,
    records: RecordSet,
    config: Config,
    lang: str,
) -> tuple[Iterator[dict[str, Any]], list[str]]:
    """The rows of ``data`` and ``header`` as a person reads them, in ``lang``,
    a row at a time."""
    specs = {spec.name: spec for spec in fields_of(kind)}
    specs["level"] = FieldSpec("level", "vocabulary", False, vocabulary="levels")
    specs["levels"] = FieldSpec("levels", "vocabulary", False, True, vocabulary="levels")
    specs["addressees"] = FieldSpec("addressees", "reference", False, True, target="actor")
    specs["status"] = FieldSpec("status", "choice", False)

    def name(target: str, key: str) -> str:
        record = records.of(target).get(key)
        return record.label() if record is not None else key

    # Dates as typed (a spreadsheet reads 01-11-2026 as a date), short labels.
    words = FieldWords(config, lang, name, typed_dates=True, short_choices=True)

    def readable(column: str, value: Any) -> Any:
        spec = specs.get(column)
        if value is None or (spec is None and column not in ONE_PER_LINE):
            return value  # a derived number (score, count) stays a number
        if column == "sources":
            return value  # as --source takes it, to be typed back (see _item)
        if spec is not None and spec.type in ("text", "int"):
            return value  # a text as written, a number a spreadsheet can add up
        found = words.items(column, spec, value)
        return found if isinstance(value, list) else (found[0] if found else "")

    labels = [
        label(FIELD_LABELS, column, lang) if column in FIELD_LABELS else column for column in header
    ]

    def readable_rows() -> Iterator[dict[str, Any]]:
        for row in data:
            yield dict(zip(labels, [readable(c, row.get(c)) for c in header], strict=True))

    return readable_rows(), labels


#: Rows in each piece of text ``csv_pieces`` and ``json_pieces`` hand over.
ROWS_A_PIECE = 500


def csv_pieces(
    data: Iterable[dict[str, Any]],
    header: list[str],
    delimiter: str = ";",
    for_people: bool = True,
) -> Iterator[str]:
    """The CSV of ``data``, a few hundred rows at a time; ``for_people``: a
    cell that starts like a formula gets a leading ``'`` (not for programs)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for count, row in enumerate(data, start=1):
        writer.writerow([_cell(row.get(name), for_people) for name in header])
        if count % ROWS_A_PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_pieces(
    data: Mapping[str, Iterable[dict[str, Any]]] | Iterable[dict[str, Any]],
) -> Iterator[str]:
    """What ``json.dumps(data, ensure_ascii=False, indent=2) + "\\n"`` gives,
    with the rows made and written a few hundred at a time: a list of rows, or
    an object whose values are lists of rows."""
    if isinstance(data, Mapping):
        if not data:
            yield "{}\n"
            return
        yield "{\n"
        for number, (key, value) in enumerate(data.items()):
            yield ("" if number == 0 else ",\n") + f"  {json.dumps(key, ensure_ascii=False)}: "
            yield from _json_list(value, 1)
        yield "\n}\n"
    else:
        yield from _json_list(data, 0)
        yield "\n"


def _json_list(rows: Iterable[dict[str, Any]], depth: int) -> Iterator[str]:
    outer = "  " * depth
    inner = outer + "  "
    pieces: list[str] = []
    empty = True
    for row in rows:
        text = json.dumps(row, ensure_ascii=False, indent=2).replace("\n", "\n" + inner)
        pieces.append(("[\n" if empty else ",\n") + inner + text)
        empty = False
        if len(pieces) >= ROWS_A_PIECE:
            yield "".join(pieces)
            pieces.clear()
    yield "".join(pieces)
    yield "[]" if empty else f"\n{outer}]"


def _item(value: Any) -> str:
    if isinstance(value, dict) and "title" in value:  # a source, as --source takes it
        parts = [str(value.get(k) or "") for k in ("title", "year", "publisher", "link")]
        return "; ".join(parts).rstrip("; ")
    if isinstance(value, dict) and "initiative" in value:  # an adoption: initiative:date:result
        return ":".join(str(value.get(k) or "") for k in ("initiative", "date", "result"))
    if isinstance(value, dict):  # an addressing, for programs: actor:level:status
        return ":".join(str(value.get(k) or "") for k in ("actor", "level", "status"))
    return str(value)


def _cell(value: Any, for_people: bool = True) -> str:
    """One cell: for people, as text a spreadsheet shows and never runs as a
    formula; for programs, as it is."""
    guard = csv_cell if for_people else _as_is
    if value is None:
        return ""
    if isinstance(value, list):
        return str(guard(", ".join(_item(v) for v in value)))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(guard(str(value)))


def _as_is(value: Any) -> Any:
    return value
