"""The repository's configuration, ``knelpunt.yaml``.

Lists that differ per network (themes, levels, regions, provinces, actor types,
laws, focus areas) live here with a Dutch and an English label. Records store
the stable English identifiers; people read the labels.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from knelpunt.money import Amount, Per
from knelpunt.workflow import ANSWER_WITHIN, ANSWER_WITHIN_OTHER

CONFIG_FILE = "knelpunt.yaml"
LANGUAGES = ("nl", "en")

VocabId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]


class _Strict(BaseModel):
    # Built when first validated, not when imported: a warm command takes the
    # configuration validated before from the cache (``repo.load_config``)
    # and never needs the validator.
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Label(_Strict):
    nl: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


class RegionLabel(Label):
    #: The province a sub-area (deelgebied) lies in, when it lies in one.
    province: VocabId | None = None


class PlannedExplorer(_Strict):
    """A named explorer and the sub-areas (deelgebieden) planned for them."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    regions: list[VocabId] = Field(default_factory=list)


class Facility(_Strict):
    """A facility the programme itself needs ("Benodigde faciliteiten") and,
    where known, what it costs: ``{for: ..., amount: 25000, per: year}``."""

    model_config = ConfigDict(serialize_by_alias=True)

    purpose: Annotated[str, StringConstraints(min_length=1, max_length=300)] = Field(alias="for")
    amount: Amount | None = None
    per: Per | None = None


class Plan(_Strict):
    """The targets progress is measured against: 8 x 5 x 10 = 400 initiatives,
    and, where the network sets them, the dates of the plan (set-up in
    February, the meetings in the first half year, the report in October),
    the people expected per meeting and the explorers by name."""

    explorers: int = Field(default=8, ge=0)
    meetings_per_explorer: int = Field(default=5, ge=0)
    initiatives_per_meeting: int = Field(default=10, ge=0)
    regions: int = Field(default=6, ge=0)
    people_per_meeting: int = Field(default=10, ge=0)
    set_up_by: dt.date | None = None
    meetings_by: dt.date | None = None
    report_by: dt.date | None = None
    #: The day the report went out; until then the report milestone is open.
    report_sent_on: dt.date | None = None
    team: list[PlannedExplorer] = Field(default_factory=list)
    #: What the programme itself delivers (the proposal's "Resultaat"), and
    #: the facilities it needs with their costs: in the October report.
    results: list[Annotated[str, StringConstraints(min_length=1, max_length=500)]] = Field(
        default_factory=list
    )
    facilities: list[Facility] = Field(default_factory=list)

    @property
    def initiatives(self) -> int:
        return self.explorers * self.meetings_per_explorer * self.initiatives_per_meeting


def _labels(**items: tuple[str, str]) -> dict[str, Label]:
    return {key.replace("_", "-"): Label(nl=nl, en=en) for key, (nl, en) in items.items()}


def default_themes() -> dict[str, Label]:
    return _labels(
        cooperation=("Samenwerking", "Cooperation"),
        regulation=("Wet- en regelgeving", "Regulation"),
        finance=("Financiën", "Finance"),
    )


def default_levels() -> dict[str, Label]:
    return _labels(
        local=("Lokaal (micro)", "Local (micro)"),
        regional=("Regionaal (meso)", "Regional (meso)"),
        national=("Landelijk (macro)", "National (macro)"),
    )


def default_provinces() -> dict[str, Label]:
    return _labels(
        groningen=("Groningen", "Groningen"),
        fryslan=("Fryslân", "Friesland"),
        drenthe=("Drenthe", "Drenthe"),
        overijssel=("Overijssel", "Overijssel"),
        flevoland=("Flevoland", "Flevoland"),
        gelderland=("Gelderland", "Gelderland"),
        utrecht=("Utrecht", "Utrecht"),
        noord_holland=("Noord-Holland", "North Holland"),
        zuid_holland=("Zuid-Holland", "South Holland"),
        zeeland=("Zeeland", "Zeeland"),
        noord_brabant=("Noord-Brabant", "North Brabant"),
        limburg=("Limburg", "Limburg"),
    )


