"""Progress reports in Markdown: data gathered here, words and layout in templates.

The templates (``templates/*.md.j2``, a repository's own ``templates/`` first)
run in Jinja2's sandbox with undefined names as errors. They receive plain
data only (strings, numbers, lists, dicts), never records, so a template, even
one from a pull request, reaches nothing beyond the report's figures; and no
contact person is ever part of that data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, overload

from knelpunt import charts, escape, frontrunners, knowledge, revisions, verdicts
from knelpunt.config import Config
from knelpunt.errors import KnelpuntError
from knelpunt.facts import (
    SOLVED,
    BottleneckFacts,
    facts_for,
    levels_of,
    local_level,
    solved_elsewhere,
    solved_on,
    told_to_initiative,
)
from knelpunt.formats import integer, long_date, month_name, number, short_date
from knelpunt.memo import Question, builtin_templates, keep
from knelpunt.messages import CHOICE_LABELS, label, message, report_text
from knelpunt.models import Actor, Bottleneck, Initiative, Meeting, Record, Solution, Update
from knelpunt.priority import rank, score
from knelpunt.repo import Repository
from knelpunt.revisions import Baseline
from knelpunt.safeio import is_inside
from knelpunt.store import RecordSet, load_all, load_scanned
from knelpunt.templating import (
    BoundedEnvironment,
    ConfinedLoader,
    inert,
    page_start,
    render_bounded,
    scale_for,
    without_controls,
)
from knelpunt.texts import Place, in_order, whole_records, with_long_text
from knelpunt.voice import beside_score, voice_report
from knelpunt.workflow import TRANSITIONS, Addressing, State

TOP = 5
WAITING = 5

# --- making user text safe in Markdown ------------------------------------------

inline = escape.inline


def mermaid(value: Any) -> str:
    """A label inside a Mermaid chart: one line, no quotes or brackets."""
    text = " ".join(str(value).split())
    return re.sub(r'["\[\]{}();:`#<>|]', " ", text).strip() or "-"


FORMATS = ("md", "html")


def render(
    name: str,
    context: dict[str, Any],
    repository_templates: Path,
    lang: str,
    output_format: str = "md",
    href: Callable[[str, str], str] | None = None,
    out: Callable[[str], object] | None = None,
    scale: int = 1,
) -> str:
    """Render report ``name`` as Markdown or as one self-contained HTML file:
    the repository's own template if it has one, else the built-in one;
    sandboxed and bounded (see ``knelpunt.templating``). HTML templates
    escape every value (autoescape), so text from the records never becomes
    markup; their charts are SVG drawn by ``knelpunt.charts``. With ``out``,
    the text is handed to it a piece at a time, and "" returned. ``scale``:
    see ``templating.scale_for``."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    if repository_templates.is_symlink() or not is_inside(
        repository_templates.parent, repository_templates
    ):
        raise KnelpuntError("path_through_symlink", path=repository_templates.name)
    # The folder's time changes when a template is added or removed in it.
    own = repository_templates.stat().st_mtime_ns if repository_templates.is_dir() else None
    environment = _environment(repository_templates, own, lang, output_format, href)
    template_name = f"{name}.{output_format}.j2"
    if output_format == "html":
        context = {**context, "charts": charts_for(name, context, lang)}
    try:
        template = environment.get_template(template_name)
        pieces = template.generate(context)
        if output_format == "html":
            # The page's start and its policy come first, from knelpunt.
            pieces = itertools.chain([page_start(lang)], inert(pieces))
        return render_bounded(without_controls(pieces), out=out, scale=scale)
    except KnelpuntError as error:
        error.params.setdefault("template", template_name)
        raise
    except TemplateNotFound as exc:
        raise KnelpuntError(
            "template_not_found", template=template_name, name=exc.name or ""
        ) from None
    except TemplateSyntaxError as exc:
        # Name the file and line that are wrong: often a template it extends
        # or includes (_page.html.j2), not the report's own.
        where = f"{exc.name or template_name}:{exc.lineno}" if exc.lineno else template_name
        raise KnelpuntError("template_error", template=where, error=exc.message or "") from None
    except TemplateError as exc:
        raise KnelpuntError("template_error", template=template_name, error=str(exc)) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        # Raised by the template's own expressions: {{ 1 // 0 }}, {{ [][1] }}.
        problem = f"{type(exc).__name__}: {exc}"
        raise KnelpuntError("template_error", template=template_name, error=problem) from None


@functools.lru_cache(maxsize=8)
def _environment(
    repository_templates: Path,
    own: int | None,
    lang: str,
    output_format: str,
    href: Callable[[str, str], str] | None,
) -> BoundedEnvironment:
    """The sandbox the templates render in, made once for each way a command
    renders: compiling the templates again for every page was most of the
    time of a site (20 ms a page). Jinja2 checks each template's file for
    changes before it uses the one compiled. ``own``: the time of the
    repository's templates folder, if it has one (a template added since is
    looked for)."""
    from jinja2 import ChoiceLoader, StrictUndefined

    loaders = [ConfinedLoader(builtin_templates())]
    if own is not None:
        loaders.insert(0, ConfinedLoader(repository_templates))
    environment = BoundedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=output_format == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["text"] = inline
    environment.filters["paragraph"] = escape.paragraph
    environment.filters["mermaid"] = mermaid
    # Amounts in tables and sentences as the reader writes them (10.471 in
    # Dutch); charts take the plain numbers.
    environment.filters["number"] = lambda value: number(value, lang)
    environment.globals["t"] = _translator(lang)
    # Where a record's page is: on the site (knelpunt site) a relative link,
    # in a single report none. A global, not a value of the context: the
    # macros a template imports see only globals.
    environment.globals["href"] = href or (lambda kind, record_id: "")
    environment.filters["zip_rows"] = zip_rows
    return environment


def zip_rows(first: list[Any], *others: list[Any]) -> list[list[Any]]:
    """Columns side by side as table rows: ``names|zip_rows(counts)``."""
    return [list(row) for row in zip(first, *others, strict=False)]


#: A report up to this many characters is kept in the memo (``memo.keep``),
#: and handed over as one text; a longer one is read back from its spool. The
#: agenda of 10,000 bottlenecks is some 10 million characters, of 50,000 some 50.
MEMO_MAX_CHARS = 16 * 1024 * 1024


