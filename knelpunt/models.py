"""Pydantic models of the records: one YAML file each.

Unknown fields are forbidden, so a typo such as ``staus`` is an error, not a
silently ignored key. Fields whose allowed values differ per network (themes,
regions, laws, ...) are checked against ``knelpunt.yaml`` when a ``Config`` is
passed as validation context (``context={"config": config}``); without one
(for instance when exporting a JSON Schema) any identifier is accepted.

The current status, level and problem-solvers of a bottleneck are not fields of
the bottleneck: they follow from its history entries (``Update`` records, one
file each), so that two coordinators who update the same bottleneck on two
branches add two files and never edit the same lines. See ``workflow.py``.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from knelpunt import ids
from knelpunt.config import Config
from knelpunt.ids import ID_MAX_LENGTH, ID_PATTERN
from knelpunt.money import Amount, LegislativeStage, Per, stage_index

RecordId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]
UpdateId = Annotated[
    str, StringConstraints(pattern=r"^\d{8}-\d{6}(?:\d{6})?-[a-z0-9]+$", max_length=40)
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=300)]

LegalForm = Literal["cooperative", "association", "foundation", "residents-company", "informal"]
Stage = Literal["starting", "established"]
BottleneckKind = Literal["hard", "implementation", "culture"]
#: A learning circle (leerkring, issue 32): initiatives learning from each
#: other, hosted by frontrunners.
MeetingKind = Literal["explorer", "stakeholder", "learning-circle"]
#: What those who raised a bottleneck say of its solution (issue 31).
Verdict = Literal["works", "partly", "not-solved"]
#: The language an initiative reads its messages in (``knelpunt notify``).
Language = Literal["nl", "en"]
#: How a workaround taken over elsewhere turned out there (issue 32).
AdoptionResult = Literal["works", "partly", "not-here"]
Status = Literal[
    "reported",
    "solved-locally",
    "merged",
    "on-agenda",
    "routed",
    "in-progress",
    "resolved",
    "declined",
]


@dataclass(frozen=True)
class Vocabulary:
    """Marks a field whose values come from a list in knelpunt.yaml."""

    name: str


#: How many allowed values a message names at most.
MAX_LISTED = 10


def _check_vocabulary(vocabulary: str) -> AfterValidator:
    """Checks a value against a list in knelpunt.yaml, when one is given."""

    def check(value: str, info: ValidationInfo) -> str:
        config = (info.context or {}).get("config")
        if isinstance(config, Config):
            allowed = getattr(config.vocabularies, vocabulary)
            if value not in allowed:
                raise PydanticCustomError(
                    "vocabulary",
                    "{value!r} is not in the list {vocabulary} in knelpunt.yaml",
                    {
                        "value": value,
                        "vocabulary": vocabulary,
                        # A message names a few; a list of 100,000 must not cost more.
                        "allowed": heapq.nsmallest(MAX_LISTED, allowed),
                        "allowed_count": len(allowed),
                    },
                )
        return value

    return AfterValidator(check)


Theme = Annotated[str, Vocabulary("themes"), _check_vocabulary("themes")]
Level = Annotated[str, Vocabulary("levels"), _check_vocabulary("levels")]
Province = Annotated[str, Vocabulary("provinces"), _check_vocabulary("provinces")]
Region = Annotated[str, Vocabulary("regions"), _check_vocabulary("regions")]
ActorType = Annotated[str, Vocabulary("actor_types"), _check_vocabulary("actor_types")]
Law = Annotated[str, Vocabulary("laws"), _check_vocabulary("laws")]
FocusArea = Annotated[str, Vocabulary("focus_areas"), _check_vocabulary("focus_areas")]
Tag = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]


#: Text longer than this is pickled as bytes (``_Strict.__getstate__``).
_LONG = 80


class _Strict(BaseModel):
    # Frozen: a record read from a file is what the file says; edits go through
    # the file (``store.edit``). It also lets records share equal values
    # (``store.Sharing``) without one record's change showing in another.
    model_config = ConfigDict(extra="forbid", validate_default=False, frozen=True)

    def __getstate__(self) -> dict[Any, Any]:
        # Pickle writes a str as UTF-8, and CPython keeps that UTF-8 copy
        # inside a str that is not ASCII for as long as the str lives: writing
        # the record cache would double every description in memory (80 MB at
        # 50,000 bottlenecks). Long texts are pickled as bytes instead.
        state = super().__getstate__()
        fields = state["__dict__"]
        encoded = {
            name: value.encode("utf-8", "surrogatepass")
            for name, value in fields.items()
            if type(value) is str and len(value) > _LONG and not value.isascii()
        }
        if encoded:
            state["__dict__"] = {**fields, **encoded}
            state["encoded"] = tuple(encoded)
        return state

    def __setstate__(self, state: dict[Any, Any]) -> None:
        names = state.pop("encoded", ())
        if names:
            fields = state["__dict__"]
            for name in names:
                fields[name] = fields[name].decode("utf-8", "surrogatepass")
        super().__setstate__(state)


class Contact(_Strict):
    """A contact person: personal data (AVG/GDPR), never in reports or exports."""

    name: Name
    role: Name | None = None
    email: Name | None = None
    phone: Name | None = None


def _check_link(value: str) -> str:
    scheme = value.split(":", 1)[0].strip().lower() if ":" in value else ""
    if scheme not in ("http", "https") or not value.split(":", 1)[1].startswith("//"):
        raise PydanticCustomError(
            "link_not_web", "{value!r} is not a web address (http:// or https://)", {"value": value}
        )
    return value


Link = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_check_link)]


class Source(_Strict):
    """Where a bottleneck was found before (issue 32): a report such as *Wat
    knelt!*, a municipality's evaluation, a law article."""

    title: Name
    year: int | None = Field(default=None, ge=1800, le=2100)
    publisher: Name | None = None
    #: Only a web address (http or https): a link is shown in reports.
    link: Link | None = None


