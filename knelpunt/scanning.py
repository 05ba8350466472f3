"""The record files of a repository, listed and recognised without reading them.

Every command starts by listing ``data/``; every warm command (nothing
changed since the last one) does little else. So this module is light: it
imports no model, no YAML parser and no Pydantic, and lists and stats the
files in one pass, then takes each unchanged file's content key from its row
in the cache database (``cachedb``). ``store`` reads what it finds.

A file's row vouches for it when the file's stat signature (size,
modification and change time in nanoseconds, inode), as git's index does, is
the one the row was written with, and its modification time lies more than
two seconds before the row was checked (else the file is "racy": it could
have changed again in the same tick of a coarse clock). The change time
cannot be set back by any tool, so an edit that keeps the size and resets the
modification time is still seen. On Windows, where that field means creation
time, every file is read and hashed. A file not vouched for is read and
hashed; when its content key is still its row's, the row serves all the same.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from knelpunt import __version__
from knelpunt.cachedb import CacheDatabase, set_made_for
from knelpunt.config import CONFIG_FILE
from knelpunt.ids import FOLDERS, RECORD_KINDS, is_valid_id
from knelpunt.pickles import code_stamp, without_cycle_walks
from knelpunt.repo import DATA_DIR, MAX_CONFIG_BYTES, Repository, repository_state_folder
from knelpunt.safeio import link_on_the_way
from knelpunt.yamlio import read_record_bytes

RACY_NS = 2_000_000_000
#: Four numbers a file, one after the other in one array: size, modification
#: and change time in nanoseconds, inode.
Signatures = array
#: A file whose signature could not be taken: never taken for unchanged.
UNKNOWN = (-1, -1, -1, -1)
_INODE = (1 << 63) - 1
#: Characters in a content key.
KEY_LENGTH = 32


def content_key(kind: str, relative: str, raw: bytes) -> str:
    """A hash of a file's kind, place and bytes: what its row is sure of."""
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


def cache_database(repo: Repository) -> CacheDatabase:
    """The cache database of ``repo``, for this knelpunt and this
    ``knelpunt.yaml``: rows made by other code or for other settings are
    thrown away when written to."""
    config = read_record_bytes(repo.root / CONFIG_FILE, MAX_CONFIG_BYTES)
    stamp = "|".join(
        (__version__, code_stamp(), hashlib.blake2b(config, digest_size=16).hexdigest())
    )
    return CacheDatabase(repository_state_folder(repo.root), stamp)


class SourceFile(NamedTuple):
    """A record file: plain strings in a tuple, because a repository has tens of
    thousands and every warm command lists them all (a frozen dataclass costs
    three times as much to make)."""

    kind: str
    #: The repository's root folder: one string shared by every file.
    root: str
    #: Relative to the repository root, with forward slashes: what people are shown.
    relative: str
    #: For a history entry: the bottleneck it belongs to (its folder name).
    parent: str | None = None

    @property
    def location(self) -> str:
        """Where it is on disk (or would be, for a file read from a git
        revision). Made when asked, not kept: 20 MB at 50,000 bottlenecks."""
        if os.path.isabs(self.relative):  # not in the repository (``at``)
            return self.relative
        if os.sep == "/":
            return f"{self.root}/{self.relative}"
        return os.path.join(self.root, *self.relative.split("/"))

    @property
    def path(self) -> Path:
        return Path(self.location)

    @property
    def stem(self) -> str:
        name = self.relative.rsplit("/", 1)[-1]
        return name[: -len(".yaml")] if name.endswith(".yaml") else name.rsplit(".", 1)[0]

    @classmethod
    def at(cls, repo: Repository, kind: str, path: Path, parent: str | None = None) -> SourceFile:
        return cls(kind, str(repo.root), repo.relative(path), parent)