class Spooled:
    """A rendered report in a temporary file, handed on a piece at a time:
    never held whole (``render_spooled``)."""

    def __init__(self, handle: Any, size: int) -> None:
        self._handle = handle
        #: Characters written.
        self.size = size

    def text(self) -> str:
        self._handle.seek(0)
        text: str = self._handle.read()
        return text

    def pieces(self) -> Iterator[str]:
        self._handle.seek(0)
        while piece := self._handle.read(1 << 20):
            yield piece

    def close(self) -> None:
        self._handle.close()


def render_spooled(
    name: str,
    context: dict[str, Any],
    repository_templates: Path,
    lang: str,
    output_format: str = "md",
    href: Callable[[str, str], str] | None = None,
    scale: int = 1,
) -> Spooled:
    """``render``, into a temporary file: nothing is shown or written before
    the template has rendered to its end, and no more of it held at once
    than a piece."""
    import tempfile

    # Outlives this call: closed by Spooled.close.
    handle = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
    written = 0

    def out(piece: str) -> None:
        nonlocal written
        written += len(piece)
        handle.write(piece)

    try:
        render(name, context, repository_templates, lang, output_format, href, out, scale)
    except BaseException:
        handle.close()
        raise
    return Spooled(handle, written)


def charts_for(name: str, context: dict[str, Any], lang: str) -> dict[str, Any]:
    """The SVG charts of report ``name``, from the same data as its tables."""
    t = _translator(lang)
    if name != "progress":
        return {}
    plan = context["plan"]
    themes = [
        (
            row["theme"],
            [
                charts.Segment(label, count, charts.STATUS_COLOURS.get(key, charts.BAR))
                for label, key, count in zip(
                    context["statuses"], context["status_keys"], row["counts"], strict=True
                )
            ],
        )
        for row in context["by_theme"]
    ]
    return {
        "plan": charts.progress_bars(
            t("plan"),
            [
                (t("explorers"), context["explorers_active"], plan["explorers"]),
                (t("explorer_meetings"), context["meetings_held"], plan["meetings"]),
                (t("initiatives_heard"), context["initiatives_heard"], plan["initiatives"]),
            ],
            lang,
            t("col_done"),
        ),
        "themes": charts.stacked_bars(t("by_theme"), themes, lang),
        "levels": charts.bars(
            t("by_level"), [(r["level"], r["count"]) for r in context["by_level"]], lang
        ),
        "solvers": charts.bars(
            t("by_solver"), [(r["name"], r["total"]) for r in context["by_solver"]], lang
        ),
        "months": charts.months(
            t("over_time"),
            [(r["month"], r["reported"], r["resolved"]) for r in context["over_time"]],
            (t("reported_per_month"), t("resolved_per_month")),
            lang,
        ),
    }


def _translator(lang: str) -> Callable[..., str]:
    def t(key: str, **params: Any) -> str:
        return report_text(key, lang, **params)

    return t


# --- the data ------------------------------------------------------------------


#: Past this many bottlenecks in an agenda's rows, their descriptions are read
#: one at a time as the rows are made, not given back to the set all at once:
#: 4 KB each, the 40,000 of an agenda at 50,000 bottlenecks were 50 MB held.
MANY_SHOWN = 5000
#: Descriptions read that way and kept, the last ones.
DESCRIPTIONS_KEPT = 512


@dataclass
class Source:
    """Everything a report is made from."""

    config: Config
    records: RecordSet
    lang: str
    today: dt.date
    as_of: str | None = None
    baseline: Baseline | None = None
    #: Where a lean set (``store.load_records``) finds its long text again:
    #: see ``shown`` and ``in_turn``.
    repo: Repository | None = None

    def shown(self, bottleneck_ids: Iterable[str], history: bool = True) -> None:
        """The bottlenecks whose description or history a report shows: a lean
        set gets their long text back, and only theirs."""
        if self.records.lean and self.repo is not None:
            with_long_text(self.repo, self.records, bottleneck_ids, history=history)

    def shown_in_rows(self, bottleneck_ids: Collection[str]) -> None:
        """``shown``, for the rows of an agenda: past ``MANY_SHOWN``, only
        their history notes; each row reads its description when it is made
        (``description``), and none is held."""
        if len(bottleneck_ids) > MANY_SHOWN:
            self.notes_shown(bottleneck_ids)
        else:
            self.shown(bottleneck_ids)

    def description(self, bottleneck: Bottleneck) -> str:
        """A bottleneck's description, read again from its file (or the
        commit) where a lean set has not had it back."""
        if bottleneck.description or not self.records.lean or self.repo is None:
            return bottleneck.description
        return self._read_description(bottleneck.id)

    def _read_description(self, bottleneck_id: str) -> str:
        # The last few read are kept: a template reads an agenda's rows twice
        # (a table, then the details), one problem-solver after another.
        kept: dict[str, str] = self.__dict__.setdefault("_descriptions_read", {})
        if bottleneck_id in kept:
            return kept[bottleneck_id]
        assert self.repo is not None
        place = ("bottleneck", bottleneck_id)
        whole = next(whole_records(self.repo, self.records, [place]), (place, None))[1]
        text = whole.description if isinstance(whole, Bottleneck) else ""
        if len(kept) >= DESCRIPTIONS_KEPT:
            del kept[next(iter(kept))]
        kept[bottleneck_id] = text
        return text

    @property
    def facts(self) -> dict[str, BottleneckFacts]:
        """Every bottleneck's facts, made once for all a command builds from
        this source (the site builds three reports: each made its own, 22 MB
        apiece at 50,000)."""
        made: dict[str, BottleneckFacts] | None = self.__dict__.get("_facts")
        if made is None:
            made = self.__dict__["_facts"] = facts_for(self.records)
        return made

    @property
    def scale(self) -> int:
        """The size of the report's bounds (``templating.scale_for``)."""
        return scale_for(len(self.records.bottlenecks))

    def notes_shown(self, bottleneck_ids: Iterable[str]) -> None:
        """The bottlenecks whose history notes (not descriptions) are shown."""
        if self.records.lean and self.repo is not None:
            with_long_text(self.repo, self.records, bottleneck_ids, own=False)

    def in_turn(self, places: list[Place]) -> Iterator[tuple[Place, Record | Update | None]]:
        """The records at ``places``, long text and all, one at a time in that
        order and none kept: for a page each (``texts.in_order``)."""
        if self.records.lean and self.repo is not None:
            return in_order(self.repo, self.records, places)
        return ((place, self.records.at(place)) for place in places)