Year = Annotated[int, Field(ge=2000, le=2100)]


class Cost(_Strict):
    """One amount a proposal needs (issue 33): how much, once or every year,
    from which year, who pays (a problem-solver) and what for. In the file::

        costs:
          - amount: 60000      # or "€ 60.000"
            per: year          # or: once
            from: 2027
            paid_by: ac-...
            for: coördinator per regio
    """

    model_config = ConfigDict(serialize_by_alias=True)

    amount: Amount
    per: Per
    #: The year it is paid (once), or the first year it is paid (per year).
    start: Year | None = Field(default=None, alias="from")
    #: The problem-solver who pays it: an actor id.
    paid_by: RecordId | None = None
    purpose: Name | None = Field(default=None, alias="for")


class LegislativeStep(_Strict):
    """A step of the legislative track of a hard bottleneck: the stage it
    reached and the day it did (issue 33: "een proces van 4 a 5 jaar")."""

    step: LegislativeStage
    date: dt.date | None = None
    note: Text | None = None


def _track_in_order(steps: list[LegislativeStep]) -> list[LegislativeStep]:
    """Each step of a track comes after the one before: a later stage, on
    the same day or later."""
    for before, after in itertools.pairwise(steps):
        if stage_index(after.step) <= stage_index(before.step):
            raise PydanticCustomError(
                "legislation_out_of_order",
                "step {step!r} comes after {previous!r}: a track goes forward",
                {"step": after.step, "previous": before.step},
            )
        if after.date is not None and before.date is not None and after.date < before.date:
            raise PydanticCustomError(
                "legislation_date_back",
                "step {step!r} is dated {date}, before {previous!r} ({previous_date})",
                {
                    "step": after.step,
                    "date": after.date.isoformat(),
                    "previous": before.step,
                    "previous_date": before.date.isoformat(),
                },
            )
    return steps


LegislativeTrack = Annotated[list[LegislativeStep], AfterValidator(_track_in_order)]


class Record(_Strict):
    """What every record has: an id that equals its file name."""

    kind: ClassVar[str]
    folder: ClassVar[str]
    #: Fields holding personal data: left out of reports and exports unless asked.
    personal_fields: ClassVar[frozenset[str]] = frozenset()
    #: Fields that refer to other records, and the kind they refer to.
    references: ClassVar[dict[str, str]] = {}
    #: Fields filled in later by a coordinator, not asked when a record is added.
    later_fields: ClassVar[frozenset[str]] = frozenset()
    #: Fields only a command of their own writes (``knelpunt adopt``): never
    #: asked by ``add`` or ``edit``, and left as they are by an edit.
    command_fields: ClassVar[frozenset[str]] = frozenset()
    #: Fields still read but replaced by others (a sentence of money by
    #: ``costs``): ``edit`` offers them only while they hold something, to
    #: be emptied, and ``check`` warns that they are not counted.
    superseded_fields: ClassVar[frozenset[str]] = frozenset()

    id: RecordId

    def label(self) -> str:
        """A short human name of the record: its name or title."""
        return str(getattr(self, "name", None) or getattr(self, "title", None) or self.id)


