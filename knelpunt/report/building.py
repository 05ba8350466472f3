"""Making a report: the records it reads (now or at a revision), the data of
the report by its registry entry, and the memo of what was made."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from knelpunt import revisions
from knelpunt.formats import long_date, month_name
from knelpunt.memo import Question, keep
from knelpunt.messages import report_text
from knelpunt.problems import Problem
from knelpunt.repo import Repository
from knelpunt.report.registry import REPORTS
from knelpunt.report.rendering import MEMO_MAX_CHARS, Spooled, render_spooled
from knelpunt.report.source import Source
from knelpunt.store import load_all, load_scanned


def open_source(
    repo: Repository, lang: str, today: dt.date, as_of: str | None, since: str | None
) -> Source:
    """The records a report is made of: as they are, or at git revision
    ``as_of``; compared with a revision or date ``since`` where given."""
    baseline = None
    day = None
    if since is not None:
        try:
            day = dt.date.fromisoformat(since)
        except ValueError:
            # First, while the process is small: a wrong revision is told at
            # once, and reading 100,000 history files leaves its garbage
            # below the records, not above them.
            baseline = revisions.baseline_at_revision(repo, since)
    # Lean: only what is shown gets its long text back (``Source.shown``).
    if as_of is not None:
        repo_at, records, commit = revisions.load_at(repo, as_of, lean=True)
        label: str | None = f"{as_of} ({commit.hexsha[:8]})"
    else:
        repo_at, records, label = repo, load_all(repo, lean=True), None
    if day is not None:
        # Headed as a reader writes a date: "Sinds 1 november 2026".
        at_date = revisions.baseline_at_date(records, day)
        baseline = dataclasses.replace(at_date, label=long_date(day, lang))
    return Source(repo_at.config, records, lang, today, label, baseline, repo)


def render_current(
    repo: Repository,
    question: Question,
    name: str,
    lang: str,
    today: dt.date,
    only: str | None = None,
    unread: list[Problem] | None = None,
) -> str | Spooled:
    """Render the report ``question`` asked for, and keep it in the memo; a
    long one is handed back spooled, and not kept. The errors of files that
    could not be read (and so are not in it) go to ``unread``."""
    output_format = question.asked[3]
    # Lean: only the bottlenecks the report shows get their long text back.
    records = load_scanned(repo, question.scanned, lean=True)
    question.settle()
    if unread is not None:
        unread += [p for p in records.problems if p.severity == "error"]
    source = Source(repo.config, records, lang, today, None, None, repo)
    data = build(name, source, only)
    spooled = render_spooled(
        name, data, question.templates, lang, output_format, scale=source.scale
    )
    if spooled.size > MEMO_MAX_CHARS:
        return spooled  # re-rendered next time: kept, it would be held whole
    text = spooled.text()
    spooled.close()
    if not records.problems:
        keep(repo, question, text)
    return text


def build(
    name: str, source: Source, only: str | None = None, also: Iterable[str] = ()
) -> dict[str, Any]:
    """The data of report ``name``; ``only`` narrows the agenda to one solver,
    ``also`` adds solvers with nothing open to it."""
    kind = REPORTS[name]
    builder = kind.build()
    data = builder(source, only, also) if kind.for_one_solver else builder(source)
    return {
        "generated_on": long_date(source.today, source.lang),
        "as_of": source.as_of,
        "lang": source.lang,
        "cover": cover(source),
        **data,
    }


def cover(source: Source) -> dict[str, str]:
    """What the first page of a printed report says besides its title: the
    network and the period its records span, from the first meeting or
    bottleneck reported to the day the report is made."""
    days = [
        day
        for kind, attribute in (("meeting", "date"), ("bottleneck", "reported_on"))
        for record in source.records.records.get(kind, {}).values()
        if isinstance(day := getattr(record, attribute, None), dt.date) and day <= source.today
    ]
    first = min(days, default=source.today)
    end = f"{month_name(source.today.month, source.lang)} {source.today.year}"
    if (first.year, first.month) == (source.today.year, source.today.month):
        period = end
    elif first.year == source.today.year:
        period = f"{month_name(first.month, source.lang)} – {end}"
    else:
        period = f"{month_name(first.month, source.lang)} {first.year} – {end}"
    return {
        "network": source.config.name or report_text("cover_network", source.lang),
        "period": period,
    }
