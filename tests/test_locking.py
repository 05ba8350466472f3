"""locking: one writer at a time per repository."""

from __future__ import annotations

import fcntl
import os
import subprocess
import time
from pathlib import Path

import pytest

from knelpunt import locking
from knelpunt.errors import RepositoryBusy


def test_the_lock_is_in_git_or_in_the_users_own_folder(tmp_path: Path) -> None:
    plain = tmp_path / "zonder-git"
    plain.mkdir()
    assert not locking.lock_path(plain).is_relative_to(plain)
    with_git = tmp_path / "met-git"
    subprocess.run(["git", "init", "-q", str(with_git)], check=True)
    assert locking.lock_path(with_git) == with_git.resolve() / ".git" / locking.LOCK_NAME


def test_the_same_process_may_take_it_again(tmp_path: Path) -> None:
    with locking.write_lock(tmp_path), locking.write_lock(tmp_path, wait=0):
        assert locking.lock_path(tmp_path).exists()


def test_a_held_lock_is_waited_for_then_refused(tmp_path: Path) -> None:
    path = locking.lock_path(tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    other = os.open(path, os.O_RDWR | os.O_CREAT)  # another holder: its own open file
    try:
        fcntl.flock(other, fcntl.LOCK_EX)
        started = time.monotonic()
        with pytest.raises(RepositoryBusy) as caught, locking.write_lock(tmp_path, wait=0.2):
            pass
        assert time.monotonic() - started >= 0.2
        assert caught.value.key == "repository_busy"
        fcntl.flock(other, fcntl.LOCK_UN)
        with locking.write_lock(tmp_path, wait=0.2):
            pass  # free again
    finally:
        os.close(other)


def test_the_lock_is_let_go_after_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError), locking.write_lock(tmp_path):
        raise ValueError
    other = os.open(locking.lock_path(tmp_path), os.O_RDWR)
    try:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # would raise if still held
    finally:
        os.close(other)
