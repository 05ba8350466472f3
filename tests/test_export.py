"""export: records as rows, for people (CSV in their words) or for programs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from knelpunt import export
from knelpunt.config import Config
from knelpunt.store import load_all
from tests import tiny

CELL = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20))
ROW = st.dictionaries(
    st.sampled_from(["id", "title", "laws", "x"]), st.one_of(CELL, st.lists(CELL, max_size=3))
)


@settings(max_examples=50)
@given(
    st.one_of(
        st.lists(ROW, max_size=4),
        st.dictionaries(st.text(max_size=5), st.lists(ROW, max_size=3), max_size=3),
    )
)
def test_json_pieces_is_json_dumps_in_pieces(data: Any) -> None:
    expected = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert "".join(export.json_pieces(data)) == expected


def test_json_pieces_hands_over_a_few_hundred_rows_at_a_time() -> None:
    rows = ({"id": n} for n in range(export.ROWS_A_PIECE * 2 + 1))
    pieces = list(export.json_pieces(rows))
    assert len(pieces) >= 3
    assert json.loads("".join(pieces)) == [{"id": n} for n in range(export.ROWS_A_PIECE * 2 + 1)]


def test_csv_for_excel_with_dutch_settings_and_no_formulas_for_people() -> None:
    rows = [{"title": "=SUM(A1)", "laws": ["wmo", "zvw"], "ok": True, "leeg": None}]
    header = ["title", "laws", "ok", "leeg"]
    text = "".join(export.csv_pieces(rows, header))
    assert text.startswith("\ufefftitle;laws;ok;leeg\r\n")
    assert list(csv.reader(io.StringIO(text[1:]), delimiter=";"))[1] == [
        "'=SUM(A1)",
        "wmo, zvw",
        "true",
        "",
    ]
    programs = "".join(export.csv_pieces(rows, header, for_people=False))
    assert "\r\n=SUM(A1);" in programs


def test_columns_leave_contact_persons_out_unless_asked() -> None:
    plain = export.columns("initiative", include_personal=False)
    assert "contact" not in plain and not any(c.startswith("contact_") for c in plain)
    personal = export.columns("initiative", include_personal=True)
    assert {"contact_name", "contact_email"} <= set(personal)
    assert export.columns("bottleneck", False)[-len(export.DERIVED) :] == list(export.DERIVED)


def test_rows_of_a_network_carry_the_derived_state_and_read_for_people(tmp_path: Path) -> None:
    root = tiny.new_network(tmp_path / "netwerk")
    tiny.initiative(
        root, "in-aaaaa-aaaaa", "Epen", frontrunner=True, contact={"name": "Els", "email": "e@x.nl"}
    )
    tiny.actor(root, "ac-aaaaa-aaaaa", "Gemeente Gulpen-Wittem")
    tiny.bottleneck(root, "kp-bbbbb-bbbbb", "Later", reported_by=["in-aaaaa-aaaaa"])
    tiny.bottleneck(root, "kp-aaaaa-aaaaa", "Vpb", laws=["wmo"])
    tiny.step(
        root,
        "kp-aaaaa-aaaaa",
        "20260401-101500-aaaaa",
        status="routed",
        level="local",
        addressees=["ac-aaaaa-aaaaa"],
    )
    records = load_all(tiny.repository(root), use_cache=False)
    rows = export.rows(records, "bottleneck", include_personal=False)
    assert [r["id"] for r in rows] == ["kp-aaaaa-aaaaa", "kp-bbbbb-bbbbb"]  # by id
    first = rows[0]
    assert (first["status"], first["level"], first["addressees"]) == (
        "routed",
        "local",
        ["ac-aaaaa-aaaaa"],
    )
    assert first["addressings"][0]["actor"] == "ac-aaaaa-aaaaa"
    assert rows[1]["status"] == "reported" and rows[1]["levels"] == []
    [initiative] = export.rows(records, "initiative", include_personal=False)
    assert "contact" not in initiative and "Els" not in json.dumps(initiative)
    header = export.columns("bottleneck", False)
    readable, labels = export.rows_for_people(rows, header, "bottleneck", records, Config(), "nl")
    people = list(readable)
    assert "Titel" in labels and "Thema" in labels
    assert people[0]["Thema"] == "Financiën" and people[0]["Gemeld op"] == "03-03-2026"
    assert people[1]["Gemeld door (initiatieven)"] == ["Epen"]
    [person] = export.rows_for_people(
        export.rows(records, "initiative", False),
        export.columns("initiative", False),
        "initiative",
        records,
        Config(),
        "nl",
    )[0]
    assert "ja" in person.values()
