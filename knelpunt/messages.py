"""Every sentence knelpunt shows a person, looked up in the language's catalog.

The texts live in gettext catalogs, ``knelpunt/locale/{nl,en}/LC_MESSAGES/
knelpunt.po``; code refers to a text by its key. ``message(key, lang, **params)``
fills in the parameters, and picks the plural form by ``count`` where the text
has one. Dutch is the default; English on request (``--lang en``,
``KNELPUNT_LANG=en`` or ``language: en`` in knelpunt.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from knelpunt import catalog

DEFAULT_LANGUAGE = "nl"


def normalise_language(lang: str | None) -> str:
    return "en" if (lang or "").strip().lower().startswith("en") else DEFAULT_LANGUAGE


def message(key: str, lang: str, **params: Any) -> str:
    """The message ``key`` in ``lang`` (``nl`` or ``en``), filled in with ``params``.

    A parameter named ``<name>_msg`` is itself a message key, rendered in the
    same language (for instance "a list" / "een lijst")."""
    return _fill(Table(""), key, lang, params)


def help_text(key: str, lang: str) -> str:
    return HELP.text(key, lang)


def report_text(key: str, lang: str, **params: Any) -> str:
    """The words of the built-in report templates: ``t(key)`` inside a template."""
    return _fill(REPORT_TEXT, key, lang, params)


def _fill(table: Table, key: str, lang: str, params: dict[str, Any]) -> str:
    for name in [name for name in params if name.endswith("_msg")]:
        params[name[: -len("_msg")]] = message(params.pop(name), lang)
    language = normalise_language(lang)
    count = params.get("count")
    amount = count if isinstance(count, int) else None
    text = catalog.load(language).text(key, table.context, amount)
    for name in COUNTS.intersection(params):
        if isinstance(params[name], int) and not isinstance(params[name], bool):
            params[name] = format_integer(params[name], language)
    return text.format(**params)


#: Parameters that are amounts, written with the reader's thousands separator
#: (not line numbers or years, which are written without).
COUNTS = frozenset({"count", "checked", "files", "total", "merged", "errors", "warnings"})


def format_integer(value: int, lang: str) -> str:
    """A whole number as the reader writes it: 10.471 in Dutch, 10,471 in English."""
    separator = "," if normalise_language(lang) == "en" else "."
    return f"{value:,}".replace(",", separator)


@dataclass(frozen=True)
class Table:
    """One part of the catalog (its ``msgctxt``): field names, fixed choices, ..."""

    context: str

    def get(self, key: str) -> tuple[str, str] | None:
        """The Dutch and English text of ``key``, or None if it has none."""
        if not catalog.load("nl").has(key, self.context):
            return None
        return (self.text(key, "nl"), self.text(key, "en"))

    def text(self, key: str, lang: str) -> str:
        return catalog.load(normalise_language(lang)).text(key, self.context)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and catalog.load("nl").has(key, self.context)

    def keys(self) -> list[str]:
        return list(catalog.load("nl").keys(self.context))


#: Help texts of the command line.
HELP = Table("help")
#: What people call each field, in prompts and in messages about flags.
FIELD_LABELS = Table("field")
#: Labels of the fixed choices (the lists that are the same for every network).
CHOICE_LABELS = Table("choice")
#: The words of the built-in report templates.
REPORT_TEXT = Table("report")


def label(table: Table, key: str, lang: str) -> str:
    """The label of ``key`` in ``table``, or the key itself if it has none."""
    return table.text(key, lang) if key in table else key
