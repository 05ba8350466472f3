"""escape: text people typed, made safe for each medium it lands in."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from knelpunt import escape

# Any text, including controls, invisible characters and Markdown's own.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(sorted(escape.INVISIBLE) + list("\x1b\x07\x9b`*_[]|~#>@<&\n\r\t")),
    )
)


@given(TEXT)
def test_visible_leaves_nothing_unsafe_and_safe_text_alone(text: str) -> None:
    shown = escape.visible(text)
    assert not escape.is_unsafe(shown)
    if not escape.is_unsafe(text):
        assert shown == text
    assert escape.terminal(text) == shown


def test_visible_writes_out_what_it_replaces() -> None:
    assert escape.visible("a\x1b]52;c;x\x07b") == "a\\x1b]52;c;x\\x07b"
    assert escape.visible("ab\u202ecd") == "ab<U+202E>cd"
    assert escape.visible("tab\tand\nline") == "tab\tand\nline"
    assert escape.invisible_characters("x\u200by\u200bz\u202e") == ["U+200B", "U+202E"]


@given(TEXT)
def test_inline_is_one_line_without_markup_or_mentions(text: str) -> None:
    shown = escape.inline(text)
    assert "\n" not in shown and "\r" not in shown
    assert "<" not in shown and ">" not in shown
    assert not escape.is_unsafe(shown.replace("\u2060", ""))
    # every Markdown special character is escaped by a backslash
    assert re.search(r"(?<!\\)(?:\\\\)*[`*_\[\]|~]", shown) is None
    assert re.search(r"@[A-Za-z0-9_-]", shown) is None
    assert re.search(r"(#|GH-)\d", shown, re.IGNORECASE) is None


def test_inline_examples() -> None:
    assert escape.inline("**vet** <b>x</b> & [link](u)") == (
        "\\*\\*vet\\*\\* &lt;b&gt;x&lt;/b&gt; &amp; \\[link\\](u)"
    )
    assert (
        escape.inline("zie @koepel en #12\nen GH-3")
        == "zie @\u2060koepel en #\u206012 en GH-\u20603"
    )


def test_paragraph_escapes_a_block_start_once() -> None:
    assert escape.paragraph("# kop") == "\\# kop"
    assert escape.paragraph("12. punt") == "12\\. punt"
    assert escape.paragraph("> citaat - met streep") == "&gt; citaat - met streep"
    assert escape.paragraph("- lijst - item") == "\\- lijst - item"
    assert escape.paragraph("gewoon") == "gewoon"


@given(TEXT)
def test_code_cannot_end_early(text: str) -> None:
    shown = escape.code(text)
    assert shown.startswith("`") and shown.endswith("`")
    assert "`" not in shown[1:-1]
    assert "\n" not in shown


@given(st.text())
def test_github_escapes_round_trip(text: str) -> None:
    def undo(value: str) -> str:
        for escaped, plain in (
            ("%0D", "\r"),
            ("%0A", "\n"),
            ("%3A", ":"),
            ("%2C", ","),
            ("%25", "%"),
        ):
            value = value.replace(escaped, plain)
        return value

    data = escape.github_data(text)
    assert "\n" not in data and "\r" not in data
    prop = escape.github_property(text)
    assert ":" not in prop and "," not in prop
    # every '%' the escape writes starts an escape: undone one at a time, '%25' last
    assert undo(prop) == text
    assert undo(data) == text


@given(st.one_of(st.text(), st.integers(), st.none(), st.booleans()))
def test_csv_cell_never_starts_a_formula(value: object) -> None:
    cell = escape.csv_cell(value)
    if isinstance(value, str):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
        assert cell in (value, "'" + value)
    else:
        assert cell is value


def test_csv_cell_examples() -> None:
    assert escape.csv_cell("=SUM(A1)") == "'=SUM(A1)"
    assert escape.csv_cell("-5") == "'-5"
    assert escape.csv_cell("Vpb") == "Vpb"
    assert escape.csv_cell(-5) == -5
