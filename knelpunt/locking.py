"""One writer at a time per repository.

Every change knelpunt makes reads something first (the record it edits, the
status it moves from) and then writes. Two processes doing that at once (two
terminals, a script and a person) could each read the same state and the
second write would undo the first, or two status changes would both pass a
check that only one should pass. So everything from the read to the write runs
under an exclusive lock on one file of the repository.

The lock is an operating-system lock (``flock`` on Unix, ``msvcrt.locking`` on
Windows) on ``.git/knelpunt.lock`` (without git, in the user's folder for the repository, see
``repo.repository_state_folder``): the
operating system releases it when a process ends, however it ends, so a
killed ``knelpunt`` never leaves a lock behind that someone must remove by
hand. The lock is re-entrant within a process, so an action that calls other
actions (a merge writes history entries) takes it once.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from knelpunt.errors import KnelpuntError, RepositoryBusy
from knelpunt.repo import git_dir, repository_state_folder

LOCK_NAME = "knelpunt.lock"
WAIT_SECONDS = 30.0
_POLL_SECONDS = 0.02

_held: dict[str, int] = {}
_guard = threading.RLock()


def lock_path(root: Path) -> Path:

    found = git_dir(root.resolve())
    # Without .git, not in the work tree: a pull request could put a link there.
    return found / LOCK_NAME if found is not None else repository_state_folder(root) / LOCK_NAME


def _try_lock(descriptor: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(descriptor: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(descriptor, fcntl.LOCK_UN)


@contextmanager
def write_lock(root: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the repository's write lock; waits up to ``wait`` seconds for it."""
    path = lock_path(root)
    key = str(path)
    with _guard:
        if key in _held:
            _held[key] += 1
            try:
                yield
            finally:
                _held[key] -= 1
            return
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # Never through a link: a work tree without .git could carry one.
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
            descriptor = os.open(path, flags, 0o644)
        except OSError as exc:
            raise KnelpuntError(
                "repository_not_writable", path=str(path), error=exc.strerror or str(exc)
            ) from None
        try:
            deadline = time.monotonic() + wait
            while not _try_lock(descriptor):
                if time.monotonic() >= deadline:
                    raise RepositoryBusy("repository_busy", path=str(path), seconds=int(wait))
                time.sleep(_POLL_SECONDS)
            _held[key] = 1
            try:
                yield
            finally:
                del _held[key]
                _unlock(descriptor)
        finally:
            os.close(descriptor)
