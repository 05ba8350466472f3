"""Every word in the reader's language: help pages, usage errors, reports.

The Click inside Typer writes its own words in English ("Usage:", "[required]",
"No such option"); knelpunt writes them itself (``knelpunt.cli.help``). These
tests walk every help page and a set of deliberate mistakes in both languages
and look for the other language's words.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from knelpunt.cli.app import build_app
from knelpunt.report.registry import REPORTS
from tests.conftest import PROJECT

#: What Click and Typer would write themselves, and placeholders a Dutch reader
#: does not understand.
ENGLISH = re.compile(
    r"\bUsage\b|\bOptions?\b|\bArguments?\b|\bCommands?\b|Show this|\[required\]|\bdefault\b"
    r"|<str>|<int|<path>|list\[|\bTEXT\b|\bINTEGER\b|\bError\b|No such|\bMissing\b|Invalid"
    r"|Did you mean|Possible|unexpected|x>=|\bKIND\b|\bREV\b|\bACTOR\b|\bDIR\b|\bSPEC\b"
    r"|DUPLICATE|\bINTO\b|\brequires\b|\bargument\(s\)|\bvalue\b|\bimplementation\b|\bculture\b"
)
#: Dutch words an English reader should never meet.
DUTCH = re.compile(
    r"\bGebruik\b|\bOpties\b|\bOpdrachten\b|\bArgumenten\b|\bverplicht\b|\bstandaard\b"
    r"|\bTEKST\b|\bDATUM\b|\bSOORT\b|\bVERSIE\b|\bNAAM\b|\bMAP\b|\bBESTAND\b|\bOPLOSSER\b"
    r"|\bde\b|\bhet\b|\been\b|\bvan\b|\bniet\b|\bvoor\b|\bmet\b|\bzijn\b|\bZie\b"
    r"|\bVerkeerd\b|\bontbreekt\b|\bbestaat\b|\buitvoering\b|\bcultuur\b|\bstartend\b"
)
OTHER = {"nl": ENGLISH, "en": DUTCH}


def command_paths(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        paths += command_paths(sub, (*prefix, name))
    return paths


PATHS = command_paths(build_app("nl", ["add"]))

MISTAKES = [
    ("list", "bottlenecks", "--bogus"),
    ("add", "bottleneck", "--bogus"),
    ("prioritize",),
    ("show",),
    ("merge", "kp-1"),
    ("update", "kp-1", "--status"),
    ("list", "a", "b", "c"),
    ("check", "--format", "x"),
    ("prioritise", "--top", "0"),
    ("prioritise", "--top", "veel"),
    ("report", "--as-of"),
    ("add", "nothing"),
    ("resolve", "--field"),
    ("route", "--auto", "--level"),
]


def leftovers(text: str, lang: str) -> list[str]:
    return sorted({match.group(0) for match in OTHER[lang].finditer(text)})


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "knelpunt")
def test_every_help_page_is_in_one_language(path, lang, run):
    result = run("--lang", lang, *path, "--help")
    assert result.code == 0, result.err
    assert leftovers(result.out, lang) == [], result.out
    first = result.out.splitlines()[0]
    assert first.startswith("Gebruik: " if lang == "nl" else "Usage: ")


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("mistake", MISTAKES, ids=" ".join)
def test_every_usage_error_is_in_one_language(mistake, lang, run):
    result = run("--lang", lang, *mistake, cwd=PROJECT)
    assert result.code == 2, (result.out, result.err)
    assert leftovers(result.err, lang) == [], result.err
    assert "Traceback" not in result.err


def test_a_usage_error_points_at_the_help_of_the_command_typed(run):
    result = run("update", "kp-1", "--status", cwd=PROJECT)
    assert result.err.splitlines() == [
        "Verkeerd gebruik: de optie --status heeft een waarde nodig.",
        "Zie 'knelpunt update --help'.",
    ]
    result = run("--lang", "en", "add", "bottleneck", "--bogus", cwd=PROJECT)
    assert result.err.splitlines() == [
        "Usage error: there is no option --bogus (did you mean --cost, --tags?).",
        "See 'knelpunt add bottleneck --help'.",
    ]


def test_usage_line_option_list_and_error_use_the_same_placeholders(run):
    page = run("merge", "--help").out
    assert "Gebruik: knelpunt merge [OPTIES] DUPLICAAT IN" in page
    assert "DUPLICAAT  Het dubbele knelpunt.  [verplicht]" in page
    assert "--date DATUM" in page and "--help        Toon deze hulp en stop." in page
    assert "IN ontbreekt." in run("merge", "kp-1", cwd=PROJECT).err
    english = run("--lang", "en", "merge", "--help").out
    assert "Usage: knelpunt merge [OPTIONS] DUPLICATE INTO" in english


def test_choices_are_offered_in_the_readers_words(run):
    assert "--type hard|uitvoering|cultuur" in run("add", "bottleneck", "--help").out
    english = run("--lang", "en", "add", "bottleneck", "--help").out
    assert "--type hard|implementation|culture" in english
    assert "[standaard: text]" in run("check", "--help").out
    assert "[minstens 1]" in run("prioritise", "--help").out


@pytest.mark.parametrize("value", ["EN", "En", " en"])
def test_the_language_option_ignores_case(value, run):
    result = run("--lang", value, "show", cwd=PROJECT)
    assert result.err.startswith("Usage error: ID is missing.")


@pytest.mark.parametrize("name", sorted(REPORTS))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_reports_are_in_one_language(name, lang, run):
    text = run("--lang", lang, "report", name, "--date", "2026-11-23", cwd=PROJECT).out
    # Record text (titles, names, notes) is the network's own and stays Dutch;
    # what knelpunt writes around it is checked through the golden files. Here:
    # no Click words, no ISO dates, no English decimal point in Dutch.
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text)
    if lang == "nl":
        # Amounts people wrote in a proposal ("€ 60.000") are theirs, not a number format.
        own = re.sub(r"€ \d+\.\d{3}", "", text.replace("Wmo 2015", ""))
        assert not re.search(r"\b\d+\.\d+\b", own)
        assert "23 november 2026" in text
    else:
        assert not re.search(r"\b\d+,\d\b", text)
        assert "23 November 2026" in text


def test_a_placeholder_follows_the_parameter_it_belongs_to(run):
    """'name' is a report's name for 'report' but a plain text for 'add actor'."""
    assert "--name TEKST" in run("add", "actor", "--help").out
    assert "--name TEXT" in run("--lang", "en", "add", "actor", "--help").out
    assert "knelpunt report [OPTIES] [RAPPORT]" in run("report", "--help").out
