"""``plainyaml`` against ruamel.yaml: where the fast reader answers, it answers
what ruamel's loader answers, value for value and type for type; where ruamel
fails, the fast reader leaves the file to it.

Differential on the bad-input corpus, the fuzz strategies, records dumped in
house style and mutated, a list of YAML's corners, and every file of the
example repository and a generated one (which the fast reader must all read).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knelpunt import plainyaml, yamlio
from tests.conftest import PROJECT, VALID_BOTTLENECK
from tests.test_bad_input import CASES
from tests.test_fuzz import mutated_bytes, yaml_like

DIFFERENTIAL = settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def same(ours: Any, theirs: Any) -> bool:
    """Equal, with equal types and key order all the way down (``1 == True``
    and ``{"a": 1, "b": 2} == {"b": 2, "a": 1}`` are not good enough)."""
    if type(ours) is not type(theirs):
        return False
    if isinstance(ours, dict):
        return list(ours) == list(theirs) and all(same(ours[k], theirs[k]) for k in ours)
    if isinstance(ours, list):
        return len(ours) == len(theirs) and all(map(same, ours, theirs))
    return bool(ours == theirs)


def ruamel(text: str) -> Any:
    """What ruamel's safe loader (as ``yamlio`` sets it up) makes of ``text``."""
    return yamlio._load_one(text)


def agree(text: str) -> bool:
    """Check the fast reader against ruamel on one text; True if it answered."""
    fast = plainyaml.load(text)
    if fast is None:
        return False
    try:
        slow = ruamel(text)
    except Exception as exc:  # any failure of ruamel is a disagreement
        pytest.fail(f"plainyaml read what ruamel refuses ({exc!r}):\n{text!r}")
    assert same(fast, slow), f"plainyaml {fast!r}\nruamel   {slow!r}\ntext {text!r}"
    yamlio._refuse_hostile(text)  # never nested too deep, never an anchor
    return True


def decoded(raw: bytes) -> str | None:
    try:
        return yamlio.decode(raw)
    except yamlio.ParseFailure:
        return None