class Initiative(Record):
    """A citizen initiative: a care cooperative, village care group, ..."""

    kind = "initiative"
    folder = "initiatives"
    personal_fields = frozenset({"contact"})
    references = {"networks": "actor"}
    # Asked only when it is not Dutch: set with 'knelpunt edit' or --language.
    later_fields = frozenset({"language"})

    name: Name
    legal_form: LegalForm
    #: IndeKern's phases: 1 makes local demand visible, 2 brokers care, 3 offers care.
    phase: Literal[1, 2, 3] | None = None
    stage: Stage | None = None
    municipality: Name
    province: Province
    region: Region | None = None
    focus: list[FocusArea] = Field(default_factory=list)
    #: Networks it belongs to (actor records of type network).
    networks: list[RecordId] = Field(default_factory=list)
    frontrunner: bool = False
    founded: int | None = Field(default=None, ge=1800, le=2100)
    website: Name | None = None
    description: Text | None = None
    contact: Contact | None = None
    #: The language of its messages (``knelpunt notify``); Dutch when not set.
    language: Language | None = None


class Meeting(Record):
    """An explorer's meeting with initiatives, or a stakeholder meeting."""

    kind = "meeting"
    folder = "meetings"
    references = {
        "initiatives": "initiative",
        "actors": "actor",
        "priorities": "bottleneck",
        "hosts": "initiative",
    }
    later_fields = frozenset({"priorities", "hosts", "topic", "learnt"})

    title: Name
    date: dt.date
    type: MeetingKind
    #: The explorer (verkenner) who held it: a name, no contact details.
    explorer: Name
    region: Region | None = None
    place: Name | None = None
    initiatives: list[RecordId] = Field(default_factory=list)
    actors: list[RecordId] = Field(default_factory=list)
    notes: Text | None = None
    #: How many people were there ("telkens een 10-tal vertegenwoordigers").
    attendance: int | None = Field(default=None, ge=0, le=10000)
    #: The initiatives' own ranking of the bottlenecks discussed, most important
    #: first ("in directe samenspraak met de initiatieven"): each initiative
    #: present supports them.
    priorities: list[RecordId] = Field(default_factory=list)
    #: The frontrunner initiatives asked to come: the hosts of a learning
    #: circle, or one that explained its workaround (issue 32). Each counts
    #: in its frontrunner load; a host that is not a frontrunner is a warning.
    hosts: list[RecordId] = Field(default_factory=list)
    #: What a learning circle was about, and what was learnt there.
    topic: Name | None = None
    learnt: Text | None = None

    @model_validator(mode="after")
    def _circle(self) -> Meeting:
        if self.type == "learning-circle" and (self.topic is None or not self.hosts):
            raise PydanticCustomError(
                "circle_needs_topic", "a learning circle needs a topic and at least one host"
            )
        return self


class Bottleneck(Record):
    """A bottleneck (knelpunt) as it was reported. Its status lives in updates."""

    kind = "bottleneck"
    folder = "bottlenecks"
    references = {
        "reported_by": "initiative",
        "reported_by_actors": "actor",
        "meetings": "meeting",
        "solutions": "solution",
    }
    later_fields = frozenset({"approach", "horizon", "means", "people", "expected_year"})
    # Lists of parts (costs, the legislative track) are written in the file;
    # an edit leaves them as they are (the guides show their YAML form).
    command_fields = frozenset({"sources", "costs", "legislation"})
    superseded_fields = frozenset({"horizon", "means"})

    title: Name
    description: Text
    theme: Theme
    #: hard: needs a change of law; implementation: how a law is turned into
    #: rules, protocols, procurement; culture: trust, systems-world vs life-world.
    type: BottleneckKind
    laws: list[Law] = Field(default_factory=list)
    tags: list[Tag] = Field(default_factory=list)
    severity: int | None = Field(default=None, ge=1, le=5)
    reported_on: dt.date
    reported_by: list[RecordId] = Field(default_factory=list)
    reported_by_actors: list[RecordId] = Field(default_factory=list)
    meetings: list[RecordId] = Field(default_factory=list)
    solutions: list[RecordId] = Field(default_factory=list)
    #: The proposal for the October report, filled in by the coordination group:
    #: the approach, how long it will take (a change of law: "4 à 5 jaar"), and
    #: what it needs in time, means and money.
    approach: Text | None = None
    #: Free text from before costs and expected_year: read and shown, not
    #: counted (``check`` warns).
    horizon: Name | None = None
    means: Text | None = None
    #: What it needs in people and time ("0,5 fte per regio").
    people: Name | None = None
    #: The money it needs, counted in the October report's totals.
    costs: list[Cost] = Field(default_factory=list)
    #: The year it is expected to be solved: the look ahead is by this year.
    expected_year: Year | None = None
    #: For a hard bottleneck: the stages of its change of law, in order.
    legislation: LegislativeTrack = Field(default_factory=list)
    #: Where it was found before (``add bottleneck --source``, or the file).
    sources: list[Source] = Field(default_factory=list)


