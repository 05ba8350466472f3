"""What every report is made from (``Source``) and the pieces they share:
a bottleneck as the reports show it, an addressing, the names of records."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from knelpunt.config import Config
from knelpunt.facts import (
    BottleneckFacts,
    facts_for,
    levels_of,
)
from knelpunt.formats import integer, long_date, number, short_date
from knelpunt.messages import CHOICE_LABELS, label, message, report_text
from knelpunt.models import Actor, Bottleneck, Record, Update
from knelpunt.priority import score
from knelpunt.repo import Repository
from knelpunt.revisions import Baseline
from knelpunt.store import RecordSet
from knelpunt.templating import (
    scale_for,
)
from knelpunt.texts import Place, in_order, left_out, whole_records, with_long_text
from knelpunt.workflow import Addressing, State

TOP = 5
WAITING = 5


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
        if not left_out(bottleneck, "description") or self.repo is None:
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


class Names:
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
    return bottleneck_of(facts, source, Names(source))


def addressing_row(addressing: Addressing, source: Source, names: Names) -> dict[str, Any]:
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


def overdue_of(current: list[BottleneckFacts], source: Source, names: Names) -> dict[str, Any]:
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


def _levels(state: State, names: Names) -> str:
    return ", ".join(names.vocab("levels", level) for level in levels_of(state))


def bottleneck_of(facts: BottleneckFacts, source: Source, names: Names) -> dict[str, Any]:
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
        "addressings": [addressing_row(a, source, names) for a in state.addressings],
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
