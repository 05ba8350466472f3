"""queries: what list and show tell, from the records, filtered and in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import git
import pytest

from knelpunt import field_text, queries
from knelpunt.errors import KnelpuntError, RecordError
from knelpunt.queries import Filters
from knelpunt.store import RecordSet, load_all
from tests import tiny

TODAY = dt.date(2026, 12, 4)
A, B, C = "kp-aaaaa-aaaaa", "kp-bbbbb-bbbbb", "kp-ccccc-ccccc"
EPEN, VAALS, WIERINGEN = "in-aaaaa-aaaaa", "in-bbbbb-bbbbb", "in-ccccc-ccccc"
GULPEN = "ac-aaaaa-aaaaa"


@pytest.fixture
def network(tmp_path: Path) -> Path:
    root = tiny.new_network(tmp_path / "netwerk")
    tiny.initiative(root, EPEN, "Épen", phase=1, contact={"name": "Anna", "email": "anna@x.nl"})
    tiny.initiative(root, VAALS, "Vaals", phase=3)
    tiny.initiative(
        root, WIERINGEN, "Wieringen", municipality="Hollands Kroon", province="noord-holland"
    )
    tiny.actor(root, GULPEN, "Gemeente Gulpen-Wittem")
    tiny.bottleneck(root, A, "Weinig", reported_by=[EPEN], theme="cooperation", type="culture")
    tiny.bottleneck(root, B, "Veel gemeld", reported_by=[EPEN, VAALS, WIERINGEN])
    tiny.bottleneck(root, C, "Opgelost", reported_by=[EPEN, VAALS, WIERINGEN])
    tiny.step(root, C, "20260401-101500-aaaaa", status="solved-locally")
    tiny.step(root, B, "20260401-101500-aaaaa", status="routed", level="local", addressees=[GULPEN])
    return root


def _records(root: Path) -> RecordSet:
    return load_all(tiny.repository(root), use_cache=False)


def _listing(root: Path, kind: str, **filters: object) -> queries.Listing:
    return queries.listing(tiny.repository(root), _records(root), kind, Filters(**filters), TODAY)  # type: ignore[arg-type]


def test_bottlenecks_by_priority_open_ones_first(network: Path) -> None:
    listed = _listing(network, "bottleneck")
    assert [row.id for row in listed.rows] == [B, A, C]
    assert listed.scores[B].total > listed.scores[A].total
    assert [row.id for row in _listing(network, "bottleneck", status="geadresseerd").rows] == [B]
    assert [row.id for row in _listing(network, "bottleneck", theme="Samenwerking").rows] == [A]
    assert [
        row.id for row in _listing(network, "bottleneck", level="lokaal", addressee=GULPEN).rows
    ] == [B]
    assert [row.id for row in _listing(network, "bottleneck", phase=3).rows] == [B, C]
    state = queries.listed_state(_listing(network, "bottleneck", status="routed").rows[0])
    assert (
        state["status"] == "routed"
        and state["levels"] == ["local"]
        and state["addressees"] == [GULPEN]
    )


def test_other_kinds_by_name_accents_ignored_and_searched(network: Path) -> None:
    assert [r.id for r in _listing(network, "initiative").records] == [EPEN, VAALS, WIERINGEN]
    assert [r.id for r in _listing(network, "initiative", search="HOLLANDS kroon").records] == [
        WIERINGEN
    ]
    assert [r.id for r in _listing(network, "initiative", phase=1).records] == [EPEN]
    assert [r.id for r in _listing(network, "initiative", search="epen").records] == [EPEN]


def test_a_filter_a_kind_has_not_or_a_value_that_names_nothing(network: Path) -> None:
    with pytest.raises(KnelpuntError) as caught:
        _listing(network, "initiative", status="routed")
    assert (
        caught.value.key == "filter_not_for_kind" and caught.value.params["filters"] == "--status"
    )
    with pytest.raises(KnelpuntError) as caught:
        _listing(network, "bottleneck", theme="geld")
    assert caught.value.key == "unknown_choice"


def test_public_data_leaves_contact_persons_out(network: Path) -> None:
    epen = _records(network).of("initiative")[EPEN]
    assert "contact" not in queries.public_data(epen)
    assert queries.public_data(epen, personal=True)["contact"]["name"] == "Anna"


def test_show_tells_state_score_history_and_commits(network: Path) -> None:
    repository = git.Repo.init(network, initial_branch="main")
    repository.git.add("--all")
    repository.index.commit("Vpb en meer")
    repo = tiny.repository(network)
    records = _records(network)
    view = queries.record_view(repo, records, B, personal=False, today=TODAY)
    shown = view.as_json()
    assert shown["status"] == "routed" and shown["reporters"] == [EPEN, VAALS, WIERINGEN]
    assert [c["summary"] for c in shown["git"]] == ["Vpb en meer"]
    rows = dict((label, value) for label, value in view.rows(records, repo.config, "nl"))
    assert rows["Thema"] == "Financiën"
    assert "Épen (in-aaaaa-aaaaa)" in rows["Gemeld door (initiatieven)"]
    initiative = queries.record_view(repo, records, EPEN, personal=False, today=TODAY)
    assert initiative.facts is None and "Anna" not in str(initiative.as_json())
    assert initiative.rows(records, repo.config, "nl")[-1][0] == ""  # "contact hidden" said
    with pytest.raises(RecordError):
        queries.record_view(repo, records, "kp-zzzzz-zzzzz", personal=False, today=TODAY)


def test_git_history_is_empty_outside_git_and_source_lines(tmp_path: Path) -> None:
    assert queries.git_history(tmp_path, [tmp_path / "x.yaml"]) == []
    assert (
        field_text.source_line({"title": "Rapport", "publisher": "LVKK", "year": 2024})
        == "Rapport (LVKK, 2024)"
    )
    assert field_text.source_line({"title": "Web", "link": "https://x.nl"}) == "Web, https://x.nl"
