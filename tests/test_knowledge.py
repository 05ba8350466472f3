"""knowledge: workarounds taken over elsewhere (adopt) and their catalogue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from knelpunt import knowledge
from knelpunt.errors import KnelpuntError
from knelpunt.store import load_all
from tests import tiny

SOLUTION = "ol-aaaaa-bbbbb"
ANDIJK = "in-aaaaa-aaaaa"
EPEN = "in-bbbbb-bbbbb"


@pytest.fixture
def network(tmp_path: Path) -> Path:
    root = tiny.new_network(tmp_path / "netwerk")
    tiny.initiative(root, ANDIJK, "Samen Andijk")
    tiny.initiative(root, EPEN, "Zorgcoöperatie Epen")
    tiny.solution(root, SOLUTION, "Dorpsbus met vrijwilligers", found_by=[EPEN])
    tiny.solution(root, "ol-ccccc-ccccc", "administratie samen doen")
    tiny.bottleneck(root, "kp-aaaaa-aaaaa", "Vervoer", solutions=[SOLUTION])
    tiny.bottleneck(root, "kp-bbbbb-bbbbb", "Vrijwilligers", solutions=[SOLUTION, SOLUTION])
    return root


def test_an_adoption_is_added_at_the_end_of_the_file_and_nothing_else(network: Path) -> None:
    path = network / "data" / "solutions" / f"{SOLUTION}.yaml"
    before = path.read_text("utf-8")
    repo = tiny.repository(network)
    first = knowledge.adopt(
        repo, SOLUTION, "samen andijk", "not-here", dt.date(2026, 10, 12), "Te ver."
    )
    assert first.initiative == ANDIJK  # named as people say it
    middle = path.read_text("utf-8")
    assert middle.startswith(before)
    assert middle[len(before) :] == (
        f"adoptions:\n  - initiative: {ANDIJK}\n    date: 2026-10-12\n"
        "    result: not-here\n    note: Te ver.\n"
    )
    knowledge.adopt(repo, SOLUTION.upper(), EPEN, "works", dt.date(2026, 9, 1))
    after = path.read_text("utf-8")
    assert after.startswith(middle)
    assert (
        after[len(middle) :] == f"  - initiative: {EPEN}\n    date: 2026-09-01\n    result: works\n"
    )


def test_a_bad_result_or_an_unknown_record_writes_nothing(network: Path) -> None:
    repo = tiny.repository(network)
    files = {p: p.read_bytes() for p in (network / "data").rglob("*.yaml")}
    with pytest.raises(KnelpuntError) as caught:
        knowledge.adopt(repo, SOLUTION, ANDIJK, "great", dt.date(2026, 9, 1))
    assert caught.value.key == "adopt_bad_result"
    assert caught.value.params["allowed"] == "works, partly, not-here"
    for solution_id, initiative in (("ol-zzzzz-zzzzz", ANDIJK), (SOLUTION, "Nergensdorp")):
        with pytest.raises(KnelpuntError):
            knowledge.adopt(repo, solution_id, initiative, "works", dt.date(2026, 9, 1))
    assert {p: p.read_bytes() for p in (network / "data").rglob("*.yaml")} == files


def test_the_catalogue_is_by_title_with_what_each_eases_and_adoptions_by_date(
    network: Path,
) -> None:
    repo = tiny.repository(network)
    knowledge.adopt(repo, SOLUTION, ANDIJK, "partly", dt.date(2026, 10, 1))
    knowledge.adopt(repo, SOLUTION, EPEN, "works", dt.date(2026, 9, 1))
    entries = knowledge.catalogue(load_all(repo, use_cache=False))
    assert [e.solution.title for e in entries] == [
        "administratie samen doen",
        "Dorpsbus met vrijwilligers",
    ]
    empty, bus = entries
    assert empty.bottlenecks == () and empty.adoptions == ()
    assert bus.bottlenecks == ("kp-aaaaa-aaaaa", "kp-bbbbb-bbbbb")  # each once
    assert [(a.initiative, a.result) for a in bus.adoptions] == [
        (EPEN, "works"),
        (ANDIJK, "partly"),
    ]
