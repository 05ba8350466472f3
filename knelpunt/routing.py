"""Routing (adresseren): which problem-solver, at which level.

The rules in knelpunt.yaml read like a table of responsible bodies. The first
rule that matches a bottleneck decides; the default catches the rest. A rule
may address the municipality or province of the reporting initiatives instead
of one fixed actor.
"""

from __future__ import annotations

from dataclasses import dataclass

from knelpunt.config import (
    REPORTERS_MUNICIPALITY,
    REPORTERS_PROVINCE,
    Match,
    Routing,
    RoutingTarget,
)
from knelpunt.facts import BottleneckFacts
from knelpunt.models import Actor
from knelpunt.store import RecordSet
from knelpunt.workflow import is_allowed

DEFAULT_RULE = "default"
#: Only bottlenecks the coordination group put on the agenda are routed by rule;
#: a declined one is re-routed by hand, with the solver's answer in mind.
WAITING = frozenset({"on-agenda"})


@dataclass(frozen=True)
class Decision:
    bottleneck_id: str
    rule: str
    level: str
    addressees: tuple[str, ...]


def matches(match: Match, facts: BottleneckFacts) -> bool:
    bottleneck = facts.bottleneck
    checks = (
        (match.themes, {bottleneck.theme}),
        (match.types, {bottleneck.type}),
        (match.laws, set(bottleneck.laws)),
        (match.tags, set(bottleneck.tags)),
        (match.regions, set(facts.regions)),
    )
    return all(not wanted or set(wanted) & have for wanted, have in checks)


def resolve(target: RoutingTarget, facts: BottleneckFacts, records: RecordSet) -> tuple[str, ...]:
    """Actor ids of a rule's addressees; @municipality and @province looked up."""
    actors = records.of("actor")
    found: list[str] = []
    for name in target.to:
        if name == REPORTERS_MUNICIPALITY:
            found += sorted(
                a.id
                for a in actors.values()
                if isinstance(a, Actor)
                and a.type == "municipality"
                and a.municipality in facts.municipalities
            )
        elif name == REPORTERS_PROVINCE:
            found += sorted(
                a.id
                for a in actors.values()
                if isinstance(a, Actor) and a.type == "province" and a.province in facts.provinces
            )
        else:
            found.append(name)
    return tuple(dict.fromkeys(found))


def decide(facts: BottleneckFacts, records: RecordSet, routing: Routing) -> Decision | None:
    """The first matching rule's decision, else the default's, else None.

    A rule whose @municipality or @province finds no actor does not match, so
    the next rule gets its turn.
    """
    for rule in routing.rules:
        if matches(rule.match, facts):
            addressees = resolve(rule, facts, records)
            if addressees:
                return Decision(facts.id, rule.name, rule.level, addressees)
    if routing.default is not None:
        addressees = resolve(routing.default, facts, records)
        if addressees:
            return Decision(facts.id, DEFAULT_RULE, routing.default.level, addressees)
    return None


def waiting(facts: BottleneckFacts) -> bool:
    return facts.state.status in WAITING and is_allowed(facts.state.status, "routed")