CORNERS = [
    "key: |\n  a\n  b",  # no line break after the last line
    "key: |-\n  a",
    "key: |\n  a\n  b\n",
    "key: |\n  a\n\n\n",
    "key: |-\n\n  a\n",
    "key: |-\n  \n  a\n",
    "key: |-\n   \n  a\n",
    "key: |-\n  a\n   \n  b\n",
    "key: |-\n  a\n\n  b\n\nnext: c\n",
    "key: |-\n    indented\n  less\n",
    "key: |-\n  a\n # comment\n  b\n",
    "key: |-\n  # not a comment\n  a\n",
    "key: |-\nnext: x\n",
    "key: |2-\n   a\n",
    "key: |+\n  a\n\n",
    "key: >-\n  a\n  b\n",
    "key: |-  # comment\n  a\n",
    "key: |-x\n  a\n",
    "- a\n- b\n",
    "a\n",
    "key: 'it''s'\n",
    "key: 'open\n",
    "key: 'a' b\n",
    "key: '  spaced  '\n",
    'key: "a\\nb"\n',
    'key: "plain"  # c\n',
    'key: ""\n',
    "key: ''\n",
    "key: 0x1F\n",
    "key: 0o17\n",
    "key: 1_000\n",
    "key: 1.5\n",
    "key: -0.25\n",
    "key: 00.50\n",
    "key: 1.\n",
    "key: 1.5e3\n",
    "key: .inf\n",
    "key: .NaN\n",
    "key: -1\n",
    "key: +1\n",
    "key: 012\n",
    "key: 0\n",
    "key: 1e3\n",
    "key: 12345678901234567890\n",
    "true: x\n",
    "True: x\n",
    "null: x\n",
    "1: x\n",
    "key: a # c\n",
    "key: a#b\n",
    "key: C# en F#\n",
    "key:  spaced  \n",
    "key: ~\n",
    "key: NULL\n",
    "key: Null\n",
    "key: nULL\n",
    "key: yes\n",
    "key: on\n",
    "key: TRUE\n",
    "key: tRUE\n",
    "key: False\n",
    "key: 2026-02-30\n",
    "key: 2026-1-1\n",
    "key: 2026-01-01T10:00:00\n",
    "key: 2026-01-01 10:00\n",
    "key: 20260101\n",
    "key:\n- a\n- b\nnext: c\n",
    "key:\n  - a: 1\n    b: 2\n  - c: 3\n",
    "key:\n  -   a: 1\n      b: 2\n",
    "key:\n  - a: 1\n   b: 2\n",
    "key:\n  -\n  - b\n",
    "key:\n  - - a\n",
    "key:\n  - a\n  b: c\n",
    "key:\n   - a\n  - b\n",
    "a: b\n  c: d\n",
    "a: b\n  c\n",
    "a:\n  b\n",
    "- a: b\n",
    "a:\n b:\n  c: d\n",
    "key: [a, b]\n",
    "key: {a: 1}\n",
    "key: []  # c\n",
    "key: [] x\n",
    "key: [ ]\n",
    "key: &a x\n",
    "key: *a\n",
    "key: !!str x\n",
    "key: !vreemd x\n",
    "<<: x\n",
    "key: =\n",
    "key: a: b\n",
    "key: a:\n",
    "key: a:b\n",
    "key: http://voorbeeld.nl/pad?x=1#deel\n",
    "key: a,b [c] {d}\n",
    "key: -\n",
    "key: -a\n",
    "key: ?a\n",
    "key: :a\n",
    "key: %a\n",
    "key: @a\n",
    "key: `a\n",
    "key:value\n",
    "key :value\n",
    "key : value\n",
    "a: 1\na: 2\n",
    "a:\n  b: 1\n  b: 2\n",
    "---\na: b\n",
    "a: b\n---\nc: d\n",
    "a: b\n...\n",
    "%YAML 1.1\n---\na: yes\n",
    "a: b\r\n",
    "a: b\x85c\n",
    "a: b\u2028c\n",
    "a: \ufeffb\n",
    "a: b\x07\n",
    "a: b\x9f\n",
    "a: \tb\n",
    "# only a comment\n",
    "",
    "a: b\n# end\n",
    "  a: b\n",
    "a-b: c\n",
    "a_b: c\n",
    "_a: c\n",
    "a: 'x' # c\n",
    'a: "x" y\n',
    "a: Zorgcoöperatie — één 🙂\n",
    "a: \ue000\n",
    "a: \ufffd\n",
    "a: \U0010ffff\n",
]


@pytest.mark.parametrize("text", CORNERS)
def test_corners_agree_with_ruamel(text: str) -> None:
    agree(text)


def test_the_house_style_is_read_fast() -> None:
    """What the corners above include of the house style, the fast reader reads."""
    for text in (
        "key: |-\n  a\n\n  b\n\nnext: c\n",
        "key:\n  - a: 1\n    b: 2\n  - c: 3\n",
        "key:\n- a\n- b\nnext: c\n",
        "key: 'it''s'\n",
        "key: 2026-02-30\n",
        "key: 0\n",
        "key: ~\n",
        "key: []  # c\n",
        "key: C# en F#\n",
    ):
        assert agree(text), text


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_corpus_agrees_with_ruamel(name: str) -> None:
    text = decoded(CASES[name][0])
    if text is not None:
        agree(text)


@pytest.mark.parametrize("levels", [63, 64, 65, 66, 200])
def test_deep_nesting_is_left_to_ruamel(levels: int) -> None:
    text = "".join(" " * level + f"k{level}:\n" for level in range(levels - 1))
    text += " " * (levels - 1) + "last: x\n"
    read = agree(text)
    assert read == (levels <= plainyaml.MAX_DEPTH)
    if levels > yamlio.MAX_DEPTH:
        with pytest.raises(yamlio.ParseFailure) as refused:
            yamlio.fast_load(text)
        assert refused.value.key == "yaml_too_deep"


