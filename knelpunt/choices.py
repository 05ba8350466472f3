"""Values as people type them: a key, or its Dutch or English label.

Records keep English keys (``on-agenda``, ``finance``, ``local``); a volunteer
types what the screen showed them (``op de agenda``, ``Financiën``,
``lokaal``). Wherever a key is accepted, its labels are too, with case,
accents, hyphens and a label's explanation in brackets ignored. A value that
matches nothing is an error that names the allowed values, never an empty
answer.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from knelpunt.config import Config
from knelpunt.errors import KnelpuntError
from knelpunt.ids import FOLDERS, KIND_WORDS, RECORD_KINDS
from knelpunt.messages import CHOICE_LABELS, FIELD_LABELS, label
from knelpunt.problems import listing


def fold(text: str) -> str:
    """``Financiën`` -> ``financien``, ``op-de_agenda`` -> ``op de agenda``."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[-_/]", " ", plain).casefold().split())


def _names(key: str, labels: Iterable[str]) -> set[str]:
    names = {fold(key)}
    for text in labels:
        names.add(fold(text))
        # "Lokaal (micro)": "lokaal" and "micro" each name it too.
        outside = re.sub(r"\(.*?\)", " ", text)
        names.add(fold(outside))
        names.update(fold(inner) for inner in re.findall(r"\((.*?)\)", text))
        # "cultuur: vertrouwen, ...": the word before the colon names it too.
        names.add(fold(text.split(":", 1)[0]))
    names.discard("")
    return names


def matches(value: str, options: Mapping[str, Iterable[str]]) -> list[str]:
    """Every key that ``value`` names: the key itself or one of its labels."""
    wanted = fold(str(value))
    return [key for key, labels in options.items() if wanted and wanted in _names(key, labels)]


def resolve(value: str, options: Mapping[str, Iterable[str]], what: str) -> str:
    """The key that ``value`` names: the key itself or one of its labels."""
    found = matches(value, options)
    if found:
        return found[0]
    names = {key: list(labels) for key, labels in options.items()}
    raise KnelpuntError(
        "unknown_choice",
        value=repr(str(value)),
        what_nl=_what(what, "nl"),
        what_en=_what(what, "en"),
        # The words people read first, each with the key a record keeps:
        # "Financiën (finance)". Either may be typed back.
        labels_nl=listing(_shown(k, n[0] if n else k) for k, n in names.items()),
        labels_en=listing(_shown(k, n[-1] if n else k) for k, n in names.items()),
    )


#: The field that names a list in a sentence: "voor thema", not "voor themes".
_FIELD_OF_LIST = {
    "themes": "theme",
    "levels": "level",
    "regions": "region",
    "provinces": "province",
    "actor_types": "type",
}


def _what(what: str, lang: str) -> str:
    if not what:
        return "-"
    field = _FIELD_OF_LIST.get(what, what)
    text = label(FIELD_LABELS, field, lang)
    # "Fase (1 vraag zichtbaar maken, ...)": the name, not its explanation.
    return re.sub(r"\s*\(.*\)\s*$", "", text).lower() or what


def _shown(key: str, text: str) -> str:
    if fold(text) == fold(key):
        return text
    return f"{text} – {key}" if "(" in text else f"{text} ({key})"


def vocabulary_options(config: Config, vocabulary: str) -> dict[str, list[str]]:
    entries = getattr(config.vocabularies, vocabulary)
    return {key: [entry.nl, entry.en] for key, entry in entries.items()}


def vocabulary_key(config: Config, vocabulary: str, value: str) -> str:
    return resolve(value, vocabulary_options(config, vocabulary), vocabulary)


def choice_options(keys: Iterable[str]) -> dict[str, list[str]]:
    return {key: list(CHOICE_LABELS.get(key) or (key, key)) for key in keys}


def short_label(key: str, lang: str) -> str:
    """The word a person types for a fixed choice: ``uitvoering`` for
    ``implementation`` (its label without the explanation after a colon or in
    brackets), accepted everywhere the key is."""
    text = CHOICE_LABELS.text(key, lang) if key in CHOICE_LABELS else key
    return re.sub(r"\(.*?\)", "", text).split(":", 1)[0].strip() or key


def choice_key(keys: Iterable[str], value: str, what: str) -> str:
    return resolve(value, choice_options(keys), what)


_DUTCH_DATE = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")


def iso_date(text: str) -> str:
    """``12-11-2026`` (the Dutch order: day, month, year) as ``2026-11-12``;
    anything else as it was, for the usual checks to judge."""
    found = _DUTCH_DATE.match(text)
    if not found:
        return text.strip()
    day, month, year = (int(part) for part in found.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return text.strip()


def typed_values(config: Config, specs: Iterable[Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with labels turned into keys and Dutch dates into ISO dates,
    for the fields ``specs`` describe. What matches nothing is left as typed,
    so that validation reports it at its field, with the allowed values."""
    result = dict(values)
    for spec in specs:
        value = result.get(spec.name)
        if value in (None, "", []):
            continue
        if spec.type == "date" and isinstance(value, str):
            result[spec.name] = iso_date(value)
        elif spec.type == "vocabulary" and spec.vocabulary:
            result[spec.name] = _mapped(value, vocabulary_options(config, spec.vocabulary))
        elif spec.type == "choice" and spec.choices and isinstance(spec.choices[0], str):
            result[spec.name] = _mapped(value, choice_options(spec.choices))
    return result


def _mapped(value: Any, options: Mapping[str, Iterable[str]]) -> Any:
    def one(item: Any) -> Any:
        try:
            return resolve(str(item), options, "")
        except KnelpuntError:
            return item

    return [one(item) for item in value] if isinstance(value, list | tuple) else one(value)


def parse_date(text: str | None, today: dt.date | None = None) -> dt.date:
    """A date as people type it (2026-11-12, or 12-11-2026 in the Dutch order);
    today when none is given."""
    if not text:
        return today or dt.date.today()
    try:
        return dt.date.fromisoformat(iso_date(text))
    except ValueError:
        raise KnelpuntError("date_input", value=text) from None


_LOOKS_LIKE_A_DATE = re.compile(r"^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\s*$")


def date_or_revision(text: str) -> str:
    """What ``--since`` names: a date as people type it (``01-11-2026``,
    ``2026-11-01``) as an ISO date, or else a git revision as it is. What
    looks like a date but is none (``2026-13-01``) is said to be no date,
    not an unknown revision."""
    if _LOOKS_LIKE_A_DATE.match(text):
        return parse_date(text).isoformat()
    return text


def kind_from_word(word: str) -> str:
    """'bottlenecks', 'bottleneck' or 'knelpunten' -> 'bottleneck'."""
    word = word.strip().lower()
    for kind in RECORD_KINDS:
        if word in (kind, FOLDERS[kind]):
            return kind
    if word in KIND_WORDS:  # Dutch, one or more: 'knelpunten', 'rangorde'
        return KIND_WORDS[word]
    raise KnelpuntError(
        "unknown_kind", kind=word, allowed=", ".join(FOLDERS[k] for k in RECORD_KINDS)
    )