class Actor(Record):
    """A problem-solver or stakeholder organisation."""

    kind = "actor"
    folder = "actors"
    personal_fields = frozenset({"contact"})

    name: Name
    short_name: Name | None = None
    type: ActorType
    level: Level
    province: Province | None = None
    region: Region | None = None
    municipality: Name | None = None
    website: Name | None = None
    notes: Text | None = None
    contact: Contact | None = None


class Adoption(_Strict):
    """A workaround taken over by another initiative: when, and how it turned
    out there (works, partly, not here), with a note in its words."""

    initiative: RecordId
    date: dt.date
    result: AdoptionResult
    note: Text | None = None


class Solution(Record):
    """A workaround (olifantenpad) an initiative found, to share with others."""

    kind = "solution"
    folder = "solutions"
    references = {"found_by": "initiative", "shared_at": "meeting"}
    command_fields = frozenset({"adoptions"})

    title: Name
    description: Text
    theme: Theme | None = None
    laws: list[Law] = Field(default_factory=list)
    found_by: list[RecordId] = Field(default_factory=list)
    shared_at: list[RecordId] = Field(default_factory=list)
    #: Where it was taken over, and with what result (``knelpunt adopt``).
    adoptions: list[Adoption] = Field(default_factory=list)


def _check_round(value: str, info: ValidationInfo) -> str:
    """A ranking names a round of knelpunt.yaml, when one is given."""
    config = (info.context or {}).get("config")
    if isinstance(config, Config) and config.round(value) is None:
        raise PydanticCustomError(
            "unknown_round",
            "{value!r} is not a round in knelpunt.yaml",
            {"value": value, "allowed": ", ".join(r.name for r in config.rounds) or "-"},
        )
    return value


RoundName = Annotated[
    str, StringConstraints(pattern=ID_PATTERN, max_length=64), AfterValidator(_check_round)
]


class Ranking(Record):
    """One initiative's order of the bottlenecks on the agenda, in one ranking
    round: its one voice ("een prioritering ... in samenspraak met
    burgerinitiatieven"). Read from a form (``knelpunt ballot --import``) or
    recorded at a meeting. A later ranking of the same initiative in the same
    round replaces the earlier one when counted (``ranking.py``); files are
    never edited, so two rankings made on two laptops merge without conflict."""

    kind = "ranking"
    folder = "rankings"
    references = {
        "initiative": "initiative",
        "order": "bottleneck",
        "unranked": "bottleneck",
        "meeting": "meeting",
    }

    round: RoundName
    initiative: RecordId
    #: The day the initiative gave its order (the form came in, the meeting).
    date: dt.date
    #: The bottlenecks it placed, most important first.
    order: list[RecordId]
    #: The rest of the form, not placed: counted as sharing the bottom places.
    unranked: list[RecordId] = Field(default_factory=list)
    #: The meeting where it was recorded, when it was.
    meeting: RecordId | None = None

    def label(self) -> str:
        return f"{self.initiative} ({self.round})"

    @model_validator(mode="after")
    def _each_once(self) -> Ranking:
        if not self.order:
            raise PydanticCustomError("ranking_empty", "a ranking places at least one bottleneck")
        seen: set[str] = set()
        for item in [*self.order, *self.unranked]:
            if item in seen:
                raise PydanticCustomError(
                    "ranking_twice", "{item} stands twice in the ranking", {"item": item}
                )
            seen.add(item)
        return self


