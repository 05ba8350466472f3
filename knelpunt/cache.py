"""A cache of parsed and validated records, keyed on each file's content.

Reading 10,000 records means parsing tens of thousands of YAML files; most of
them did not change since the last command. The cache maps a hash of (kind,
path, bytes) to the validated record, so a file is parsed again exactly when its
content changed. The whole cache is thrown away when knelpunt.yaml, knelpunt,
Pydantic, Python or the cache format change. Files with problems are never
cached: they are read again, so their problems are always reported. The records
are written in pieces while the files are read (``store.load_records``), and
read back a piece at a time, so that no command holds the cache file whole.

To know a file's hash without reading it, the index remembers each file's
stat signature (size, modification and change time in nanoseconds, inode), as
git's index does. A file whose signature differs, or whose modification time
lies within two seconds of the last scan (a "racy" file that could have been
changed again in the same tick of a coarse clock), is read and hashed again.
The change time cannot be set back by any tool, so an edit that keeps the size
and resets the modification time is still seen. On Windows, where that field
means creation time, every file is read and hashed.

The cache is pickled, and unpickling runs code: so it lives where no
repository content can put a file, in the user's own cache folder
(``KNELPUNT_CACHE_DIR``, else ``$XDG_CACHE_HOME/knelpunt`` or
``~/.cache/knelpunt``; ``~/Library/Caches/knelpunt`` on a Mac,
``%LOCALAPPDATA%\\knelpunt\\cache`` on Windows), one folder per repository named
by a hash of its real path. Not in the work tree, and not in ``.git`` either:
a repository that arrives as a ZIP file or a tarball carries whatever files
its sender put in those. A cache folder or file that is a link, or that
another user could have written, is not read.
"""

from __future__ import annotations

import hashlib
import os
import time
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from knelpunt import __version__
from knelpunt.config import CONFIG_FILE
from knelpunt.pickles import PieceWriter, code_stamp, iter_pieces, read_pickle, write_pickle
from knelpunt.repo import MAX_CONFIG_BYTES, Repository, repository_state_folder
from knelpunt.yamlio import read_record_bytes

FORMAT = 11
RACY_NS = 2_000_000_000
#: Four numbers a file, one after the other in one array: size, modification
#: and change time in nanoseconds, inode. An array, not a tuple a file: at
#: 34,000 files it is read, compared and written as one block of memory.
Signatures = array
#: A file whose signature could not be taken: never taken for unchanged.
UNKNOWN = (-1, -1, -1, -1)
_INODE = (1 << 63) - 1


def cache_folder(repo: Repository) -> tuple[Path, str]:
    """The cache folder of ``repo`` and the name of its files there."""
    return repository_state_folder(repo.root), "repo"


#: Characters in a content key.
KEY_LENGTH = 32


def content_key(kind: str, relative: str, raw: bytes) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{kind}\0{relative}\0".encode())
    digest.update(raw)
    return digest.hexdigest()


def new_signatures(unknown: int = 0) -> Signatures[int]:
    return array("q", UNKNOWN * unknown)


def add_signature(signatures: Signatures[int], entry: os.DirEntry[str]) -> None:
    """Add the signature of a file met while listing its folder (never a link)."""
    if os.name == "nt":  # there the change time means creation: every file is read
        signatures.extend(UNKNOWN)
        return
    try:
        st = entry.stat(follow_symlinks=False)
        signatures.extend((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino & _INODE))
    except (OSError, OverflowError):
        # Gone since the listing (read, and reported, when loading), or a time
        # beyond the year 2262: read every time.
        signatures.extend(UNKNOWN)


