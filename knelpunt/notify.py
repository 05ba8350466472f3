"""What each initiative is told, and the message that tells it (issue 31, point 1).

An initiative hears what became of every bottleneck it raised: per
problem-solver that concerns it, the step and its note, and what happens next.
What concerns it is decided in one place, ``facts.told_to_initiative`` (its
own municipality's local addressings, every regional and national one, and
their steps); this module only asks which of those steps it has not been told.

What an initiative was told is in the repository: a notice record per message
(``models.Notice``: the initiative, the date, the steps it told, never the
address). A step is news when no notice of that initiative holds it, so a
message never repeats one, a second run tells nothing, and another
coordinator's run continues where the first stopped, once the notices are
merged. Steps that arrive later from a branch, dated earlier, are still news.

The message is plain text and HTML (``compose``); ``mail.py`` makes it an
e-mail and sends it. Everything in it comes from the catalog in the
initiative's own language (``Initiative.language``, Dutch when not set) and
from the records; the HTML escapes all of it and fetches nothing.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from dataclasses import dataclass

from knelpunt import store
from knelpunt.config import Config
from knelpunt.escape import visible
from knelpunt.facts import local_level, told_to_initiative
from knelpunt.formats import long_date
from knelpunt.messages import CHOICE_LABELS, label, message
from knelpunt.models import Bottleneck, Initiative, Meeting, Notice, NoticeVia, Record, Update
from knelpunt.repo import Repository
from knelpunt.store import RecordSet
from knelpunt.workflow import State


@dataclass(frozen=True, slots=True)
class SolverNews:
    """One problem-solver's addressing, as the initiative is told it."""

    actor: str
    level: str | None
    status: str
    #: Its latest step (the entry that moved it last), with its note.
    step: Update | None
    #: Whether that step is news to the initiative.
    new: bool


@dataclass(frozen=True, slots=True)
class BottleneckNews:
    """What one initiative is told about one bottleneck it raised."""

    bottleneck: Bottleneck
    #: The title of the duplicate the initiative raised, when that was
    #: bundled into this one.
    via: str | None
    #: Its status as far as it concerns the initiative (``facts.Told.status``).
    status: str | None
    solvers: tuple[SolverNews, ...]
    #: The last step of the bottleneck as a whole (on the agenda, solved
    #: locally, a note), when it is the last step that concerns the initiative.
    whole: Update | None
    #: The ids of the steps that are news, each once.
    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class News:
    """Everything one initiative has not been told yet."""

    initiative: Initiative
    bottlenecks: tuple[BottleneckNews, ...]
    #: Whether it had a message before.
    told_before: bool

    @property
    def steps(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for b in self.bottlenecks for s in b.steps))

    @property
    def bottleneck_ids(self) -> tuple[str, ...]:
        return tuple(b.bottleneck.id for b in self.bottlenecks)

    @property
    def language(self) -> str:
        return self.initiative.language or "nl"


@dataclass(frozen=True, slots=True)
class Untold:
    """An initiative with steps it has not been told (the worklist's line)."""

    initiative: str
    name: str
    bottlenecks: tuple[str, ...]
    steps: tuple[str, ...]


def told_steps(records: RecordSet) -> dict[str, set[str]]:
    """Per initiative, the steps its notices told."""
    told: dict[str, set[str]] = {}
    for notice in records.of("notice").values():
        if isinstance(notice, Notice):
            told.setdefault(notice.initiative, set()).update(notice.steps)
    return told


def _final(records: RecordSet, bottleneck_id: str) -> tuple[str, State, Update | None]:
    """The bottleneck a raised one ended in (itself, or the one it was
    bundled into, through any number of merges), its state, and the merge."""
    state = records.state(bottleneck_id)
    merge = None
    seen = {bottleneck_id}
    current = bottleneck_id
    while state.merged_into is not None and state.merged_into in records.bottlenecks:
        if merge is None:
            merge = next((u for u in reversed(state.history) if u.status == "merged"), None)
        current = state.merged_into
        if current in seen:
            break
        seen.add(current)
        state = records.state(current)
    return current, state, merge


