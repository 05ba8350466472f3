"""Reading and writing record files.

Two readers, on purpose:

* ``fast_load`` reads every record. The house style is read by ``plainyaml``
  (about 20 us a file); anything else by ruamel.yaml's C-backed safe loader
  (about 80 us), which also reports every syntax error. Both build plain dicts
  and lists and construct no objects from tags; round-trip parsing takes 6 ms.
* ``rt_load`` parses in round-trip mode, keeping comments, key order and the
  line and column of every node. It is used only for a file being edited, and
  for a file with a problem, to point at the exact line.

Dates are read as text and parsed by Pydantic, so an impossible date such as
2026-02-30 is a located validation error rather than a crash in the parser.

One reading: whatever reads a file (``check``, reports) and whatever edits it
(``edit``, ``merge``, ``route``, ``resolve``) accept the same files and see the
same values. Both refuse, at a line and column, what the two parsers would read
differently or what a reviewer cannot see in a diff: a line break other than
"\n" (NEL, LS, PS, a lone CR), a ``%YAML`` or ``%TAG`` directive, tags,
anchors, merge keys, a list or mapping as a key, and a number Python cannot
hold; ``load_for_editing`` reads a file the reading way first, and
``tests/test_one_reading.py`` compares the two over the fuzz corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knelpunt.errors import ConflictError, FileRefused, FileUnreadable
from knelpunt.markers import split
from knelpunt.plainyaml import MAX_DEPTH
from knelpunt.plainyaml import load as plain_load
from knelpunt.safeio import read_regular

if TYPE_CHECKING:
    from ruamel.yaml import YAML


#: A record is a page of text; anything much larger is not a record, and a
#: bound keeps a hostile file from costing unbounded time and memory.
MAX_RECORD_BYTES = 256 * 1024

_CONFLICT_START = re.compile(r"^<{7}(?: |$)", re.MULTILINE)
_CONFLICT_END = re.compile(r"^>{7}(?: |$)", re.MULTILINE)
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
#: Characters YAML reads as a line break besides "\n". Git, GitHub and every
#: diff show the text around one as a single line, so what follows it would be
#: a field no reviewer sees (``note: ok<U+0085>status: resolved``).
_HIDDEN_BREAK = re.compile("[\r\x85\u2028\u2029]")
#: What a value may not hold raw in a file knelpunt writes: those line
#: breaks, a tab (the round-trip parser refuses one between tokens, the C
#: loader at the start of a block) and what YAML does not allow unescaped.
_WRITE_ESCAPED = re.compile(
    "[\r\x85\u2028\u2029\t]|[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
#: How each is written inside double quotes, where YAML reads it as text.
_BREAK_ESCAPES = {"\r": "\\r", "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}
#: Python refuses to turn an integer of more digits into text (and back):
#: a number that large is refused where it is read, not in a later message.
_INT_LIMIT = 10**4300
#: Text longer than this is written as a block rather than on the key's line.
LONG_TEXT = 80


@dataclass
class ParseFailure(Exception):
    """A file that cannot be read as a YAML mapping, with where and why."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    line: int = 1
    column: int = 1


@cache
def _safe_yaml() -> YAML:
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor
    from ruamel.yaml.resolver import VersionedResolver

    class TextDates(_numbers_checked(SafeConstructor)):  # type: ignore[misc]
        pass

    TextDates.add_constructor(_TIMESTAMP_TAG, SafeConstructor.construct_yaml_str)

    class Yaml12Resolver(VersionedResolver):
        """Looks up the YAML 1.2 resolver table once, not for every scalar: ruamel
        otherwise works out the document's YAML version again per value, which was
        40 % of the time spent reading records."""

        _table: Any = None

        @property
        def versioned_resolver(self) -> Any:
            if Yaml12Resolver._table is None:
                Yaml12Resolver._table = VersionedResolver.versioned_resolver.fget(self)  # type: ignore[attr-defined]
            return Yaml12Resolver._table

    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = TextDates
    yaml.Resolver = Yaml12Resolver
    return yaml


