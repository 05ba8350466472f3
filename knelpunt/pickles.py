"""Pickles in the user's own cache folder: written whole, read only when trusted.

The validated ``knelpunt.yaml`` is kept pickled, and so are the records in the
cache database (``cachedb``); unpickling runs code: so a pickle is read only
from a file only this user could have written (``trusted``), in the user's
cache folder where no repository content can put one (``own_folder``). A
pickle file is written to a temporary file and renamed, so a reader never sees
half of one; and everything kept is tied to knelpunt's own source
(``code_fingerprint``), so a pickle made by other code is never read as this
code's.
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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
    if not trusted(path):
        return None
    try:
        with open(path, "rb") as handle, without_cycle_walks():
            return pickle.load(handle)
    except (OSError, *_UNPICKLING):
        return None  # none yet, or an unreadable one: start afresh


def write_pickle(path: Path, data: Any) -> None:
    """``data`` pickled into ``path``, atomically: written to a new temporary
    file (``O_EXCL``, never through a link) and renamed. A folder that is not
    the user's alone, or cannot be written, means nothing is kept."""
    if not own_folder(path.parent):
        return  # someone else could swap what is written
    try:
        descriptor, temporary = exclusive_temporary(path, 0o600)
    except OSError:
        return
    try:
        with open(descriptor, "wb") as handle:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
