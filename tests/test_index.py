"""The lean SQLite index behind ``list bottlenecks`` and ``prioritise`` is a
cache: never stale, and deleting or breaking it changes nothing but speed."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knelpunt.facts import facts_for
from knelpunt.index import BottleneckIndex, LeanBottleneck, lean_bottlenecks, lean_of
from knelpunt.priority import score
from knelpunt.repo import open_repository
from knelpunt.scanning import cache_database
from knelpunt.store import load_all

TODAY = "2026-11-23"
OLD = 1_600_000_000_000_000_000  # 2020: far outside the racy window


def listed(run, root: Path) -> str:
    result = run("list", "bottlenecks", cwd=root)
    assert result.code == 0, result.err
    return result.out


def index_file(root: Path) -> Path:
    return cache_database(open_repository(root, {}, root)).path


def uses_the_index(root: Path) -> bool:
    """Whether the next listing comes from the index alone, not the records."""
    return not lean_bottlenecks(open_repository(root, {}, root)).made


@pytest.fixture
def settled(example: Path) -> Path:
    """The example with old modification times: nothing is 'racy', so a second
    command is served from the caches."""
    for path in (example / "data").rglob("*.yaml"):
        os.utime(path, ns=(OLD, OLD))
    return example


def test_the_index_answers_the_second_listing_the_same_as_the_records(settled, run):
    first = listed(run, settled)
    assert index_file(settled).is_file()
    assert uses_the_index(settled)
    assert listed(run, settled) == first
    # The same rows as the JSON listing, which reads every record.
    rows = json.loads(run("list", "bottlenecks", "--json", cwd=settled).out)
    order = re.findall(r"kp-[0-9a-z]{5}-[0-9a-z]{5}", first)
    assert order == [row["id"] for row in rows]


def test_search_from_the_index_finds_words_in_descriptions_as_the_records_do(settled, run):
    """The rows hold no description; ``--search`` asks the index for the
    bottlenecks whose text holds the words, and finds what the records give."""
    from knelpunt.index import lean_bottlenecks
    from knelpunt.similar import normalise

    records = load_all(open_repository(settled, {}, settled))
    word = "vennootschapsbelasting"
    expected = sorted(
        b.id
        for b in records.bottlenecks.values()
        if normalise(word) in normalise(f"{b.title} {b.description}")
    )
    # At least one of them has the word in its description alone.
    assert any(word not in records.bottlenecks[i].title.lower() for i in expected)
    listed(run, settled)  # the index is made
    lean = lean_bottlenecks(open_repository(settled, {}, settled))
    assert not lean.made and sorted(lean.matching(normalise(word))) == expected
    out = run("list", "bottlenecks", "--search", word.upper(), "--json", cwd=settled).out
    assert sorted(row["id"] for row in json.loads(out)) == expected


@pytest.mark.parametrize("few", [0, 100_000], ids=["from-the-cache", "from-the-files"])
def test_the_index_made_from_a_lean_set_holds_every_description(settled, run, monkeypatch, few):
    """The index is made from records without their long text; the
    descriptions of the rows that changed are taken from the record cache or
    read again from their files: either way the full-text table holds each
    one as the file says, before and after an edit."""
    import knelpunt.texts

    monkeypatch.setattr(knelpunt.texts, "FEW_TEXTS", few)
    load_all(open_repository(settled, {}, settled))  # the record cache
    lean = lean_bottlenecks(open_repository(settled, {}, settled))
    assert lean.made and lean.records is None and lean.index is not None

    def texts() -> dict[str, str]:
        with sqlite3.connect(index_file(settled)) as connection:
            return dict(connection.execute("SELECT id, description FROM fulltext"))

    whole = load_all(open_repository(settled, {}, settled))
    assert texts() == {i: b.description for i, b in whole.bottlenecks.items()}
    path = settled / "data" / "bottlenecks" / "kp-rwj1j-hr94w.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  De Belastingdienst", "  Zeppelinhaven. De Belastingdienst", 1))
    os.utime(path, ns=(OLD, OLD))
    lean = lean_bottlenecks(open_repository(settled, {}, settled))
    assert lean.made and lean.matching("zeppelinhaven") == {"kp-rwj1j-hr94w"}
    assert texts()["kp-rwj1j-hr94w"].startswith("Zeppelinhaven. ")
    assert not lean_bottlenecks(open_repository(settled, {}, settled)).made


def test_an_edit_with_the_same_size_and_time_is_seen(settled, run):
    listed(run, settled)
    path = settled / "data" / "bottlenecks" / "kp-rwj1j-hr94w.yaml"
    text = path.read_text(encoding="utf-8")
    changed = text.replace("title: Zorgcoöperaties", "title: Zorgcoöperatiez", 1)
    assert len(changed.encode()) == len(text.encode())
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(OLD, OLD))
    assert "Zorgcoöperatiez betalen" in listed(run, settled)
    assert "Zorgcoöperatiez betalen" in listed(run, settled)  # and from the index


def test_a_new_history_entry_changes_the_status_shown(settled, run):
    def declined() -> str:
        result = run("list", "bottlenecks", "--status", "solved-locally", cwd=settled)
        assert result.code == 0, result.err
        return result.out

    assert "kp-efc28-gkfd2" not in declined()
    result = run(
        "update", "kp-efc28-gkfd2", "--status", "solved-locally", "--note", "n", "--by", "T",
        cwd=settled,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "kp-efc28-gkfd2" in declined()
    assert "kp-efc28-gkfd2" in declined()  # and from the index


def test_a_deleted_index_is_made_again(settled, run):
    first = listed(run, settled)
    index_file(settled).unlink()
    assert listed(run, settled) == first
    assert index_file(settled).is_file() and uses_the_index(settled)


@pytest.mark.parametrize("damage", [b"not a database", b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_corrupt_index_is_replaced(settled, run, damage):
    first = listed(run, settled)
    index_file(settled).write_bytes(damage)
    assert listed(run, settled) == first
    assert uses_the_index(settled)
    with sqlite3.connect(index_file(settled)) as connection:
        assert connection.execute("SELECT count(*) FROM bottleneck").fetchone()[0] > 20


def test_an_index_with_wrong_rows_for_its_token_is_never_trusted_across_a_change(settled, run):
    """Rows are tied to the manifest of every file: an index copied from an
    older state of the repository is not used for the new one."""
    listed(run, settled)
    saved = index_file(settled).read_bytes()
    path = settled / "data" / "bottlenecks" / "kp-rwj1j-hr94w.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("severity: 4", "severity: 1"))
    index_file(settled).write_bytes(saved)
    assert not uses_the_index(settled)


def test_a_changed_weight_in_the_configuration_changes_the_scores(settled, run):
    before = run("prioritise", "--json", "--date", TODAY, cwd=settled).out
    config = settled / "knelpunt.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("reach: 2.0", "reach: 20.0"))
    after = json.loads(run("prioritise", "--json", "--date", TODAY, cwd=settled).out)
    assert before != json.dumps(after)
    assert all(row["parts"]["reach"]["weight"] == 20.0 for row in after)


def test_an_index_that_is_a_link_is_not_read(settled, run, tmp_path):
    first = listed(run, settled)
    target = index_file(settled)
    elsewhere = tmp_path / "elsewhere.sqlite"
    shutil.move(target, elsewhere)
    target.symlink_to(elsewhere)
    index = BottleneckIndex(cache_database(open_repository(settled, {}, settled)))
    assert index.read("anything") is None
    assert listed(run, settled) == first
    assert target.is_symlink()  # left alone, not written through


def test_prioritise_from_the_index_matches_the_records(settled, run):
    cold = run("prioritise", "--json", "--date", TODAY, cwd=settled).out
    assert uses_the_index(settled)
    assert run("prioritise", "--json", "--date", TODAY, cwd=settled).out == cold
    records = load_all(open_repository(settled, {}, settled))
    facts = facts_for(records)
    rows = json.loads(cold)
    assert [row["id"] for row in rows][:3] == ["kp-r7x6c-wywyb", "kp-rwj1j-hr94w", rows[2]["id"]]
    assert all(row["id"] in facts for row in rows)


ids = st.text("0123456789abcdefghjkmnpqrstvwxyz", min_size=1, max_size=12).map(lambda s: "x-" + s)


@settings(max_examples=60, deadline=None)
@given(
    reporters=st.lists(ids, max_size=5, unique=True),
    regions=st.frozensets(st.sampled_from(["zuid-limburg", "zeeland", "noord-nederland"])),
    phases=st.frozensets(st.sampled_from([1, 2, 3])),
    severity=st.one_of(st.none(), st.integers(1, 5)),
    title=st.text(max_size=40),
    levels=st.lists(st.sampled_from(["local", "regional", "national"]), unique=True),
    ranking=st.floats(0, 10),
)
def test_a_row_reads_back_as_it_was_written(
    reporters, regions, phases, severity, title, levels, ranking
):
    import datetime as dt
    import json

    addressings = json.dumps([{"actor": r, "status": "routed", "rule": title} for r in reporters])
    lean = LeanBottleneck(
        id="kp-a", title=title, theme="finance", kind="hard", severity=severity,
        reported_on=dt.date(2026, 3, 1), status="routed", levels=tuple(levels),
        addressees=tuple(reporters), statuses=("routed",) * len(reporters),
        addressings=addressings, is_open=True, reporters=tuple(reporters), regions=regions,
        provinces=regions, phases=phases, stakeholders=(), supporters=tuple(reporters),
        ranking=ranking,
    )  # fmt: skip
    assert LeanBottleneck.from_row(lean.as_row()) == lean


def test_lean_rows_score_as_the_facts_do(example):
    import datetime as dt

    repo = open_repository(example, {}, example)
    records = load_all(repo)
    today = dt.date(2026, 11, 23)
    for facts in facts_for(records).values():
        lean = LeanBottleneck.from_row(lean_of(facts).as_row())
        assert score(lean, repo.config.priority, today) == score(facts, repo.config.priority, today)


def test_the_full_text_search_finds_what_comparing_every_bottleneck_finds(
    settled, run, monkeypatch
):
    """At intake in a large repository only the bottlenecks the full-text index
    finds are compared. Made small here (eight per search): each bottleneck of
    the example, typed again as new, still finds itself first."""
    from types import SimpleNamespace

    import knelpunt.index
    from knelpunt.index import similar_bottlenecks
    from knelpunt.similar import similar_in

    monkeypatch.setattr(knelpunt.index, "CANDIDATES", 8)
    listed(run, settled)
    repo = open_repository(settled, {}, settled)
    records = load_all(repo)
    assert records.manifest is not None
    for bottleneck in records.bottlenecks.values():
        if records.state(bottleneck.id).status == "merged":
            continue  # never offered: the one it was merged into is
        new = SimpleNamespace(
            title=" ".join(bottleneck.title.split()[:4]),
            description=bottleneck.description[:120],
            theme=bottleneck.theme,
            laws=list(bottleneck.laws),
            tags=[],
        )
        found = similar_bottlenecks(repo, records, new)
        assert found[0] == similar_in(records, new)[0]
        assert found[0].id == bottleneck.id
        assert len(found) <= 6
        # A lean set (as `add` reads) takes back the candidates' descriptions
        # and finds the same.
        lean = load_all(repo, lean=True)
        assert similar_bottlenecks(repo, lean, new) == found


def test_similar_bottlenecks_without_an_index_compares_every_one(settled):
    from types import SimpleNamespace

    from knelpunt.index import similar_bottlenecks
    from knelpunt.similar import similar_in

    repo = open_repository(settled, {}, settled)
    records = load_all(repo, use_cache=False)
    assert records.manifest is None
    new = SimpleNamespace(title="Vennootschapsbelasting", description="", theme=None)
    assert similar_bottlenecks(repo, records, new) == similar_in(records, new)
    assert similar_bottlenecks(repo, records, new)[0].id == "kp-rwj1j-hr94w"
    # A lean set without a cache: every description is read back from its file.
    lean = load_all(repo, use_cache=False, lean=True)
    assert similar_bottlenecks(repo, lean, new) == similar_in(records, new)


# --- rendered reports --------------------------------------------------------------


def report(run, root: Path, *args: str) -> str:
    result = run("report", *args, "--date", TODAY, cwd=root)
    assert result.code == 0, result.err
    return result.out


def memos(root: Path) -> int:
    with sqlite3.connect(index_file(root)) as connection:
        return int(connection.execute("SELECT count(*) FROM memo").fetchone()[0])


def test_a_report_asked_again_comes_from_the_memo_and_follows_every_change(settled, run):
    first = report(run, settled)
    assert memos(settled) == 1
    assert report(run, settled) == first and memos(settled) == 1
    # A record changed (same size, same time): rendered again.
    path = settled / "data" / "bottlenecks" / "kp-rwj1j-hr94w.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Zorgcoöperaties", "title: Zorgcoöperatiez", 1))
    os.utime(path, ns=(OLD, OLD))
    assert "Zorgcoöperatiez betalen" in report(run, settled)
    # The repository's own template: rendered with it.
    own = settled / "templates" / "progress.md.j2"
    own.parent.mkdir()
    own.write_text("Eigen: {{ bottlenecks_total }}\n", encoding="utf-8")
    assert report(run, settled) == "Eigen: 26\n"
    own.write_text("Anders: {{ bottlenecks_total }}\n", encoding="utf-8")
    assert report(run, settled) == "Anders: 26\n"
    # A template added next to it, in the same process: used as well.
    (own.parent / "agenda.md.j2").write_text("Eigen agenda\n", encoding="utf-8")
    assert report(run, settled, "agenda") == "Eigen agenda\n"


def test_each_question_has_its_own_memo(settled, run):
    nl = report(run, settled)
    en = run("--lang", "en", "report", "--date", TODAY, cwd=settled).out
    other_day = run("report", "--date", "2026-11-24", cwd=settled).out
    agenda = report(run, settled, "agenda", "--for", "ac-f6dtf-2x37r")
    html = report(run, settled, "--format", "html")
    assert len({nl, en, other_day, agenda, html}) == 5
    assert "24 november 2026" in other_day and "<html" in html
    assert memos(settled) == 5
    assert report(run, settled) == nl


def test_a_report_with_a_broken_index_is_still_made(settled, run):
    first = report(run, settled)
    index_file(settled).write_bytes(b"garbage")
    assert report(run, settled) == first


weights = st.floats(min_value=-5, max_value=50, allow_nan=False).map(lambda w: round(w, 2))


@settings(max_examples=40, deadline=None)
@given(
    reach=weights,
    regions=weights,
    severity=weights,
    age=weights,
    hard=weights,
    phase=weights,
    top=st.integers(1, 30),
    day=st.dates(min_value=__import__("datetime").date(2026, 1, 1)),
)
def test_the_top_from_the_index_is_the_top_of_all(
    ranked_example, reach, regions, severity, age, hard, phase, top, day
):
    """``prioritise --top N`` scores only the rows SQLite finds near the top:
    for any weights and day, the same ranking as scoring every bottleneck."""
    from knelpunt.config import Priority
    from knelpunt.index import highest_bottlenecks
    from knelpunt.priority import rank

    repo = open_repository(ranked_example, {}, ranked_example)
    priority = Priority(
        reach=reach, regions=regions, severity=severity, age_per_month=age,
        types={"hard": hard, "implementation": 1.0, "culture": 0.5}, phases={1: phase, 3: 1.5},
    )  # fmt: skip
    everything = lean_bottlenecks(repo).rows.values()  # the index is current after this
    near_top = list(highest_bottlenecks(repo, priority, day, top).rows.values())
    assert len(near_top) < len(list(everything)) or top >= 20
    assert rank(near_top, priority, day)[:top] == rank(everything, priority, day)[:top]


@pytest.fixture(scope="module")
def ranked_example(tmp_path_factory):
    """The example, copied once for the module (its index is made by the
    first test that lists, in the test run's own cache folder)."""
    from tests.conftest import copy_example

    root = copy_example(tmp_path_factory.mktemp("ranked") / "example")
    for path in (root / "data").rglob("*.yaml"):
        os.utime(path, ns=(OLD, OLD))
    return root
