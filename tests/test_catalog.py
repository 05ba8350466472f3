"""The catalogs: complete in both languages, valid for gettext's own tools,
read the same by knelpunt as by Babel, and every key the code uses is there."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.pofile import read_po

from knelpunt import catalog
from knelpunt.messages import message
from tests.conftest import PROJECT

LANGUAGES = ("nl", "en")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_placeholders_and_plurals():
    dutch, english = catalog.load("nl"), catalog.load("en")
    assert set(dutch.entries) == set(english.entries)
    for key, entry in dutch.entries.items():
        other = english.entries[key]
        assert entry.plural == other.plural, key
        assert len(entry.forms) == len(other.forms) == (2 if entry.plural else 1), key
        names = {frozenset(placeholders(form)) for form in (*entry.forms, *other.forms)}
        # unknown_choice names the allowed labels in the reader's own language.
        assert len(names) == 1 or key == ("", "unknown_choice"), (key, names)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gettexts_own_checker_accepts_the_catalog(lang, tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "out.mo"), str(catalog.catalog_path(lang))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_knelpunt_reads_the_catalog_as_babel_does(lang):
    with catalog.catalog_path(lang).open("rb") as handle:
        babel = read_po(handle, locale=lang)
    theirs = {}
    for item in babel:
        if not item.id:
            continue
        ids = item.id if isinstance(item.id, tuple) else (item.id,)
        strings = item.string if isinstance(item.string, tuple) else (item.string,)
        theirs[(item.context or "", ids[0])] = strings
    ours = {key: entry.forms for key, entry in catalog.load(lang).entries.items()}
    assert ours == theirs
    assert babel.plural_expr == "(n != 1)"


def test_parser_reads_escapes_fuzzy_and_obsolete_entries_as_gettext_does():
    text = r"""
msgid ""
msgstr "Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);\n"

#, fuzzy
msgid "guess"
msgstr "niet zeker"

#~ msgid "old"
#~ msgstr "weg"

msgid "quote"
msgstr "zeg \"ja\"\n\tnu \\ klaar"

msgctxt "field"
msgid "empty"
msgstr ""

msgid "files"
msgid_plural "files"
msgstr[0] "{count} plik"
msgstr[1] "{count} pliki"
msgstr[2] "{count} plików"
"""
    parsed = catalog.parse(text, "pl")
    assert set(parsed.entries) == {("", "quote"), ("", "files")}
    assert parsed.text("quote") == 'zeg "ja"\n\tnu \\ klaar'
    assert [parsed.text("files", count=n) for n in (1, 3, 5, 22)] == [
        "{count} plik", "{count} pliki", "{count} plików", "{count} pliki",
    ]  # fmt: skip


def test_plural_forms_follow_the_count():
    assert message("route_done", "nl", count=1) == "1 knelpunt geadresseerd."
    assert message("route_done", "nl", count=2) == "2 knelpunten geadresseerd."
    assert message("route_done", "en", count=1) == "1 bottleneck routed."
    dutch = "Alles in orde: 10.471 bestanden gecontroleerd."
    assert message("check_ok", "nl", count=10471) == dutch
    assert message("check_ok", "en", count=10471) == "All good: 10,471 files checked."


#: message("key", ...), help_text("key", ...), t("key", ...), self.t("key") and
#: the like, written out in the code and the templates.
USE = re.compile(
    r"\b(?:message|help_text|report_text|words|t|KnelpuntError|[A-Z][A-Za-z]*Error)"
    r"""\(\s*["']([a-z][a-z0-9_]*)["']\s*[,)]"""
)


#: help="key" of the commands defined at module level.
HELP_KEY = re.compile(r"""\bhelp=["']([a-z][a-z0-9_]*)["']""")


def used_keys() -> set[str]:
    files = [*Path(PROJECT / "knelpunt").rglob("*.py"), *Path(PROJECT / "templates").glob("*.j2")]
    texts = [path.read_text(encoding="utf-8") for path in files]
    return {key for text in texts for pattern in (USE, HELP_KEY) for key in pattern.findall(text)}


def test_every_key_the_code_names_is_in_the_catalog():
    known = {key for _, key in catalog.load("nl").entries}
    used = used_keys()
    assert len(used) > 250
    assert sorted(used - known) == []
