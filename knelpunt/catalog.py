"""Reading gettext catalogs (``.po`` files) as they ship inside the package.

knelpunt keeps every text a person reads in ``knelpunt/locale/<lang>/LC_MESSAGES/
knelpunt.po``, the files translators edit with Poedit or Weblate. The msgid is a
stable key the code uses ("monolingual gettext"); the msgstr is the text. The
files are read at run time rather than compiled to ``.mo``: there is no build
step to forget, and reading one takes about a millisecond (a test checks that
this reader agrees with Babel's on every entry, and ``msgfmt --check`` passes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "knelpunt"


@dataclass(frozen=True)
class Entry:
    """One message: a single text, or the plural forms ``msgstr[0..n]``."""

    forms: tuple[str, ...]
    plural: bool = False


@dataclass
class Catalog:
    language: str
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    plural_rule: Callable[[int], int] = lambda n: int(n != 1)

    def text(self, key: str, context: str = "", count: int | None = None) -> str:
        entry = self.entries[(context, key)]
        if not entry.plural:
            return entry.forms[0]
        index = self.plural_rule(1 if count is None else count)
        return entry.forms[min(index, len(entry.forms) - 1)]

    def has(self, key: str, context: str = "") -> bool:
        return (context, key) in self.entries

    def keys(self, context: str = "") -> Iterator[str]:
        return (key for ctx, key in self.entries if ctx == context)


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def load(language: str) -> Catalog:
    return parse(catalog_path(language).read_text(encoding="utf-8"), language)


def parse(text: str, language: str) -> Catalog:
    """The entries of a ``.po`` file. Fuzzy and obsolete (``#~``) entries are
    left out, as msgfmt leaves them out; an empty translation counts as missing."""
    catalog = Catalog(language)
    fields: dict[str, str] = {}
    current: str | None = None
    fuzzy = False

    def finish() -> None:
        nonlocal fuzzy
        if "msgid" in fields:
            forms = tuple(fields[name] for name in sorted(fields) if name.startswith("msgstr"))
            plural = "msgid_plural" in fields
            if fields["msgid"] == "":
                _apply_header(catalog, fields.get("msgstr", ""))
            elif not fuzzy and all(forms):
                catalog.entries[(fields.get("msgctxt", ""), fields["msgid"])] = Entry(forms, plural)
        fields.clear()
        fuzzy = False

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if "msgid" in fields:
                finish()
            fuzzy = "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            if current is not None:
                fields[current] += _unquote(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and "msgid" in fields:
            finish()
        # msgstr[1] is kept as msgstr_1, so that the forms sort in order.
        current = keyword.replace("[", "_").rstrip("]")
        fields[current] = _unquote(rest.strip())
    finish()
    return catalog


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(.)")


def _unquote(text: str) -> str:
    """The value of a C string literal as .po files write them."""
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted string: {text}")
    inner = text[1:-1]
    if "\\" not in inner:
        return inner
    return _ESCAPE.sub(lambda match: _ESCAPES.get(match.group(1), match.group(1)), inner)


def _apply_header(catalog: Catalog, header: str) -> None:
    for line in header.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "plural-forms" and "plural=" in value:
            expression = value.split("plural=", 1)[1].strip().rstrip(";")
            if expression.replace(" ", "") in ("(n!=1)", "n!=1"):
                continue  # Dutch, English and most others: the default rule
            # Any other rule: the same safe translation of the C expression
            # that Python's own gettext uses for compiled catalogs.
            import gettext  # only here: it costs 12 ms at start-up

            catalog.plural_rule = gettext.c2py(expression)