NoticeVia = Literal["email", "file"]


class Notice(Record):
    """One message to one initiative (``knelpunt notify``): which steps of
    which of its bottlenecks it told, when, and how it left (sent by e-mail,
    or written as a file to pass on). Never the address: that stays in the
    initiative's contact block. The next message tells only steps no notice
    of the initiative holds, so nothing is told twice, whoever runs it."""

    kind = "notice"
    folder = "notices"
    references = {"initiative": "initiative", "bottlenecks": "bottleneck"}

    initiative: RecordId
    date: dt.date
    via: NoticeVia
    bottlenecks: list[RecordId] = Field(default_factory=list)
    #: The history entries told (ids of data/updates/<bottleneck>/<id>.yaml).
    steps: list[UpdateId] = Field(default_factory=list)

    def label(self) -> str:
        return f"{self.initiative} ({self.date.isoformat()})"


class Question(Record):
    """A practical question an initiative asked (or one asked at a meeting),
    referred to a frontrunner initiative or an organisation, and its answer
    (issue 32: IndeKern's "koplopers worden overvraagd"). Answered with
    ``knelpunt answer``, which fills in the answer fields of this file."""

    kind = "question"
    folder = "questions"
    references = {
        "asked_by": "initiative",
        "meeting": "meeting",
        "referred_to": "initiative",
        "referred_to_actor": "actor",
        "answered_by": "initiative",
        "answered_by_actor": "actor",
        "bottlenecks": "bottleneck",
        "solutions": "solution",
    }
    later_fields = frozenset(
        {"answer", "answered_by", "answered_by_actor", "answered_on", "referred_to_actor"}
    )

    topic: Name
    text: Text
    date: dt.date
    theme: Theme | None = None
    asked_by: RecordId | None = None
    meeting: RecordId | None = None
    #: The frontrunner initiative it was referred to (counts in its load).
    referred_to: RecordId | None = None
    #: Or the organisation it was referred to.
    referred_to_actor: RecordId | None = None
    bottlenecks: list[RecordId] = Field(default_factory=list)
    solutions: list[RecordId] = Field(default_factory=list)
    answer: Text | None = None
    answered_by: RecordId | None = None
    answered_by_actor: RecordId | None = None
    answered_on: dt.date | None = None

    def label(self) -> str:
        return self.topic

    @property
    def is_open(self) -> bool:
        return self.answer is None

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.asked_by is None and self.meeting is None:
            raise PydanticCustomError(
                "question_needs_asker", "a question is asked by an initiative or at a meeting"
            )
        answered = (self.answered_by, self.answered_by_actor, self.answered_on)
        if self.answer is None and any(v is not None for v in answered):
            raise PydanticCustomError(
                "answered_needs_answer", "answered_by and answered_on go with an answer"
            )
        if self.answer is not None and (
            self.answered_on is None
            or (self.answered_by is None) == (self.answered_by_actor is None)
        ):
            raise PydanticCustomError(
                "answer_needs_who",
                "an answer needs answered_on and one of answered_by or answered_by_actor",
            )
        return self


