"""An explorer's first day on a new laptop: no git identity, a repository made by
``knelpunt init``, a remote that refuses, a Windows console, a branch to review.

Every test runs knelpunt in a process of its own with a fresh HOME in which git
knows nobody, as on a laptop just unpacked.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import git
import pytest

from tests.conftest import example_remote, knelpunt_process
from tests.pty_driver import Terminal

NOBODY = ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL")


@pytest.fixture
def laptop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment of a new laptop: an empty HOME, git knows nobody."""
    home = tmp_path / "home"
    home.mkdir()
    for name in (*NOBODY, "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    return dict(os.environ)


def knelpunt(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return knelpunt_process(args, cwd, env)


INITIATIVE = ["--name", "Zorgcoöperatie Ons Dorp", "--municipality", "Ee", "--province", "limburg"]
INITIATIVE += ["--legal-form", "cooperative"]


def test_a_repository_just_made_by_init_can_be_submitted(tmp_path, laptop):
    root = tmp_path / "netwerk"
    made = knelpunt(laptop, tmp_path, "init", str(root))
    assert made.returncode == 0, made.stderr
    repository = git.Repo(root)
    assert repository.head.commit.message.strip() == "knelpunt init"
    assert not repository.is_dirty(untracked_files=True)
    bare = tmp_path / "remote.git"
    git.Repo.init(bare, bare=True, initial_branch="main")
    repository.create_remote("origin", str(bare))
    repository.git.push("origin", "main")
    assert knelpunt(laptop, root, "add", "initiative", "--no-input", *INITIATIVE).returncode == 0
    done = knelpunt(laptop, root, "submit", "--by", "Ria de Vries")
    assert done.returncode == 0, done.stderr
    assert "Verstuurd naar 'origin'" in done.stdout
    (pushed,) = [h for h in git.Repo(bare).heads if h.name.startswith("knelpunt/")]
    assert pushed.commit.author.name == "Ria de Vries"


def test_submit_without_a_name_changes_nothing_and_says_what_to_type(tmp_path, laptop):
    root = tmp_path / "laptop"
    git.Repo.clone_from(str(example_remote(tmp_path)), root)
    assert knelpunt(laptop, root, "add", "initiative", "--no-input", *INITIATIVE).returncode == 0
    head = git.Repo(root).head.commit.hexsha
    done = knelpunt(laptop, root, "submit")
    assert done.returncode == 1
    assert "Git weet nog niet wie je bent" in done.stderr and "--by" in done.stderr
    assert "Traceback" not in done.stderr
    repository = git.Repo(root)
    assert [h.name for h in repository.heads] == ["main"]
    assert repository.head.commit.hexsha == head and repository.untracked_files


def test_submit_asks_the_name_on_a_terminal_and_keeps_it(tmp_path, laptop):
    root = tmp_path / "laptop"
    git.Repo.clone_from(str(example_remote(tmp_path)), root)
    assert knelpunt(laptop, root, "add", "initiative", "--no-input", *INITIATIVE).returncode == 0
    terminal = Terminal(["submit"], cwd=root, env=laptop)
    try:
        terminal.answer("Je naam: ", "Toos van Gorp")
        terminal.answer("Je e-mailadres", "")
        assert terminal.wait() == 0, terminal.screen
    finally:
        terminal.close()
    assert "Je naam 'Toos van Gorp' is bewaard voor volgende keren" in terminal.screen
    assert "Verstuurd naar 'origin'" in terminal.screen
    with git.Repo(root).config_reader("repository") as config:
        assert config.get_value("user", "name") == "Toos van Gorp"
    # The next submit asks nothing.
    assert knelpunt(laptop, root, "add", "initiative", "--no-input", *INITIATIVE).returncode == 0
    assert knelpunt(laptop, root, "submit").returncode == 0


def test_a_refused_push_is_not_called_offline(tmp_path, laptop):
    remote = example_remote(tmp_path)
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'branch is protected' >&2\nexit 1\n")
    hook.chmod(0o755)
    root = tmp_path / "laptop"
    git.Repo.clone_from(str(remote), root)
    assert knelpunt(laptop, root, "add", "initiative", "--no-input", *INITIATIVE).returncode == 0
    done = knelpunt(laptop, root, "submit", "--by", "Ria")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "weigerde de branch" in done.stderr and "protected" in done.stderr
    assert "internet" not in done.stdout + done.stderr
    # Offline is still offline: committed, to be sent later, exit 0.
    hook.unlink()
    remote.rename(remote.with_name("weg.git"))
    assert knelpunt(laptop, root, "add", "initiative", "--no-input", *INITIATIVE).returncode == 0
    done = knelpunt(laptop, root, "submit", "--by", "Ria")
    assert done.returncode == 0 and "Versturen lukte nu niet" in done.stdout


def test_a_windows_console_never_crashes_and_documents_are_utf8(tmp_path, laptop):
    remote = example_remote(tmp_path)
    root = tmp_path / "laptop"
    git.Repo.clone_from(str(remote), root)
    update = knelpunt(laptop, root, "update", "kp-5ds9m-7z0jv", "--status", "in-progress",
                      "--by", "Ria", "--note", "Gesprek met de coöperatie")  # fmt: skip
    assert update.returncode == 0, update.stderr
    cp1252 = {**laptop, "PYTHONIOENCODING": "cp1252"}
    for args in (("diff",), ("show", "kp-5ds9m-7z0jv"), ("report",), ("list", "bottlenecks")):
        done = subprocess.run(
            [sys.executable, "-m", "knelpunt", *args], cwd=root, env=cp1252,
            capture_output=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, (args, done.stderr)
        assert b"Traceback" not in done.stderr
    target = tmp_path / "pr.md"
    done = knelpunt(cp1252, root, "diff", "-o", str(target))
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    assert "→" in text and "coöperatie" in text


def test_diff_of_one_branch_shows_what_it_adds_since_it_left_main(tmp_path, laptop, monkeypatch):
    root = tmp_path / "laptop"
    git.Repo.clone_from(str(example_remote(tmp_path)), root)
    repository = git.Repo(root)
    repository.git.checkout("-b", "knelpunt/ria")
    assert knelpunt(laptop, root, "add", "initiative", "--no-input", *INITIATIVE).returncode == 0
    repository.git.add(A=True)
    repository.git.commit("-m", "nieuw", env={**laptop, "GIT_AUTHOR_NAME": "R",
                          "GIT_AUTHOR_EMAIL": "r@x", "GIT_COMMITTER_NAME": "R",
                          "GIT_COMMITTER_EMAIL": "r@x"})  # fmt: skip
    repository.git.checkout("main")
    done = knelpunt(laptop, root, "diff", "knelpunt/ria")
    assert done.returncode == 0, done.stderr
    assert "**Nieuw** (1)" in done.stdout and "Zorgcoöperatie Ons Dorp" in done.stdout
    assert "Verwijderd" not in done.stdout