def default_actor_types() -> dict[str, Label]:
    return _labels(
        municipality=("Gemeente", "Municipality"),
        insurer=("Zorgverzekeraar", "Health insurer"),
        care_provider=("Zorgaanbieder", "Care provider"),
        welfare_organisation=("Welzijnsorganisatie", "Welfare organisation"),
        ministry=("Ministerie", "Ministry"),
        tax_office=("Belastingdienst", "Tax office"),
        benefits_agency=("Uitkeringsinstantie (UWV)", "Benefits agency (UWV)"),
        province=("Provincie", "Province"),
        inspectorate=("Inspectie", "Inspectorate"),
        umbrella=("Koepelorganisatie", "Umbrella organisation"),
        network=("Netwerk van initiatieven", "Network of initiatives"),
        knowledge_institute=("Kennisinstituut", "Knowledge institute"),
        housing_corporation=("Woningcorporatie", "Housing corporation"),
        fund=("Fonds", "Fund"),
    )


def default_laws() -> dict[str, Label]:
    return _labels(
        wmo=("Wmo 2015", "Social Support Act (Wmo)"),
        zvw=("Zorgverzekeringswet (Zvw)", "Health Insurance Act (Zvw)"),
        wlz=("Wet langdurige zorg (Wlz)", "Long-term Care Act (Wlz)"),
        vpb=("Wet op de vennootschapsbelasting (Vpb)", "Corporate Income Tax Act (Vpb)"),
        anbi=("ANBI-regeling", "ANBI (charity status) rules"),
        right_to_challenge=("Right to Challenge (Wmo)", "Right to Challenge (Wmo)"),
        participatiewet=("Participatiewet", "Participation Act"),
        ww=("Werkloosheidswet (WW)", "Unemployment Insurance Act (WW)"),
        aanbesteding=("Aanbestedingswet", "Public Procurement Act"),
        wkkgz=("Wkkgz (kwaliteit en klachten)", "Wkkgz (quality and complaints)"),
        avg=("AVG (privacy)", "GDPR (privacy)"),
    )


def default_focus_areas() -> dict[str, Label]:
    return _labels(
        care_welfare=("Zorg en welzijn", "Care and welfare"),
        sustainability=("Duurzaamheid", "Sustainability"),
        housing=("Wonen", "Housing"),
        broadband=("Breedband", "Broadband"),
        facilities=("Winkels en voorzieningen", "Shops and facilities"),
        mobility=("Vervoer", "Transport"),
    )


class Vocabularies(_Strict):
    themes: dict[VocabId, Label] = Field(default_factory=default_themes, min_length=1)
    levels: dict[VocabId, Label] = Field(default_factory=default_levels, min_length=1)
    provinces: dict[VocabId, Label] = Field(default_factory=default_provinces)
    #: Sub-areas (deelgebieden) meetings are grouped by; empty means "not used".
    regions: dict[VocabId, RegionLabel] = Field(default_factory=dict)
    actor_types: dict[VocabId, Label] = Field(default_factory=default_actor_types, min_length=1)
    laws: dict[VocabId, Label] = Field(default_factory=default_laws)
    focus_areas: dict[VocabId, Label] = Field(default_factory=default_focus_areas)


#: Addressees that are not one actor but follow from who reported the bottleneck.
REPORTERS_MUNICIPALITY = "@municipality"
REPORTERS_PROVINCE = "@province"


class Match(_Strict):
    """What a routing rule looks at. Every criterion given must hold; a
    criterion holds when the bottleneck has any of its values."""

    themes: list[VocabId] = Field(default_factory=list)
    types: list[Literal["hard", "implementation", "culture"]] = Field(default_factory=list)
    laws: list[VocabId] = Field(default_factory=list)
    tags: list[VocabId] = Field(default_factory=list)
    #: Regions of the reporting initiatives.
    regions: list[VocabId] = Field(default_factory=list)


class RoutingTarget(_Strict):
    #: Actor ids, or @municipality / @province: those of the reporting initiatives.
    to: list[str] = Field(min_length=1)
    level: VocabId