@DIFFERENTIAL
@given(raw=yaml_like)
def test_fuzzed_text_agrees_with_ruamel(raw: bytes) -> None:
    text = decoded(raw)
    if text is not None:
        agree(text)


@DIFFERENTIAL
@given(raw=mutated_bytes())
def test_mutated_records_agree_with_ruamel(raw: bytes) -> None:
    text = decoded(raw)
    if text is not None:
        agree(text)


#: Characters that mean something somewhere in YAML, and some that do not.
_TRICKY = st.sampled_from(
    [*"-?:,[]{}#&*!|>'\"%@`~=< \n.0123456789+eExXoO_TtFfNnYy", "ö", "é", "—", "🙂", "\u00a0"]
)
_words = st.sampled_from(
    ["true", "False", "null", "~", "yes", "on", "2026-03-03", "2026-1-1", "12", "-3",
     "0.5", ".inf", "0x1f", "1_0", "kp-aaaaa-bbbbb", "Zorgcoöperatie", "a: b", "a #b",
     "#x", "- x", "|", ">", "'", '"', "", " ", "\n", "\n\n", "x\n", "  x"]
)  # fmt: skip
_scalars = st.one_of(
    st.text(_TRICKY, max_size=30),
    st.lists(st.one_of(_words, st.text(_TRICKY, max_size=4)), max_size=5).map("".join),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.booleans(),
    st.none(),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)).map(str),
)
_keys = st.from_regex(r"[a-z_][a-z0-9_-]{0,8}", fullmatch=True)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(_keys, inner, max_size=4),
    ),
    max_leaves=12,
)
_records = st.dictionaries(_keys, _values, min_size=1, max_size=8)


@DIFFERENTIAL
@given(record=_records)
def test_records_in_house_style_agree_with_ruamel(record: dict[str, Any]) -> None:
    text = yamlio.dump(yamlio.to_yaml_value(record))
    agree(text)
    assert same(yamlio.fast_load(text), ruamel(text))


@st.composite
def _mutated_house_style(draw: st.DrawFn) -> str:
    """A record in house style with lines indented, dedented, split or joined."""
    lines = yamlio.dump(yamlio.to_yaml_value(draw(_records))).split("\n")
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["indent", "dedent", "insert", "delete", "join"]))
        if action == "indent":
            lines[at] = " " * draw(st.integers(1, 3)) + lines[at]
        elif action == "dedent":
            lines[at] = lines[at][draw(st.integers(1, 3)) :]
        elif action == "insert":
            lines.insert(at, draw(st.one_of(_words, st.text(_TRICKY, max_size=12))))
        elif action == "delete" and len(lines) > 1:
            del lines[at]
        elif action == "join" and at + 1 < len(lines):
            lines[at : at + 2] = [lines[at] + lines[at + 1]]
    return "\n".join(lines)


@DIFFERENTIAL
@given(text=_mutated_house_style())
def test_mutated_house_style_agrees_with_ruamel(text: str) -> None:
    agree(text)


_plain_values = st.sampled_from(
    ["a", "a b", "true", "TRUE", "null", "~", "12", "-3", "0.5", "1.", "2026-01-01", "2026-1-1",
     "x: y", "x:y", "'q'", "'it''s'", '"d"', '"a\\"b"', "[]", "{}", "[a]", "# c", "a # c", "a#b",
     "é ö", "a  ", "0o7", "0x1", "1_0", ".5", "+1", "00", "07", "http://x/y#z", "a, b", "Null",
     "nULL", "False", "yes"]
)  # fmt: skip
_plain_keys = st.sampled_from(["a", "b", "key", "a-b", "_x", "true", "null", "y", "on", "id"])
_block_lines = st.sampled_from(
    ["tekst", "# geen commentaar", "- geen lijst", "a: b", "", "  meer", "   ", " ", "x  "]
)


