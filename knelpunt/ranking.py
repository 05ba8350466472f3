"""The initiatives' order of the agenda, counted, and whose voice it carries.

In a ranking round (``rounds`` in knelpunt.yaml) every initiative puts the
bottlenecks on the agenda in its order of importance (``knelpunt ballot``).
How that is counted, in words a coordinator can say to an initiative:

* **One voice per initiative per round.** Not per person in the room: an
  initiative that sends three people, or fills in two forms, has one order.
  When it hands in a second form in the same round, the later one (by date,
  then by id) replaces the earlier one.
* **A Borda count.** On a form of ``n`` bottlenecks the first place is worth
  ``n - 1`` points, the second ``n - 2``, and so on down to 0 for the last.
  Bottlenecks an initiative did not place share the places left at the
  bottom: each gets the average of their points. So every initiative hands
  out the same number of points, whether it placed all of them or only its
  top three, and placing a bottleneck never costs the others more than
  leaving it out would.
* **Why Borda.** It uses the whole order, not only the first choice (as
  counting "votes for" would); the points are the places, so the sum can be
  done by hand at a meeting; and an item many initiatives put high comes
  out above one a few put first and most put last: the agenda is a shared
  one.
* **Bundled duplicates.** A bottleneck merged into another counts for the one
  it went into: on each form the better place of the two stands for both,
  so an initiative's voice is not counted twice.
* **The score part.** Per bottleneck, the points it got on each form are
  taken as a share of the most it could get (``n - 1``): 1 for a first
  place, 0 for a last. The mean share over the forms of the round, times 10,
  is the value of the ``ranking`` part of the priority score: 10 when every
  initiative put it first, 0 when every one put it last.

The round counted is the latest: the one of the most recent ranking.
Nothing here reads a file: it counts the records it is given.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from knelpunt.config import Config
from knelpunt.messages import CHOICE_LABELS, label, message
from knelpunt.models import LegalForm, Ranking, Stage

#: The value of the ranking part for a bottleneck every initiative put first.
SCALE = 10.0


@dataclass(frozen=True, slots=True)
class Standing:
    """One bottleneck's place in the initiatives' order of one round."""

    round: str
    #: The forms counted that held it (or a duplicate merged into it).
    ballots: int
    #: The initiatives that placed it, in the order their forms are counted.
    ranked_by: tuple[str, ...]
    #: Its mean place on those forms, the unplaced at the mean of the bottom places.
    mean_place: float
    #: The number of bottlenecks on the largest of those forms.
    items: int
    #: The mean share of the most points it could get, times ``SCALE``.
    value: float
    #: Its place in the initiatives' order: 1 for the highest value.
    position: int = 0


@dataclass(frozen=True)
class Count:
    """A round counted: the forms that count, and every bottleneck's standing."""

    round: str
    #: The ranking that counts of each initiative (its latest), by initiative id.
    ballots: dict[str, Ranking]
    standings: dict[str, Standing]
    #: Rankings replaced by a later one of the same initiative.
    replaced: tuple[str, ...] = ()


def latest_per_initiative(rankings: Iterable[Ranking], round_name: str) -> dict[str, Ranking]:
    """The ranking that counts of each initiative in ``round_name``: its latest."""
    found: dict[str, Ranking] = {}
    for ranking in rankings:
        if ranking.round != round_name:
            continue
        before = found.get(ranking.initiative)
        if before is None or (ranking.date, ranking.id) > (before.date, before.id):
            found[ranking.initiative] = ranking
    return dict(sorted(found.items()))


def places(ranking: Ranking) -> dict[str, float]:
    """Each bottleneck on the form and its place: 1 for the first; the unplaced
    share the places left, each at their mean."""
    result: dict[str, float] = {item: float(n) for n, item in enumerate(ranking.order, start=1)}
    placed, total = len(ranking.order), len(ranking.order) + len(ranking.unranked)
    bottom = (placed + 1 + total) / 2
    for item in ranking.unranked:
        result[item] = bottom
    return result