class RoutingRule(RoutingTarget):
    name: VocabId
    match: Match = Field(default_factory=Match)


class Routing(_Strict):
    """A table of responsible bodies: the first rule that matches decides."""

    rules: list[RoutingRule] = Field(default_factory=list)
    #: Where a bottleneck goes that no rule matches.
    default: RoutingTarget | None = None


PhaseKey = Literal[1, 2, 3]
TypeKey = Literal["hard", "implementation", "culture"]


def _phase_weights() -> dict[PhaseKey, float]:
    return {1: 1.0, 2: 1.0, 3: 1.5}


def _type_weights() -> dict[TypeKey, float]:
    return {"hard": 3.0, "implementation": 1.0, "culture": 1.0}


class Priority(_Strict):
    """Weights of the parts of a bottleneck's priority score (see priority.py)."""

    reach: float = 2.0  # per distinct reporting initiative
    regions: float = 1.0  # per distinct region of the reporters
    provinces: float = 1.0  # per distinct province of the reporters
    #: per organisation (municipality, insurer, provider) that reported it itself
    stakeholders: float = 1.0
    #: per initiative that ranked it among its priorities at a meeting
    support: float = 1.0
    #: per point of the initiatives' order in the latest ranking round: 0 when
    #: every initiative put it last, 10 when every one put it first (ranking.py)
    ranking: float = 1.0
    severity: float = 1.0  # per point of severity (1-5), where set
    phases: dict[PhaseKey, float] = Field(default_factory=_phase_weights)
    types: dict[TypeKey, float] = Field(default_factory=_type_weights)
    age_per_month: float = 0.25  # per month since it was reported ...
    age_cap_months: int = Field(default=24, ge=0)  # ... counted up to this many months


class RankingRound(_Strict):
    """A ranking round: between its dates the initiatives put the bottlenecks
    on the agenda in their order of importance (``knelpunt ballot``)."""

    #: The key the rankings name (``round: najaar-2026``).
    name: VocabId
    opens: dt.date
    closes: dt.date

    @model_validator(mode="after")
    def _in_order(self) -> RankingRound:
        if self.closes < self.opens:
            raise PydanticCustomError(
                "round_dates",
                "round {name} closes before it opens",
                {"name": self.name, "opens": str(self.opens), "closes": str(self.closes)},
            )
        return self


def _answer_within_days() -> dict[str, int]:
    return dict(ANSWER_WITHIN)


class FollowUp(_Strict):
    """Nothing waits unseen: how long a problem-solver has to answer, and when
    a bottleneck counts as stuck (``knelpunt todo``)."""

    #: Days from routing by which an addressed problem-solver is expected to
    #: answer, per level; a level not named gets ``ANSWER_WITHIN_OTHER``. An
    #: answer-by date given when routing (``--answer-by``) goes first.
    answer_within_days: dict[VocabId, Annotated[int, Field(ge=1, le=3660)]] = Field(
        default_factory=_answer_within_days
    )
    #: An open bottleneck without a step for this many months is on the worklist.
    quiet_months: int = Field(default=3, ge=1, le=120)

    def days_for(self, level: str | None) -> int:
        return self.answer_within_days.get(level or "", ANSWER_WITHIN_OTHER)


#: An e-mail address, one: no list, no display name, no line break.
MailAddress = Annotated[
    str, StringConstraints(pattern=r"^[^\s<>@,;:\"()\[\]]+@[^\s<>@,;:\"()\[\]]+$", max_length=254)
]


class Mail(_Strict):
    """How ``knelpunt notify --send`` sends: the SMTP server and the sender.

    The password is never here (this file is in the repository, and changed
    by pull requests): it is read from the environment variable named by
    ``password_env``, whose name must begin with ``KNELPUNT_`` so that a
    changed setting cannot send another secret of the environment (a CI
    token) to a server it names."""

    host: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9.\-\[\]:]+$", max_length=253)]
    port: int = Field(default=587, ge=1, le=65535)
    #: starttls (port 587), tls (port 465), or none (a server on this computer).
    security: Literal["starttls", "tls", "none"] = "starttls"
    sender: MailAddress
    #: The name the messages come from ("Coördinatiegroep Agenda Aanpak Knelpunten").
    sender_name: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    #: The login, when the server asks one; the sender's address if not given.
    username: Annotated[str, StringConstraints(min_length=1, max_length=254)] | None = None
    password_env: Annotated[
        str, StringConstraints(pattern=r"^KNELPUNT_[A-Z0-9_]+$", max_length=64)
    ] = "KNELPUNT_SMTP_PASSWORD"