@cache
def _locating_yaml() -> YAML:
    """Round-trip reader for positions only: it never dumps, so dates can be text."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import RoundTripConstructor

    class TextDates(_numbers_checked(RoundTripConstructor)):  # type: ignore[misc]
        pass

    TextDates.add_constructor(_TIMESTAMP_TAG, RoundTripConstructor.construct_yaml_str)
    yaml = YAML(typ="rt")
    yaml.Constructor = TextDates
    return yaml


def _numbers_checked(base: Any) -> Any:
    """``base`` (a ruamel constructor class) with its integers and floats made
    safely: YAML's number patterns match ``._``, ``+_``, ``0x_`` or ``._e+1``,
    which ruamel then fails to convert (a ValueError or IndexError, not a YAML
    error, so one line of a pull request crashed every reading command), and
    Python refuses an integer of more than 4,300 digits. Each is refused as a
    located YAML error, by every reader alike."""
    from ruamel.yaml.constructor import ConstructorError

    def checked(construct: Any) -> Any:
        def construct_number(self: Any, node: Any) -> Any:
            try:
                value = construct(self, node)
            except (ValueError, IndexError, ArithmeticError):
                value = None
            if value is None or (isinstance(value, int) and not -_INT_LIMIT < value < _INT_LIMIT):
                error = ConstructorError(None, None, "not a number", node.start_mark)
                error.bad_number = str(node.value)  # type: ignore[attr-defined]
                raise error
            return value

        return construct_number

    class Checked(base):  # type: ignore[misc]
        pass

    Checked.add_constructor(_INT_TAG, checked(base.construct_yaml_int))
    Checked.add_constructor(_FLOAT_TAG, checked(base.construct_yaml_float))
    return Checked


@cache
def _loader_class() -> Any:
    """One loader class, made once. ``YAML.load`` builds a new class for every
    document it reads and keeps a record of each in the YAML object: a quarter
    of the time, and memory that grows with every file of a large repository."""
    yaml = _safe_yaml()
    parser, constructor, resolver = yaml.Parser, yaml.Constructor, yaml.Resolver

    class Loader(parser, constructor, resolver):  # type: ignore[misc,valid-type]
        def __init__(self, stream: str) -> None:
            parser.__init__(self, stream)
            self._parser = self._composer = self
            constructor.__init__(self, loader=self)
            self.allow_duplicate_keys = False
            resolver.__init__(self, version=None, loadumper=self)

    return Loader


def _load_one(text: str) -> Any:
    loader = _loader_class()(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
        # The loader points at itself (as parser, composer, constructor and
        # resolver), so only the cycle collector could free it: ten thousand
        # files left that much garbage, and its walks, behind. Emptied, it goes
        # at once.
        loader.__dict__.clear()


class TextDate(str):
    """A plain value that YAML's pattern calls a date (``2026-03-03``,
    ``2026-1-1``, ``2026-13-45``), read for editing as the text it is, as the
    reading path reads it, and written back exactly as it was: ruamel's own
    dates crashed on ``2026-13-45`` and rewrote ``2026-1-1``."""


@cache
def _editing_classes() -> tuple[Any, Any]:
    """The round-trip constructor and representer of ``editing_yaml``."""
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.representer import RoundTripRepresenter

    class Editing(_numbers_checked(RoundTripConstructor)):  # type: ignore[misc]
        def construct_text_date(self, node: Any) -> TextDate:
            return TextDate(self.construct_scalar(node))

    Editing.add_constructor(_TIMESTAMP_TAG, Editing.construct_text_date)

    class Writing(RoundTripRepresenter):
        def represent_text_date(self, data: TextDate) -> Any:
            # Tagged as a date, so the writer sees that the plain form reads
            # back as one and leaves it unquoted.
            return self.represent_scalar(_TIMESTAMP_TAG, str(data))

    Writing.add_representer(TextDate, Writing.represent_text_date)
    return Editing, Writing


def editing_yaml() -> YAML:
    """The round-trip reader and writer, in the house style of knelpunt files."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Constructor, yaml.Representer = _editing_classes()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap a long line: a pull request shows only changes
    yaml.preserve_quotes = True
    return yaml


def read_record_bytes(path: str | Path, limit: int = MAX_RECORD_BYTES) -> bytes:
    """A file of the repository, never through a link, at most ``limit + 1``
    bytes. Raises ``ParseFailure`` for what is not an ordinary readable file."""
    try:
        return read_regular(path, limit)
    except FileRefused as refused:
        params = {k: v for k, v in refused.params.items() if k != "path"}
        raise ParseFailure(refused.key, params) from None


