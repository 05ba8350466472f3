"""Writing records: round-trip fidelity, minimal diffs, atomic and never overwriting."""

from __future__ import annotations

import datetime as dt
import difflib
import os

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from knelpunt import store, texts, yamlio
from knelpunt.config import Config
from knelpunt.errors import RecordError
from knelpunt.models import Bottleneck, validate
from knelpunt.repo import Repository, open_repository
from knelpunt.scanning import scan
from knelpunt.store import load_all

# Text as people type it: letters of any script, digits, punctuation, spaces
# and line breaks; no control characters.
human_text = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"), blacklist_characters="\ufeff"
    )
    | st.sampled_from(["\n", " ", ":", "#", "-", "'", '"', "ë", "é", "ï"]),
    min_size=1,
    max_size=200,
).filter(lambda s: s.strip() == s and s != "")

ids = st.from_regex(r"\A[a-z]{2}-[0-9a-z]{5}-[0-9a-z]{5}\Z")

bottlenecks = st.builds(
    Bottleneck,
    id=st.just("kp-aaaaa-bbbbb"),
    title=human_text.filter(lambda s: "\n" not in s),
    description=human_text,
    theme=st.sampled_from(["cooperation", "regulation", "finance"]),
    type=st.sampled_from(["hard", "implementation", "culture"]),
    laws=st.lists(st.sampled_from(["wmo", "zvw", "wlz", "vpb"]), unique=True),
    tags=st.lists(st.from_regex(r"\A[a-z]{1,8}\Z"), max_size=3),
    severity=st.none() | st.integers(1, 5),
    reported_on=st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    reported_by=st.lists(ids, max_size=4),
    meetings=st.lists(ids, max_size=3),
)


def reload(text: str) -> Bottleneck:
    record = validate("bottleneck", yamlio.fast_load(text), Config())
    assert isinstance(record, Bottleneck)
    return record


@settings(max_examples=150, deadline=None)
@given(bottlenecks)
def test_dump_then_load_keeps_the_data(record):
    text = store.record_text(record)
    assert reload(text) == record
    # The round-trip reader used for editing reads it the same way, and
    # writing it back unchanged gives the same bytes.
    document = yamlio.editing_yaml().load(text)
    assert yamlio.dump(document) == text


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    record=bottlenecks,
    new_title=human_text.filter(lambda s: "\n" not in s),
    field=st.sampled_from(["title", "severity", "theme"]),
)
def test_changing_one_field_changes_only_its_lines(record, new_title, field, tmp_path_factory):
    root = tmp_path_factory.mktemp("repo")
    repo = Repository(root, Config())
    commented = "# Opgehaald bij de verkenning in Gemert  \n" + store.record_text(record)
    commented = commented.replace("\ntheme:", "\n# thema bepaald door de coördinatiegroep\ntheme:")
    path = repo.record_path("bottleneck", record.id)
    path.parent.mkdir(parents=True)
    path.write_text(commented)
    assume(new_title != record.title)
    values = {
        "title": new_title,
        "severity": 2 if record.severity != 2 else 3,
        "theme": "finance" if record.theme != "finance" else "cooperation",
    }

    def change(document):
        document[field] = values[field]

    updated = store.edit(repo, "bottleneck", record.id, change)
    assert getattr(updated, field) == values[field]
    after = path.read_text()
    removed = [
        line
        for line in difflib.ndiff(commented.splitlines(), after.splitlines())
        if line.startswith("- ")
    ]
    added = [
        line
        for line in difflib.ndiff(commented.splitlines(), after.splitlines())
        if line.startswith("+ ")
    ]
    prefix = f"{field}:"
    if field == "severity" and record.severity is None:
        assert removed == []
    else:
        assert len(removed) == 1 and removed[0][2:].startswith(prefix), (removed, added)
    assert len(added) == 1 and added[0][2:].startswith(prefix), (removed, added)
    assert after.startswith("# Opgehaald bij de verkenning in Gemert  \n")
    assert "# thema bepaald door de coördinatiegroep\n" in after


def test_edit_keeps_a_hand_written_file_byte_for_byte(tmp_path):
    repo = Repository(tmp_path, Config())
    original = (
        "# Knelpunt uit de verkenning Oost-Brabant\n"
        "id: kp-aaaaa-bbbbb\n"
        "title: 'Vpb voor zorgcoöperaties'   # kort houden\n"
        "description: |-\n"
        "  Regel één.\n"
        "\n"
        "  Regel drie: na een lege regel.\n"
        "theme: regulation\n"
        "type: hard\n"
        "laws:\n"
        "  - vpb      # vennootschapsbelasting\n"
        "  - anbi\n"
        "reported_on: 2026-03-03\n"
        "severity: 3\n"
    )
    path = repo.record_path("bottleneck", "kp-aaaaa-bbbbb")
    path.parent.mkdir(parents=True)
    path.write_text(original)

    def change(document):
        document["severity"] = 4

    store.edit(repo, "bottleneck", "kp-aaaaa-bbbbb", change)
    assert path.read_text() == original.replace("severity: 3", "severity: 4")