class Knowledge(_Strict):
    """Knowledge that travels (issue 32): how much a frontrunner may be asked.

    A frontrunner's load in a quarter is the questions referred to it plus
    the meetings it was asked to (as a host); above this number the progress
    report flags it, so the coordination group can spread the questions."""

    frontrunner_load_per_quarter: int = Field(default=6, ge=1, le=1000)


class CoordinationMember(_Strict):
    """A member of the coordination group (Coördinatiegroep): a representative
    of one of the initiatives' networks, or its professional support. The
    group reviews, routes and follows the agenda, and signs its steps (the
    ``by:`` of history entries)."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    #: What they do in the group ("voorzitter", "secretaris").
    role: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    #: The network they represent: an actor id (``ac-...``), when they represent one.
    network: Annotated[str, StringConstraints(pattern=r"^ac-[a-z0-9-]+$", max_length=64)] | None = (
        None
    )


class Config(_Strict):
    """The whole of ``knelpunt.yaml``."""

    #: The language people read: Dutch unless a network chooses English.
    language: Literal["nl", "en"] = "nl"
    #: The network's name, on the cover of every report (issue 33); without
    #: it the cover names the coordination group of the programme.
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    plan: Plan = Field(default_factory=Plan)
    vocabularies: Vocabularies = Field(default_factory=Vocabularies)
    routing: Routing = Field(default_factory=Routing)
    priority: Priority = Field(default_factory=Priority)
    #: Ranking rounds, each once by name (see ``RankingRound``).
    rounds: list[RankingRound] = Field(default_factory=list)
    #: The SMTP server of ``knelpunt notify --send``, when messages are sent.
    mail: Mail | None = None
    #: When an answer is due, and when a bottleneck counts as stuck.
    follow_up: FollowUp = Field(default_factory=FollowUp)
    #: How much a frontrunner may be asked per quarter (issue 32).
    knowledge: Knowledge = Field(default_factory=Knowledge)
    #: The coordination group by name (issue 33): who signs its steps.
    coordination_group: list[CoordinationMember] = Field(default_factory=list)

    @model_validator(mode="after")
    def _rounds_once(self) -> Config:
        names = [r.name for r in self.rounds]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise PydanticCustomError(
                "round_twice", "round {name} is named twice", {"name": ", ".join(twice)}
            )
        return self

    @field_validator("follow_up")
    @classmethod
    def _follow_up_levels(cls, follow_up: FollowUp, info: ValidationInfo) -> FollowUp:
        # A level the network does not have would silently give its
        # problem-solvers the general number of days: say so instead. (The
        # defaults name the default levels: only what a network wrote is held
        # against its own levels.)
        vocabularies = info.data.get("vocabularies")
        if "answer_within_days" not in follow_up.model_fields_set or vocabularies is None:
            return follow_up
        levels = vocabularies.levels
        unknown = sorted(set(follow_up.answer_within_days) - set(levels))
        if unknown:
            raise PydanticCustomError(
                "follow_up_level",
                "follow_up names level {name}, which is not a level",
                {"name": ", ".join(unknown), "allowed": ", ".join(levels)},
            )
        return follow_up

    def round(self, name: str) -> RankingRound | None:
        return next((r for r in self.rounds if r.name == name), None)

    def label(self, vocabulary: str, key: str, lang: str) -> str:
        """The label of ``key`` in ``vocabulary``; the key itself if unknown."""
        entries: dict[str, Label] = getattr(self.vocabularies, vocabulary)
        entry = entries.get(key)
        return entry.text(lang) if entry else key
