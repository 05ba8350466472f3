"""Writing files so that nothing is ever half written or overwritten by accident.

Every write goes to a temporary file beside its target, is flushed to disk,
and then appears at once: by a hard link for a new file (which fails if the
name is taken), by a rename for a replacement. A reader sees the old file or
the new one, never half of either; a killed write leaves only a temporary file
that the next write clears.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from knelpunt.errors import FileRefused, RecordError
from knelpunt.safeio import read_regular

#: What a file is written from: its text, or its text in pieces (an export of
#: 50,000 bottlenecks is written as it is made, not held whole).
Content = str | Iterable[str]


_BINARY = getattr(os, "O_BINARY", 0)
#: A new file, never one that is there, and never through a link: a link
#: planted at the name makes the open fail, it is not followed.
_EXCLUSIVE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | _BINARY


def exclusive_temporary(path: Path, mode: int = 0o666) -> tuple[int, Path]:
    """A new, empty temporary file beside ``path``, open for writing: its
    descriptor and its name. The name ends in 64 random bits, so no one can
    plant a link or a file there beforehand (a name made of the process id
    could be, in a folder others write in), and it is created exclusively.
    It starts with a dot and ends in ``.tmp``, so a reader that finds one left
    behind by a killed process skips it. ``mode`` before the umask: a record's
    file is readable as any file the person makes; a cache file 0o600."""
    for _ in range(16):
        temporary = path.parent / f".{path.name}.{secrets.token_hex(8)}.tmp"
        try:
            return os.open(temporary, _EXCLUSIVE, mode), temporary
        except FileExistsError:
            continue  # taken (by chance, or planted): another name
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(temporary))


@contextmanager
def _temporary_beside(path: Path, text: Content, sync: bool = True) -> Iterator[Path]:
    """A fully written, flushed temporary file next to ``path``
    (``exclusive_temporary``); removed after. ``sync``: on the disk, not only
    handed to the operating system.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = exclusive_temporary(path)
    try:
        with open(descriptor, "wb") as handle:
            for piece in [text] if isinstance(text, str) else text:
                handle.write(piece.encode("utf-8"))
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)


def write_new(path: Path, text: Content) -> None:
    """Create ``path`` with ``text``, all at once, refusing to overwrite anything."""
    with _temporary_beside(path, text) as temporary:
        try:
            # A hard link appears atomically and fails if the name is taken.
            os.link(temporary, path)
        except FileExistsError:
            raise RecordError("record_exists", path=str(path)) from None
        except OSError:
            # File systems without hard links (a FAT USB stick): rename, which
            # Windows refuses over an existing name. Elsewhere the name is
            # checked just before, under the repository's write lock; an
            # empty placeholder first would be a broken record if killed.
            if os.path.lexists(path):
                raise RecordError("record_exists", path=str(path)) from None
            try:
                os.rename(temporary, path)
            except FileExistsError:
                raise RecordError("record_exists", path=str(path)) from None
        _sync_folder(path.parent)


def replace(path: Path, text: Content, sync: bool = True) -> None:
    """Replace the content of ``path`` atomically: readers see old or new, never
    half. Not ``sync``: for one of many files written at once (a site's pages),
    put on the disk together afterwards (``sync_all``), not a file at a time."""
    with _temporary_beside(path, text, sync) as temporary:
        os.replace(temporary, path)
        if sync:
            _sync_folder(path.parent)


def sync_all() -> None:
    """Everything written, on the disk: once, after many files."""
    if hasattr(os, "sync"):
        os.sync()


def replace_if_unchanged(path: Path, expected: bytes, text: str) -> bool:
    """Replace ``path`` only if it still holds ``expected`` (compare-and-swap).

    The temporary file is written first, so the window between the comparison
    and the swap is a single rename.
    """
    with _temporary_beside(path, text) as temporary:
        try:
            if read_regular(path, len(expected)) != expected:
                return False
        except FileRefused:
            return False
        os.replace(temporary, path)
        _sync_folder(path.parent)
    return True


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files that a killed write left in ``folder``.

    Only safe under the repository's write lock: then no other write is under
    way, so every temporary file there is a leftover.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return removed
    for entry in entries:
        if entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file():
            Path(entry.path).unlink(missing_ok=True)
            removed.append(Path(entry.path))
    return removed


def _sync_folder(folder: Path) -> None:
    """Make a rename durable: after a power cut the folder lists the new file."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_document(path: Path, text: Content, force: bool = False) -> None:
    """Write a report or an export that a person asked for with ``-o FILE``:
    UTF-8, all at once, and never over an existing file unless ``force``
    (``report -o knelpunt.yaml`` once replaced the configuration)."""
    shown = path.as_posix()
    if path.is_dir():
        raise FileRefused("output_is_folder", shown)
    if not path.parent.is_dir():
        raise FileRefused("output_folder_missing", shown, folder=path.parent.as_posix())
    exists = os.path.lexists(path)
    if exists and not force:
        raise FileRefused("output_exists", shown)
    if exists and (path.is_symlink() or not path.is_file()):
        raise FileRefused("file_not_regular", shown)  # /dev/full, a link: never replaced
    # A full disk or a read-only folder raises OSError, which the command line
    # explains; the temporary file is gone and the target untouched.
    if exists:
        replace(path, text)
    else:
        write_new(path, text)