@st.composite
def _block(draw: st.DrawFn, column: int) -> tuple[str, list[str]]:
    """A block scalar's header and lines, indented about ``column``."""
    header = draw(st.sampled_from(["|", "|-", "|-  # c", "| ", "|+", "|2-", ">-"]))
    indent = column + draw(st.integers(0, 3))
    lines = []
    for text in draw(st.lists(_block_lines, max_size=4)):
        if text.strip():
            lines.append(" " * indent + text)
        else:
            lines.append(draw(st.sampled_from(["", " " * indent, " " * (indent + 1), " "])))
    return header, lines


@st.composite
def _mapping_lines(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    """A block mapping at ``indent``, its values scalars, blocks, mappings and
    sequences at uneven indents: the structures of the house style, skewed."""
    lines: list[str] = []
    at = " " * indent
    for _ in range(draw(st.integers(1, 4))):
        key = draw(_plain_keys)
        shapes = ["scalar", "scalar", "map", "seq", "block", "empty", "comment"]
        shape = draw(st.sampled_from(shapes)) if depth < 3 else "scalar"
        if shape == "scalar":
            lines.append(f"{at}{key}: {draw(_plain_values)}")
        elif shape == "empty":
            lines.append(f"{at}{key}:")
        elif shape == "comment":
            lines.append(" " * draw(st.integers(0, 5)) + "# c")
        elif shape == "map":
            lines.append(f"{at}{key}:")
            lines += draw(_mapping_lines(indent + draw(st.integers(1, 3)), depth + 1))
        elif shape == "seq":
            lines.append(f"{at}{key}:")
            lines += draw(_sequence_lines(indent + draw(st.integers(0, 3)), depth + 1))
        else:
            header, body = draw(_block(indent + 1))
            lines += [f"{at}{key}: {header}", *body]
    return lines


@st.composite
def _sequence_lines(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    lines: list[str] = []
    at = " " * indent
    for _ in range(draw(st.integers(1, 3))):
        gap = " " * draw(st.integers(1, 2))
        shape = draw(st.sampled_from(["scalar", "map", "block"])) if depth < 3 else "scalar"
        if shape == "scalar":
            lines.append(f"{at}-{gap}{draw(_plain_values)}")
        elif shape == "map":
            inner = draw(_mapping_lines(indent + 1 + len(gap), depth + 1))
            lines += [f"{at}-{gap}{inner[0].lstrip(' ')}", *inner[1:]]
        else:
            header, body = draw(_block(indent + 1))
            lines += [f"{at}-{gap}{header}", *body]
    return lines


@DIFFERENTIAL
@given(lines=_mapping_lines(0, 0))
def test_nested_documents_at_uneven_indents_agree_with_ruamel(lines: list[str]) -> None:
    agree("\n".join(lines) + "\n")


def _record_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.yaml") if ".git" not in path.parts)


def test_every_file_of_the_example_repository_is_read_fast() -> None:
    # knelpunt.yaml writes its short lists in flow style ([a, b]): ruamel's.
    agree(yamlio.decode((PROJECT / "knelpunt.yaml").read_bytes()))
    files = _record_files(PROJECT / "data")
    assert len(files) > 200
    for path in files:
        text = yamlio.decode(path.read_bytes())
        assert agree(text), f"{path} is left to ruamel"
    assert agree(VALID_BOTTLENECK)


def test_every_file_of_a_generated_repository_is_read_fast(tmp_path: Path) -> None:
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    try:
        from generate import generate  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(PROJECT / "benchmarks"))
    generate(200, tmp_path / "bench")
    files = _record_files(tmp_path / "bench" / "data")
    assert len(files) > 600
    for path in files:
        assert agree(yamlio.decode(path.read_bytes())), f"{path} is left to ruamel"
