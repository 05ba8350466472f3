"""One reading of every file (issue 27, points 3 and 4).

What every command reads with (``yamlio.fast_load``: ``plainyaml``, else
ruamel's C loader) and what edits a file with (``yamlio.load_for_editing``:
ruamel's round-trip parser, for ``edit``, ``merge``, ``route``, ``update`` and
``resolve``) accept the same files with the same values, and refuse the same
files with the same message at the same place; no file makes either raise
anything but a located ``ParseFailure``. Differential over the fuzz corpus,
the bad-input corpus, YAML's corners and the issue's own lines; then the same
on the command line, ``check`` against ``merge`` and ``update`` on one file.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knelpunt import yamlio
from tests.conftest import VALID_BOTTLENECK
from tests.test_bad_input import CASES, ONE_LINE
from tests.test_fuzz import mutated_bytes, yaml_like
from tests.test_plainyaml import CORNERS, _mapping_lines, _mutated_house_style, decoded

DIFFERENTIAL = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def plain(value: Any) -> Any:
    """The round-trip document as plain data: dict, list, str, int, float,
    bool, None (ruamel's subclasses, such as ScalarFloat, TextDate, made plain)."""
    if isinstance(value, dict):
        return {plain(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, bool):
        return bool(value)
    for kind in (int, float, str):
        if isinstance(value, kind):
            return kind(value)
    assert value is None or isinstance(value, dt.date), type(value)
    return value


def same(ours: Any, theirs: Any) -> bool:
    """Equal, with equal types and key order all the way down; NaN is NaN."""
    if type(ours) is not type(theirs):
        return False
    if isinstance(ours, dict):
        return list(ours) == list(theirs) and all(same(ours[k], theirs[k]) for k in ours)
    if isinstance(ours, list):
        return len(ours) == len(theirs) and all(map(same, ours, theirs))
    if isinstance(ours, float) and math.isnan(ours):
        return math.isnan(theirs)
    return bool(ours == theirs)


def verdict(read: Any, text: str) -> tuple[Any, ...]:
    """("read", value) or ("refused", key, line, column); anything else raised
    is a crash and fails the test."""
    try:
        return ("read", plain(read(text)))
    except yamlio.ParseFailure as failure:
        return ("refused", failure.key, failure.line, failure.column)


def one_reading(text: str) -> tuple[Any, ...]:
    """Assert that reading and editing agree on ``text``; the verdict."""
    reading = verdict(yamlio.fast_load, text)
    editing = verdict(yamlio.load_for_editing, text)
    assert reading[0] == editing[0], f"reading {reading}\nediting {editing}\ntext {text!r}"
    if reading[0] == "read":
        assert same(reading[1], editing[1]), f"reading {reading}\nediting {editing}\n{text!r}"
        # A problem in a file that reads is located by the round-trip parser.
        yamlio.rt_load_for_positions(text)
    else:
        assert reading == editing, f"reading {reading}\nediting {editing}\ntext {text!r}"
    return reading


#: The lines of the issue, and their neighbours.
ISSUE = [
    "note: Routine check-in, nothing changed\x85status: resolved\n",
    "note: a\u2028status: resolved\n",
    "note: a\u2029status: resolved\n",
    "note: a\rstatus: resolved\n",
    'note: "a\x85b"\n',
    "note: 'a\u2028b'\n",
    "note: |-\n  a\u2029b\n",
    "note: a # c\x85status: resolved\n",
    'note: "escaped \\N \\L \\P \\u2028"\n',
    "note: |-\n \n",
    # A line of spaces before a block's text, fewer than its indentation
    # (found by Hypothesis): the C loader read it, the round-trip scanner not.
    "a:\n - |\n \n  tekst\n",
    "a:\n  - |-\n \n    tekst\n",
    "a:\n  b: |\n   \n    x\n",
    "description: |-\n \n  tekst\n",
    # A byte-order mark after the start (found by Hypothesis).
    "(:\n\ufeff",
    "a: b\n\ufeffc: d\n",
    "note: |-\n  \n  a\n",
    "note: |-\n   \n  a\n",
    "note: |-\n a\n",
    "note: |-\n \ta\n",
    "note: |-\n  \ta\n",
    "horizon: 2026-13-45\n",
    "horizon: 2026-1-1\n",
    "horizon: 2026-03-03 10:00\n",
    "%YAML 1.1\n---\na: 4:30\nb: on\n",
    "%YAML 1.2\n---\na: b\n",
    "%TAG !e! tag:example.org,2026:\n---\na: !e!x b\n",
    "a: 4:30\nb: on\n",
    "b: !\n",
    "b: ! x\n",
    "b: !!str 12\n",
    "b: !!int '12'\n",
    "b: !!binary aGk=\n",
    "a: 1\n<<: {b: 2}\n",
    "<<: {a: 1}\n",
    "a: <<\n",
    "a: '<<'\n",
    "a: [<<]\n",
    "? a\n: b\n",
    "? [a]\n: b\n",
    "? {a: 1}\n",
    "a: {? {a: 1}}\n",
    "a: !!set {? {a: 1}}\n",
    "[a, b]: c\n",
    "a: ._\n",
    "a: +_\n",
    "a: -_\n",
    "a: 0x_\n",
    "a: 0b_\n",
    "a: 0o_\n",
    "a: ._e+1\n",
    "a: [._]\n",
    "a: 1_0.5\n",
    "a: 0x1_F\n",
    "a: " + "1" * 4300 + "\n",
    "a: " + "1" * 4301 + "\n",
    "a: -" + "1" * 4301 + "\n",
    "a: 0x" + "f" * 4000 + "\n",
    "a: 1" + "0" * 400 + ".5\n",
    "a: b\tc\n",
    "a: \tb\n",
    "a:\tb\n",
    "a: b\t# c\n",
    "a: 'x'\t\n",
    "a: [\tb]\n",
    "a: |-\n  x\n  \ty\n",
    "a: x\n\t# c\n",
]


@pytest.mark.parametrize("text", ISSUE + CORNERS)
def test_issue_lines_and_corners_read_and_edit_alike(text: str) -> None:
    one_reading(text)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_corpus_reads_and_edits_alike(name: str) -> None:
    text = decoded(CASES[name][0])
    if text is not None:
        one_reading(text)


@pytest.mark.parametrize(
    ("text", "key", "line", "column"),
    [
        ("note: Routine check-in, nothing changed\x85status: resolved\n", "yaml_line_break", 1, 40),
        ("a: x\nnote: a\u2028b\n", "yaml_line_break", 2, 8),
        ("a: x\n b\r", "yaml_line_break", 2, 3),
        ("%YAML 1.1\n---\na: on\n", "yaml_directive", 1, 1),
        ("a: 1\nb: !\n", "yaml_tag", 2, 4),
        ("a: 1\n<<: {b: 2}\n", "yaml_merge_key", 2, 1),
        ("a:\n  ? {b: 1}\n", "yaml_complex_key", 2, 5),
        ("a: 1\nb: 0x_\n", "yaml_bad_number", 2, 4),
        ("a: 1\nb: " + "1" * 4301 + "\n", "yaml_bad_number", 2, 4),
        ("a: 1\nb: c\t\n", "yaml_syntax", 2, 5),
    ],
)
def test_each_is_refused_at_its_place_by_both(text: str, key: str, line: int, column: int) -> None:
    assert one_reading(text) == ("refused", key, line, column)


def test_what_both_read_they_read_alike() -> None:
    assert one_reading("horizon: 2026-13-45\n") == ("read", {"horizon": "2026-13-45"})
    assert one_reading("a: 4:30\nb: on\n") == ("read", {"a": "4:30", "b": "on"})
    assert one_reading("note: |-\n  \n  a\n") == ("read", {"note": "\na"})
    assert one_reading('a: "\\L"\n') == ("read", {"a": "\u2028"})
    assert one_reading("a: [\tb]\n") == ("read", {"a": ["b"]})


@DIFFERENTIAL
@given(raw=st.one_of(yaml_like, mutated_bytes()))
def test_fuzzed_files_read_and_edit_alike(raw: bytes) -> None:
    text = decoded(raw)
    if text is not None:
        one_reading(text)


@DIFFERENTIAL
@given(text=_mutated_house_style())
def test_mutated_house_style_reads_and_edits_alike(text: str) -> None:
    one_reading(text)


@DIFFERENTIAL
@given(lines=_mapping_lines(0, 0))
def test_nested_documents_read_and_edit_alike(lines: list[str]) -> None:
    one_reading("\n".join(lines) + "\n")


#: Pieces of the issue's lines, for generated files that mix them.
_PIECES = st.sampled_from(
    ["._", "+_", "-_", "0x_", "0b_", "0o_", "._e+1", "1_0", "0x1", "1e3", ".5", "4:30", "on",
     "2026-13-45", "2026-1-1", "2026-03-03", "!", "!!str ", "<<", "? ", "%YAML 1.1\n---\n",
     "\x85", "\u2028", "\u2029", "\r", "\t", " ", "  ", "\n", "\n  ", "- ", ": ", "a: ", "|-\n",
     "|-\n ", "'", '"', "\\L", "[", "]", "{", "}", ",", "#", "x", "é"]
)  # fmt: skip


@DIFFERENTIAL
@given(parts=st.lists(_PIECES, min_size=1, max_size=14))
def test_the_issues_pieces_mixed_read_and_edit_alike(parts: list[str]) -> None:
    one_reading("a: " + "".join(parts) + "\n")


@DIFFERENTIAL
@given(text=st.text(max_size=200))
def test_any_text_knelpunt_writes_reads_back_the_same_in_both(text: str) -> None:
    """What ``add`` and an edit write holds no line break a diff does not show
    (it is escaped), and both readers read back exactly the text written."""
    written = yamlio.dump(yamlio.to_yaml_value({"note": text, "b": [text]}))
    assert yamlio._HIDDEN_BREAK.search(written) is None, written
    assert one_reading(written) == ("read", {"note": text, "b": [text]})


# --- on the command line --------------------------------------------------------

OTHER = "data/bottlenecks/kp-ccccc-ddddd.yaml"
SURVIVOR = "data/bottlenecks/kp-aaaaa-bbbbb.yaml"


def two_bottlenecks(root: Path, extra: str) -> bytes:
    """kp-aaaaa-bbbbb with ``extra`` appended, and a plain kp-ccccc-ddddd."""
    (root / OTHER).write_text(VALID_BOTTLENECK.replace("aaaaa-bbbbb", "ccccc-ddddd"), "utf-8")
    content = (VALID_BOTTLENECK + extra).encode()
    (root / SURVIVOR).write_bytes(content)
    return content


@pytest.mark.parametrize("value", sorted(ONE_LINE), ids=lambda value: repr(value[:12]))
def test_check_merge_and_update_give_one_verdict(value: str, empty_repo: Path, run: Any) -> None:
    """The line breaks check, and it breaks an edit of the same file alike:
    exit 1, the file named at the line, nothing written; never exit 3."""
    content = two_bottlenecks(empty_repo, f"horizon: {value}\n")
    for args in (
        ("check",),
        ("merge", "kp-ccccc-ddddd", "kp-aaaaa-bbbbb", "--by", "A"),
        ("update", "kp-aaaaa-bbbbb", "--note", "Gebeld", "--by", "A"),
    ):
        result = run(*args, cwd=empty_repo)
        said = result.out + result.err
        assert result.code == 1, (args, result)
        assert f"{SURVIVOR}:7:" in said, (args, said)
        assert ONE_LINE[value] in said, (args, said)
        assert "Er ging iets mis" not in said and "Traceback" not in said
    assert (empty_repo / SURVIVOR).read_bytes() == content
    assert not list((empty_repo / "data" / "updates").rglob("*.yaml"))


def test_free_text_like_a_date_is_kept_by_merge_as_check_reads_it(
    empty_repo: Path, run: Any
) -> None:
    """``horizon: 2026-13-45`` passed check and crashed merge (exit 3)."""
    two_bottlenecks(empty_repo, "horizon: 2026-13-45  # nog navragen\n")
    assert run("check", cwd=empty_repo).code == 0
    result = run("merge", "kp-ccccc-ddddd", "kp-aaaaa-bbbbb", "--by", "A", cwd=empty_repo)
    assert result.code == 0, result
    text = (empty_repo / SURVIVOR).read_text("utf-8")
    assert "\nhorizon: 2026-13-45  # nog navragen\n" in text
    assert "\nreported_on: 2026-03-03\n" in text
    assert run("check", cwd=empty_repo).code == 0
