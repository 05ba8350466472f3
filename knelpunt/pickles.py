"""Pickles in the user's own cache folder: written whole, read only when trusted.

The record cache, its stat index and the validated ``knelpunt.yaml`` are kept
pickled, and unpickling runs code: so a pickle is read only from a file only
this user could have written (``trusted``), in the user's cache folder where no
repository content can put one (see ``cache``). Each is written to a temporary
file and renamed, so a reader never sees half of one; and each is tied to
knelpunt's own source (``code_fingerprint``), so a pickle made by other code is
never read as this code's.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from knelpunt.atomic import exclusive_temporary

#: Cache folders found not to be this user's alone, in the order met: the
#: command line says so once (``knelpunt.cli``), and the command works on
#: without its cache.
REFUSED_FOLDERS: list[Path] = []


def own_folder(folder: Path) -> bool:
    """Whether knelpunt may write in ``folder``, one of the user's cache
    folders: made (0o700) if missing, then it and the folder above it (the
    cache folder of knelpunt, ``repo.user_cache_root``) must be folders, not
    links, owned by this user and written by no one else; and the folder above
    those may not be one anyone can write in without the sticky bit (then
    anyone could swap ours). Otherwise another user could plant a link at a
    name knelpunt writes (SQLite's journal, a lock) or swap a pickle that runs
    code when read. A refused folder is noted in ``REFUSED_FOLDERS``."""
    if os.name != "posix":
        return True  # a user's own profile folder; no owner and mode to compare
    try:
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        ours = [folder.lstat(), folder.parent.lstat()]
        above = folder.parent.parent.lstat()
    except OSError:
        return False  # cannot be made (a read-only home): no cache, nothing to say
    safe = all(
        stat.S_ISDIR(st.st_mode)
        and st.st_uid == os.geteuid()
        and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        for st in ours
    ) and not (above.st_mode & stat.S_IWOTH and not above.st_mode & stat.S_ISVTX)
    if not safe and folder not in REFUSED_FOLDERS:
        REFUSED_FOLDERS.append(folder)
    return safe


def trusted(path: Path) -> bool:
    """Whether ``path`` is a file only this user could have written: neither a
    link nor writable by others, and (where the system says) owned by us."""
    try:
        st = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
        return False
    if os.name == "posix":
        if st.st_uid != os.geteuid() or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
        folder = path.parent.lstat()
        if stat.S_ISLNK(folder.st_mode) or folder.st_uid != os.geteuid():
            return False
    return True


@functools.cache
def code_fingerprint() -> str:
    """A hash of knelpunt's own source, read once a process.

    A knelpunt installed anew from git keeps its version number; records
    pickled by the code before must not come back (a field missing at run
    time), nor anything derived by other code. Hashing the source, models
    included, is stricter than comparing the models' fields, and needs no
    model built: a warm command that only lists files builds none."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent  # knelpunt/
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def code_stamp() -> str:
    """What a pickle made by other code differs in: knelpunt's source, and the
    Pydantic and Python that pickled its models."""
    import sys

    import pydantic

    return f"{code_fingerprint()}|{pydantic.VERSION}|{sys.version.split()[0]}"


@contextlib.contextmanager
def without_cycle_walks() -> Iterator[None]:
    """Python's cycle collector paused while tens of thousands of objects are
    made that live until the command ends and form no cycle (the list of
    files, an unpickled record set). Otherwise it walks them, and everything
    the imports made, again and again for nothing: a tenth of a warm command."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def return_freed_memory() -> None:
    """Hand the memory freed after reading a large record set back to the
    operating system (glibc's ``malloc_trim``), where there is such a call.
    Reading 170,000 files frees some 45 MB of pieces, lists and texts that
    glibc otherwise keeps, and a report or the site then peaks that much
    higher. Elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return  # not glibc (musl, for one)
    trim(0)


_UNPICKLING = (
    EOFError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
)


def read_pickle(path: Path) -> Any:
    """What ``write_pickle`` wrote; None when there is nothing this user can trust."""
    pieces = iter_pieces(path)
    try:
        return next(pieces, None)
    finally:
        pieces.close()


def write_pickle(path: Path, data: Any) -> None:
    """``data`` pickled into ``path``, atomically."""
    writer = PieceWriter(path)
    try:
        writer.add(data)
        writer.commit()
    finally:
        writer.discard()


class PieceWriter:
    """Pickles written one after the other into a temporary file, which
    ``commit`` puts in place at once: a reader sees the old file or the whole
    new one. Pieces can come already pickled (by a worker process).

    One pickle of a whole record set keeps an entry for every object it wrote
    until it is done (70 MB at 10,000 bottlenecks, 390 MB at 50,000); pieces of
    a few thousand records each keep only theirs. A folder that cannot be
    written (a read-only checkout) means no cache, not an error."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temporary = path
        self.handle: BinaryIO | None = None
        if not own_folder(path.parent):
            return  # someone else could swap what is written: no cache
        try:
            descriptor, self.temporary = exclusive_temporary(path, 0o600)
            self.handle = open(descriptor, "wb")  # noqa: SIM115
        except OSError:
            self.handle = None

    def add(self, piece: Any) -> None:
        if self.handle is not None:
            try:
                # Straight to the file, a frame at a time: not whole in memory first.
                pickle.dump(piece, self.handle, protocol=pickle.HIGHEST_PROTOCOL)
            except OSError:
                self.discard()

    def add_pickled(self, pickled: bytes) -> None:
        if self.handle is not None:
            try:
                self.handle.write(pickled)
            except OSError:
                self.discard()

    def commit(self) -> None:
        if self.handle is not None:
            try:
                self.handle.close()
                os.replace(self.temporary, self.path)
            except OSError:
                self.discard()
            self.handle = None

    def discard(self) -> None:
        if self.handle is not None:
            with contextlib.suppress(OSError):
                self.handle.close()
            with contextlib.suppress(OSError):
                os.unlink(self.temporary)
            self.handle = None


def iter_pieces(path: Path) -> Generator[Any, None, None]:
    """The pieces of ``path`` one by one, as far as they can be read; nothing
    when this user cannot trust the file."""
    if not trusted(path):
        return
    try:
        with open(path, "rb") as handle:
            while handle.peek(1):
                with without_cycle_walks():
                    piece = pickle.load(handle)
                yield piece
    except (OSError, *_UNPICKLING):
        return  # no cache yet, or an unreadable one: start afresh
