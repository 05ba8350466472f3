"""revisions: the records as they were at a git revision, and what changed since."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import git
import pytest

from knelpunt import revisions
from knelpunt.errors import KnelpuntError
from knelpunt.store import load_all
from tests import tiny

A, B = "kp-aaaaa-aaaaa", "kp-bbbbb-bbbbb"


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, git.Repo]:
    """Commit 'begin' on main (A reported), then a branch that puts A on the
    agenda, adds B and changes the title of A; main moves on after it left."""
    root = tiny.new_network(tmp_path / "netwerk")
    tiny.bottleneck(root, A, "Vpb", reported_on=dt.date(2026, 3, 1))
    repository = git.Repo.init(root, initial_branch="main")
    repository.git.add("--all")
    repository.index.commit("begin")
    repository.git.tag("begin")
    repository.git.checkout("-b", "werk")
    tiny.step(root, A, "20260310-101500-aaaaa", status="on-agenda", date=dt.date(2026, 3, 10))
    tiny.bottleneck(root, B, "ANBI", reported_on=dt.date(2026, 3, 20))
    repository.git.add("--all")
    repository.index.commit("werk")
    repository.git.checkout("main")
    tiny.actor(root, "ac-aaaaa-aaaaa", "VWS", type="ministry", level="national")
    repository.git.add("--all")
    repository.index.commit("later op main")
    repository.git.checkout("werk")
    return root, repository


def test_commit_for_takes_what_git_takes_and_never_an_option(
    history: tuple[Path, git.Repo],
) -> None:
    root, repository = history
    assert revisions.commit_for(root, "HEAD").hexsha == repository.head.commit.hexsha
    assert revisions.commit_for(root, "begin").message == "begin"
    assert revisions.commit_for(root, "werk~1").message == "begin"
    for bad in ("", "--output=/tmp/x", "nergens", "HEAD\0", "begin:data"):
        with pytest.raises(KnelpuntError) as caught:
            revisions.commit_for(root, bad)
        assert caught.value.key == "unknown_revision"


def test_merge_base_is_where_the_branch_left(history: tuple[Path, git.Repo]) -> None:
    root, repository = history
    begin = repository.commit("begin").hexsha
    assert revisions.merge_base(root, "main") == begin
    assert revisions.merge_base(root, "main", "werk") == begin
    assert revisions.default_base(root) == begin
    assert revisions.merge_base(root, "werk", "main") == begin


def test_load_at_reads_the_records_of_the_commit_not_the_work_tree(
    history: tuple[Path, git.Repo],
) -> None:
    root, _ = history
    tiny.bottleneck(root, "kp-ccccc-ccccc", "Alleen in de map")
    at, records, commit = revisions.load_at(tiny.repository(root), "begin")
    assert commit.message == "begin"
    assert set(records.bottlenecks) == {A} and records.state(A).status == "reported"
    assert at.config.language == "nl"
    _, later, _ = revisions.load_at(tiny.repository(root), "werk")
    assert set(later.bottlenecks) == {A, B} and later.state(A).status == "on-agenda"


def test_changed_files_between_commits_and_in_the_work_tree(history: tuple[Path, git.Repo]) -> None:
    root, repository = history
    repo = tiny.repository(root)
    begin = repository.commit("begin")
    assert revisions.changed_files(repo, begin, repository.commit("werk")) == {
        f"data/bottlenecks/{B}.yaml",
        f"data/updates/{A}/20260310-101500-aaaaa.yaml",
    }
    tiny.bottleneck(root, "kp-ccccc-ccccc", "Nieuw")
    (root / "knelpunt.yaml").write_text((root / "knelpunt.yaml").read_text() + "\n")
    assert "data/bottlenecks/kp-ccccc-ccccc.yaml" in revisions.changed_files(
        repo, repository.commit("werk"), None
    )
    assert "knelpunt.yaml" not in revisions.changed_files(repo, begin, None)


def test_baselines_by_date_and_by_revision_agree(history: tuple[Path, git.Repo]) -> None:
    root, _ = history
    records = load_all(tiny.repository(root), use_cache=False)
    on_the_5th = revisions.baseline_at_date(records, dt.date(2026, 3, 5))
    assert on_the_5th.statuses == {A: "reported"}  # B was not reported yet
    assert on_the_5th.known[A] == frozenset()
    at_begin = revisions.baseline_at_revision(tiny.repository(root), "begin")
    assert at_begin.statuses == on_the_5th.statuses
    assert at_begin.label.startswith("begin (")
    now = revisions.baseline_at_revision(tiny.repository(root), "werk")
    assert now.statuses == {A: "on-agenda", B: "reported"}
    assert revisions.baseline_at_date(records, dt.date(2026, 12, 1)).statuses == now.statuses
