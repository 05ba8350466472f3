"""Coordination: routing rules, manual routing, prioritising, list and show."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import git
from hypothesis import given, settings
from hypothesis import strategies as st

from knelpunt.config import Match, Priority, Routing, RoutingRule, RoutingTarget
from knelpunt.facts import BottleneckFacts, facts_for, levels_of
from knelpunt.models import Bottleneck
from knelpunt.priority import rank, score
from knelpunt.repo import open_repository
from knelpunt.routing import decide
from knelpunt.store import load_all
from knelpunt.workflow import State

TODAY = "2026-11-23"


def records(root: Path):
    return load_all(open_repository(root, {}, root))


def titled(root: Path, start: str) -> str:
    return next(b.id for b in records(root).bottlenecks.values() if b.title.startswith(start))


def actor(root: Path, name: str) -> str:
    return next(a.id for a in records(root).of("actor").values() if a.label() == name)


# --- rules ----------------------------------------------------------------------


def test_first_matching_rule_wins_and_default_catches_the_rest(example):
    rs = records(example)
    facts = facts_for(rs)
    vpb = facts[titled(example, "Zorgcoöperaties betalen")]  # hard, regulation, vpb
    routing = Routing(
        rules=[
            RoutingRule(
                name="eerste", match=Match(types=["hard"]), to=["ac-11111-11111"], level="national"
            ),
            RoutingRule(
                name="tweede", match=Match(laws=["vpb"]), to=["ac-22222-22222"], level="national"
            ),
        ],
        default=RoutingTarget(to=["ac-33333-33333"], level="regional"),
    )
    assert decide(vpb, rs, routing).rule == "eerste"  # type: ignore[union-attr]
    routing.rules.reverse()
    assert decide(vpb, rs, routing).rule == "tweede"  # type: ignore[union-attr]
    regie = facts[titled(example, "Gemeente wil regisseren")]  # culture, no laws
    decision = decide(regie, rs, routing)
    assert decision is not None
    assert (decision.rule, decision.addressees, decision.level) == (
        "default",
        ("ac-33333-33333",),
        "regional",
    )
    routing.default = None
    assert decide(regie, rs, routing) is None


def test_every_criterion_of_a_rule_must_hold(example):
    rs = records(example)
    vpb = facts_for(rs)[titled(example, "Zorgcoöperaties betalen")]
    both = Match(types=["hard"], laws=["wmo"])  # hard, but not Wmo
    rule = RoutingRule(name="x", match=both, to=["ac-11111-11111"], level="national")
    assert decide(vpb, rs, Routing(rules=[rule])) is None


def test_municipality_of_the_reporters_and_fall_through(example):
    rs = records(example)
    inkoop = facts_for(rs)[titled(example, "Inkoop en aanbesteding")]
    decision = decide(inkoop, rs, open_repository(example, {}, example).config.routing)
    assert decision is not None and decision.rule == "inkoop"
    # Reported from Bladel and Hoogeveen: each reporter's own municipality.
    assert set(decision.addressees) == {
        actor(example, "Gemeente Bladel"),
        actor(example, "Gemeente Hoogeveen"),
    }
    # No municipality actor for the reporters: the rule does not match, the next one does.
    # Reported from Reimerswaal, Roosendaal and Schagen: no municipality actor for any.
    windmolen = facts_for(rs)[titled(example, "Geen vaste contactpersoon")]
    rules = [
        RoutingRule(name="lokaal", to=["@municipality"], level="local"),
        RoutingRule(name="daarna", to=["ac-11111-11111"], level="national"),
    ]
    assert decide(windmolen, rs, Routing(rules=rules)).rule == "daarna"  # type: ignore[union-attr]


def test_route_auto_routes_what_waits_and_leaves_a_history_line(example, run):
    waiting = [
        b for b in records(example).bottlenecks if records(example).state(b).status == "on-agenda"
    ]
    # The example routes what it put on the agenda; one waits since October.
    assert len(waiting) == 1
    files = sorted((example / "data").rglob("*.yaml"))
    dry = run("route", "--auto", "--dry-run", "--json", cwd=example)
    assert dry.code == 0
    planned = json.loads(dry.out)
    assert {p["id"] for p in planned} == set(waiting)
    assert sorted((example / "data").rglob("*.yaml")) == files  # dry run writes nothing
    result = run("route", "--auto", "--by", "Annelies", "--date", "2026-11-20", cwd=example)
    assert result.code == 0, result.err
    # A culture of the municipalities goes to them, through the VNG.
    assert "gemeentelijke-cultuur" in result.out
    rs = records(example)
    for plan in planned:
        state = rs.state(plan["id"])
        assert (state.status, state.rule, state.level) == ("routed", plan["rule"], plan["level"])
        last = state.history[-1]
        assert (last.by, last.date.isoformat()) == ("Annelies", "2026-11-20")
        assert f"regel '{plan['rule']}'" in (last.note or "")
    assert run("route", "--auto", cwd=example).err.startswith("Geen knelpunten die op")
    assert run("check", cwd=example).code == 0


def test_solved_locally_is_not_escalated(example, run):
    solved = next(
        b
        for b in records(example).bottlenecks
        if records(example).state(b).status == "solved-locally"
    )
    plans = json.loads(run("route", "--auto", "--dry-run", "--json", cwd=example).out)
    assert solved not in {p["id"] for p in plans}
    result = run("route", solved, "--to", actor(example, "Gemeente Hoogeveen"), cwd=example)
    assert result.code == 1
    assert "Van 'lokaal opgelost' naar 'geadresseerd' kan niet" in result.err


def test_manual_route_overrides_the_rules(example, run):
    uwv = titled(example, "Gemeente wil regisseren")  # on the agenda, not yet routed
    province = actor(example, "Provincie Limburg")
    result = run(
        "route",
        uwv,
        "--to",
        province,
        "--level",
        "regional",
        "--note",
        "Eerst provinciaal verkennen",
        "--by",
        "Annelies",
        cwd=example,
    )
    assert result.code == 0, result.err
    assert "met de hand" in result.out
    state = records(example).state(uwv)
    assert (state.status, state.addressees, state.level, state.rule) == (
        "routed",
        (province,),
        "regional",
        None,
    )
    assert state.history[-1].note == "Eerst provinciaal verkennen"
    # The level defaults to the actor's own level; a second problem-solver gets
    # an addressing of its own beside the first.
    tax = actor(example, "Belastingdienst")
    again = run("route", uwv, "--to", tax, "--date", "2099-01-01", cwd=example)
    assert again.code == 0, again.err
    state = records(example).state(uwv)
    assert state.level == "national" and state.addressees == (province, tax)
    assert [(a.actor, a.level, a.status) for a in state.addressings] == [
        (province, "regional", "routed"),
        (tax, "national", "routed"),
    ]


def test_routing_to_an_unknown_actor_is_refused(example, run):
    uwv = titled(example, "Wisselende houding van UWV")
    files = sorted((example / "data").rglob("*.yaml"))
    result = run("route", uwv, "--to", "ac-zzzzz-zzzzz", cwd=example)
    assert result.code == 1
    assert "'ac-zzzzz-zzzzz' is geen bekende organisatie" in result.err
    result = run("route", uwv, "--to", titled(example, "Inkoop"), cwd=example)
    assert result.code == 1  # a bottleneck is not an actor
    result = run(
        "route", uwv, "--to", actor(example, "Belastingdienst"), "--level", "wereld", cwd=example
    )
    assert result.code == 1
    assert "Kies uit: Lokaal (micro) – local, Regionaal (meso) – regional" in result.err
    assert sorted((example / "data").rglob("*.yaml")) == files


def test_route_usage(example, run):
    assert run("route", cwd=example).code == 2
    assert run("route", titled(example, "Wisselende"), cwd=example).code == 2


def test_routing_rule_naming_an_unknown_actor_fails_check(example, run):
    config = example / "knelpunt.yaml"
    config.write_text(config.read_text().replace("to: [ac-jtatk-a15b5]", "to: [ac-onbekend]"))
    result = run("check", cwd=example)
    assert result.code == 1
    assert "knelpunt.yaml:" in result.out and "routing.rules[1].to[0]" in result.out


# --- priority -------------------------------------------------------------------


def test_explain_shows_every_part_and_its_weight(example, run):
    vpb = titled(example, "Zorgcoöperaties betalen")
    result = run("prioritise", "--explain", vpb, "--date", TODAY, cwd=example)
    assert result.code == 0
    for text in (
        "bereik: meldende initiatieven",
        "deelgebieden van de melders",
        "provincies van de melders",
        "ernst",
        "fase 1",
        "fase 2",
        "fase 3",
        "soort knelpunt",
        "maanden sinds de melding",
        "totaal",
        "'priority:'",
    ):
        assert text in result.out, text
    payload = json.loads(
        run("prioritise", "--explain", vpb, "--json", "--date", TODAY, cwd=example).out
    )
    parts = payload["parts"]
    # Three reporters, one of them through the bundled Vpb duplicate's own reporter.
    assert parts["reach"] == {"value": 3, "weight": 2.0, "points": 6.0}
    assert parts["type"]["weight"] == 3.0  # hard: a change of law
    assert payload["score"] == round(sum(p["points"] for p in parts.values()), 3)


def test_prioritise_top_and_json(example, run):
    ranked = json.loads(run("prioritise", "--json", "--date", TODAY, cwd=example).out)
    scores = [r["score"] for r in ranked]
    assert scores == sorted(scores, reverse=True)
    statuses = {records(example).state(r["id"]).status for r in ranked}
    assert statuses <= {"reported", "on-agenda", "routed", "in-progress", "declined"}
    top = run("prioritise", "--top", "5", "--date", TODAY, cwd=example)
    assert top.code == 0
    for row in ranked[:5]:
        assert row["id"] in top.out
    assert ranked[5]["id"] not in top.out
    assert run("prioritise", "--explain", "kp-zzzzz-zzzzz", cwd=example).code == 1


def make_facts(
    bid: str,
    reporters: int,
    reported_on: dt.date,
    phases=frozenset(),
    regions=frozenset(),
    severity=None,
    kind="implementation",
) -> BottleneckFacts:
    bottleneck = Bottleneck(
        id=bid,
        title="t",
        description="d",
        theme="finance",
        type=kind,
        reported_on=reported_on,
        severity=severity,
    )
    return BottleneckFacts(
        bottleneck,
        State(),
        tuple(f"in-{i:05d}-aaaaa" for i in range(reporters)),
        (),
        frozenset(regions),
        frozenset(),
        frozenset(),
        frozenset(phases),
    )


def test_ties_are_broken_the_same_way_every_time():
    day = dt.date(2026, 1, 1)
    same = [make_facts(f"kp-{n}aaaa-aaaaa", 2, day) for n in (3, 1, 2)]
    weights, today = Priority(), dt.date(2026, 11, 23)
    order = [s.bottleneck_id for s in rank(same, weights, today)]
    assert order == ["kp-1aaaa-aaaaa", "kp-2aaaa-aaaaa", "kp-3aaaa-aaaaa"]
    assert [s.bottleneck_id for s in rank(list(reversed(same)), weights, today)] == order
    # Equal scores: more reporters first, then the older report.
    zero_age = Priority(age_per_month=0, reach=0)
    pair = [make_facts("kp-aaaaa-aaaaa", 1, day), make_facts("kp-bbbbb-bbbbb", 2, day)]
    assert rank(pair, zero_age, today)[0].bottleneck_id == "kp-bbbbb-bbbbb"
    older = [
        make_facts("kp-aaaaa-aaaaa", 1, day),
        make_facts("kp-bbbbb-bbbbb", 1, dt.date(2025, 1, 1)),
    ]
    assert rank(older, zero_age, today)[0].bottleneck_id == "kp-bbbbb-bbbbb"


@settings(max_examples=200, deadline=None)
@given(
    reporters=st.integers(0, 30),
    extra=st.integers(1, 5),
    severity=st.none() | st.integers(1, 5),
    phases=st.sets(st.sampled_from([1, 2, 3])),
    kind=st.sampled_from(["hard", "implementation", "culture"]),
    days=st.integers(0, 3000),
)
def test_score_is_the_sum_of_its_parts_and_grows_with_reach(
    reporters, extra, severity, phases, kind, days
):
    today = dt.date(2026, 11, 23)
    when = today - dt.timedelta(days=days)
    weights = Priority()
    base = score(
        make_facts("kp-aaaaa-aaaaa", reporters, when, phases, severity=severity, kind=kind),
        weights,
        today,
    )
    more = score(
        make_facts("kp-aaaaa-aaaaa", reporters + extra, when, phases, severity=severity, kind=kind),
        weights,
        today,
    )
    assert base.total == round(sum(p.points for p in base.parts), 3)
    assert more.total > base.total
    age = next(p for p in base.parts if p.name == "age")
    assert 0 <= age.value <= weights.age_cap_months


# --- list and show ---------------------------------------------------------------


def ids_of(run, example, *args) -> list[str]:
    result = run("list", *args, "--json", cwd=example)
    assert result.code == 0, result.err
    return [row["id"] for row in json.loads(result.out)]


def test_list_filters(example, run):
    rs = records(example)
    facts = facts_for(rs)
    assert set(ids_of(run, example, "bottlenecks", "--status", "routed")) == {
        b for b in rs.bottlenecks if rs.state(b).status == "routed"
    }
    assert set(ids_of(run, example, "bottlenecks", "--theme", "cooperation")) == {
        b.id for b in rs.bottlenecks.values() if b.theme == "cooperation"
    }
    assert set(ids_of(run, example, "bottlenecks", "--level", "local")) == {
        b for b in rs.bottlenecks if "local" in levels_of(rs.state(b))
    }  # every level it is addressed at, not only the one routed last
    assert set(ids_of(run, example, "bottlenecks", "--region", "zuid-limburg")) == {
        b for b, f in facts.items() if "zuid-limburg" in f.regions
    }
    assert set(ids_of(run, example, "bottlenecks", "--phase", "3")) == {
        b for b, f in facts.items() if 3 in f.phases
    }
    assert ids_of(run, example, "knelpunten", "--search", "WINDMOLEN") == [
        titled(example, "Dorpswindmolen")
    ]
    assert set(ids_of(run, example, "initiatives", "--phase", "1", "--region", "zuid-limburg")) == {
        i.id for i in rs.of("initiative").values() if i.phase == 1 and i.region == "zuid-limburg"
    }  # type: ignore[attr-defined]
    assert ids_of(run, example, "actors", "--search", "belasting") == [
        actor(example, "Belastingdienst")
    ]


def test_list_for_a_problem_solver_is_ordered_by_priority(example, run):
    tax = actor(example, "Belastingdienst")
    result = json.loads(run("list", "bottlenecks", "--addressee", tax, "--json", cwd=example).out)
    assert [r["id"] for r in result] == [
        titled(example, "Zorgcoöperaties betalen"),
        titled(example, "Coöperatie kan geen ANBI"),
    ]
    assert result[0]["score"] >= result[1]["score"]
    table = run("list", "bottlenecks", "--addressee", tax, cwd=example)
    assert "Belastingdienst" in table.out and "in behandeling" in table.out


def test_list_leaves_out_personal_data(example, run):
    rows = json.loads(run("list", "initiatives", "--json", cwd=example).out)
    assert rows and all("contact" not in row for row in rows)
    assert "@" not in run("list", "initiatives", cwd=example).out


def test_list_usage_errors(example, run):
    result = run("list", "dingen", cwd=example)
    assert result.code == 1 and "Kies uit: initiatives, meetings" in result.err
    result = run("list", "actors", "--status", "routed", cwd=example)
    assert result.code == 1 and "--status geldt niet voor actors" in result.err
    assert "Niets gevonden" in run("list", "bottlenecks", "--search", "xyzzy", cwd=example).out


def test_show_a_bottleneck_with_history_links_and_git(example, run):
    repo = git.Repo.init(example, initial_branch="main")
    repo.git.add(A=True)
    repo.index.commit("Voorbeelddata")
    vpb = titled(example, "Zorgcoöperaties betalen")
    run("update", vpb, "--note", "Brief naar Financiën gestuurd", "--by", "Annelies", cwd=example)
    repo.git.add(A=True)
    repo.index.commit("Notitie bij de Vpb")
    result = run("show", vpb, cwd=example)
    assert result.code == 0
    for text in (
        "Zorgcoöperatie Hoogeloon",
        "Verkenning Oost-Brabant",
        "Belastingdienst",
        "Gebundeld hierin",
        "Vpb-aanslag voor onze zorgcoöperatie",
        "Geschiedenis",
        "Brief naar Financiën gestuurd",
        "Wijzigingen in git",
        "Notitie bij de Vpb",
        "Voorbeelddata",
    ):
        assert text in result.out, text
    payload = json.loads(run("show", vpb, "--json", cwd=example).out)
    assert payload["status"] == "in-progress"
    assert [c["summary"] for c in payload["git"]] == ["Notitie bij de Vpb", "Voorbeelddata"]
    assert len(payload["merged_from"]) == 1


def test_show_hides_personal_data_unless_asked(example, run):
    initiative = next(
        i.id for i in records(example).of("initiative").values() if i.contact is not None
    )  # type: ignore[attr-defined]
    hidden = run("show", initiative, cwd=example)
    assert "@" not in hidden.out and "--personal" in hidden.out
    assert "persoonsgegevens" not in hidden.err
    shown = run("show", initiative, "--personal", cwd=example)
    assert "@" in shown.out
    assert "Let op: hier staan persoonsgegevens" in shown.err  # and says so
    assert run("show", "kp-zzzzz-zzzzz", cwd=example).code == 1
