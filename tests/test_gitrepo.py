"""gitrepo: the git repository under a knelpunt repository, run safely."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import git
import pytest
from hypothesis import given
from hypothesis import strategies as st

from knelpunt import gitrepo
from knelpunt.errors import KnelpuntError


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def _repo(root: Path) -> git.Repo:
    root.mkdir(parents=True, exist_ok=True)
    repository = git.Repo.init(root, initial_branch="main")
    (root / "a.txt").write_text("a\n")
    repository.git.add("a.txt")
    repository.index.commit("begin")
    return repository


@given(st.text())
def test_slug_is_safe_in_a_branch_name(name: str) -> None:
    made = gitrepo.slug(name)
    assert 0 < len(made) <= 40
    assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in made)
    assert not made.startswith("-") and not made.endswith("-")


def test_slug_examples() -> None:
    assert gitrepo.slug("Ria van den Berg") == "ria-van-den-berg"
    assert gitrepo.slug("Jeroen Köhler") == "jeroen-kohler"
    assert gitrepo.slug("!!!") == "verkenner"


def test_git_environment_neutralises_hooks_and_filters(tmp_path: Path) -> None:
    _repo(tmp_path)
    _git(tmp_path, "config", "filter.lfs.clean", "rm -rf /")
    own = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "core.pager", "GIT_CONFIG_VALUE_0": "cat"}
    variables = gitrepo.git_environment(tmp_path, {**os.environ, **own})
    settings = {
        variables[f"GIT_CONFIG_KEY_{n}"]: variables[f"GIT_CONFIG_VALUE_{n}"]
        for n in range(1, int(variables["GIT_CONFIG_COUNT"]))
    }
    assert settings["core.hooksPath"] == "/dev/null"
    assert settings["filter.lfs.clean"] == "" and settings["filter.lfs.required"] == "false"
    assert "GIT_CONFIG_KEY_0" not in variables  # the person's own first setting is kept
    assert variables["GIT_OPTIONAL_LOCKS"] == "0"


def test_a_hook_of_the_repository_never_runs(tmp_path: Path) -> None:
    _repo(tmp_path)
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\ntouch {tmp_path / 'ran'}\n")
    hook.chmod(0o755)
    repository = gitrepo.open_git(tmp_path, writing=True)
    (tmp_path / "b.txt").write_text("b")
    repository.git.add("b.txt")
    repository.git.commit("-m", "b")
    assert not (tmp_path / "ran").exists()


def test_identity_is_read_and_kept_in_the_repository_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path)
    assert gitrepo.author_name(tmp_path) == "Test"  # the environment first, as git does
    for name in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
    ):
        monkeypatch.delenv(name)
    monkeypatch.setenv("EMAIL", "")
    gitrepo.store_identity(tmp_path, " Els de Vries ", None)
    assert gitrepo.author_name(tmp_path) == "Els de Vries"
    assert (
        _git(tmp_path, "config", "--local", "user.email").strip()
        == "els-de-vries@verkenner.invalid"
    )
    assert gitrepo.has_identity(tmp_path)


def test_a_conflict_is_listed_and_staged_once_resolved(tmp_path: Path) -> None:
    repository = _repo(tmp_path)
    repository.git.checkout("-b", "ander")
    (tmp_path / "a.txt").write_text("hun\n")
    repository.git.commit("-am", "hun")
    repository.git.checkout("main")
    (tmp_path / "a.txt").write_text("ons\n")
    repository.git.commit("-am", "ons")
    assert not gitrepo.merge_in_progress(repository)
    with pytest.raises(git.GitCommandError):
        repository.git.merge("ander")
    assert gitrepo.merge_in_progress(repository)
    assert gitrepo.unmerged_files(tmp_path) == ["a.txt"]
    assert not gitrepo.stage_resolved(tmp_path, tmp_path / "nooit.txt")
    (tmp_path / "a.txt").write_text("samen\n")
    assert gitrepo.stage_resolved(tmp_path, tmp_path / "a.txt")
    assert gitrepo.unmerged_files(tmp_path) == []


def test_main_name_remote_and_merged_branches(tmp_path: Path) -> None:
    repository = _repo(tmp_path)
    assert gitrepo.main_name(repository) == "main"
    assert gitrepo.default_remote(repository) is None
    repository.git.checkout("-b", "werk")
    (tmp_path / "b.txt").write_text("b\n")
    repository.git.add("b.txt")
    repository.git.commit("-m", "b")
    repository.git.checkout("main")
    assert not gitrepo.is_merged(repository, "werk", repository.heads["main"].commit)
    # squashed: the same content on main in a commit of its own
    repository.git.merge("--squash", "werk")
    repository.git.commit("-m", "samengevoegd")
    assert gitrepo.is_merged(repository, "werk", repository.heads["main"].commit)
    master = _repo(tmp_path / "oud")
    master.git.branch("-m", "master")
    assert gitrepo.main_name(master) == "master"
    with pytest.raises(KnelpuntError) as caught:
        gitrepo.open_git(tmp_path.parent / "nergens")
    assert caught.value.key == "not_a_git_repository"
