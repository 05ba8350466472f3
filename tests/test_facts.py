"""facts: what is derived once per bottleneck and per initiative, for every report."""

from __future__ import annotations

from pathlib import Path

import pytest

from knelpunt import facts
from knelpunt.models import Initiative
from knelpunt.store import RecordSet, load_all
from tests import tiny

A, B, C = "kp-aaaaa-aaaaa", "kp-bbbbb-bbbbb", "kp-ccccc-ccccc"
EPEN, VAALS, ZWOLLE = "in-aaaaa-aaaaa", "in-bbbbb-bbbbb", "in-ccccc-ccccc"
GULPEN, GEMEENTE_VAALS, VWS = "ac-aaaaa-aaaaa", "ac-bbbbb-bbbbb", "ac-ccccc-ccccc"


def _records(root: Path) -> RecordSet:
    return load_all(tiny.repository(root), use_cache=False)


@pytest.fixture
def network(tmp_path: Path) -> Path:
    root = tiny.new_network(tmp_path / "netwerk")
    tiny.initiative(root, EPEN, "Epen", municipality="Gulpen-Wittem", phase=1, stage="starting")
    tiny.initiative(root, VAALS, "Vaals", municipality="Vaals", phase=3, stage="established")
    tiny.initiative(root, ZWOLLE, "Zwolle", municipality="Zwolle", province="overijssel")
    tiny.actor(root, GULPEN, "Gemeente Gulpen-Wittem", municipality="gulpen-wittem ")
    tiny.actor(root, GEMEENTE_VAALS, "Gemeente Vaals", municipality="Vaals")
    tiny.actor(root, VWS, "VWS", type="ministry", level="national")
    # C went into B, B into A: A speaks for all three
    tiny.bottleneck(root, A, "Vpb", reported_by=[EPEN], reported_by_actors=[GULPEN])
    tiny.bottleneck(root, B, "Vpb (dubbel)", reported_by=[VAALS, EPEN])
    tiny.bottleneck(root, C, "Vpb (nog eens)", reported_by=[ZWOLLE], reported_by_actors=[GULPEN])
    tiny.step(root, C, "20260304-101500-aaaaa", status="merged", merged_into=B)
    tiny.step(root, B, "20260305-101500-aaaaa", status="merged", merged_into=A)
    return root


def test_merges_are_followed_to_where_they_end(network: Path) -> None:
    records = _records(network)
    sources = facts.merged_sources(records)
    assert sorted(sources[A]) == [B, C] and set(sources) == {A}
    assert facts.merged_targets(sources) == {B: A, C: A}


def test_facts_gather_reporters_and_where_they_are_from(network: Path) -> None:
    found = facts.facts_for(_records(network))[A]
    assert found.reporters == (EPEN, VAALS, ZWOLLE)  # each once, its own first
    assert found.merged_from == (B, C)
    assert found.stakeholders == (GULPEN,)
    assert found.provinces == frozenset({"limburg", "overijssel"})
    assert found.municipalities == frozenset({"Gulpen-Wittem", "Vaals", "Zwolle"})
    assert found.phases == frozenset({1, 3}) and found.stages == frozenset(
        {"starting", "established"}
    )
    assert found.is_open and found.ranking == 0.0 and found.kind == "hard"
    assert not facts.facts_for(_records(network))[B].is_open
    spread = facts.spread(_records(network), (EPEN, VAALS, "in-zzzzz-zzzzz"))
    assert spread.phases == (1, 3) and spread.stages == ("established", "starting")


def test_what_each_initiative_is_told_and_what_is_offered(network: Path) -> None:
    tiny.step(
        network, A, "20260401-101500-aaaaa", status="routed", level="local",
        addressees=[GULPEN, GEMEENTE_VAALS],
    )  # fmt: skip
    tiny.step(
        network, A, "20260402-101500-aaaaa", status="routed", level="national", addressees=[VWS]
    )
    tiny.step(
        network, A, "20260501-101500-aaaaa", status="resolved", actor=GULPEN, note="Regeling."
    )
    records = _records(network)
    state = records.state(A)
    assert facts.levels_of(state) == ("local", "national")
    actors = records.of("actor")
    level = facts.local_level(tiny.repository(network).config.vocabularies.levels)
    assert level == "local" and facts.local_level([]) is None
    initiatives = records.of("initiative")

    def told(initiative_id: str) -> facts.Told:
        initiative = initiatives[initiative_id]
        assert isinstance(initiative, Initiative)
        return facts.told_to_initiative(state, initiative, actors, level)

    epen = told(EPEN)
    assert [a.actor for a in epen.addressings] == [GULPEN, VWS]  # not Vaals' municipality
    assert epen.step is not None and epen.step.note == "Regeling."
    assert epen.offered == ()  # its own municipality solved it
    vaals = told(VAALS)
    assert [a.actor for a in vaals.addressings] == [GEMEENTE_VAALS, VWS]
    assert vaals.status == "routed"
    [offer] = vaals.offered
    assert (offer.actor, offer.place, offer.note) == (GULPEN, "gulpen-wittem ", "Regeling.")
    zwolle = told(ZWOLLE)  # no municipality of its own addressed: the national one
    assert [a.actor for a in zwolle.addressings] == [VWS]
    assert facts.is_solved(state) is False and facts.solved_on(state) is None
