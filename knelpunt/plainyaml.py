"""A reader for the plain YAML that knelpunt writes, several times faster than
ruamel.yaml's C loader, and exact where it answers.

Nearly every record file is the house style ``yamlio.dump`` writes: block
mappings of ``key: value`` lines, block sequences, ``|-`` blocks for long text,
comments. This module reads that subset line by line and answers ``None`` for
anything outside it (a tab, a quote with escapes, a flow list, an anchor, a
multi-line plain value, a document marker...). The caller then reads the file
with ruamel.yaml, which also finds and places every syntax error: this reader
never reports one.

Two parsers that read a file differently would be a correctness risk, so where
this one answers it must answer what ruamel answers. It borrows ruamel's own
table to tell text from numbers, booleans, nulls and dates, and
``tests/test_plainyaml.py`` compares the two on the bad-input corpus, the fuzz
strategies and generated records.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

#: Characters ruamel refuses, or reads as a line break, a tab or a byte-order
#: mark: a file holding one is left to ruamel.
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
#: A line of spaces only, which the C loader and the round-trip scanner read
#: differently before a block's text (``- |``, `` ``, ``  text``): a file
#: holding one is left to ruamel too. Apart from ``_UNUSUAL`` because one
#: pattern with both took three times as long (it starts at every "\n" here).
_SPACES_ONLY_LINE = re.compile(r"\n +(?:\n|\Z)")
#: Document markers and directives, at the start of a line.
_DOCUMENT_MARKS = ("---", "...", "%")
#: ``key:`` followed by white space or the end of the line.
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)")
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'(?: +#.*| *)$")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"(?: +#.*| *)$')
_BLOCK_HEADER = re.compile(r"\|(-?)(?: +#.*| *)$")
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")
#: What may not start a plain value (YAML's indicators).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
#: Records nest three or four levels deep and knelpunt.yaml five or six. The C
#: parser's composer recurses and crashes the process at some ten thousand
#: levels, the round-trip parser at a few hundred: ``yamlio`` refuses a
#: document nested deeper than this, and this reader leaves it to ``yamlio``.
MAX_DEPTH = 64
#: Python converts no longer run of digits to a number (sys.int_info's
#: default_max_str_digits); ``yamlio`` refuses such a value at its line.
_MAX_DIGITS = 4300

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


class _Outside(Exception):
    """The text is outside the subset: ruamel reads it."""


@cache
def _resolvers() -> tuple[dict[Any, list[tuple[str, Any]]], list[tuple[str, Any]]]:
    """ruamel's YAML 1.2 implicit resolvers, by first character, as its loader
    in ``yamlio`` uses them."""
    from ruamel.yaml.resolver import VersionedResolver

    # With no document to ask, ruamel's resolver answers for YAML 1.2, as it
    # does for every record (they carry no %YAML directive: see _DOCUMENT_MARKS).
    table = VersionedResolver(version=None, loadumper=None).versioned_resolver
    # The same patterns, compiled here: ruamel's compile lazily behind a proxy
    # that costs an attribute lookup per match.
    plain = {
        first: [(tag, re.compile(pattern.pattern, pattern.flags)) for tag, pattern in resolvers]
        for first, resolvers in table.items()
    }
    return plain, list(plain.get(None, []))


def load(text: str) -> dict[str, Any] | None:
    """The mapping in ``text``, or ``None`` if ruamel must read it."""
    if _UNUSUAL.search(text) or _SPACES_ONLY_LINE.search(text) or text.startswith(_DOCUMENT_MARKS):
        return None
    if "\n---" in text or "\n..." in text or "\n%" in text:
        return None
    reader = _Reader(text.split("\n"))
    try:
        reader.skip()
        if reader.at >= len(reader.lines) or reader.indent_of(reader.at) != 0:
            return None
        data = reader.mapping(0, 0)
        reader.skip()
        if reader.at < len(reader.lines):
            return None
    except _Outside:
        return None
    return data


class _Reader:
    __slots__ = ("at", "lines")

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.at = 0

    def skip(self) -> None:
        """Past blank lines and comment lines."""
        lines = self.lines
        at = self.at
        while at < len(lines):
            content = lines[at].lstrip(" ")
            if content and content[0] != "#":
                break
            at += 1
        self.at = at

    def indent_of(self, at: int) -> int:
        line = self.lines[at]
        return len(line) - len(line.lstrip(" "))

    def next_at(self, indent: int) -> str | None:
        """The next line with content, if it is at ``indent``; None at the end
        or where it is less indented (the collection ends there)."""
        self.skip()
        if self.at >= len(self.lines):
            return None
        line = self.lines[self.at]
        found = len(line) - len(line.lstrip(" "))
        if found > indent:
            raise _Outside  # a continued plain value, or a stray deeper line
        return line if found == indent else None

    def mapping(self, indent: int, depth: int) -> dict[str, Any]:
        if depth >= MAX_DEPTH:
            raise _Outside
        result: dict[str, Any] = {}
        while (line := self.next_at(indent)) is not None:
            match = _KEY.match(line, indent)
            if match is None:
                raise _Outside
            key = _plain(match.group(1))
            if not isinstance(key, str) or key in result:
                raise _Outside  # a duplicate key is ruamel's error to report
            result[key] = self.value(line[match.end() :], indent, depth, in_mapping=True)
        return result

    def sequence(self, indent: int, depth: int) -> list[Any]:
        if depth >= MAX_DEPTH:
            raise _Outside
        result: list[Any] = []
        while (line := self.next_at(indent)) is not None:
            if not line.startswith("- ", indent):
                break  # the next key of a mapping at this indent
            rest = line[indent + 2 :]
            item = rest.lstrip(" ")
            column = indent + 2 + len(rest) - len(item)
            if _KEY.match(item):
                # "- key: value" opens a mapping at the key's column: read it
                # as if the dash were a space.
                self.lines[self.at] = " " * column + item
                result.append(self.mapping(column, depth + 1))
            else:
                result.append(self.value(item, indent, depth, in_mapping=False))
        return result

    def value(self, rest: str, indent: int, depth: int, in_mapping: bool) -> Any:
        """The value after ``key:`` or ``- ``; ``indent`` is the key's or the dash's column."""
        if not rest or rest[0] == "#":
            return self.nested(indent, depth, in_mapping)
        first = rest[0]
        if first == "|":
            header = _BLOCK_HEADER.match(rest)
            if header is None:
                raise _Outside
            return self.literal(indent, strip=bool(header.group(1)))
        self.at += 1
        if first == "'":
            quoted = _SINGLE_QUOTED.match(rest)
            if quoted is None:
                raise _Outside
            return quoted.group(1).replace("''", "'")
        if first == '"':
            quoted = _DOUBLE_QUOTED.match(rest)
            if quoted is None:
                raise _Outside
            return quoted.group(1)
        if first == "[" or first == "{":
            bare = rest.split(" #", 1)[0].rstrip(" ")
            if bare == "[]":
                return []
            if bare == "{}":
                return {}
            raise _Outside
        if first in _INDICATORS:
            raise _Outside
        plain = rest.split(" #", 1)[0].rstrip(" ")
        if ": " in plain or plain.endswith(":"):
            raise _Outside
        return _plain(plain)

    def nested(self, indent: int, depth: int, in_mapping: bool) -> Any:
        """What follows an empty value: a block collection, or null."""
        self.at += 1
        self.skip()
        lines = self.lines
        if self.at >= len(lines):
            return None
        line = lines[self.at]
        found = len(line) - len(line.lstrip(" "))
        dash = line.startswith("- ", found)
        if found > indent:
            if dash:
                return self.sequence(found, depth + 1)
            return self.mapping(found, depth + 1)
        if found == indent and dash and in_mapping:
            return self.sequence(found, depth + 1)  # "key:" then "- item" at the key's column
        return None

    def literal(self, indent: int, strip: bool) -> str:
        """A ``|`` or ``|-`` block whose content is indented deeper than ``indent``."""
        lines = self.lines
        start = self.at + 1
        at = start
        block_indent = -1
        last = -1  # the last line with content
        while at < len(lines):
            line = lines[at]
            content = line.lstrip(" ")
            if not content:
                # An all-space line deeper than the block holds spaces as
                # content, or is an error before the first line: ruamel's.
                if block_indent >= 0 and len(line) > block_indent:
                    raise _Outside
                if block_indent < 0 and len(line) > indent:
                    raise _Outside
                at += 1
                continue
            found = len(line) - len(content)
            if block_indent < 0:
                if found <= indent:
                    break
                block_indent = found
            elif found < block_indent:
                break
            last = at
            at += 1
        if last < 0 or (not strip and last == len(lines) - 1):
            raise _Outside  # an empty block, or a final line without its line break
        self.at = last + 1
        body = "\n".join(line[block_indent:] for line in lines[start : last + 1])
        return body if strip else body + "\n"


def _plain(value: str) -> Any:
    """A plain value as ruamel's safe loader constructs it, dates as text."""
    table, anywhere = _resolvers()
    resolvers = table.get(value[0])
    if resolvers is None and not anywhere:
        return value
    for tag, pattern in [*(resolvers or ()), *anywhere]:
        if pattern.match(value):
            if tag == _TIMESTAMP:
                return value
            if tag == _NULL:
                return None
            if tag == _BOOL:
                return value.lower() == "true"
            if tag == _INT and _INTEGER.fullmatch(value):
                if len(value) > _MAX_DIGITS:
                    raise _Outside  # Python refuses it: yamlio says where
                return int(value)
            if tag == _FLOAT and _DECIMAL.fullmatch(value):
                return float(value)
            raise _Outside  # 0x1f, 1_000, 1e3, .inf, ._, merge keys...
    return value
