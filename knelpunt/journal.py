"""Writes of several files that belong together: what is under way, so that an
interrupted one is named, and finished by running it again.

A merge writes more than one file (the duplicate's history entry, those of the
bottlenecks merged into it earlier, the surviving record). No file system
makes several files appear at once, so before the first write an empty file
named after the merge is made beside the repository's write lock
(``.git/knelpunt-merging/DUPLICATE+INTO``), and it is removed after the last.
A kill in between leaves it behind: ``check`` names the merge and the command
that finishes it, and that command, which skips each step already done,
removes it.

It lives beside the lock, never in the work tree: it tells what happened on
this computer, and a pull request cannot bring one. A repository that arrives
as a ZIP file could; all such a file can do is make ``check`` name two ids,
and only names that are two valid ids are read.
"""

from __future__ import annotations

import os
from pathlib import Path

from knelpunt.errors import KnelpuntError
from knelpunt.ids import is_valid_id
from knelpunt.locking import lock_path
from knelpunt.problems import Problem
from knelpunt.repo import Repository

FOLDER = "knelpunt-merging"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _folder(root: Path) -> Path:
    return lock_path(root).parent / FOLDER


def _name(duplicate_id: str, into_id: str) -> str:
    return f"{duplicate_id}+{into_id}"


def begin_merge(root: Path, duplicate_id: str, into_id: str) -> None:
    """Note, durably, that merging ``duplicate_id`` into ``into_id`` starts."""
    folder = _folder(root)
    try:
        if folder.is_symlink():
            # Never through a link: .git of a repository from a ZIP could carry one.
            raise OSError(f"{folder} is a symbolic link")
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | _NOFOLLOW
        descriptor = os.open(folder / _name(duplicate_id, into_id), flags, 0o600)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        _sync(folder)
    except OSError as exc:
        raise KnelpuntError(
            "repository_not_writable", path=str(folder), error=exc.strerror or str(exc)
        ) from None


def end_merge(root: Path, duplicate_id: str, into_id: str) -> None:
    """The merge has landed whole: nothing is left to name."""
    folder = _folder(root)
    if folder.is_symlink():
        return
    try:
        (folder / _name(duplicate_id, into_id)).unlink(missing_ok=True)
    except OSError:
        return  # then check keeps naming it, and the next run removes it


def unfinished_merges(root: Path) -> list[tuple[str, str]]:
    """(duplicate, into) of every merge on this computer that began and did
    not end; names that are not two valid ids are no merge of knelpunt's."""
    folder = _folder(root)
    if folder.is_symlink() or not folder.is_dir():
        return []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    found = []
    for entry in entries:
        duplicate_id, plus, into_id = entry.name.partition("+")
        if plus and is_valid_id(duplicate_id) and is_valid_id(into_id):
            found.append((duplicate_id, into_id))
    return sorted(found)


def merge_problems(repo: Repository) -> list[Problem]:
    """A problem for every merge that was interrupted, at the duplicate's
    file, naming the command that finishes it."""
    return [
        Problem(
            repo.relative(repo.record_path("bottleneck", duplicate_id)),
            "merge_unfinished",
            {"duplicate": duplicate_id, "into": into_id},
            duplicate_id,
        )
        for duplicate_id, into_id in unfinished_merges(repo.root)
    ]


def _sync(folder: Path) -> None:
    """The new name survives a power cut too."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
