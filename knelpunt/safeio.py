"""Touching the files of a repository, which come from other people's pull requests.

A pull request can carry a symbolic link where a record or a folder should be
(``data/updates/kp-x -> /etc``), a link to a device that never ends
(``/dev/zero``) or blocks forever (``/dev/stdin``, a FIFO), or a file of
gigabytes. Every read of repository content therefore goes through
``read_regular``: no link followed, only regular files, never more than a
bound. Every write goes through ``refuse_links``: no folder or file on the way
from the repository root may be a link, so nothing is written or deleted
outside the repository.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from knelpunt.errors import FileRefused

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# A FIFO would block open() until a writer came; non-blocking, it opens at
# once and fstat() then shows it is not a regular file.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file, at most ``limit + 1`` of them (so a caller
    can tell a file that is too large), never through a symbolic link."""
    location = os.fspath(path)
    if not _NOFOLLOW and os.path.islink(location):  # Windows: no O_NOFOLLOW
        raise FileRefused("file_symlink", location)
    try:
        descriptor = os.open(location, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY)
    except OSError as exc:
        if os.path.islink(location):
            raise FileRefused("file_symlink", location) from None
        raise FileRefused("file_unreadable", location, error=exc.strerror or str(exc)) from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise FileRefused("file_not_regular", location)
        chunks: list[bytes] = []
        wanted = limit + 1
        while wanted > 0:
            chunk = os.read(descriptor, min(wanted, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise FileRefused("file_unreadable", location, error=exc.strerror or str(exc)) from None
    finally:
        os.close(descriptor)


def link_on_the_way(root: Path, path: Path) -> Path | None:
    """The first symbolic link between ``root`` and ``path`` (both included
    but the root itself), or None. Parts that do not exist yet are fine."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        return path
    current = root
    for part in relative.parts:
        if part in ("..", ""):
            return current / part
        current = current / part
        if current.is_symlink():
            return current
    return None


def refuse_links(root: Path, path: Path) -> None:
    """Raise ``FileRefused`` if writing ``path`` would go through a link."""
    found = link_on_the_way(root, path)
    if found is not None:
        raise FileRefused("path_through_symlink", _shown(root, found))


def is_inside(root: Path, path: Path) -> bool:
    """Whether ``path``, every link resolved, stays inside ``root``."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
