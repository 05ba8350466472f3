"""routing: the first rule that matches decides; @municipality looks up the reporters'."""

from __future__ import annotations

import dataclasses

from knelpunt.config import Match, Routing, RoutingRule, RoutingTarget
from knelpunt.facts import facts_for
from knelpunt.repo import open_repository
from knelpunt.routing import decide, matches, waiting
from knelpunt.store import load_all
from tests.conftest import PROJECT


def example():
    repo = open_repository(PROJECT, {}, PROJECT)
    records = load_all(repo)
    return repo, records, facts_for(records)


def test_every_criterion_must_hold_and_any_value_of_one_will_do():
    _, _, facts = example()
    vpb = next(f for f in facts.values() if "vpb" in f.bottleneck.laws and f.state.is_open)
    assert matches(Match(laws=["vpb", "anbi"]), vpb)
    assert not matches(Match(laws=["vpb"], themes=["cooperation"]), vpb)
    assert matches(Match(), vpb)  # no criterion: everything matches


def test_the_first_matching_rule_wins_and_the_default_catches_the_rest():
    _, records, facts = example()
    vpb = next(f for f in facts.values() if "vpb" in f.bottleneck.laws and f.state.is_open)
    actor = next(iter(records.of("actor")))
    routing = Routing(
        rules=[
            RoutingRule(name="eerst", to=[actor], level="national", match=Match(laws=["vpb"])),
            RoutingRule(name="later", to=[actor], level="local", match=Match(laws=["vpb"])),
        ],
        default=RoutingTarget(to=[actor], level="regional"),
    )
    decision = decide(vpb, records, routing)
    assert decision is not None and decision.rule == "eerst" and decision.level == "national"
    other = next(f for f in facts.values() if "vpb" not in f.bottleneck.laws)
    fallback = decide(other, records, routing)
    assert fallback is not None and fallback.rule == "default" and fallback.level == "regional"


def test_a_rule_whose_municipality_finds_nobody_does_not_match():
    _, records, facts = example()
    some = next(iter(facts.values()))
    nobody = dataclasses.replace(some, municipalities=frozenset({"Nergenshuizen"}))
    routing = Routing(rules=[RoutingRule(name="gemeente", to=["@municipality"], level="local")])
    assert decide(nobody, records, routing) is None


def test_only_bottlenecks_on_the_agenda_wait_for_routing():
    _, _, facts = example()
    statuses = {f.state.status for f in facts.values() if waiting(f)}
    assert statuses <= {"on-agenda"}