class Update(_Strict):
    """One dated history entry of a bottleneck: a status change, a note, or both.

    Stored at ``data/updates/<bottleneck id>/<update id>.yaml`` and never
    edited afterwards: history is append-only.
    """

    kind: ClassVar[str] = "update"
    folder: ClassVar[str] = "updates"
    personal_fields: ClassVar[frozenset[str]] = frozenset()
    references: ClassVar[dict[str, str]] = {
        "addressees": "actor",
        "merged_into": "bottleneck",
        "actor": "actor",
        "concerns": "initiative",
        "initiative": "initiative",
        "solver": "actor",
    }

    id: UpdateId
    date: dt.date
    by: Name
    status: Status | None = None
    note: Text | None = None
    #: Set when routed: the level and the problem-solvers addressed.
    level: Level | None = None
    addressees: list[RecordId] = Field(default_factory=list)
    #: The routing rule that decided, if a rule did.
    rule: Name | None = None
    #: Set when merged: the bottleneck this one was bundled into.
    merged_into: RecordId | None = None
    #: The problem-solver whose addressing this entry moves (in progress,
    #: declined, resolved); without it, every addressing moves.
    actor: RecordId | None = None
    #: A verdict of an initiative that raised the bottleneck on its solution
    #: (works, partly, not solved), with the note as its words; ``solver`` is
    #: the problem-solver whose solution it judges, when it names one.
    verdict: Verdict | None = None
    initiative: RecordId | None = None
    solver: RecordId | None = None
    #: Set when routed locally: the initiatives this addressing concerns.
    concerns: list[RecordId] = Field(default_factory=list)
    #: Set when routed: the day by which the problem-solvers are expected to
    #: answer (the clock of their addressings; see workflow.derive).
    answer_by: dt.date | None = None

    def label(self) -> str:
        return self.id

    @model_validator(mode="after")
    def _consistent(self) -> Update:
        if self.status is None and self.note is None and self.verdict is None:
            raise PydanticCustomError("update_empty", "an update needs a status or a note")
        if self.verdict is not None and (self.initiative is None or self.status is not None):
            raise PydanticCustomError(
                "verdict_needs_initiative", "a verdict names its initiative and has no status"
            )
        if self.verdict is None and (self.initiative is not None or self.solver is not None):
            raise PydanticCustomError(
                "initiative_needs_verdict", "initiative and solver go with a verdict"
            )
        if self.status == "merged" and self.merged_into is None:
            raise PydanticCustomError("merged_needs_target", "status merged needs merged_into")
        if self.merged_into is not None and self.status != "merged":
            raise PydanticCustomError("target_needs_merged", "merged_into needs status merged")
        if self.status == "routed" and not self.addressees:
            raise PydanticCustomError("routed_needs_addressee", "status routed needs addressees")
        if self.actor is not None and self.status not in ("in-progress", "declined", "resolved"):
            raise PydanticCustomError(
                "actor_needs_status", "actor goes with status in-progress, declined or resolved"
            )
        if self.concerns and self.status != "routed":
            raise PydanticCustomError("concerns_needs_routed", "concerns goes with status routed")
        if self.answer_by is not None and self.status != "routed":
            raise PydanticCustomError("answer_by_needs_routed", "answer_by goes with status routed")
        return self


RECORD_TYPES: dict[str, type[Record]] = {
    cls.kind: cls
    for cls in (Initiative, Meeting, Bottleneck, Actor, Solution, Ranking, Notice, Question)
}
#: Every kind of file in data/, the record kinds and the history entries.
ALL_KINDS: tuple[str, ...] = (*RECORD_TYPES, "update")
FOLDERS = ids.FOLDERS


def model_for(kind: str) -> type[Record] | type[Update]:
    return Update if kind == "update" else RECORD_TYPES[kind]


def validate(kind: str, data: Any, config: Config | None) -> Record | Update:
    """Validate a parsed document as a record of ``kind``."""
    context = {"config": config} if config is not None else None
    return model_for(kind).model_validate(data, context=context)


# --- long texts left out of a lean record set ---------------------------------

#: Fields with long free text: left out of a lean record set (``store.load_records``).
LONG_TEXT = ("description", "notes", "note")


class LongTextLeftOut(RuntimeError):
    """A long text read from a lean record, which left it out: an error in
    knelpunt (the command forgot to ask for it, ``texts.with_long_text``),
    never in the records."""


class _LeftOut:
    """What a lean record holds in place of a long text it left out."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "LEFT_OUT"

    def __reduce__(self) -> str:
        return "LEFT_OUT"  # one object, also after pickling


LEFT_OUT = _LeftOut()


class _LongText:
    """A long-text field: the record's own value, and ``LongTextLeftOut``
    when the record is lean and left it out (never an empty text that would
    pass for what the file says)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, record: Any, owner: type | None = None) -> Any:
        if record is None:
            raise AttributeError(self.name)  # on the class, as Pydantic has it
        value = record.__dict__[self.name]
        if value is LEFT_OUT:
            raise LongTextLeftOut(
                f"internal error: the {self.name} of {record.id} was left out of a lean"
                " record set and read; ask for it first (texts.with_long_text)"
            )
        return value

    def __set__(self, record: Any, value: Any) -> None:
        raise TypeError(f"{type(record).__name__} is frozen")


_LEAN_MODELS: tuple[type[_Strict], ...] = (*RECORD_TYPES.values(), Update)
for _model in _LEAN_MODELS:
    for _name in LONG_TEXT:
        if _name in _model.model_fields:
            setattr(_model, _name, _LongText(_name))
