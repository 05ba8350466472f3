"""Questions, frontrunner load and learning circles (issue 32, points 2-4).

IndeKern: frontrunners are "overvraagd" by the villages that come after them.
A frontrunner's **load** in a quarter is the questions referred to it that
quarter (by the question's date) plus the meetings it was asked to that
quarter (as one of a meeting's ``hosts``: the host of a learning circle, or a
frontrunner that came to explain its workaround). Above
``knowledge.frontrunner_load_per_quarter`` in knelpunt.yaml it is over its
load, which the progress report flags so the coordination group can spread
the questions. Only initiatives with ``frontrunner: true`` are counted; a
host or referral that names another initiative is a warning of ``check``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from knelpunt import store
from knelpunt.actions import find_actor, find_kind, read_record
from knelpunt.choices import fold
from knelpunt.config import Config
from knelpunt.errors import KnelpuntError
from knelpunt.formats import short_date
from knelpunt.messages import report_text
from knelpunt.models import Initiative, Meeting, Question
from knelpunt.repo import Repository
from knelpunt.store import RecordSet
from knelpunt.yamlio import to_yaml_value

Quarter = tuple[int, int]


def quarter_of(day: dt.date) -> Quarter:
    """(2026, 3) for a day in July, August or September 2026."""
    return day.year, (day.month - 1) // 3 + 1


@dataclass
class Load:
    """What one frontrunner was asked in one quarter."""

    initiative: str
    quarter: Quarter
    questions: list[str] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.questions) + len(self.meetings)


def frontrunners(records: RecordSet) -> dict[str, Initiative]:
    return {
        i.id: i
        for i in records.of("initiative").values()
        if isinstance(i, Initiative) and i.frontrunner
    }


def questions(records: RecordSet) -> list[Question]:
    """Every question, the newest first."""
    found = [q for q in records.of("question").values() if isinstance(q, Question)]
    return sorted(found, key=lambda q: (q.date, q.id), reverse=True)


def learning_circles(records: RecordSet) -> list[Meeting]:
    """The learning circles, in the order they were held."""
    found = [
        m
        for m in records.of("meeting").values()
        if isinstance(m, Meeting) and m.type == "learning-circle"
    ]
    return sorted(found, key=lambda m: (m.date, m.id))


def loads(records: RecordSet) -> list[Load]:
    """The load of each frontrunner in each quarter it was asked anything,
    by quarter and then by frontrunner id."""
    known = frontrunners(records)
    found: dict[tuple[str, Quarter], Load] = {}

    def at(initiative: str, day: dt.date) -> Load:
        key = (initiative, quarter_of(day))
        return found.setdefault(key, Load(initiative, key[1]))

    for question in questions(records):
        if question.referred_to in known:
            at(question.referred_to, question.date).questions.append(question.id)
    for meeting in records.of("meeting").values():
        if isinstance(meeting, Meeting):
            for host in dict.fromkeys(meeting.hosts):
                if host in known:
                    at(host, meeting.date).meetings.append(meeting.id)
    return sorted(found.values(), key=lambda load: (load.quarter, load.initiative))


def over(config: Config, all_loads: list[Load]) -> list[Load]:
    """The loads above the threshold of knelpunt.yaml."""
    limit = config.knowledge.frontrunner_load_per_quarter
    return [load for load in all_loads if load.total > limit]


def solutions_shared(records: RecordSet, meeting_id: str) -> list[str]:
    """The workarounds shared at a meeting: those whose ``shared_at`` names it."""
    return sorted(
        s.id for s in records.of("solution").values() if meeting_id in getattr(s, "shared_at", [])
    )


def quarter_label(quarter: Quarter, lang: str) -> str:
    return report_text("quarter", lang, year=quarter[0], quarter=quarter[1])


def _namer(records: RecordSet) -> Any:
    def name(kind: str, record_id: str | None) -> str:
        if record_id is None:
            return ""
        found = records.of(kind).get(record_id)
        return found.label() if found is not None else record_id

    return name


def section(records: RecordSet, config: Config, lang: str) -> dict[str, Any]:
    """The progress report's section on knowledge that travels: each
    frontrunner's load per quarter (flagged above the threshold), the
    questions asked and answered, and the learning circles held."""
    name = _namer(records)
    limit = config.knowledge.frontrunner_load_per_quarter
    rows = [
        {
            "id": load.initiative,
            "name": name("initiative", load.initiative),
            "quarter": quarter_label(load.quarter, lang),
            "questions": len(load.questions),
            "meetings": len(load.meetings),
            "total": load.total,
            "over": load.total > limit,
        }
        for load in loads(records)
    ]
    asked = questions(records)
    circles = [
        {
            "id": m.id,
            "title": m.title,
            "date": short_date(m.date, lang),
            "topic": m.topic or "",
            "hosts": [name("initiative", i) for i in m.hosts],
            "participants": len(m.initiatives),
            "learnt": m.learnt or "",
            "solutions": [name("solution", s) for s in solutions_shared(records, m.id)],
        }
        for m in learning_circles(records)
    ]
    return {
        "limit": limit,
        "loads": rows,
        "over": [row for row in rows if row["over"]],
        "asked": len(asked),
        "answered": sum(1 for q in asked if not q.is_open),
        "circles": circles,
    }


def question_rows(records: RecordSet, lang: str) -> list[dict[str, Any]]:
    """Every question with its answer, for the site: names and text only,
    never a contact block (a question has none; the initiatives' and
    organisations' are not read)."""
    name = _namer(records)
    return [
        {
            "id": q.id,
            "topic": q.topic,
            "text": q.text,
            "date": short_date(q.date, lang),
            "asked_by": name("initiative", q.asked_by) or name("meeting", q.meeting),
            "referred_to": name("initiative", q.referred_to) or name("actor", q.referred_to_actor),
            "answer": q.answer or "",
            "answered_by": name("initiative", q.answered_by) or name("actor", q.answered_by_actor),
            "answered_on": short_date(q.answered_on, lang) if q.answered_on else "",
            "bottlenecks": [(b, name("bottleneck", b)) for b in q.bottlenecks],
            "solutions": [name("solution", s) for s in q.solutions],
        }
        for q in questions(records)
    ]


def _who_answered(repo: Repository, typed: str) -> tuple[str, str]:
    """("initiative" or "actor", id) of the one ``typed`` names: an id, or
    a name (an initiative's, or an organisation's name or short name),
    case and accents ignored."""
    value = typed.strip()
    kind = find_kind(repo, value.lower())
    if kind in ("initiative", "actor"):
        return kind, value.lower()
    folder = repo.root / "data" / "initiatives"
    wanted = fold(value)
    if wanted and folder.is_dir() and not folder.is_symlink():
        for path in sorted(folder.glob("*.yaml")):
            try:
                record = read_record(repo, "initiative", path.stem)
            except KnelpuntError:
                continue
            if fold(record.label()) == wanted:
                return "initiative", record.id
    try:
        return "actor", find_actor(repo, value)
    except KnelpuntError:
        raise KnelpuntError("answer_unknown_by", value=value) from None


def answer(repo: Repository, question_id: str, text: str, by: str, date: dt.date) -> Question:
    """Fill in the answer of question ``question_id``: the text, who answered
    (an initiative or an organisation) and the day. Answering again replaces
    the answer (the history of the file keeps the earlier one)."""
    record_id = question_id.strip().lower()
    if find_kind(repo, record_id) != "question":
        raise KnelpuntError("answer_not_question", id=record_id)
    kind, who = _who_answered(repo, by)
    fields = {
        "answer": text,
        "answered_by": who if kind == "initiative" else None,
        "answered_by_actor": who if kind == "actor" else None,
        "answered_on": date,
    }

    def change(document: Any) -> None:
        for name, value in fields.items():
            if value is None:
                document.pop(name, None)
            else:
                document[name] = to_yaml_value(value)

    found = store.edit(repo, "question", record_id, change)
    assert isinstance(found, Question)
    return found
