"""The registry of reports is the one list: the command line, the memo and the
tests take the reports from it. A report added to it alone is asked for by
name, rendered, kept in the memo, and held to the lean-versus-whole test that
every report is held to."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest

from knelpunt.report.registry import DESCRIPTION, REPORTS, ReportKind, report_named

OLD = 1_600_000_000_000_000_000  # outside the racy window: the caches are used
TODAY = datetime.date(2026, 11, 30)
BUILT: list[str] = []


def descriptions(source: Any) -> dict[str, Any]:
    """A report made in this test only: every bottleneck's title and
    description, asking for the long text it shows as a report must."""
    BUILT.append("descriptions")
    shown = sorted(source.records.bottlenecks)
    source.shown(shown)
    rows = [source.records.bottlenecks[b] for b in shown]
    return {"rows": [{"title": b.title, "text": source.description(b)} for b in rows]}


def forgetful(source: Any) -> dict[str, Any]:
    """The same, but it forgets to ask for the descriptions back."""
    rows = [source.records.bottlenecks[b] for b in sorted(source.records.bottlenecks)]
    return {"rows": [{"title": b.title, "text": b.description} for b in rows]}


TEMPLATE = (
    "{% for row in rows %}## {{ row.title|text }}\n\n{{ row.text|paragraph }}\n\n{% endfor %}"
)


def settle(example: Path) -> None:
    for path in (example / "data").rglob("*.yaml"):
        os.utime(path, ns=(OLD, OLD))


def lean_says_what_whole_says(example: Path, run: Any, monkeypatch: Any, name: str) -> None:
    """Report ``name`` from a lean set (the command, from the record cache and
    from the files) is the report from the whole records, in both formats."""
    import knelpunt.texts
    from knelpunt.repo import open_repository
    from knelpunt.report.building import build
    from knelpunt.report.rendering import render
    from knelpunt.report.source import Source
    from knelpunt.scanning import cache_database
    from knelpunt.store import load_all

    settle(example)
    repo = open_repository(example, {}, example)
    whole = Source(repo.config, load_all(repo), "nl", TODAY)
    for output_format in ("md", "html"):
        expected = render(name, build(name, whole), repo.root / "templates", "nl", output_format)
        for few in (0, 100_000):
            monkeypatch.setattr(knelpunt.texts, "FEW_TEXTS", few)
            cache_database(repo).path.unlink(missing_ok=True)  # no report kept from before
            asked = ("report", name, "--date", TODAY.isoformat(), "--format", output_format)
            result = run(*asked, cwd=example)
            assert result.code == 0, result.err
            assert result.out == expected, (name, output_format, few)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_report_of_the_registry_from_a_lean_set_says_what_the_whole_records_say(
    example, run, monkeypatch, name
):
    lean_says_what_whole_says(example, run, monkeypatch, name)


def test_each_report_is_asked_for_by_its_name_and_its_dutch_words(run, example):
    for kind in REPORTS.values():
        assert report_named(kind.name) is kind
        for word in kind.words:
            assert report_named(word.upper()) is kind
    assert report_named("verslag") is None
    refused = run("report", "verslag", cwd=example)
    assert refused.code == 1
    assert all(name in refused.err for name in REPORTS)


def test_a_report_added_to_the_registry_alone_is_rendered_kept_and_held_to_the_lean_test(
    example, run, monkeypatch
):
    kind = ReportKind(
        "descriptions", ("beschrijvingen",), f"{__name__}:descriptions", frozenset({DESCRIPTION})
    )
    monkeypatch.setitem(REPORTS, kind.name, kind)
    (example / "templates").mkdir(exist_ok=True)
    for template in kind.templates:
        (example / "templates" / template).write_text(TEMPLATE, encoding="utf-8")
    settle(example)
    BUILT.clear()
    first = run("report", "beschrijvingen", "--date", TODAY.isoformat(), cwd=example)
    assert first.code == 0, first.err
    assert "Zorgcoöperaties betalen" in first.out  # a description, read back
    again = run("report", "descriptions", "--date", TODAY.isoformat(), cwd=example)
    assert again.out == first.out
    assert BUILT == ["descriptions"]  # the second time from the memo
    lean_says_what_whole_says(example, run, monkeypatch, "descriptions")


def test_the_lean_test_catches_a_report_that_forgets_to_ask_for_its_long_text(
    example, run, monkeypatch
):
    kind = ReportKind("forgetful", (), f"{__name__}:forgetful", frozenset({DESCRIPTION}))
    monkeypatch.setitem(REPORTS, kind.name, kind)
    (example / "templates").mkdir(exist_ok=True)
    for template in kind.templates:
        (example / "templates" / template).write_text(TEMPLATE, encoding="utf-8")
    with pytest.raises(AssertionError):
        lean_says_what_whole_says(example, run, monkeypatch, "forgetful")