def source_files(
    repo: Repository,
    skipped: list[str] | None = None,
    links: list[str] | None = None,
    signatures: Signatures[int] | None = None,
) -> Iterator[SourceFile]:
    """Every record file in data/, in a stable order.

    Files that are not ``.yaml`` (notes, pictures, ``.gitkeep``) and hidden
    files (such as a temporary file a killed write left behind) are skipped.
    A ``.yml`` file in a record folder is listed in ``skipped``: it looks like a
    record that was meant to be read. Symbolic links, to files or folders, are
    never followed (a pull request could point one anywhere): they are listed
    in ``links``. Uses ``os.scandir`` and plain strings: with tens of thousands
    of files, pathlib's objects cost more than the reading. With ``signatures``,
    each file's stat signature is appended there in the same pass (the cache's
    scan of every warm command).
    """
    found_links: list[str] = [] if links is None else links
    root = str(repo.root)
    for folder in (repo.data, *(repo.data / FOLDERS[kind] for kind in (*RECORD_KINDS, "update"))):
        if folder.is_symlink():
            found_links.append(repo.relative(folder))
    if repo.data.is_symlink():
        return
    for kind in RECORD_KINDS:
        name = FOLDERS[kind]
        if not (repo.data / name).is_symlink():
            yield from _files_in(
                root,
                kind,
                str(repo.data / name),
                f"{DATA_DIR}/{name}",
                None,
                skipped,
                found_links,
                signatures,
            )
    updates = FOLDERS["update"]
    if (repo.data / updates).is_symlink():
        return
    try:
        subfolders = []
        for entry in os.scandir(repo.data / updates):
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                found_links.append(f"{DATA_DIR}/{updates}/{entry.name}")
            elif entry.is_dir(follow_symlinks=False):
                subfolders.append((entry.name, entry.path))
    except (FileNotFoundError, NotADirectoryError):
        return
    for name, location in sorted(subfolders):
        yield from _files_in(
            root,
            "update",
            location,
            f"{DATA_DIR}/{updates}/{name}",
            name,
            skipped,
            found_links,
            signatures,
        )


def history_files(repo: Repository, bottleneck_id: str) -> list[SourceFile]:
    """The history files of one bottleneck; a linked folder or file is left out
    (read as a problem by check), never followed."""
    folder = repo.folder("update") / bottleneck_id
    if not is_valid_id(bottleneck_id) or link_on_the_way(repo.root, folder) is not None:
        return []
    relative = f"{DATA_DIR}/{FOLDERS['update']}/{bottleneck_id}"
    return list(_files_in(str(repo.root), "update", str(folder), relative, bottleneck_id, None, []))


def _files_in(
    root: str,
    kind: str,
    location: str,
    relative: str,
    parent: str | None,
    skipped: list[str] | None,
    links: list[str],
    signatures: Signatures[int] | None = None,
) -> list[SourceFile]:
    # Runs once per history folder, ten thousand times in a large network: a
    # list, not a generator, and one pass over the entries.
    try:
        entries: list[tuple[str, os.DirEntry[str]]] = []
        with os.scandir(location) as listing:
            for entry in listing:
                name = entry.name
                if entry.is_symlink():
                    links.append(f"{relative}/{name}")
                elif not name.startswith(".") and not entry.is_dir(follow_symlinks=False):
                    # Devices and pipes too: reading refuses them, and check says so.
                    entries.append((name, entry))
    except (FileNotFoundError, NotADirectoryError):
        return []
    if len(entries) > 1:
        entries.sort()
    found = []
    for name, entry in entries:
        if name.endswith(".yaml"):
            found.append(SourceFile(kind, root, f"{relative}/{name}", parent))
            if signatures is not None:
                add_signature(signatures, entry)
        elif name.endswith(".yml") and skipped is not None:
            skipped.append(f"{relative}/{name}")
    return found


@dataclass
class Scan:
    """The record files of a repository and, where known, the content key of each."""

    sources: list[SourceFile]
    #: Each file's content key where its row in the cache vouched for it;
    #: None for the others (read when loading).
    keys: list[str | None]
    #: Four numbers a file (``Signatures``).
    signatures: Signatures[int]
    skipped: list[str]
    cache: CacheDatabase | None
    links: list[str] = field(default_factory=list)
    #: The content key of the rows of files not vouched for, by path: a file
    #: read again with that content is taken from its row all the same.
    stale: dict[str, str] = field(default_factory=dict)
    #: Rows of files no longer listed.
    gone: list[str] = field(default_factory=list)
    #: When the listing began: what a row written now is checked at.
    started_ns: int = 0

    @classmethod
    def nothing(cls) -> Scan:
        """A scan of no files, without a cache."""
        return cls([], [], new_signatures(0), [], None)

    @property
    def complete(self) -> bool:
        return all(key is not None for key in self.keys)

    def signature(self, index: int) -> tuple[int, ...]:
        return tuple(self.signatures[4 * index : 4 * index + 4])

    def manifest(self) -> str:
        """One hash of every file's content: equal exactly when nothing changed."""
        digest = hashlib.blake2b(digest_size=16)
        for key in self.keys:
            assert key is not None, "manifest of an incomplete scan"
            digest.update(key.encode())
        digest.update("\0".join(self.skipped).encode())
        digest.update(("\1" + "\0".join(self.links)).encode())
        if self.cache is not None:
            digest.update(self.cache.stamp.encode())
        return digest.hexdigest()