class _Names:
    def __init__(self, source: Source) -> None:
        self.source = source

    def record(self, kind: str, record_id: str) -> str:
        found = self.source.records.of(kind).get(record_id)
        return found.label() if found else record_id

    def vocab(self, vocabulary: str, key: str | None) -> str:
        return self.source.config.label(vocabulary, key, self.source.lang) if key else ""

    def status(self, status: str) -> str:
        return label(CHOICE_LABELS, status, self.source.lang)


class Rows(Sequence[dict[str, Any]]):
    """A report's rows, each made (from a bottleneck's facts, an initiative...)
    when a template reaches it and let go of once rendered; a list to the
    template (``for``, ``length``, an index), made anew each time it is read."""

    __slots__ = ("_facts", "_make")

    def __init__(self, facts: Sequence[Any], make: Callable[[Any], dict[str, Any]]) -> None:
        self._facts = facts
        self._make = make

    def __len__(self) -> int:
        return len(self._facts)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self._make(f) for f in self._facts[index]]
        return self._make(self._facts[index])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return map(self._make, self._facts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Rows({len(self)})"


def _parts(facts: BottleneckFacts, source: Source) -> dict[str, Any]:
    result = score(facts, source.config.priority, source.today)
    return {
        "score": number(result.total, source.lang),
        "parts": [
            {
                "name": message(f"part_{p.name}", source.lang),
                "value": number(p.value, source.lang, decimals=2),
                "weight": number(p.weight, source.lang, decimals=2),
                "points": number(p.points, source.lang),
            }
            for p in result.parts
            if p.points
        ],
    }


def bottleneck_row(facts: BottleneckFacts, source: Source) -> dict[str, Any]:
    """One bottleneck as the reports show it: title, state, problem-solvers,
    reporters, history and the parts of its score."""
    return _bottleneck(facts, source, _Names(source))


def _addressing(addressing: Addressing, source: Source, names: _Names) -> dict[str, Any]:
    """One problem-solver's addressing as every output tells it: its own
    status, level and date, the initiatives it concerns and its last step."""
    step = addressing.step
    return {
        "id": addressing.actor,
        "name": names.record("actor", addressing.actor),
        "status": names.status(addressing.status),
        "status_key": addressing.status,
        "level": names.vocab("levels", addressing.level),
        "since": short_date(addressing.since, source.lang),
        "concerns": [names.record("initiative", i) for i in addressing.concerns],
        "concern_ids": list(addressing.concerns),
        "last_date": short_date(step.date, source.lang) if step else "",
        "last_note": (step.note or "") if step else "",
    }


def _clocks(facts: BottleneckFacts, source: Source) -> dict[str, dict[str, Any]]:
    """Each open addressing's clock on the report's day (``--date``), by
    problem-solver: its answer-by day and how many days past it (0: in time).
    Nothing on a bottleneck no longer open: no one waits for an answer there (as
    ``knelpunt todo``)."""
    if not facts.state.is_open:
        return {}
    return {
        a.actor: {
            "answer_by": short_date(a.answer_by, source.lang),
            "days": a.days_overdue(source.today),
        }
        for a in facts.state.addressings
        if a.is_open and a.answer_by is not None
    }


def _overdue(current: list[BottleneckFacts], source: Source, names: _Names) -> dict[str, Any]:
    """The addressings of open bottlenecks still only routed (the solver has
    not answered) and those of them past their answer-by day on the report's
    day, per level and per type of problem-solver. Each addressing has one
    level and one solver, so each table's rows add up to its total."""
    waiting = [
        (f, a)
        for f in current
        if f.state.is_open
        for a in f.state.addressings
        if a.status == "routed"
    ]
    late = [(f, a) for f, a in waiting if a.overdue(source.today)]
    actors = source.records.of("actor")

    def solver_type(addressing: Addressing) -> str | None:
        actor = actors.get(addressing.actor)
        return actor.type if isinstance(actor, Actor) else None

    def table(
        key: Callable[[Addressing], str | None], vocabulary: str, known: list[str]
    ) -> list[dict[str, Any]]:
        counts = Counter(key(a) for _, a in waiting)
        overdue = Counter(key(a) for _, a in late)
        # A key the settings no longer name, or none at all, still counts.
        order = known + sorted(k for k in counts if k and k not in known) + [None]
        return [
            {"name": names.vocab(vocabulary, k) or "-", "waiting": n, "overdue": overdue[k]}
            for k in order
            if (n := counts.get(k, 0))
        ]

    lang, vocabularies = source.lang, source.config.vocabularies
    return {
        "on": long_date(source.today, lang),
        "waiting": len(waiting),
        "total": len(late),
        "by_level": table(lambda a: a.level, "levels", list(vocabularies.levels)),
        "by_type": table(solver_type, "actor_types", list(vocabularies.actor_types)),
        "note": report_text(
            "overdue_note",
            lang,
            date=long_date(source.today, lang),
            count=len(late),
            waiting=integer(len(waiting), lang),
            bottlenecks=integer(len({f.id for f, _ in late}), lang),
        ),
    }


def _levels(state: State, names: _Names) -> str:
    return ", ".join(names.vocab("levels", level) for level in levels_of(state))


def _bottleneck(facts: BottleneckFacts, source: Source, names: _Names) -> dict[str, Any]:
    state = facts.state
    return {
        "id": facts.id,
        "title": facts.bottleneck.title,
        "theme": names.vocab("themes", facts.bottleneck.theme),
        "status": names.status(state.status),
        # Every level it is addressed at: each problem-solver's own is in
        # "addressings", never one level for them all.
        "level": _levels(state, names),
        "solvers": [names.record("actor", a) for a in state.addressees],
        "solver_ids": list(state.addressees),
        "addressings": [_addressing(a, source, names) for a in state.addressings],
        # Each open addressing's clock, by problem-solver (issue 31, point 3).
        "clocks": _clocks(facts, source),
        "initiatives": [names.record("initiative", i) for i in facts.reporters],
        "initiative_ids": list(facts.reporters),
        # Bottlenecks the stakeholders named themselves have organisations as reporters.
        "organisations": [names.record("actor", a) for a in facts.stakeholders],
        "organisation_ids": list(facts.stakeholders),
        "since": short_date(state.since or facts.bottleneck.reported_on, source.lang),
        "history": [
            {
                "date": short_date(u.date, source.lang),
                "by": u.by,
                "status": names.status(u.status) if u.status else "",
                "note": u.note or "",
            }
            for u in state.history
        ],
        **_parts(facts, source),
    }


def progress(source: Source) -> dict[str, Any]:
    records, config, names = source.records, source.config, _Names(source)
    facts = source.facts
    meetings = [m for m in records.of("meeting").values() if isinstance(m, Meeting)]
    explorer_meetings = [m for m in meetings if m.type == "explorer"]
    per_explorer: dict[str, list[Meeting]] = {}
    for meeting in sorted(explorer_meetings, key=lambda m: (m.date, m.id)):
        per_explorer.setdefault(meeting.explorer, []).append(meeting)
    heard = {i for m in explorer_meetings for i in m.initiatives}
    plan = config.plan
    stakeholder = Counter(
        names.vocab("regions", m.region) or "-" for m in meetings if m.type == "stakeholder"
    )
    current = [f for f in facts.values() if f.state.status != "merged"]
    statuses = [s for s in TRANSITIONS if s != "merged"]
    by_theme: list[dict[str, Any]] = []
    for theme in config.vocabularies.themes:
        counts: Counter[str] = Counter(
            str(f.state.status) for f in current if f.bottleneck.theme == theme
        )
        by_theme.append(
            {
                "theme": names.vocab("themes", theme),
                "counts": [counts.get(s, 0) for s in statuses],
                "total": sum(counts.values()),
            }
        )
    used_statuses = [i for i, s in enumerate(statuses) if any(r["counts"][i] for r in by_theme)]
    # A bottleneck addressed at two levels (the VNG for all municipalities and
    # one municipality locally) counts once at each.
    by_level = Counter(
        level for f in current for level in {a.level for a in f.state.addressings if a.level}
    )
    solvers: dict[str, list[Addressing]] = {}
    for f in current:
        for addressing in f.state.addressings:
            solvers.setdefault(addressing.actor, []).append(addressing)
    since = _since(source, facts, names) if source.baseline else None
    ranked = rank(list(facts.values()), config.priority, source.today)
    open_facts = [f for f in current if f.state.is_open]
    waiting = sorted(open_facts, key=lambda f: (f.state.since or f.bottleneck.reported_on, f.id))[
        :WAITING
    ]
    source.shown([s.bottleneck_id for s in ranked[:TOP]] + [f.id for f in waiting])
    helped: dict[str, list[str]] = {}
    for bottleneck in records.bottlenecks.values():
        for solution_id in bottleneck.solutions:
            helped.setdefault(solution_id, []).append(bottleneck.title)
    workarounds = []
    for solution in sorted(records.of("solution").values(), key=lambda s: s.label().lower()):
        assert isinstance(solution, Solution)
        helps = helped.get(solution.id, [])
        workarounds.append(
            {
                "title": solution.title,
                "found_by": [names.record("initiative", i) for i in solution.found_by],
                "bottlenecks": helps,
                # Where it was taken over, and how (issue 32).
                **adoptions_of(solution, source, names),
            }
        )
    regions_held: dict[str, Counter[str]] = {}
    for meeting in meetings:
        regions_held.setdefault(meeting.region or "", Counter())[meeting.type] += 1
    subareas = []
    for region in config.vocabularies.regions:
        held = regions_held.get(region, Counter())
        explorer, stakeholders = held.get("explorer", 0), held.get("stakeholder", 0)
        state = (
            "subarea_done"
            if explorer and stakeholders
            else "subarea_no_stakeholders"
            if explorer
            else "subarea_no_explorer"
            if stakeholders
            else "subarea_nothing"
        )
        subareas.append(
            {
                "region": names.vocab("regions", region),
                "explorer": explorer,
                "stakeholder": stakeholders,
                "state": report_text(state, source.lang),
                "done": bool(explorer and stakeholders),
            }
        )
    stakeholder_view = [
        {
            "id": f.id,
            "title": f.bottleneck.title,
            "status": names.status(f.state.status),
            "organisations": [names.record("actor", a) for a in f.stakeholders],
            "organisation_ids": list(f.stakeholders),
        }
        for f in sorted(current, key=lambda f: (-len(f.stakeholders), f.bottleneck.title))
        if f.stakeholders
    ]
    breakdown_stage = [
        {
            "theme": names.vocab("themes", theme),
            "counts": [
                sum(1 for f in current if f.bottleneck.theme == theme and stage in f.stages)
                for stage in ("starting", "established")
            ],
        }
        for theme in config.vocabularies.themes
    ]
    breakdown_phase = [
        {
            "theme": names.vocab("themes", theme),
            "counts": [
                sum(1 for f in current if f.bottleneck.theme == theme and phase in f.phases)
                for phase in (1, 2, 3)
            ],
        }
        for theme in config.vocabularies.themes
    ]
    lang = source.lang
    addressed = sum(1 for f in current if levels_of(f.state))
    addressings = sum(len(group) for group in solvers.values())
    solved_total = sum(1 for f in current if f.state.status in SOLVED)
    # What each table counts, and why its totals are what they are: said
    # under it, ready for the template.
    notes = {
        "by_theme": report_text("note_by_theme", lang, total=integer(len(current), lang)),
        "by_level": report_text(
            "note_by_level",
            lang,
            rows=integer(sum(by_level.values()), lang),
            total=integer(addressed, lang),
        ),
        "by_solver": report_text(
            "note_by_solver",
            lang,
            rows=integer(addressings, lang),
            total=integer(sum(1 for f in current if f.state.addressings), lang),
        ),
        "over_time": report_text("note_over_time", lang, total=integer(solved_total, lang)),
    }
    return {
        "overdue": _overdue(current, source, names),
        # Questions, frontrunner load and learning circles (issue 32).
        "frontrunners": frontrunners.section(records, config, source.lang),
        "notes": notes,
        "solved_total": solved_total,
        "by_theme_stage": breakdown_stage,
        "by_theme_phase": breakdown_phase,
        "subareas": subareas,
        "stakeholder_view": stakeholder_view,
        "voice": voice_report(records, config, source.lang),
        "plan": {
            "explorers": plan.explorers,
            "meetings": plan.explorers * plan.meetings_per_explorer,
            "meetings_per_explorer": plan.meetings_per_explorer,
            "initiatives": plan.initiatives,
            "regions": plan.regions,
        },
        "explorers": _explorers(per_explorer, source),
        "explorers_active": len(per_explorer),
        "milestones": _milestones(len(explorer_meetings), source),
        "attendance": _attendance(explorer_meetings, source),
        "meetings_held": len(explorer_meetings),
        "chart_max": max([plan.meetings_per_explorer, *(len(m) for m in per_explorer.values())]),
        "initiatives_heard": len(heard),
        "initiatives_known": len(records.of("initiative")),
        "stakeholder_meetings": [
            {"region": region, "count": count} for region, count in sorted(stakeholder.items())
        ],
        "bottlenecks_total": len(current),
        "merged_total": len(facts) - len(current),
        "statuses": [names.status(statuses[i]) for i in used_statuses],
        "status_keys": [statuses[i] for i in used_statuses],
        "by_theme": [
            {**row, "counts": [row["counts"][i] for i in used_statuses]} for row in by_theme
        ],
        "by_level": [
            {"level": names.vocab("levels", level), "count": by_level[level]}
            for level in config.vocabularies.levels
            if by_level.get(level)
        ],
        "by_solver": sorted(
            (
                {
                    "id": actor_id,
                    "name": names.record("actor", actor_id),
                    "open": sum(1 for a in group if a.is_open),
                    "total": len(group),
                }
                for actor_id, group in solvers.items()
            ),
            key=lambda row: (-row["open"], -row["total"], row["name"]),
        ),
        "since": since,
        "over_time": _over_time(current, source),
        "top": [_bottleneck(facts[s.bottleneck_id], source, names) for s in ranked[:TOP]],
        "workarounds": workarounds,
        "waiting": [
            {
                **_bottleneck(f, source, names),
                "days": integer(
                    (source.today - (f.state.since or f.bottleneck.reported_on)).days, source.lang
                ),
            }
            for f in waiting
        ],
    }


#: At most this many months in the chart of bottlenecks over time.
MONTHS = 36


def _state(done: bool, due: dt.date | None, today: dt.date) -> str:
    if done:
        return "state_done"
    return "state_late" if due is not None and today > due else "state_open"


def _explorers(per_explorer: dict[str, list[Meeting]], source: Source) -> list[dict[str, Any]]:
    """Every explorer: those of the plan by name (with their sub-areas, also
    before their first meeting) and whoever else held a meeting."""
    plan, lang = source.config.plan, source.lang
    regions = {m.name: m.regions for m in plan.team}
    names = [m.name for m in plan.team] + sorted(set(per_explorer) - set(regions))
    rows = []
    for name in names:
        held = per_explorer.get(name, [])
        state = _state(len(held) >= plan.meetings_per_explorer, plan.meetings_by, source.today)
        rows.append(
            {
                "name": name,
                "meetings": len(held),
                "initiatives": len({i for m in held for i in m.initiatives}),
                "regions": [source.config.label("regions", r, lang) for r in regions.get(name, [])],
                "state": report_text(state, lang),
            }
        )
    return rows


def _milestones(meetings_held: int, source: Source) -> list[dict[str, Any]]:
    """The dates of the plan, each with how far it got and whether it is late."""
    plan, lang, today = source.config.plan, source.lang, source.today
    rows = []

    def row(
        key: str, due: dt.date, done: int | None, planned: int | None, state: str, on: str = ""
    ) -> None:
        rows.append(
            {
                "what": report_text(key, lang),
                "due": short_date(due, lang),
                "progress": report_text("of", lang, done=done, planned=planned)
                if done is not None
                else on,
                "state": report_text(state, lang),
                "late": state == "state_late",
            }
        )

    if plan.set_up_by:
        named = len(plan.team)
        row("milestone_set_up", plan.set_up_by, named, plan.explorers,
            _state(named >= plan.explorers, plan.set_up_by, today))  # fmt: skip
    if plan.meetings_by:
        planned = plan.explorers * plan.meetings_per_explorer
        row("milestone_meetings", plan.meetings_by, meetings_held, planned,
            _state(meetings_held >= planned, plan.meetings_by, today))  # fmt: skip
    if plan.report_by:
        sent = plan.report_sent_on
        if sent is not None and sent <= today:
            on = short_date(sent, lang)
            row("milestone_report", plan.report_by, None, None, "state_done", on)
        else:
            row("milestone_report", plan.report_by, None, None,
                "state_due" if today > plan.report_by else "state_planned")  # fmt: skip
    return rows


def _attendance(meetings: list[Meeting], source: Source) -> dict[str, Any]:
    counted = [m.attendance for m in meetings if m.attendance is not None]
    average = sum(counted) / len(counted) if counted else 0.0
    return {
        "meetings": len(counted),
        "average": number(average, source.lang),
        "planned": source.config.plan.people_per_meeting,
    }


def _over_time(current: list[BottleneckFacts], source: Source) -> list[dict[str, Any]]:
    """Per month, how many bottlenecks were reported and how many were solved
    (resolved, or solved locally), from the first report to today."""
    reported: Counter[tuple[int, int]] = Counter()
    solved: Counter[tuple[int, int]] = Counter()
    for f in current:
        day = f.bottleneck.reported_on
        reported[(day.year, day.month)] += 1
        # Solved as the status table counts it (resolved or solved locally,
        # now), in the month it became so: not every addressing resolved.
        done = solved_on(f.state)
        if done is not None:
            solved[(done.year, done.month)] += 1
    if not reported:
        return []
    first = min(reported)
    last = max([(source.today.year, source.today.month), *reported, *solved])
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return [
        {
            "month": f"{month_name(m, source.lang, short=True)} {y}",
            "reported": reported.get((y, m), 0),
            "resolved": solved.get((y, m), 0),
        }
        for y, m in months[-MONTHS:]
    ]


#: The sections of "since", in the order of the workflow; each lists the
#: steps of that kind taken since (a bottleneck new since is listed once).
SINCE_SECTIONS: dict[str, frozenset[str]] = {
    "new": frozenset(),
    "merged": frozenset({"merged"}),
    "on_agenda": frozenset({"reported", "on-agenda"}),
    "routed": frozenset({"routed"}),
    "in_progress": frozenset({"in-progress"}),
    "declined": frozenset({"declined"}),
    "resolved": SOLVED,
}


def _since(source: Source, facts: dict[str, BottleneckFacts], names: _Names) -> dict[str, Any]:
    """Every step taken since the baseline: the bottlenecks new since, and each
    history entry with a status written since, by kind, each with the
    problem-solvers it moved and their own level."""
    assert source.baseline is not None
    before, known = source.baseline.statuses, source.baseline.known
    lang = source.lang
    steps: list[tuple[BottleneckFacts, Update]] = []
    new = []
    for f in facts.values():
        if f.id not in before:
            new.append(f)
        had = known.get(f.id, frozenset())
        steps += [(f, u) for u in f.state.history if u.status and u.id not in had]
    source.notes_shown({f.id for f, _ in steps})
    steps.sort(key=lambda fu: (fu[1].date, fu[1].id))
    sections: dict[str, list[dict[str, Any]]] = {key: [] for key in SINCE_SECTIONS}
    for f in sorted(new, key=lambda f: (f.bottleneck.title.lower(), f.id)):
        sections["new"].append(
            {
                "id": f.id,
                "title": f.bottleneck.title,
                "date": short_date(f.bottleneck.reported_on, lang),
                "status": names.status(f.state.status),
                "solvers": [],
                "note": "",
            }
        )
    for f, update in steps:
        state = f.state
        if update.status == "routed":
            moved = [(a, update.level) for a in update.addressees]
        else:
            actors = (
                [update.actor]
                if update.actor
                else [a.actor for a in state.addressings if a.step is update]
            )
            moved = [(a, found.level if (found := state.addressing(a)) else None) for a in actors]
        solvers = [
            names.record("actor", actor) + (f" ({names.vocab('levels', level)})" if level else "")
            for actor, level in moved
        ]
        if update.status == "merged" and update.merged_into:
            solvers = [names.record("bottleneck", update.merged_into)]
        key = next(k for k, found in SINCE_SECTIONS.items() if update.status in found)
        sections[key].append(
            {
                "id": f.id,
                "title": f.bottleneck.title,
                "date": short_date(update.date, lang),
                "status": names.status(str(update.status)),
                "solvers": solvers,
                "note": update.note or "",
            }
        )
    return {
        "label": source.baseline.label,
        "sections": [
            {"key": key, "title": report_text(f"since_{key}", lang), "items": items}
            for key, items in sections.items()
        ],
        **sections,
    }


def agenda(source: Source, only: str | None = None, also: Iterable[str] = ()) -> dict[str, Any]:
    """Per problem-solver the bottlenecks open in its own addressing, by
    priority, with what a meeting with that solver needs: the description,
    laws, kind, reporters, known workarounds and the state of its addressing.
    ``only``: one problem-solver's agenda. Bottlenecks on the agenda that are
    not addressed yet are listed apart. ``also``: problem-solvers that get a
    row even with nothing open (the site's page of each)."""
    records, names = source.records, _Names(source)
    facts = source.facts
    ranked = {
        s.bottleneck_id: n
        for n, s in enumerate(rank(list(facts.values()), source.config.priority, source.today))
    }
    solvers: dict[str, list[str]] = {}
    for bottleneck_id, f in facts.items():
        for addressing in f.state.addressings:
            if addressing.is_open and f.state.is_open:
                solvers.setdefault(addressing.actor, []).append(bottleneck_id)
    if only is not None:
        if only not in records.of("actor"):
            raise KnelpuntError("unknown_actor", record_id=only)
        solvers = {only: solvers.get(only, [])}
    for actor_id in also:
        solvers.setdefault(actor_id, [])
    awaiting_ids = [f.id for f in facts.values() if f.state.status == "on-agenda"]
    source.shown_in_rows({b for group in solvers.values() for b in group} | set(awaiting_ids))
    # Rows made as the template reaches them (``Rows``): held at once, the
    # 40,000 items of the agendas at 50,000 bottlenecks were 150 MB.
    rows = []
    for actor_id in sorted(solvers, key=lambda a: names.record("actor", a).lower()):
        actor = records.of("actor").get(actor_id)
        ordered = sorted(solvers[actor_id], key=lambda b: ranked.get(b, 0))
        rows.append(
            {
                "id": actor_id,
                "name": names.record("actor", actor_id),
                "type": names.vocab("actor_types", actor.type) if isinstance(actor, Actor) else "",
                "level": names.vocab("levels", actor.level) if isinstance(actor, Actor) else "",
                "bottlenecks": Rows(
                    [facts[b] for b in ordered],
                    partial(_agenda_item, actor_id=actor_id, source=source, names=names),
                ),
            }
        )
    waiting = [
        f
        for f in sorted(facts.values(), key=lambda f: ranked.get(f.id, 0))
        if f.state.status == "on-agenda" and only is None
    ]
    awaiting = Rows(waiting, partial(_agenda_item, actor_id=None, source=source, names=names))
    return {
        "solvers": rows,
        "awaiting": awaiting,
        # Per bottleneck shown, what those who raised it say of its solution.
        "verdicts": verdict_rows(source, {b for group in solvers.values() for b in group}),
        # For the coordination group, as ``awaiting``: not one solver's agenda.
        "beside": None
        if only is not None
        else beside_score(source.records, source.config, source.facts, source.lang, source.today),
    }


def final(source: Source) -> dict[str, Any]:
    """The report the documents ask for in October: per level and per
    problem-solver the bottlenecks on the agenda, where each stands and the
    proposal for the way forward (approach, horizon, means), and a look ahead
    ordered by horizon."""
    config, names = source.config, _Names(source)
    facts = source.facts
    ranked = {
        s.bottleneck_id: n
        for n, s in enumerate(rank(list(facts.values()), config.priority, source.today))
    }
    on_agenda = [
        f for f in facts.values() if f.state.status not in ("reported", "merged", "solved-locally")
    ]
    on_agenda.sort(key=lambda f: (ranked.get(f.id, len(ranked)), f.bottleneck.title))
    source.shown_in_rows({f.id for f in on_agenda})
    levels = []
    summary = []
    for level in [*config.vocabularies.levels, None]:
        solvers: dict[str, list[BottleneckFacts]] = {}
        counted: set[str] = set()
        for f in on_agenda:
            if level is None:
                if not f.state.addressings:
                    solvers.setdefault("", []).append(f)
                    counted.add(f.id)
                continue
            for addressing in f.state.addressings:
                if addressing.level == level:
                    solvers.setdefault(addressing.actor, []).append(f)
                    counted.add(f.id)
        if not solvers:
            continue
        label = names.vocab("levels", level) if level else report_text("not_routed", source.lang)
        levels.append(
            {
                "level": label,
                "solvers": [
                    {
                        "id": actor_id,
                        "name": names.record("actor", actor_id) if actor_id else label,
                        # Made as the template reaches them: see Rows.
                        "bottlenecks": Rows(
                            items,
                            partial(
                                _proposal, actor_id=actor_id or None, source=source, names=names
                            ),
                        ),
                    }
                    for actor_id, items in sorted(
                        solvers.items(), key=lambda kv: names.record("actor", kv[0]).lower()
                    )
                ],
            }
        )
        chosen = [facts[b] for b in counted]
        summary.append(_summary_row(label, chosen))
    rows_sum = sum(row["on_agenda"] for row in summary)
    summary.append(_summary_row(report_text("all_levels", source.lang), on_agenda))
    # A bottleneck at two levels is in two rows: said under the table.
    summary_note = report_text(
        "note_final_summary",
        source.lang,
        rows=integer(rows_sum, source.lang),
        total=integer(len(on_agenda), source.lang),
    )
    horizons: dict[str, list[str]] = {}
    for f in on_agenda:
        if f.state.status == "resolved":
            continue
        key = (f.bottleneck.horizon or "").strip()
        horizons.setdefault(key, []).append(f.bottleneck.title)
    look_ahead = [
        {
            "horizon": key or report_text("unknown_horizon", source.lang),
            "bottlenecks": titles,
        }
        for key, titles in sorted(horizons.items(), key=lambda kv: (not kv[0], _years(kv[0])))
    ]
    return {
        "summary": summary,
        "summary_note": summary_note,
        "levels": levels,
        "look_ahead": look_ahead,
        "beside": beside_score(
            source.records, source.config, source.facts, source.lang, source.today
        ),
    }


def _years(horizon: str) -> float:
    """A horizon's rough length for ordering: "6 maanden" before "2 jaar",
    "2 jaar" before "2 à 3 jaar" (a range counts as its middle)."""
    found = [float(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", horizon)[:2]]
    amount = sum(found) / len(found) if found else 99.0
    return amount / 12 if re.search(r"maand|month", horizon, re.IGNORECASE) else amount


def _summary_row(label: str, chosen: list[BottleneckFacts]) -> dict[str, Any]:
    return {
        "level": label,
        "on_agenda": len(chosen),
        "with_proposal": sum(1 for f in chosen if f.bottleneck.approach),
        "solved": sum(1 for f in chosen if f.state.status == "resolved"),
    }


def _proposal(
    facts: BottleneckFacts, actor_id: str | None, source: Source, names: _Names
) -> dict[str, Any]:
    bottleneck = facts.bottleneck
    return {
        **_agenda_item(facts, actor_id=actor_id, source=source, names=names),
        "approach": bottleneck.approach or "",
        "horizon": bottleneck.horizon or "",
        "means": bottleneck.means or "",
        # Where it was found before (issue 32): a report, an evaluation, a law article.
        "sources": [source_item.model_dump() for source_item in bottleneck.sources],
    }


def _agenda_item(
    facts: BottleneckFacts, *, actor_id: str | None, source: Source, names: _Names
) -> dict[str, Any]:
    bottleneck = facts.bottleneck
    addressing = facts.state.addressing(actor_id) if actor_id else None
    solutions = [source.records.of("solution").get(s) for s in bottleneck.solutions]
    return {
        **_bottleneck(facts, source, names),
        "description": source.description(bottleneck),
        "kind": names.status(bottleneck.type),
        "laws": [names.vocab("laws", law) for law in bottleneck.laws],
        "workarounds": [_with_count(s, source) for s in solutions if isinstance(s, Solution)],
        "solved_elsewhere": _offers(
            solved_elsewhere(
                facts.state,
                source.records.of("actor"),
                local_level(source.config.vocabularies.levels),
                [addressing] if addressing else [],
                _municipality(source, actor_id),
            ),
            source,
        ),
        "addressing_status": names.status(addressing.status) if addressing else "",
        "addressing_level": names.vocab("levels", addressing.level) if addressing else "",
        "addressing_since": short_date(addressing.since, source.lang) if addressing else "",
    }


def initiatives(source: Source) -> dict[str, Any]:
    records, names = source.records, _Names(source)
    facts = source.facts
    source.notes_shown(facts)  # the last note of each
    # Each initiative's bottlenecks, by title: one pass over them all (per
    # initiative, it took a quarter of an hour at 50,000 bottlenecks).
    reported: dict[str, list[BottleneckFacts]] = {}
    for f in sorted(facts.values(), key=lambda f: f.bottleneck.title):
        for initiative_id in dict.fromkeys(f.bottleneck.reported_by):
            reported.setdefault(initiative_id, []).append(f)
    ordered = sorted(records.of("initiative").values(), key=lambda i: i.label().lower())
    make = partial(_initiative_row, reported=reported, facts=facts, source=source, names=names)
    return {"initiatives": Rows(ordered, make), "verdicts": _own_verdicts(source)}


def verdict_rows(source: Source, bottleneck_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Per bottleneck of ``bottleneck_ids`` with any, the initiatives' verdicts
    that count now (``verdicts.judged``), ready for a template: who said it,
    the verdict in the reader's words, when, of which problem-solver's
    solution, the note, and whether it is disputed. The notes must have been
    given back to a lean set (``Source.notes_shown``)."""
    facts, names, lang = source.facts, _Names(source), source.lang
    found = verdicts.judged((b, facts[b].state) for b in bottleneck_ids if b in facts)
    return {
        bottleneck_id: [
            {
                "bottleneck_id": bottleneck_id,
                "title": facts[bottleneck_id].bottleneck.title,
                "initiative_id": j.verdict.initiative,
                "initiative": names.record("initiative", j.verdict.initiative),
                "verdict": names.status(j.verdict.verdict),
                "verdict_key": j.verdict.verdict,
                "solver_id": j.verdict.solver or "",
                "solver": names.record("actor", j.verdict.solver) if j.verdict.solver else "",
                "date": short_date(j.verdict.date, lang),
                "note": j.verdict.note or "",
                "disputed": j.disputed,
            }
            for j in judged
        ]
        for bottleneck_id, judged in found.items()
    }


def _own_verdicts(source: Source) -> dict[str, list[dict[str, Any]]]:
    """Per initiative, its own verdicts (``verdict_rows``), by the title of
    the bottleneck: an initiative's verdict is about what it raised, and the
    initiatives report shows each only its own."""
    own: dict[str, list[dict[str, Any]]] = {}
    for rows in verdict_rows(source, source.facts).values():
        for row in rows:
            own.setdefault(row["initiative_id"], []).append(row)
    for rows in own.values():
        rows.sort(key=lambda row: row["title"].lower())
    return own


def _initiative_row(
    initiative: Record,
    *,
    reported: dict[str, list[BottleneckFacts]],
    facts: dict[str, BottleneckFacts],
    source: Source,
    names: _Names,
) -> dict[str, Any]:
    """One initiative's row of the initiatives report: what became of each
    bottleneck it raised."""
    assert isinstance(initiative, Initiative)
    actors = source.records.of("actor")
    lowest = local_level(source.config.vocabularies.levels)
    # One row per bottleneck, even when the initiative reported both it and
    # a duplicate bundled into it: never counted twice.
    raised: dict[str, dict[str, Any]] = {}
    for f in reported.get(initiative.id, []):
        shown = f
        via = None
        if f.state.merged_into and f.state.merged_into in facts:
            shown, via = facts[f.state.merged_into], f.bottleneck.title
        if shown.id in raised and (via or not raised[shown.id]["via"]):
            continue
        # What this initiative is told (facts.told_to_initiative): its own
        # municipality's local addressings and every regional and national
        # one, never another village's step.
        told = told_to_initiative(shown.state, initiative, actors, lowest)
        step = told.step
        raised[shown.id] = {
            "id": shown.id,
            "title": shown.bottleneck.title,
            "via": via,
            "status": names.status(told.status)
            if told.status
            else report_text("not_addressed_here", source.lang),
            "level": ", ".join(
                dict.fromkeys(names.vocab("levels", a.level) for a in told.addressings if a.level)
            ),
            "solvers": [names.record("actor", a.actor) for a in told.addressings],
            "solver_ids": [a.actor for a in told.addressings],
            "addressings": [_addressing(a, source, names) for a in told.addressings],
            "last_date": short_date(step.date, source.lang) if step else "",
            "last_note": (step.note or "") if step else "",
            "offers": _offers(told.offered, source),
        }
    return {
        "id": initiative.id,
        "name": initiative.name,
        "municipality": initiative.municipality,
        "bottlenecks": list(raised.values()),
    }


# --- knowledge that travels (issue 32) ------------------------------------------


def adoptions_of(solution: Solution, source: Source, names: _Names | None = None) -> dict[str, Any]:
    """A workaround's adoptions as the reports and the site show them: how
    many, and each with the initiative, its municipality, the day, the result
    in the reader's words and the note."""
    names = names or _Names(source)
    initiatives = source.records.of("initiative")
    rows = []
    for adoption in sorted(solution.adoptions, key=lambda a: (a.date, a.initiative)):
        initiative = initiatives.get(adoption.initiative)
        rows.append(
            {
                "initiative_id": adoption.initiative,
                "initiative": names.record("initiative", adoption.initiative),
                "municipality": initiative.municipality
                if isinstance(initiative, Initiative)
                else "",
                "date": short_date(adoption.date, source.lang),
                "result": names.status(adoption.result),
                "result_key": adoption.result,
                "note": adoption.note or "",
            }
        )
    return {"id": solution.id, "adoptions": len(rows), "adopted": rows}


def _with_count(solution: Solution, source: Source) -> str:
    """A workaround's title, with how often it was taken over when it was."""
    if not solution.adoptions:
        return solution.label()
    count = report_text("adoptions_count", source.lang, count=len(solution.adoptions))
    return f"{solution.label()} ({count})"


def _municipality(source: Source, actor_id: str | None) -> str | None:
    actor = source.records.of("actor").get(actor_id) if actor_id else None
    return actor.municipality if isinstance(actor, Actor) else None


def _offers(offers: Iterable[Any], source: Source) -> list[dict[str, Any]]:
    """What was solved elsewhere (``facts.Offer``), ready for a template."""
    return [
        {
            "actor_id": offer.actor,
            "place": offer.place,
            "date": short_date(offer.date, source.lang),
            # "...: <note>; vraag uw gemeente": the note's own full stop goes.
            "note": (offer.note or "").strip().removesuffix("."),
        }
        for offer in offers
    ]


def workaround_catalogue(source: Source) -> dict[str, Any]:
    """The site's catalogue of workarounds, by theme (``knowledge.catalogue``):
    each with its description, the bottlenecks it eases, where it was found
    (the initiative and its municipality) and where it was taken over."""
    records, names, config, lang = source.records, _Names(source), source.config, source.lang
    initiatives = records.of("initiative")
    themes: dict[str, list[dict[str, Any]]] = {}
    for entry in knowledge.catalogue(records):
        solution = entry.solution
        found = [initiatives.get(i) for i in solution.found_by]
        row = {
            "title": solution.title,
            "description": solution.description or "",
            "laws": [config.label("laws", law, lang) for law in solution.laws],
            "found": [
                {
                    "id": i.id,
                    "name": i.label(),
                    "municipality": i.municipality if isinstance(i, Initiative) else "",
                }
                for i in found
                if i is not None
            ],
            "bottlenecks": [
                {"id": b, "title": records.bottlenecks[b].title}
                for b in entry.bottlenecks
                if b in records.bottlenecks
            ],
            **adoptions_of(solution, source, names),
        }
        themes.setdefault(solution.theme or "", []).append(row)
    order = [*config.vocabularies.themes, ""]
    return {
        "themes": [
            {
                "key": key,
                "name": names.vocab("themes", key) if key else report_text("no_theme", lang),
                "workarounds": themes[key],
            }
            for key in sorted(themes, key=lambda k: order.index(k) if k in order else len(order))
        ]
    }


BUILDERS: dict[str, Callable[[Source], dict[str, Any]]] = {
    "progress": progress,
    "agenda": agenda,
    "initiatives": initiatives,
    "final": final,
}


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
) -> str | Spooled:
    """Render the report ``question`` asked for, and keep it in the memo; a
    long one is handed back spooled, and not kept."""
    output_format = question.asked[3]
    # Lean: only the bottlenecks the report shows get their long text back.
    records = load_scanned(repo, question.scanned, lean=True)
    question.settle()
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
    data = agenda(source, only, also) if name == "agenda" else BUILDERS[name](source)
    return {
        "generated_on": long_date(source.today, source.lang),
        "as_of": source.as_of,
        "lang": source.lang,
        **data,
    }