def test_edit_keeps_crlf_and_bom(tmp_path):
    repo = Repository(tmp_path, Config())
    original = (
        "\ufeffid: kp-aaaaa-bbbbb\ntitle: t\ndescription: d\ntheme: finance\n"
        "type: hard\nreported_on: 2026-03-03\n"
    ).replace("\n", "\r\n")
    path = repo.record_path("bottleneck", "kp-aaaaa-bbbbb")
    path.parent.mkdir(parents=True)
    path.write_bytes(original.encode())
    store.edit(repo, "bottleneck", "kp-aaaaa-bbbbb", lambda d: d.__setitem__("title", "u"))
    assert path.read_bytes() == original.replace("title: t", "title: u").encode()


def test_an_edit_that_breaks_the_record_writes_nothing(tmp_path):
    repo = Repository(tmp_path, Config())
    path = repo.record_path("bottleneck", "kp-aaaaa-bbbbb")
    path.parent.mkdir(parents=True)
    text = (
        "id: kp-aaaaa-bbbbb\ntitle: t\ndescription: d\ntheme: finance\ntype: hard\n"
        "reported_on: 2026-03-03\n"
    )
    path.write_text(text)
    with pytest.raises(Exception):  # noqa: B017 - any validation error will do
        store.edit(repo, "bottleneck", "kp-aaaaa-bbbbb", lambda d: d.__setitem__("theme", "x"))
    assert path.read_text() == text
    assert sorted(p.name for p in path.parent.iterdir()) == ["kp-aaaaa-bbbbb.yaml"]


def test_create_never_overwrites_another_record(tmp_path):
    repo = Repository(tmp_path, Config())
    record = Bottleneck(
        id="kp-aaaaa-bbbbb",
        title="t",
        description="d",
        theme="finance",
        type="hard",
        reported_on=dt.date(2026, 3, 3),
    )
    path = store.create(repo, record)
    first = path.read_bytes()
    with pytest.raises(RecordError) as raised:
        store.create(repo, record.model_copy(update={"title": "ander"}))
    assert raised.value.key == "record_exists"
    assert path.read_bytes() == first
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left


def test_unused_id_is_new(tmp_path):
    repo = Repository(tmp_path, Config())
    made = {store.unused_id(repo, "bottleneck") for _ in range(100)}
    assert len(made) == 100


def test_new_file_is_in_house_style(tmp_path):
    repo = Repository(tmp_path, Config())
    record = Bottleneck(
        id="kp-aaaaa-bbbbb",
        title="Vpb: voor coöperaties",
        description="Eerste regel.\nTweede regel.",
        theme="finance",
        type="hard",
        reported_on=dt.date(2026, 3, 3),
        laws=["vpb", "anbi"],
    )
    text = store.create(repo, record).read_text()
    assert text == (
        "# yaml-language-server: $schema=../../schemas/bottleneck.schema.json\n"
        "id: kp-aaaaa-bbbbb\n"
        "title: 'Vpb: voor coöperaties'\n"
        "description: |-\n"
        "  Eerste regel.\n"
        "  Tweede regel.\n"
        "theme: finance\n"
        "type: hard\n"
        "laws:\n"
        "  - vpb\n"
        "  - anbi\n"
        "reported_on: 2026-03-03\n"
    )


def test_the_fast_reader_uses_the_c_parser():
    # Without ruamel.yaml.clib the safe loader silently runs in pure Python, 5x slower.
    assert yamlio._safe_yaml().Parser.__name__ == "CParser"


def test_reading_records_leaves_nothing_for_the_cycle_collector(example):
    """Reading runs with the cycle collector paused (it would only walk the
    records made so far): so it must make no cycle. ruamel's loader points at
    itself and once left one behind for every file."""
    import gc

    repo = open_repository(example, {}, example)
    sources = scan(repo, use_cache=False).sources
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        parsed = store._parse_chunk(repo.config, sources, keep=True, lean=True)
        left = gc.collect()
    finally:
        if was:
            gc.enable()
    assert len(parsed) == len(sources) > 100 and any(row for *_, row in parsed)
    assert left == 0


@pytest.mark.parametrize("few", [0, 100_000], ids=["from-the-cache", "from-the-files"])
def test_show_gives_back_the_long_text_a_lean_set_left_out(example, run, monkeypatch, few):
    """show reads the records without their long text and takes back only
    that of the record shown and its history: from the record cache, or from
    the files again. It shows what the files say."""
    import json

    from knelpunt.models import LEFT_OUT

    monkeypatch.setattr(texts, "FEW_TEXTS", few)
    old = 1_600_000_000_000_000_000  # outside the racy window: the cache is used
    for path in (example / "data").rglob("*.yaml"):
        os.utime(path, ns=(old, old))
    assert run("check", cwd=example).code == 0  # fills the record cache
    whole = load_all(open_repository(example, {}, example))
    lean = load_all(open_repository(example, {}, example), lean=True)
    assert lean.parsed == 0
    assert lean.bottlenecks["kp-rwj1j-hr94w"].__dict__["description"] is LEFT_OUT
    shown = json.loads(run("show", "kp-rwj1j-hr94w", "--json", cwd=example).out)
    assert shown["record"]["description"] == whole.bottlenecks["kp-rwj1j-hr94w"].description
    notes = [u.note for u in whole.updates["kp-rwj1j-hr94w"] if u.note]
    assert notes and [h["note"] for h in shown["history"] if h["note"]] == notes