def raised_by(records: RecordSet) -> dict[str, list[Bottleneck]]:
    """Per initiative, the bottlenecks it raised itself (read once: a
    repository of thousands of initiatives is not read once per initiative)."""
    found: dict[str, list[Bottleneck]] = {}
    for bottleneck in records.bottlenecks.values():
        for initiative_id in dict.fromkeys(bottleneck.reported_by):
            found.setdefault(initiative_id, []).append(bottleneck)
    return found


def news_of(
    initiative: Initiative,
    records: RecordSet,
    config: Config,
    told: set[str],
    raised: list[Bottleneck],
) -> tuple[BottleneckNews, ...]:
    """What ``initiative`` has not been told about the bottlenecks it raised
    (``raised``; those with news only), in the order of their titles."""
    actors: Mapping[str, Record] = records.of("actor")
    lowest = local_level(config.vocabularies.levels)
    found: dict[str, BottleneckNews] = {}
    # Each bottleneck once, however many of those it raised were bundled into it.
    ends: dict[str, tuple[State, list[Update], list[Bottleneck]]] = {}
    for bottleneck in raised:
        shown_id, state, merge = _final(records, bottleneck.id)
        _, merges, sources = ends.setdefault(shown_id, (state, [], []))
        if merge is not None:
            merges.append(merge)
        sources.append(bottleneck)
    for shown_id, (state, merges, sources) in ends.items():
        what = told_to_initiative(state, initiative, actors, lowest)
        solvers = tuple(
            SolverNews(
                a.actor,
                a.level,
                a.status,
                a.step,
                a.step is not None and a.step.id not in told,
            )
            for a in what.addressings
        )
        own_steps = {a.step.id for a in what.addressings if a.step is not None}
        whole = what.step if what.step is not None and what.step.id not in own_steps else None
        steps = [s.step.id for s in solvers if s.new and s.step is not None]
        if whole is not None and whole.id not in told:
            steps.append(whole.id)
        steps += [m.id for m in merges if m.id not in told]
        if not steps:
            continue
        # "Raised as ...": only when it raised a duplicate, not this one itself.
        direct = any(b.id == shown_id for b in sources)
        found[shown_id] = BottleneckNews(
            records.bottlenecks[shown_id],
            None if direct else sources[0].title,
            what.status,
            solvers,
            whole,
            tuple(dict.fromkeys(steps)),
        )
    return tuple(sorted(found.values(), key=lambda b: b.bottleneck.title.casefold()))


def news(repo: Repository, records: RecordSet) -> list[News]:
    """Every initiative with news, in the order of their names."""
    told = told_steps(records)
    raised = raised_by(records)
    result = []
    for initiative in records.of("initiative").values():
        if not isinstance(initiative, Initiative) or initiative.id not in raised:
            continue
        found = news_of(
            initiative, records, repo.config, told.get(initiative.id, set()), raised[initiative.id]
        )
        if found:
            result.append(News(initiative, found, initiative.id in told))
    return sorted(result, key=lambda n: (n.initiative.name.casefold(), n.initiative.id))


def untold(repo: Repository, records: RecordSet) -> list[Untold]:
    """Initiatives with changes they have not been told (for the worklist,
    ``knelpunt todo``): the bottlenecks and the steps, per initiative."""
    return [
        Untold(n.initiative.id, n.initiative.name, n.bottleneck_ids, n.steps)
        for n in news(repo, records)
    ]


# --- the message ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Composed:
    """One message, in the initiative's language: subject, text and HTML."""

    subject: str
    text: str
    html: str
    lang: str


def _one_line(text: str) -> str:
    """Text for a header or a title: one line, invisible characters shown."""
    return " ".join(visible(text).split())


