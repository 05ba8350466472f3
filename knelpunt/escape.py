"""Text people typed, made safe for the medium it lands in.

Every record comes from someone's pull request, so its text may try to be
more than text: Markdown or HTML in a pull-request comment, a ``@mention``
that pings a stranger, a Rich ``[link=...]`` or an escape sequence that
writes to a coordinator's clipboard, a ``::warning`` line forged in a CI log,
a formula that a spreadsheet runs. Each function here is for one medium and
shows the text as it was typed, never as markup.
"""

from __future__ import annotations

import re
from typing import Any

#: Characters that change how text around them is shown without being seen
#: themselves: bidirectional controls (the "Trojan Source" trick) and
#: zero-width characters. Shown as ``<U+202E>`` and warned about by check.
INVISIBLE = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad"
)
_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")
#: C0 controls but tab and line feed, DEL, and the C1 controls (which some
#: terminals obey like ESC sequences).
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(INVISIBLE)) + "]")


def invisible_characters(text: str) -> list[str]:
    """The invisible characters in ``text``, as ``U+XXXX`` names, once each."""
    return sorted({f"U+{ord(c):04X}" for c in _INVISIBLE_RE.findall(text)})


def is_unsafe(text: str) -> bool:
    """Whether ``text`` holds a control or invisible character."""
    return _UNSAFE_RE.search(text) is not None


def visible(text: str) -> str:
    """Control and invisible characters written out: ``\\x1b``, ``<U+202E>``."""
    if _UNSAFE_RE.search(text) is None:  # nearly always: a list prints 70,000 cells
        return text
    text = _CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return _INVISIBLE_RE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


# --- terminal ---------------------------------------------------------------


def terminal(value: Any) -> str:
    """Text for a terminal: no escape sequence reaches it (an OSC 52 sequence
    would write to the clipboard, others move the cursor or hide text)."""
    return visible(str(value))


# --- Markdown (reports, pull-request comments) ------------------------------

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
#: ``@name`` pings a person or team, ``#12`` / ``GH-12`` links an issue.
_MENTION = re.compile(r"@(?=[A-Za-z0-9_-])")
_ISSUE_REF = re.compile(r"(#|GH-)(?=\d)", re.IGNORECASE)


def inline(value: Any) -> str:
    """Text typed by people, safe on one line of Markdown and in a table cell:
    line breaks become spaces, HTML is shown as text, and characters that
    Markdown would read as formatting, links, images, code or cell borders are
    escaped; mentions and issue references are broken so that they notify and
    link nothing; invisible characters are written out."""
    text = visible(" ".join(str(value).split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _MENTION.sub("@\u2060", text)  # a word joiner: "@" no longer starts a name
    return _ISSUE_REF.sub(lambda m: m.group(1) + "\u2060", text)


_BLOCK_START = re.compile(r"^(\d*)([#>+*=|.)-])")


def paragraph(value: Any) -> str:
    """Text typed by people, as a paragraph of its own: ``inline``, and a start
    that Markdown would read as a heading, quote, list or rule is escaped
    (``\\#``, ``1\\.``)."""
    text = inline(value)
    return _BLOCK_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text, count=1)


def code(value: Any) -> str:
    """A short text (an id, a path) as Markdown inline code that cannot end early."""
    text = visible(" ".join(str(value).split())).replace("`", "\u02cb")
    return f"`{text}`"


# --- GitHub workflow commands ------------------------------------------------


def github_data(value: Any) -> str:
    """The message of a ``::error ...::message`` line, escaped as GitHub's
    own toolkit does (``escapeData`` in @actions/core)."""
    return str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(value: Any) -> str:
    """A property (``file=``, ``title=``) of a workflow command (``escapeProperty``)."""
    return github_data(value).replace(":", "%3A").replace(",", "%2C")


# --- spreadsheets --------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: Any) -> Any:
    """A cell that a spreadsheet reads as text, never as a formula: text
    starting with ``= + - @``, a tab or a line break gets a leading ``'``, as
    OWASP advises. Excel hides the quote; LibreOffice shows it, in the cell
    and in print: the price of a cell that never runs. Only for people's
    files: ``export --keys`` (for programs) writes values as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