def shares(ranking: Ranking, into: Mapping[str, str]) -> dict[str, tuple[float, float, bool]]:
    """Per bottleneck (duplicates counted for the one they went into): its
    place, its Borda share (0 last, 1 first) and whether the initiative
    placed it. Of a duplicate and its target, the better place stands."""
    total = len(ranking.order) + len(ranking.unranked)
    placed = set(ranking.order)
    result: dict[str, tuple[float, float, bool]] = {}
    for item, place in places(ranking).items():
        target = into.get(item, item)
        share = (total - place) / (total - 1) if total > 1 else 1.0
        entry = (place, share, item in placed)
        before = result.get(target)
        if before is None:
            result[target] = entry
        else:
            best = entry if place < before[0] else before
            result[target] = (best[0], best[1], before[2] or entry[2])
    return result


def latest_round(rankings: Iterable[Ranking]) -> str | None:
    """The round to count: the one of the most recent ranking. Forms come in
    while their round is open (``ballot --import`` holds to its dates), so
    that is the round opened last that has any."""
    latest = max(rankings, key=lambda r: (r.date, r.round), default=None)
    return latest.round if latest is not None else None


def count(
    rankings: Iterable[Ranking], round_name: str, into: Mapping[str, str] | None = None
) -> Count:
    """Count ``round_name``: one form per initiative, Borda points, duplicates
    for the bottleneck they went into (``into``: duplicate -> where it went)."""
    everything = [r for r in rankings if r.round == round_name]
    ballots = latest_per_initiative(everything, round_name)
    counted = {r.id for r in ballots.values()}
    replaced = tuple(sorted(r.id for r in everything if r.id not in counted))
    into = into or {}
    gathered: dict[str, list[tuple[str, float, float, bool, int]]] = {}
    for initiative, ranking in ballots.items():
        size = len(ranking.order) + len(ranking.unranked)
        for item, (place, share, placed) in shares(ranking, into).items():
            gathered.setdefault(item, []).append((initiative, place, share, placed, size))
    standings = {
        item: Standing(
            round=round_name,
            ballots=len(found),
            ranked_by=tuple(i for i, _, _, placed, _ in found if placed),
            mean_place=round(sum(p for _, p, _, _, _ in found) / len(found), 2),
            items=max(s for *_, s in found),
            value=round(SCALE * sum(s for _, _, s, _, _ in found) / len(found), 2),
        )
        for item, found in gathered.items()
    }
    order = sorted(standings, key=lambda i: (-standings[i].value, standings[i].mean_place, i))
    positioned = {
        item: dataclasses.replace(standings[item], position=n)
        for n, item in enumerate(order, start=1)
    }
    return Count(round_name, ballots, positioned, replaced)


def count_latest(
    rankings: Iterable[Ranking], into: Mapping[str, str] | None = None
) -> Count | None:
    """The latest round with rankings, counted; None when there is none."""
    rankings = list(rankings)
    chosen = latest_round(rankings)
    return count(rankings, chosen, into) if chosen is not None else None


# --- whose voice: representativeness ------------------------------------------------

#: The ways the network is looked at, in the order a report shows them.
DIMENSIONS = ("region", "province", "phase", "stage", "legal_form", "network")

_LEGAL_FORMS: tuple[LegalForm, ...] = (
    "cooperative",
    "association",
    "foundation",
    "residents-company",
    "informal",
)
_STAGES: tuple[Stage, ...] = ("starting", "established")


@dataclass(frozen=True, slots=True)
class Group:
    """One group of the network (a sub-area, phase 2, the cooperatives, ...)."""

    dimension: str
    key: str
    #: Initiatives of the group whose ranking counts.
    ranked: int
    #: Initiatives of the group heard at the explorers' meetings.
    heard: int
    #: The plan's number for the group, where the plan sets one (sub-areas).
    planned: int | None = None

    @property
    def silent(self) -> bool:
        """A group with no voice in the ranking."""
        return self.ranked == 0


@dataclass(frozen=True)
class Representation:
    """Who ranked against who was heard and the plan."""

    ranked: int
    heard: int
    planned: int
    groups: tuple[Group, ...]

    def of(self, dimension: str) -> tuple[Group, ...]:
        return tuple(g for g in self.groups if g.dimension == dimension)

    def silent(self, dimension: str) -> tuple[Group, ...]:
        return tuple(g for g in self.of(dimension) if g.silent)