def decode(raw: bytes) -> str:
    """UTF-8 text of a file; a byte-order mark is dropped, CRLF accepted."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ParseFailure("file_not_utf8", {"byte": raw[exc.start]}, line, column) from None
    return text.replace("\r\n", "\n")


def in_style_of(raw: bytes, text: str) -> str:
    """``text`` with the line endings and byte-order mark of the file ``raw``
    was read from: an edit on Windows changes only the edited lines."""
    if b"\r\n" in raw:
        text = text.replace("\n", "\r\n")
    return "\ufeff" + text if raw.startswith(b"\xef\xbb\xbf") else text


def _conflict(text: str) -> ParseFailure | None:
    """Conflict markers git left: where they are and whose version is where."""
    start = _CONFLICT_START.search(text)
    if start is None:
        return None
    first = text.count("\n", 0, start.start()) + 1
    try:
        conflict = split(text)
    except ConflictError:
        conflict = None
    if conflict is None:
        return ParseFailure("merge_conflict_broken", {"start": first}, first, 1)
    hunk = conflict.hunks[0]
    params = {
        "start": hunk.start,
        "end": hunk.end,
        "ours_lines": _span(*hunk.ours_lines),
        "theirs_lines": _span(*hunk.theirs_lines),
        "ours": repr(hunk.ours_label or "HEAD"),
        "theirs": repr(hunk.theirs_label or "?"),
        "more_count": len(conflict.hunks) - 1,
    }
    return ParseFailure("merge_conflict", params, hunk.start, 1)


def _span(first: int, last: int) -> str:
    if last < first:
        return "-"  # that side removed the lines
    return str(first) if first == last else f"{first}-{last}"


def _tab_before(text: str, line: int) -> ParseFailure | None:
    """The first line up to ``line`` (1-based) indented with a tab, if any."""
    for number, content in enumerate(text.split("\n")[:line], start=1):
        indent = content[: len(content) - len(content.lstrip(" \t"))]
        if "\t" in indent:
            return ParseFailure("tab_indentation", {}, number, indent.index("\t") + 1)
    return None


def _hidden_line_break(text: str) -> ParseFailure | None:
    """The first line break a diff does not show (see ``_HIDDEN_BREAK``), at
    the line and column a diff shows it on. One regular-expression search: a
    file holding none costs a few microseconds."""
    found = _HIDDEN_BREAK.search(text)
    if found is None:
        return None
    at, char = found.start(), found.group()
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    params = {"char": f"U+{ord(char):04X}", "escape": _BREAK_ESCAPES[char]}
    return ParseFailure("yaml_line_break", params, line, column)


def _screened(text: str) -> ParseFailure | None:
    """What no record needs and an attacker or a mistake would use, found in
    one walk over the C parser's events (which does not recurse, so a document
    nested a hundred thousand levels deep is walked safely):

    * a document nested more than ``MAX_DEPTH`` levels (the composers recurse);
    * anchors and aliases: records never need them, and alias bombs ("billion
      laughs") would cost exponential time downstream;
    * tags, ``!`` and ``!!str`` included: the C loader and the round-trip
      parser construct them differently (``b: !`` is '' to one, None to the other);
    * ``%YAML`` and ``%TAG`` directives: ``%YAML 1.1`` turns ``on`` into true
      and ``4:30`` into 270 for the round-trip parser only;
    * merge keys (``<<``), which silently copy fields in from elsewhere;
    * a list or mapping as a key (``? {a: 1}``, a mapping inside a set), which
      one parser refuses and the other turns into a key no model can name.
    """
    from ruamel.yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        MappingStartEvent,
        ScalarEvent,
    )

    # Per open collection: whether it is a mapping, and how many nodes it
    # holds so far (in a mapping an even count means a key comes next).
    open_collections: list[list[Any]] = []
    for event in _safe_yaml().parse(text):
        if isinstance(event, DocumentStartEvent):
            if event.version is not None or event.tags:
                directive = "%YAML" if event.version is not None else "%TAG"
                mark = event.start_mark
                return _refusal("yaml_directive", {"directive": directive}, mark)
            continue
        if isinstance(event, CollectionEndEvent):
            open_collections.pop()
            if open_collections:
                open_collections[-1][1] += 1
            continue
        if not isinstance(event, ScalarEvent | AliasEvent | CollectionStartEvent):
            continue
        mark = event.start_mark
        if event.anchor is not None:
            return _refusal("yaml_anchor", {"anchor": event.anchor}, mark)
        tag = getattr(event, "tag", None)
        if tag is not None:
            return _refusal("yaml_tag", {"tag": _shown_tag(tag)}, mark)
        parent = open_collections[-1] if open_collections else None
        if isinstance(event, CollectionStartEvent):
            if parent is not None and parent[0] and parent[1] % 2 == 0:
                return _refusal("yaml_complex_key", {}, mark)
            if len(open_collections) >= MAX_DEPTH:
                return _refusal("yaml_too_deep", {"limit": MAX_DEPTH}, mark)
            open_collections.append([isinstance(event, MappingStartEvent), 0])
            continue
        if isinstance(event, ScalarEvent) and not event.style and event.value == "<<":
            return _refusal("yaml_merge_key", {}, mark)
        if parent is not None:
            parent[1] += 1
    return None


def _refusal(key: str, params: dict[str, Any], mark: Any) -> ParseFailure:
    return ParseFailure(key, params, mark.line + 1, mark.column + 1)


def _shown_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _refuse_hostile(text: str) -> None:
    """Raise ``ParseFailure`` for what no record needs and an attacker would
    use, or what the two parsers would read differently."""
    failure = _hidden_line_break(text) or _screened(text)
    if failure is not None:
        raise failure


#: A line of spaces only: before a block's first line of text, the round-trip
#: scanner refuses one with fewer spaces than the text's indentation, where
#: the C loader reads it as an empty line.
_SPACES_ONLY_LINE = re.compile(r"^ +\r?$", re.MULTILINE)


def _same_syntax_as_editing(text: str) -> None:
    """Raise the round-trip parser's syntax error, if it has one, for a text
    where the two scanners are known to differ: a tab (the C loader accepts
    tabs between tokens, ``a: b<TAB>``, where ruamel's own scanner refuses
    them) or a line of spaces only (``- |`` then `` `` then ``  text``), so
    that a file read fine can always be edited. Only such a file pays for the
    slower scanner."""
    # A byte-order mark after the start is one more: the C loader passes
    # over it, ruamel's scanner refuses it (found by Hypothesis: "(:\n\ufeff").
    if "\t" in text or "\ufeff" in text or _SPACES_ONLY_LINE.search(text) is not None:
        for _event in _locating_yaml().parse(text):
            pass


def _from_yaml_error(exc: Exception, text: str) -> ParseFailure:
    from ruamel.yaml.composer import ComposerError
    from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError

    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(getattr(exc, "problem", None) or exc).strip()
    if isinstance(exc, DuplicateKeyError):
        key_match = re.search(r'duplicate key "(.*?)"', problem)
        first_line = _first_key_line(text, key_match.group(1)) if key_match else line
        return ParseFailure(
            "duplicate_key",
            {"name": key_match.group(1) if key_match else "?", "first_line": first_line},
            line,
            column,
        )
    number = getattr(exc, "bad_number", None)
    if number is not None:
        shown = number if len(number) <= 40 else number[:37] + "..."
        return ParseFailure("yaml_bad_number", {"value": shown}, line, column)
    if isinstance(exc, ConstructorError) and "constructor for the tag" in problem:
        tag = re.search(r"tag '(.*?)'", problem)
        shown = _shown_tag(tag.group(1)) if tag else "!"
        return ParseFailure("yaml_tag", {"tag": shown}, line, column)
    if "another document" in problem or (
        isinstance(exc, ComposerError) and "single document" in problem
    ):
        return ParseFailure("multiple_documents", {}, line, column)
    tab = _tab_before(text, line)
    if tab is not None:
        return tab
    return ParseFailure(_syntax_key(problem), {"problem": problem}, line, column)


#: The parser's (English) words for the common mistakes, and the message that
#: says them in the reader's language with what to do; the parser's own text
#: stays only as the last detail (issue 29, point 8).
_SYNTAX_MESSAGES = (
    ("unexpected end of stream", "yaml_unexpected_end"),
    ("did not find expected node content", "yaml_no_value"),
    ("mapping values are not allowed", "yaml_colon_in_value"),
    ("found character that cannot start any token", "yaml_bad_start"),
    ("could not find expected ':'", "yaml_missing_colon"),
    ("did not find expected key", "yaml_expected_key"),
    ("did not find expected ',' or", "yaml_unclosed_flow"),
    ("block sequence entries are not allowed", "yaml_dash_in_value"),
)


def _syntax_key(problem: str) -> str:
    for words, key in _SYNTAX_MESSAGES:
        if words in problem:
            return key
    return "yaml_syntax"


def _first_key_line(text: str, key: str) -> int:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:", re.MULTILINE)
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def fast_load(text: str) -> dict[str, Any]:
    """Parse one record with the C loader. Raises ``ParseFailure``."""
    from ruamel.yaml.error import YAMLError

    failure = _conflict(text)
    if failure is not None:
        raise failure
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.split("\n")
    ):
        raise ParseFailure("file_empty")
    data = plain_load(text)
    if data is not None:
        # The house style holds none of what _refuse_hostile refuses, no
        # tab and no number Python cannot hold (see plainyaml).
        return data
    try:
        _refuse_hostile(text)
        _same_syntax_as_editing(text)
        data = _load_one(text)
    except YAMLError as exc:
        raise _from_yaml_error(exc, text) from None
    if not isinstance(data, dict):
        found = "found_list" if isinstance(data, list) else "found_scalar"
        raise ParseFailure("not_a_mapping", {"found_msg": found})
    return data


def rt_load_for_positions(text: str) -> Any:
    """A round-trip document, for line numbers. Raises ``ParseFailure``."""
    return _round_trip(_locating_yaml(), text)


def unreadable(path: str, failure: ParseFailure) -> FileUnreadable:
    """The error to raise when a file to change cannot be read."""

    return FileUnreadable(path, failure.key, failure.params, failure.line, failure.column)


def load_for_editing(text: str) -> Any:
    """A round-trip document to change and dump. Raises ``ParseFailure``.

    The text is first read as every command reads it (``fast_load``), so a
    file is edited only if it reads, and refused with the same message if not:
    the two parsers disagree in corners (a tab at the start of a block's first
    line, for one, which only the C loader refuses).
    """
    fast_load(text)
    return _round_trip(editing_yaml(), text)


def _round_trip(yaml: YAML, text: str) -> Any:
    from ruamel.yaml.error import YAMLError

    try:
        _refuse_hostile(text)
        return yaml.load(text)
    except YAMLError as exc:
        raise _from_yaml_error(exc, text) from None


def locate(document: Any, loc: tuple[str | int, ...], at_key: bool = False) -> tuple[int, int]:
    """1-based line and column of ``loc`` in a round-trip document.

    Walks as deep as the path exists: a missing field points at the record
    that lacks it.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    line, column = 0, 0
    if isinstance(document, CommentedMap | CommentedSeq):
        line, column = document.lc.line, document.lc.col
    node = document
    for depth, part in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(node, CommentedMap) and part in node:
            line, column = node.lc.key(part) if (last and at_key) else node.lc.value(part)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, column = node.lc.item(part)
            node = node[part]
        else:
            break
    return line + 1, column + 1


def to_yaml_value(value: Any) -> Any:
    """Plain Python data as ruamel nodes in house style: long or multi-line
    text as a literal block (``|-``), so a description reads as it was typed,
    without quotes or escapes, and a changed sentence is a changed line."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, str) and _WRITE_ESCAPED.search(value):
        # Written raw (in a block or in single quotes) such a character would
        # be a line break no diff shows, or a file one reader refuses: double
        # quotes write it escaped (\L, \N, \P, \r, \t, \x1f).
        return DoubleQuotedScalarString(value)
    if isinstance(value, str) and ("\n" in value or len(value) > LONG_TEXT):
        return LiteralScalarString(value)
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = to_yaml_value(item)
        return mapping
    if isinstance(value, list | tuple):
        return CommentedSeq(to_yaml_value(item) for item in value)
    return value


def dump(document: Any) -> str:
    stream = StringIO()
    editing_yaml().dump(document, stream)
    return stream.getvalue()
