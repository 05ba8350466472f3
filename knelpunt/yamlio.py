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

    class TextDates(SafeConstructor):
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

    class TextDates(RoundTripConstructor):
        pass

    TextDates.add_constructor(_TIMESTAMP_TAG, RoundTripConstructor.construct_yaml_str)
    yaml = YAML(typ="rt")
    yaml.Constructor = TextDates
    return yaml


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


def editing_yaml() -> YAML:
    """The round-trip reader and writer, in the house style of knelpunt files."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
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


def _anchor(text: str) -> ParseFailure | None:
    """Anchors and aliases are refused: records never need them, and alias
    bombs ("billion laughs") would cost exponential time downstream."""
    if "&" not in text and "*" not in text:
        return None
    for event in _safe_yaml().parse(text):
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            mark = event.start_mark
            return ParseFailure("yaml_anchor", {"anchor": anchor}, mark.line + 1, mark.column + 1)
    return None


#: Each level of nesting needs at least one of these: a flow bracket, or a
#: block indicator followed by white space.
_NESTING_MARKS = ("[", "{", "- ", "-\n", "-\t", ": ", ":\n", ":\t", "? ", "?\n", "?\t")


def _too_deep(text: str) -> ParseFailure | None:
    """Refuse a document nested more than ``MAX_DEPTH`` levels.

    Counting the characters that could open a level is a cheap upper bound of
    the depth (a few microseconds a record); only a document whose bound is
    too high is walked event by event, which the C parser does without
    recursion, and the walk stops at the first level too deep.
    """
    if sum(text.count(mark) for mark in _NESTING_MARKS) + 1 <= MAX_DEPTH:
        return None
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    depth = 0
    for event in _safe_yaml().parse(text):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                return ParseFailure(
                    "yaml_too_deep", {"limit": MAX_DEPTH}, mark.line + 1, mark.column + 1
                )
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return None


def _refuse_hostile(text: str) -> None:
    """Raise ``ParseFailure`` for what no record needs and an attacker would use."""
    failure = _too_deep(text) or _anchor(text)
    if failure is not None:
        raise failure


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
    if isinstance(exc, ConstructorError) and "constructor for the tag" in problem:
        tag = re.search(r"tag '(.*?)'", problem)
        shown = tag.group(1).replace("tag:yaml.org,2002:", "!!") if tag else "!"
        return ParseFailure("yaml_tag", {"tag": shown}, line, column)
    if "another document" in problem or (
        isinstance(exc, ComposerError) and "single document" in problem
    ):
        return ParseFailure("multiple_documents", {}, line, column)
    tab = _tab_before(text, line)
    if tab is not None:
        return tab
    return ParseFailure("yaml_syntax", {"problem": problem}, line, column)


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
        return data  # never nested too deep, holds no anchor (see plainyaml)
    try:
        _refuse_hostile(text)
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

    The round-trip parser is stricter than the C loader in a few corners (a tab
    after a key, for one), so text that read fine can still fail here.
    """
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
    from ruamel.yaml.scalarstring import LiteralScalarString

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
