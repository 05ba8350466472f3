"""yamlio: reading record files (one reading for every command) and writing them in house style."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knelpunt import yamlio
from knelpunt.yamlio import ParseFailure

TEXT = st.text(st.characters(blacklist_categories=("Cs",)))
VALUE = st.recursive(
    st.one_of(TEXT, st.integers(min_value=-(10**30), max_value=10**30), st.booleans()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), inner, max_size=3),
    ),
    max_leaves=8,
)


@given(
    st.dictionaries(st.from_regex(r"[a-z_]{1,10}", fullmatch=True), VALUE, min_size=1, max_size=5)
)
def test_what_knelpunt_writes_reads_back_the_same(record: dict[str, object]) -> None:
    text = yamlio.dump(yamlio.to_yaml_value(record))
    assert yamlio.fast_load(text) == record
    assert yamlio.load_for_editing(text) == record


@given(TEXT)
def test_a_text_is_written_where_a_reviewer_sees_all_of_it(value: str) -> None:
    text = yamlio.dump(yamlio.to_yaml_value({"note": value}))
    # no character YAML reads as a line break where a diff shows none
    assert yamlio._HIDDEN_BREAK.search(text) is None
    assert yamlio.fast_load(text) == {"note": value}


def test_house_style() -> None:
    text = yamlio.dump(
        yamlio.to_yaml_value(
            {"id": "kp-a", "date": dt.date(2026, 3, 3), "laws": ["wmo"], "description": "a\nb"}
        )
    )
    assert text == "id: kp-a\ndate: 2026-03-03\nlaws:\n  - wmo\ndescription: |-\n  a\n  b\n"
    assert yamlio.fast_load(text)["date"] == "2026-03-03"  # dates are read as text, for Pydantic


@pytest.mark.parametrize(
    ("text", "key", "line", "column"),
    [
        ("", "file_empty", 1, 1),
        ("# alleen commentaar\n", "file_empty", 1, 1),
        ("- a\n- b\n", "not_a_mapping", 1, 1),
        ("id: x\ntitle: !!python/object:os.system x\n", "yaml_tag", 2, 8),
        ("id: &a x\ntitle: *a\n", "yaml_anchor", 1, 5),
        ("id: x\nnote: ok\u2028status: resolved\n", "yaml_line_break", 2, 9),
        ("%YAML 1.1\n---\nid: x\n", "yaml_directive", 1, 1),
        ("id: x\nlaws:\n\t- wmo\n", "tab_indentation", 3, 1),
        ("id: x\n<<<<<<< HEAD\ntitle: a\n=======\ntitle: b\n>>>>>>> b\n", "merge_conflict", 2, 1),
        ("id: x\ntitle: [a\n", "yaml_unclosed_flow", 3, 1),
    ],
)
def test_what_cannot_be_read_is_named_at_its_place(
    text: str, key: str, line: int, column: int
) -> None:
    with pytest.raises(ParseFailure) as caught:
        yamlio.fast_load(text)
    assert (caught.value.key, caught.value.line, caught.value.column) == (key, line, column)
    with pytest.raises(ParseFailure) as editing:
        yamlio.load_for_editing(text)  # the editor refuses the same files, the same way
    assert editing.value.key == key


def test_an_edit_keeps_comments_quotes_and_order() -> None:
    text = "# kop\nid: kp-a  # het id\ntitle: 'Vpb'\nlaws:\n  - wmo\n"
    document = yamlio.load_for_editing(text)
    document["laws"].append("zvw")
    assert (
        yamlio.dump(document)
        == "# kop\nid: kp-a  # het id\ntitle: 'Vpb'\nlaws:\n  - wmo\n  - zvw\n"
    )


def test_locate_points_at_the_value_the_key_or_the_nearest_parent() -> None:
    document = yamlio.rt_load_for_positions(
        "id: x\nreported_by:\n  - in-a\n  - in-b\ncontact:\n  name: E\n"
    )
    assert yamlio.locate(document, ("reported_by", 1)) == (4, 5)
    assert yamlio.locate(document, ("contact", "name"), at_key=True) == (6, 3)
    assert yamlio.locate(document, ("contact", "email")) == (6, 3)
    assert yamlio.locate(document, ("title",)) == (1, 1)


def test_bytes_encoding_and_line_endings(tmp_path: Path) -> None:
    assert yamlio.decode(b"\xef\xbb\xbfid: x\r\ntitle: y\r\n") == "id: x\ntitle: y\n"
    with pytest.raises(ParseFailure) as caught:
        yamlio.decode(b"id: x\ntitle: caf\xe9\n")
    assert (caught.value.key, caught.value.line, caught.value.column) == ("file_not_utf8", 2, 11)
    raw = b"\xef\xbb\xbfid: x\r\n"
    assert yamlio.in_style_of(raw, "id: y\n") == "\ufeffid: y\r\n"
    assert yamlio.in_style_of(b"id: x\n", "id: y\n") == "id: y\n"
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "echt.yaml")
    with pytest.raises(ParseFailure) as caught:
        yamlio.read_record_bytes(link)
    assert caught.value.key == "file_symlink"


def test_unreadable_carries_the_place_for_a_person() -> None:
    error = yamlio.unreadable("data/x.yaml", ParseFailure("file_empty", {}, 3, 4))
    assert error.render("nl").startswith("data/x.yaml:3:4: ")