class Member(Protocol):
    """What representativeness reads of an initiative (``models.Initiative``)."""

    @property
    def region(self) -> str | None: ...
    @property
    def province(self) -> str: ...
    @property
    def phase(self) -> int | None: ...
    @property
    def stage(self) -> str | None: ...
    @property
    def legal_form(self) -> str: ...
    @property
    def networks(self) -> list[str]: ...


def _keys(initiative: Member, dimension: str) -> tuple[str, ...]:
    if dimension == "network":
        return tuple(initiative.networks)
    value = getattr(initiative, dimension)
    return (str(value),) if value is not None else ()


def represent(
    config: Config,
    ranked: Iterable[Member],
    heard: Iterable[Member],
    networks: Iterable[str] = (),
) -> Representation:
    """Who ranked (``ranked``) against the initiatives heard (``heard``) and the
    plan, per sub-area, province, phase, starting/established, legal form and
    network. Every group the network knows is listed: the sub-areas and
    provinces of knelpunt.yaml, the phases, stages and legal forms, the
    networks given (actor ids) and any value an initiative has besides;
    a group nobody ranked in is ``silent``."""
    ranked, heard = list(ranked), list(heard)
    plan = config.plan
    per_region = plan.initiatives // plan.regions if plan.regions else None
    known: dict[str, list[str]] = {
        "region": list(config.vocabularies.regions),
        "province": list(config.vocabularies.provinces),
        "phase": ["1", "2", "3"],
        "stage": list(_STAGES),
        "legal_form": list(_LEGAL_FORMS),
        "network": list(networks),
    }
    groups: list[Group] = []
    for dimension in DIMENSIONS:
        keys = dict.fromkeys(known[dimension])
        for initiative in (*ranked, *heard):
            keys.update(dict.fromkeys(_keys(initiative, dimension)))
        for key in keys:
            count_ranked = sum(key in _keys(i, dimension) for i in ranked)
            count_heard = sum(key in _keys(i, dimension) for i in heard)
            if dimension == "province" and not (count_ranked or count_heard):
                continue  # twelve provinces; only those the network reaches are named
            planned = per_region if dimension == "region" else None
            groups.append(Group(dimension, key, count_ranked, count_heard, planned))
    return Representation(len(ranked), len(heard), plan.initiatives, tuple(groups))


def group_label(config: Config, group: Group, lang: str, names: Mapping[str, str]) -> str:
    """How a person reads a group: "Zuid-Limburg", "fase 3", "startend", "stichting",
    a network's name."""
    if group.dimension in ("region", "province"):
        vocabulary = "regions" if group.dimension == "region" else "provinces"
        return config.label(vocabulary, group.key, lang)
    if group.dimension == "phase":
        return message("support_phase", lang, phases=group.key)
    if group.dimension == "network":
        return names.get(group.key, group.key)
    return label(CHOICE_LABELS, group.key, lang)


@dataclass(frozen=True)
class Voice:
    """Whose voice is in one bottleneck's place: who placed it, against the
    initiatives heard."""

    standing: Standing
    #: The initiatives whose form counted in the round.
    ballots: int
    represented: Representation


#: The groups ``--explain`` names per bottleneck when none of them placed it.
ITEM_DIMENSIONS = ("region", "phase", "stage", "legal_form")


def voice_of(
    counted: Count,
    bottleneck_id: str,
    initiatives: Mapping[str, Member],
    heard: Iterable[Member],
    config: Config,
) -> Voice | None:
    """Who placed ``bottleneck_id`` in the counted round, against the
    initiatives heard; None when it was on no form of the round."""
    standing = counted.standings.get(bottleneck_id)
    if standing is None:
        return None
    placers = [initiatives[i] for i in standing.ranked_by if i in initiatives]
    return Voice(standing, len(counted.ballots), represent(config, placers, heard))


def silent_heard(represented: Representation, dimensions: Iterable[str]) -> list[Group]:
    """Groups with initiatives heard of which none has a voice."""
    return [g for d in dimensions for g in represented.of(d) if g.silent and g.heard > 0]