class _Writer:
    """Writes the same message as plain text and as escaped HTML."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.text: list[str] = []
        self.html: list[str] = []

    def paragraph(self, text: str) -> None:
        self.text += [text, ""]
        self.html.append(f"<p>{_html(text)}</p>")

    def heading(self, text: str) -> None:
        self.text += [text, "-" * min(len(text), 72), ""]
        self.html.append(f"<h2>{_html(text)}</h2>")

    def items(self, items: list[tuple[str, str | None]]) -> None:
        """A list: each item a line, with a quoted note under it."""
        self.html.append("<ul>")
        for line, note in items:
            self.text.append(f"* {line}")
            part = f"<li>{_html(line)}"
            if note:
                self.text += [f"    {n}" for n in visible(note).splitlines() or [""]]
                part += f"<blockquote>{_html(note)}</blockquote>"
            self.html.append(part + "</li>")
        self.html.append("</ul>")
        self.text.append("")


def _html(text: str) -> str:
    """Escaped, with its line breaks kept."""
    return "<br>".join(html.escape(visible(line), quote=True) for line in text.splitlines())


def compose(found: News, records: RecordSet, config: Config) -> Composed:
    """The message to one initiative, in its own language."""
    lang = found.language
    name = _one_line(found.initiative.name)
    actors = records.of("actor")

    def status(key: str | None) -> str:
        if key is None:
            return message("notify_status_elsewhere", lang)
        return label(CHOICE_LABELS, key, lang)

    def solver(actor_id: str) -> str:
        actor = actors.get(actor_id)
        return _one_line(actor.label() if actor is not None else actor_id)

    count = len(found.bottlenecks)
    subject = message("notify_subject", lang, name=name, count=count)
    out = _Writer(lang)
    out.paragraph(message("notify_greeting", lang, name=name))
    intro = "notify_intro_again" if found.told_before else "notify_intro_first"
    out.paragraph(message(intro, lang, count=count))
    for item in found.bottlenecks:
        out.heading(_one_line(item.bottleneck.title))
        if item.via:
            out.paragraph(message("notify_via", lang, title=_one_line(item.via)))
        out.paragraph(message("notify_status", lang, status=status(item.status)))
        lines: list[tuple[str, str | None]] = []
        for s in item.solvers:
            level = config.label("levels", s.level, lang) if s.level else "-"
            key = "notify_solver_new" if s.new else "notify_solver_same"
            since = long_date(s.step.date, lang) if s.step is not None else "-"
            line = message(
                key, lang, solver=solver(s.actor), level=level, status=status(s.status), date=since
            )
            lines.append((line, s.step.note if s.new and s.step is not None else None))
        if item.whole is not None and item.whole.id in item.steps:
            what = status(item.whole.status) if item.whole.status else message("notify_note", lang)
            line = message("notify_whole", lang, date=long_date(item.whole.date, lang), what=what)
            lines.append((line, item.whole.note))
        if lines:
            out.items(lines)
        out.paragraph(message(f"notify_next_{item.status or 'elsewhere'}", lang))
    out.paragraph(message("notify_ask", lang))
    out.paragraph(message("notify_closing", lang))
    out.paragraph(message("notify_why", lang))
    text = "\n".join(out.text).rstrip() + "\n"
    page = (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(subject)}</title>\n</head>\n<body>\n"
        + "\n".join(out.html)
        + "\n</body>\n</html>\n"
    )
    return Composed(subject, text, page, lang)


#: The statuses a message can say what happens next about (``notify_next_*``).
NEXT_STATUSES: tuple[str, ...] = (
    "reported",
    "on-agenda",
    "routed",
    "in-progress",
    "declined",
    "resolved",
    "solved-locally",
    "merged",
    "elsewhere",
)


def record(repo: Repository, found: News, via: NoticeVia, day: dt.date) -> Notice:
    """Record that ``found`` was told (sent, or written to pass on): a notice
    of its own, written at once, so a run that stops halfway has recorded
    exactly what left. Never the address."""
    notice = Notice(
        id=store.unused_id(repo, "notice"),
        initiative=found.initiative.id,
        date=day,
        via=via,
        bottlenecks=list(found.bottleneck_ids),
        steps=list(found.steps),
    )
    store.create(repo, notice)
    return notice


def passed_on_by(records: RecordSet, initiative_id: str) -> str | None:
    """The explorer of the latest meeting the initiative was at: who passes a
    message on by hand when no address is known."""
    latest: Meeting | None = None
    for meeting in records.of("meeting").values():
        if not isinstance(meeting, Meeting) or initiative_id not in meeting.initiatives:
            continue
        if latest is None or (meeting.date, meeting.id) > (latest.date, latest.id):
            latest = meeting
    return latest.explorer if latest is not None else None
