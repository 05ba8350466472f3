"""sync: main brought up to date from the server, and what arrived counted."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import git
import pytest

from knelpunt import gitops, sync
from knelpunt.messages import message
from tests import tiny

MAIN = "main"


@pytest.fixture
def two_laptops(tmp_path: Path) -> tuple[Path, Path]:
    """A bare remote whose main holds a new network, and two clones of it."""
    seed = tiny.new_network(tmp_path / "seed", use_git=True)
    bare = tmp_path / "remote.git"
    git.Repo.init(bare, bare=True, initial_branch=MAIN)
    git.Repo(seed).create_remote("origin", str(bare)).push(MAIN)
    return (
        Path(git.Repo.clone_from(bare, tmp_path / "els").working_tree_dir or ""),
        Path(git.Repo.clone_from(bare, tmp_path / "coordinator").working_tree_dir or ""),
    )


def _push_to_main(root: Path, message: str) -> None:
    repository = git.Repo(root)
    repository.git.add("--all", "data")
    repository.index.commit(message)
    repository.remotes.origin.push(MAIN)


def test_what_arrived_on_main_is_counted_per_kind(two_laptops: tuple[Path, Path]) -> None:
    els, coordinator = two_laptops
    tiny.bottleneck(coordinator, "kp-aaaaa-aaaaa", "Vpb")
    tiny.bottleneck(coordinator, "kp-bbbbb-bbbbb", "ANBI")
    tiny.initiative(coordinator, "in-aaaaa-aaaaa", "Epen")
    tiny.step(coordinator, "kp-aaaaa-aaaaa", "20260303-101500-aaaaa", status="on-agenda")
    tiny.step(coordinator, "kp-aaaaa-aaaaa", "20260303-101600-aaaaa", note="Gebeld.")
    _push_to_main(coordinator, "nieuw")
    done = sync.sync(tiny.repository(els))
    assert done.main == MAIN and done.left_branch is None and done.waiting_branch is None
    assert done.arrived == Counter({"bottleneck": 2, "initiative": 1, "status": 1})
    assert (els / "data" / "bottlenecks" / "kp-bbbbb-bbbbb.yaml").is_file()
    assert sync.sync(tiny.repository(els)).arrived == Counter()  # nothing new the second time


def test_a_merged_branch_is_left_for_main_and_its_own_files_are_no_news(
    two_laptops: tuple[Path, Path],
) -> None:
    els, coordinator = two_laptops
    tiny.bottleneck(els, "kp-ccccc-ccccc", "Vervoer")
    handed_in = gitops.submit(tiny.repository(els), "Els", dt.date(2026, 12, 4))
    assert handed_in.pushed
    # the coordinator merges the branch on the server, and adds a record of their own
    coordinator_git = git.Repo(coordinator)
    coordinator_git.remotes.origin.fetch()
    coordinator_git.git.merge(f"origin/{handed_in.branch}")
    tiny.initiative(coordinator, "in-aaaaa-aaaaa", "Epen")
    _push_to_main(coordinator, "samengevoegd")
    done = sync.sync(tiny.repository(els))
    assert done.left_branch == handed_in.branch
    assert done.arrived == Counter({"initiative": 1})
    assert git.Repo(els).active_branch.name == MAIN
    assert handed_in.branch not in [h.name for h in git.Repo(els).heads]


def test_a_branch_waiting_for_review_stays_and_main_moves_beside_it(
    two_laptops: tuple[Path, Path],
) -> None:
    els, coordinator = two_laptops
    tiny.bottleneck(els, "kp-ccccc-ccccc", "Vervoer")
    handed_in = gitops.submit(tiny.repository(els), "Els", dt.date(2026, 12, 4))
    tiny.bottleneck(coordinator, "kp-aaaaa-aaaaa", "Vpb")
    _push_to_main(coordinator, "nieuw")
    done = sync.sync(tiny.repository(els))
    assert done.waiting_branch == handed_in.branch
    assert done.arrived == Counter({"bottleneck": 1})
    repository = git.Repo(els)
    assert repository.active_branch.name == handed_in.branch
    assert repository.heads[MAIN].commit == repository.commit(f"origin/{MAIN}")


def test_the_sentence_of_what_arrived() -> None:
    assert sync.sentence(Counter(), "nl") == message("sync_nothing_new", "nl")
    said = sync.sentence(Counter({"status": 3, "bottleneck": 12, "other": 4}), "nl")
    assert said.index("12") < said.index("3") and "4" not in said
    assert said.count(", ") == 1


def test_sync_without_a_remote_says_so(tmp_path: Path) -> None:
    root = tiny.new_network(tmp_path / "netwerk", use_git=True)
    assert sync.sync(tiny.repository(root)).no_remote
