"""``knelpunt submit`` on real git: a bare remote, clones, offline laptops."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import git
import pytest

from tests.conftest import example_remote


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """The shared remote, with a README outside data/ that submit must leave alone."""
    return example_remote(tmp_path, {"README.md": "Knelpunten van ons netwerk\n"})


def clone(remote: Path, folder: Path) -> Path:
    git.Repo.clone_from(str(remote), folder)
    return folder


def add_bottleneck(run, root: Path, title: str) -> str:
    result = run(
        "add",
        "bottleneck",
        "--no-input",
        "--json",
        "--title",
        title,
        "--description",
        title,
        "--theme",
        "finance",
        "--type",
        "culture",
        cwd=root,
    )
    assert result.code == 0, result.err
    return json.loads(result.out)["record"]["id"]


def branch_name(name: str) -> str:
    return f"knelpunt/{name}-{dt.date.today():%Y%m%d}"


def test_submit_commits_records_on_an_own_branch_and_pushes(remote, tmp_path, run):
    root = clone(remote, tmp_path / "ria")
    bid = add_bottleneck(run, root, "Geen bus naar de dagbesteding")
    result = run("submit", "--by", "Ria van den Berg", cwd=root)
    assert result.code == 0, result.err
    branch = branch_name("ria-van-den-berg")
    assert f"Vastgelegd op branch '{branch}'" in result.out
    assert "Verstuurd naar 'origin'" in result.out
    bare = git.Repo(remote)
    assert branch in [h.name for h in bare.heads]
    files = bare.git.show("--name-only", "--format=", branch).split()
    assert files == [f"data/bottlenecks/{bid}.yaml"]
    message = bare.commit(branch).message
    assert message.startswith("knelpunt: 1 knelpunt\n")  # the repository's language
    assert "main" in [h.name for h in bare.heads]
    assert bare.heads["main"].commit.hexsha != bare.commit(branch).hexsha


def test_submit_never_commits_files_outside_data(remote, tmp_path, run):
    root = clone(remote, tmp_path / "ria")
    add_bottleneck(run, root, "Knelpunt")
    (root / "README.md").write_text("Eigen aantekeningen\n")
    (root / "notities.txt").write_text("privé")
    repo = git.Repo(root)
    repo.git.add("notities.txt")  # even a staged file stays out
    assert run("submit", "--by", "Ria", cwd=root).code == 0
    committed = repo.git.show("--name-only", "--format=", "HEAD").split()
    assert all(path.startswith("data/") for path in committed)
    assert "notities.txt" in repo.git.diff("--cached", "--name-only")
    assert "README.md" in repo.git.diff("--name-only")


def test_submit_refuses_records_that_fail_check(remote, tmp_path, run):
    root = clone(remote, tmp_path / "ria")
    (root / "data" / "bottlenecks" / "kp-aaaaa-bbbbb.yaml").write_text("id: kp-aaaaa-bbbbb\n")
    head = git.Repo(root).head.commit.hexsha
    result = run("submit", "--by", "Ria", cwd=root)
    assert result.code == 1
    assert "Niet ingediend" in result.err
    assert "kp-aaaaa-bbbbb.yaml:1:1" in result.err
    assert git.Repo(root).head.commit.hexsha == head


def test_offline_submit_commits_and_pushes_later(remote, tmp_path, run):
    root = clone(remote, tmp_path / "ria")
    add_bottleneck(run, root, "Knelpunt offline")
    moved = remote.with_name("elsewhere.git")
    remote.rename(moved)  # the village hall has no internet
    result = run("submit", "--by", "Ria", cwd=root)
    assert result.code == 0, result.err
    assert "Vastgelegd op branch" in result.out
    assert "Versturen lukte nu niet" in result.out
    assert "knelpunt submit' opnieuw" in result.out
    moved.rename(remote)  # back home
    result = run("submit", "--by", "Ria", cwd=root)
    assert result.code == 0
    assert "Verstuurd naar 'origin'" in result.out
    assert branch_name("ria") in [h.name for h in git.Repo(remote).heads]


def test_nothing_to_submit(remote, tmp_path, run):
    root = clone(remote, tmp_path / "ria")
    result = run("submit", "--by", "Ria", cwd=root)
    assert result.code == 1  # nothing committed, nothing sent: said so, and not 0
    assert "niets nieuws om in te dienen" in result.out


def test_two_offline_explorers_merge_without_conflict(remote, tmp_path, run):
    ria = clone(remote, tmp_path / "ria")
    jan = clone(remote, tmp_path / "jan")
    moved = remote.with_name("elsewhere.git")
    remote.rename(moved)
    first = add_bottleneck(run, ria, "Geen ontmoetingsruimte")
    second = add_bottleneck(run, jan, "Geen vrijwilligers voor vervoer")
    for root, name in ((ria, "Ria"), (jan, "Jan")):
        result = run(
            "update",
            first if root == ria else second,
            "--status",
            "on-agenda",
            "--by",
            name,
            cwd=root,
        )
        assert result.code == 0
        assert "Versturen lukte nu niet" in run("submit", "--by", name, cwd=root).out
    moved.rename(remote)
    for root, name in ((ria, "Ria"), (jan, "Jan")):
        assert "Verstuurd" in run("submit", "--by", name, cwd=root).out
    coordinator = git.Repo.clone_from(str(remote), tmp_path / "coordinator")
    coordinator.git.merge(f"origin/{branch_name('ria')}", "--no-edit")
    coordinator.git.merge(f"origin/{branch_name('jan')}", "--no-edit")
    root = Path(coordinator.working_dir)
    assert (root / "data" / "bottlenecks" / f"{first}.yaml").exists()
    assert (root / "data" / "bottlenecks" / f"{second}.yaml").exists()
    assert run("check", cwd=root).code == 0


def test_submit_outside_git(example, run):
    result = run("submit", cwd=example)
    assert result.code == 1
    assert "is geen git-repository" in result.err