class RecordCache:
    def __init__(self, repo: Repository) -> None:

        config = read_record_bytes(repo.root / CONFIG_FILE, MAX_CONFIG_BYTES)
        self.stamp = "|".join(
            (
                str(FORMAT),
                __version__,
                code_stamp(),
                hashlib.blake2b(config, digest_size=16).hexdigest(),
            )
        )
        folder, name = cache_folder(repo)
        self.index_path = folder / f"index-{name}.pickle"
        self.records_path = folder / f"records-{name}.pickle"
        index = read_pickle(self.index_path)
        if not isinstance(index, dict) or index.get("stamp") != self.stamp:
            index = {
                "stamp": self.stamp,
                "scanned_ns": 0,
                "newest_ns": 0,
                "files": ("", new_signatures(), ""),
                "check": None,
            }
        self.index: dict[str, Any] = index
        self.scan_started = time.time_ns()

    # --- which content does a file hold? ---------------------------------------

    def known_keys(
        self, relatives: list[str], signatures: Signatures[int]
    ) -> list[str | None] | str:
        """The content key of each unchanged, not racy file, without reading it
        (None for the others); or, when no file came, went or changed, all of
        them in one string (``KEY_LENGTH`` characters each, see ``Scan``).

        Every warm command asks this of tens of thousands of files. The index
        keeps the last scan as three blocks: the files' relative paths joined
        by NUL (which no file name holds), their signatures, their keys end to
        end. When nothing changed, old and new are equal, which Python compares
        at C speed, and no file is looked at one by one; nor is a key made a
        string of its own before a record is read. Asked once: the last scan is
        let go of after, not held by the command."""
        saved_relatives, saved_signatures, saved_keys = self.index.pop(
            "files", ("", new_signatures(), "")
        )
        horizon = self.index["scanned_ns"] - RACY_NS
        if (
            os.name != "nt"
            and signatures == saved_signatures
            and self.index["newest_ns"] < horizon
            and "\0".join(relatives) == saved_relatives
            and len(saved_keys) == KEY_LENGTH * len(relatives)
        ):
            return str(saved_keys)
        where = {
            relative: index
            for index, relative in enumerate(saved_relatives.split("\0") if saved_relatives else [])
        }
        keys: list[str | None] = []
        for index, relative in enumerate(relatives):
            known = where.get(relative)
            sig = signatures[4 * index : 4 * index + 4]
            if (
                known is not None
                and sig[0] >= 0
                and sig[1] < horizon
                and sig == saved_signatures[4 * known : 4 * known + 4]
            ):
                keys.append(saved_keys[KEY_LENGTH * known : KEY_LENGTH * (known + 1)])
            else:
                keys.append(None)
        return keys

    # --- the records --------------------------------------------------------------

    def saved_entries(self) -> Iterator[list[Any]]:
        """The records of the last run, a piece at a time: lists of
        ``store.Entry`` (content key, record, warnings of its free text).
        Nothing when the file was made for another stamp or cannot be read."""
        pieces = iter_pieces(self.records_path)
        header = next(pieces, None)
        if not isinstance(header, dict) or header.get("stamp") != self.stamp:
            return
        for piece in pieces:
            if not isinstance(piece, list):
                return
            yield piece

    def record_writer(self) -> PieceWriter:
        """A new record file, written piece by piece and put in place by
        ``commit``: its first piece says which code made it."""
        writer = PieceWriter(self.records_path)
        writer.add({"stamp": self.stamp})
        return writer

    # --- derived results ----------------------------------------------------------

    def check_result(self, manifest: str) -> Any:
        saved = self.index.get("check")
        return saved["result"] if saved and saved["manifest"] == manifest else None

    def save(
        self,
        files: tuple[list[str], Signatures[int], list[str | None]],
        check: tuple[str, Any] | None = None,
    ) -> None:
        """Write what this run learnt: the index (``files``: each file listed,
        its signature and content key), and the result of ``check`` when it
        ran. The records are written while they are read (``record_writer``)."""
        relatives, signatures, content = files
        if any(key is None or len(key) != KEY_LENGTH for key in content) or (-1 in signatures[::4]):
            # A file not read, unreadable, or gone: keep only those known for certain.
            kept = [
                index
                for index, key in enumerate(content)
                if key is not None and len(key) == KEY_LENGTH and signatures[4 * index] >= 0
            ]
            relatives = [relatives[index] for index in kept]
            content = [content[index] for index in kept]
            known = new_signatures()
            for index in kept:
                known.extend(signatures[4 * index : 4 * index + 4])
            signatures = known
        written = {
            "stamp": self.stamp,
            "scanned_ns": self.scan_started,
            "files": ("\0".join(relatives), signatures, "".join(key or "" for key in content)),
            # A file changed within RACY_NS of this scan is read again next time.
            "newest_ns": max(signatures[1::4], default=0),
            "check": {"manifest": check[0], "result": check[1]}
            if check
            else self.index.get("check"),
        }
        write_pickle(self.index_path, written)
