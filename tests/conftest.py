"""Shared fixtures: real repositories in temporary folders, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from knelpunt.cli import main

PROJECT = Path(__file__).resolve().parent.parent

# In CI the property-based tests run the same examples every time: a new
# disagreement found by chance must not decide whether a submission lands.
# On a developer's machine they keep searching with fresh examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@dataclass
class Result:
    code: int
    out: str
    err: str


Runner = Callable[..., Result]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for name in ("KNELPUNT_REPO", "KNELPUNT_LANG", "KNELPUNT_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    # The record cache lives in the user's cache folder: one of the test run's own.
    monkeypatch.setenv("KNELPUNT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "user-cache"))
    # Git needs an identity for commits in tests; never the user's own config.
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "test@example.org")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "test@example.org")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    """Run ``knelpunt ARGS`` in-process, in folder ``cwd``."""

    def runner(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return runner


def example_remote(tmp_path: Path, extra_files: dict[str, str] | None = None) -> Path:
    """A bare remote whose main holds the example repository (and ``extra_files``)."""
    import git

    from knelpunt.scaffold import init_repository

    seed = tmp_path / "seed"
    init_repository(seed)
    copy_example(seed)
    for name, text in (extra_files or {}).items():
        (seed / name).write_text(text)
    repo = git.Repo(seed)
    repo.git.add(A=True)
    repo.index.commit("Voorbeelddata")
    bare = tmp_path / "remote.git"
    git.Repo.init(bare, bare=True, initial_branch="main")
    repo.create_remote("origin", str(bare)).push("main")
    return bare


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    return example_remote(tmp_path)


def copy_example(target: Path) -> Path:
    """The project's example repository (knelpunt.yaml and data/), copied."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "knelpunt.yaml", target / "knelpunt.yaml")
    shutil.copytree(PROJECT / "data", target / "data", dirs_exist_ok=True)
    return target


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "example")


@pytest.fixture
def empty_repo(tmp_path: Path) -> Path:
    from knelpunt.scaffold import init_repository

    root = tmp_path / "repo"
    init_repository(root, use_git=False)
    return root


VALID_BOTTLENECK = """\
id: kp-aaaaa-bbbbb
title: Vpb voor zorgcoöperaties
description: Zorgcoöperaties betalen vennootschapsbelasting.
theme: regulation
type: hard
reported_on: 2026-03-03
"""


@pytest.fixture
def terminal_env() -> dict[str, str]:
    """For a knelpunt driven through a pseudo-terminal: Dutch, no personal git config."""
    return {"GIT_CONFIG_GLOBAL": "/dev/null", "KNELPUNT_LANG": ""}


def knelpunt_process(
    args: tuple[str, ...] | list[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """knelpunt in a process of its own, with no terminal: a hang fails the
    test (``timeout``), a crash shows its exit code."""
    return subprocess.run(
        [sys.executable, "-m", "knelpunt", *args],
        cwd=cwd,
        env=dict(env) if env is not None else None,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="session")
def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip(
        "no Chromium on this machine: the browser tests need Debian's package 'chromium' "
        "(.ci/run installs it where apt-get may)"
    )


@pytest.fixture
def branch_repo(tmp_path: Path) -> tuple[Path, Any]:
    """The example committed on main in a git repository, with a branch checked out."""
    import git

    root = copy_example(tmp_path / "netwerk")
    repository = git.Repo.init(root, initial_branch="main")
    repository.git.add(A=True)
    repository.index.commit("Voorbeelddata")
    repository.git.checkout("-b", "wijziging")
    return root, repository