def scan(repo: Repository, use_cache: bool = True) -> Scan:
    """List the record files and take each one's content key from its row in
    the cache database where the file did not change; the rest are read when
    loading. Every warm command starts here."""
    skipped: list[str] = []
    links: list[str] = []
    cache = cache_database(repo) if use_cache else None
    signatures = new_signatures()
    started = time.time_ns()
    with without_cycle_walks():
        sources = list(source_files(repo, skipped, links, signatures if cache else None))
    if cache is None:
        keys: list[str | None] = [None] * len(sources)
        return Scan(sources, keys, new_signatures(len(sources)), skipped, None, sorted(links))
    # The quick way, when no file came, went or changed since the rows last
    # vouched for every file: one hash of every path and signature, compared
    # with the one kept beside the rows, and every key in one string.
    listed = _listing_digest(sources, signatures)
    kept = cache.read(lambda connection: _vouched(connection, listed))
    if kept is not None and kept[0] and max(signatures[1::4], default=0) < kept[1] - RACY_NS:
        joined = kept[0]
        if len(joined) == KEY_LENGTH * len(sources) and min(signatures[::4], default=0) >= 0:
            every = [joined[i : i + KEY_LENGTH] for i in range(0, len(joined), KEY_LENGTH)]
            return Scan(
                sources, list(every), signatures, skipped, cache, sorted(links), {}, [], started
            )
    rows = cache.read(
        lambda connection: connection.execute(
            "SELECT path, size, mtime_ns, ctime_ns, inode, checked_ns, key FROM file"
        ).fetchall()
    )
    saved = {row[0]: row for row in rows or ()}
    keys = []
    stale: dict[str, str] = {}
    with without_cycle_walks():
        for index, source in enumerate(sources):
            row = saved.pop(source.relative, None)
            if row is None:
                keys.append(None)
                continue
            sig = signatures[4 * index : 4 * index + 4]
            if sig[0] >= 0 and sig[1] < row[5] - RACY_NS and tuple(sig) == row[1:5]:
                keys.append(row[6])
            else:
                keys.append(None)
                stale[source.relative] = row[6]
    found = Scan(
        sources, keys, signatures, skipped, cache, sorted(links), stale, list(saved), started
    )
    if not stale and not saved and found.complete and os.name != "nt":
        # Every file vouched for by its row: the quick way next time.
        newest = max(signatures[1::4], default=0)
        joined = "".join(key or "" for key in keys)
        cache.write(lambda connection: _vouch(connection, listed, joined, newest, started))
    return found


def _listing_digest(sources: list[SourceFile], signatures: Signatures[int]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update("\0".join(source.relative for source in sources).encode())
    digest.update(signatures.tobytes())
    return digest.hexdigest()


def _vouched(connection: sqlite3.Connection, listed: str) -> tuple[str, int] | None:
    """Every file's content key, when the rows vouched for exactly this
    listing, and when they did; else None."""
    found = connection.execute(
        "SELECT name, value FROM meta WHERE name IN ('listing', 'keys')"
    ).fetchall()
    kept = dict(found)
    listing = kept.get("listing", "")
    digest, _, checked = listing.partition("|")
    if digest != listed or not checked.isdigit():
        return None
    return kept.get("keys", ""), int(checked)


def _vouch(
    connection: sqlite3.Connection, listed: str, joined: str, newest: int, started: int
) -> None:
    # Kept only when no file is racy: one changed within RACY_NS of this scan
    # is looked at again, its row by its row.
    if newest < started - RACY_NS:
        set_made_for(connection, "listing", f"{listed}|{started}")
        set_made_for(connection, "keys", joined)
