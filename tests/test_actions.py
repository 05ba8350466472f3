"""actions: adding, changing and moving records along the workflow, through the library."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from knelpunt import actions
from knelpunt.errors import InvalidInput, KnelpuntError, RecordError, WorkflowError
from knelpunt.models import Bottleneck
from tests import tiny

DAY = dt.date(2026, 4, 1)
A, B, C = "kp-aaaaa-aaaaa", "kp-bbbbb-bbbbb", "kp-ccccc-ccccc"
EPEN, VAALS = "in-aaaaa-aaaaa", "in-bbbbb-bbbbb"
GULPEN, VAALS_GEMEENTE, VWS = "ac-aaaaa-aaaaa", "ac-bbbbb-bbbbb", "ac-ccccc-ccccc"
ELS = actions.Change("Els", DAY)


@pytest.fixture
def network(tmp_path: Path) -> Path:
    root = tiny.new_network(tmp_path / "netwerk")
    tiny.initiative(root, EPEN, "Zorgcoöperatie Epen")
    tiny.initiative(root, VAALS, "Vaals Samen")
    tiny.actor(root, GULPEN, "Gemeente Gulpen-Wittem")
    tiny.actor(root, VAALS_GEMEENTE, "Gemeente Vaals")
    tiny.actor(root, VWS, "Ministerie van VWS", short_name="VWS", type="ministry", level="national")
    tiny.bottleneck(root, A, "Vpb", reported_by=[EPEN], laws=["wmo"])
    tiny.bottleneck(root, B, "Vpb (dubbel)", reported_by=[VAALS, EPEN], laws=["zvw"])
    tiny.bottleneck(root, C, "Vpb (nog eens)")
    return root


def test_add_takes_labels_and_dutch_dates_and_refuses_what_is_not_valid(network: Path) -> None:
    repo = tiny.repository(network)
    values = {
        "title": "Vrijwilligers",
        "description": "Te weinig.",
        "theme": "Financiën",
        "type": "uitvoering",
        "reported_on": "12-11-2026",
        "reported_by": [EPEN],
    }
    record = actions.add(repo, "bottleneck", values)
    assert isinstance(record, Bottleneck)
    assert (record.theme, record.type, record.reported_on) == (
        "finance",
        "implementation",
        dt.date(2026, 11, 12),
    )
    assert actions.read_record(repo, "bottleneck", record.id) == record
    assert (
        actions.find_kind(repo, record.id) == "bottleneck"
        and actions.find_kind(repo, "x/..") is None
    )
    with pytest.raises(InvalidInput) as caught:
        actions.add(
            repo, "bottleneck", {**values, "theme": "geld", "reported_by": ["in-zzzzz-zzzzz"]}
        )
    assert {p.key for p in caught.value.problems} == {"vocabulary"}
    with pytest.raises(InvalidInput) as caught:
        actions.add(repo, "bottleneck", {**values, "reported_by": ["in-zzzzz-zzzzz"]})
    assert [p.key for p in caught.value.problems] == ["unknown_reference"]


def test_record_data_gathers_the_contact_and_leaves_empty_values_out() -> None:
    data = actions.record_data(
        "initiative",
        {"name": "Epen", "phase": "2", "focus": (), "contact_name": "Anna", "contact_email": ""},
    )
    assert data == {"name": "Epen", "phase": 2, "contact": {"name": "Anna"}}
    assert actions.source_data(
        ["Wat knelt!; 2024; Movisie; https://movisie.nl", "Alleen een titel"]
    ) == [
        {"title": "Wat knelt!", "year": 2024, "publisher": "Movisie", "link": "https://movisie.nl"},
        {"title": "Alleen een titel"},
    ]


def test_change_record_moves_only_the_lines_of_changed_fields(network: Path) -> None:
    repo = tiny.repository(network)
    path = network / "data" / "bottlenecks" / f"{A}.yaml"
    path.write_text("# een opmerking\n" + path.read_text())
    values = actions.flat_values(actions.read_record(repo, "bottleneck", A)) | {
        "title": "Vpb voor coöperaties"
    }
    before = path.read_text().splitlines()
    actions.change_record(repo, "bottleneck", A, values)
    after = path.read_text().splitlines()
    assert [(b, a) for b, a in zip(before, after, strict=True) if b != a] == [
        ("title: Vpb", "title: Vpb voor coöperaties")
    ]


def test_the_workflow_through_update_and_route(network: Path) -> None:
    repo = tiny.repository(network)
    with pytest.raises(WorkflowError) as caught:
        actions.update_status(repo, A, "resolved", ELS)
    assert caught.value.key == "move_not_allowed"
    for status, key in (
        ("routed", "use_route"),
        ("merged", "use_merge"),
        (None, "update_needs_something"),
    ):
        with pytest.raises(WorkflowError) as caught:
            actions.update_status(repo, A, status, ELS)
        assert caught.value.key == key
    actions.update_status(repo, A, "on-agenda", ELS)
    routed = actions.route(repo, A, ["gulpen", "VWS"], None, None, ELS)
    assert routed.addressees == [GULPEN, VWS] and routed.level == "local"
    assert routed.answer_by is not None and routed.answer_by > DAY
    with pytest.raises(actions.WhichAddressing) as which:
        actions.update_status(repo, A, "in-progress", ELS)
    assert [actor for actor, _ in which.value.actors] == [GULPEN, VWS]
    actions.update_status(repo, A, "in-progress", ELS, actor="vws")
    state = actions.current_state(repo, A)
    assert {a.actor: a.status for a in state.addressings} == {GULPEN: "routed", VWS: "in-progress"}
    with pytest.raises(WorkflowError) as caught:
        actions.update_status(repo, A, "resolved", ELS, actor=VAALS_GEMEENTE)
    assert caught.value.key == "not_addressed_to"
    with pytest.raises(WorkflowError) as caught:
        actions.route(repo, A, [VWS], None, None, ELS, answer_by=DAY - dt.timedelta(days=1))
    assert caught.value.key == "answer_by_before_routing"


def test_names_as_people_say_them(network: Path) -> None:
    repo = tiny.repository(network)
    assert actions.find_actor(repo, "vws") == VWS  # its short name
    assert actions.find_actor(repo, "gemeente vaals") == VAALS_GEMEENTE
    assert actions.find_actor(repo, f" {GULPEN.upper()} ") == GULPEN
    with pytest.raises(RecordError) as caught:
        actions.find_actor(repo, "gemeente")
    assert caught.value.key == "actor_ambiguous"
    assert actions.find_initiative(repo, "zorgcooperatie epen") == EPEN
    assert actions.find_initiative(repo, "samen") == VAALS
    with pytest.raises(KnelpuntError):
        actions.find_initiative(repo, "Nergensdorp")
    assert actions.actor_name(repo, "ac-zzzzz-zzzzz") == "ac-zzzzz-zzzzz"
    assert actions.who(repo, " Piet ") == "Piet"


def test_merge_gathers_the_duplicates_lists_and_follows_earlier_merges(network: Path) -> None:
    repo = tiny.repository(network)
    first = actions.merge(repo, C, B, ELS)
    assert first.outcome == "merged"
    done = actions.merge(repo, B, A, ELS)
    assert done.outcome == "merged"
    assert done.into.reported_by == [EPEN, VAALS] and done.into.laws == ["wmo", "zvw"]
    assert actions.current_state(repo, B).merged_into == A
    assert actions.current_state(repo, C).merged_into == A  # no merge points at a merged one
    assert actions.merge(repo, B, A, ELS).outcome == "already"
    for duplicate, into, key in ((A, A, "merge_into_itself"), (A, B, "merge_into_merged")):
        with pytest.raises(WorkflowError) as caught:
            actions.merge(repo, duplicate, into, ELS)
        assert caught.value.key == key
