"""``list bottlenecks`` and ``prioritise`` take each bottleneck's levels and
each problem-solver's own state from the one derivation, as ``show`` does
(issue 28): a bottleneck addressed to a municipality and to the VNG is at two
levels, never at the one routed last, whether the rows come from the records
or from the lean index.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from knelpunt.index import lean_bottlenecks
from knelpunt.repo import open_repository
from knelpunt.scanning import cache_database

TODAY = "2026-11-23"
#: Addressed to Gemeente Peel en Maas (local, in progress) and the VNG
#: (national, routed) in the example: the VNG was routed last.
TWO_LEVELS = "kp-r7x6c-wywyb"
OLD = 1_600_000_000_000_000_000  # 2020: nothing is 'racy', the caches answer


@pytest.fixture
def settled(example: Path) -> Path:
    for path in (example / "data").rglob("*.yaml"):
        os.utime(path, ns=(OLD, OLD))
    return example


def _json(run, *args: str, cwd: Path) -> list[dict]:
    result = run(*args, "--json", cwd=cwd)
    assert result.code == 0, result.err
    return json.loads(result.out)


def _shown(run, bottleneck_id: str, cwd: Path) -> dict:
    result = run("show", bottleneck_id, "--json", cwd=cwd)
    assert result.code == 0, result.err
    return json.loads(result.out)


def _same_state(row: dict, shown: dict) -> None:
    assert row["status"] == shown["status"], row["id"]
    assert row["levels"] == shown["levels"], row["id"]
    assert row["addressees"] == shown["addressees"], row["id"]
    assert row["addressings"] == shown["addressings"], row["id"]


def _from_the_index(root: Path) -> bool:
    return not lean_bottlenecks(open_repository(root, {}, root)).made


def test_list_and_prioritise_json_give_every_level_and_each_addressing_as_show_does(settled, run):
    listed = _json(run, "list", "bottlenecks", cwd=settled)
    # prioritise twice: first made from the records, then read from the index,
    # and with --top from the index's own query.
    ranked = _json(run, "prioritise", "--date", TODAY, cwd=settled)
    assert _from_the_index(settled)
    again = _json(run, "prioritise", "--date", "2026-11-24", cwd=settled)
    top = _json(run, "prioritise", "--top", "3", "--date", "2026-11-25", cwd=settled)
    assert [r["id"] for r in top] == [r["id"] for r in again][:3]
    shown = {row["id"]: _shown(run, row["id"], settled) for row in listed}
    for row in [*listed, *ranked, *again, *top]:
        _same_state(row, shown[row["id"]])
    two = next(r for r in listed if r["id"] == TWO_LEVELS)
    assert two["levels"] == ["local", "national"]
    assert [(a["level"], a["status"]) for a in two["addressings"]] == [
        ("local", "in-progress"),
        ("national", "routed"),
    ]
    assert "level" not in two  # no one level for the whole bottleneck
    # --explain gives the same state.
    explained = _json(run, "prioritise", "--explain", TWO_LEVELS, cwd=settled)
    _same_state({"id": TWO_LEVELS, **explained}, shown[TWO_LEVELS])


def _line(text: str, bottleneck_id: str) -> str:
    """The table's row of ``bottleneck_id``: each cell's wrapped lines joined,
    cells separated by " | "."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if bottleneck_id in line)
    rows = [lines[start].split("│")]
    for line in lines[start + 1 :]:
        cells = line.split("│")
        if len(cells) != len(rows[0]) or cells[1].strip():
            break  # the next row, or the table's end
        rows.append(cells)
    return " | ".join(
        " ".join(" ".join(" ".join(row[i] for row in rows).split()).split())
        for i in range(1, len(rows[0]) - 1)
    )


def test_the_tables_show_both_levels_and_each_solvers_own_status(settled, run):
    for attempt in ("from the records", "from the index"):
        listed = run("list", "bottlenecks", cwd=settled)
        assert listed.code == 0, (attempt, listed.err)
        row = _line(listed.out, TWO_LEVELS)
        assert "Lokaal (micro), Landelijk (macro)" in row, (attempt, row)
        assert (
            "Gemeente Peel en Maas (in behandeling), "
            "Vereniging van Nederlandse Gemeenten (geadresseerd)"
        ) in row, (attempt, row)
        ranked = run("prioritise", "--top", "5", "--date", TODAY, cwd=settled)
        assert ranked.code == 0, ranked.err
        assert "Lokaal (micro), Landelijk (macro)" in _line(ranked.out, TWO_LEVELS)
    assert _from_the_index(settled)
    english = run("--lang", "en", "list", "bottlenecks", cwd=settled).out
    assert "Local (micro), National (macro)" in _line(english, TWO_LEVELS)


def test_a_solver_with_the_bottlenecks_own_status_is_named_alone(settled, run):
    """Where every solver has the bottleneck's status, the status column says it."""
    rows = {r["id"]: r for r in _json(run, "list", "bottlenecks", cwd=settled)}
    same = next(
        r
        for r in rows.values()
        if len(r["addressings"]) > 1 and {a["status"] for a in r["addressings"]} == {r["status"]}
    )
    row = _line(run("list", "bottlenecks", cwd=settled).out, same["id"])
    assert "(" not in row.split(" | ")[5], row


def test_the_level_filter_finds_a_bottleneck_at_each_of_its_levels(settled, run):
    for level in ("local", "national", "Landelijk"):
        found = {r["id"] for r in _json(run, "list", "bottlenecks", "--level", level, cwd=settled)}
        assert TWO_LEVELS in found, level
        for attempt in range(2):  # from the records, then from the index
            text = run("list", "bottlenecks", "--level", level, cwd=settled).out
            assert TWO_LEVELS in text, (level, attempt)
    regional = _json(run, "list", "bottlenecks", "--level", "regional", cwd=settled)
    assert TWO_LEVELS not in {r["id"] for r in regional}
    assert all("regional" in r["levels"] for r in regional)


def test_an_index_written_by_an_older_knelpunt_is_made_again(settled, run):
    """Its table has other columns (and the file no ``user_version`` of the
    cache's format): it is made anew, not refused for good."""
    first = run("list", "bottlenecks", cwd=settled)
    assert first.code == 0, first.err
    path = cache_database(open_repository(settled, {}, settled)).path
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("DROP TABLE bottleneck")
        connection.execute(
            "CREATE TABLE bottleneck (id TEXT PRIMARY KEY, digest TEXT NOT NULL,"
            " title TEXT NOT NULL, level TEXT, search TEXT NOT NULL)"
        )
        connection.execute("INSERT INTO bottleneck VALUES ('kp-x', 'd', 'oud', 'local', '')")
        connection.execute("UPDATE meta SET value = 'older' WHERE name = 'rows'")
        connection.execute("PRAGMA user_version = 0")
    connection.close()
    assert not _from_the_index(settled)  # made from the records, and written
    assert _from_the_index(settled)
    assert run("prioritise", "--top", "3", cwd=settled).code == 0
    connection = sqlite3.connect(path)
    with connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(bottleneck)")]
        old = connection.execute("SELECT count(*) FROM bottleneck WHERE id = 'kp-x'").fetchone()
    connection.close()
    assert "levels" in columns and "level" not in columns
    assert old == (0,)
