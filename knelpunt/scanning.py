"""The record files of a repository, listed and recognised without reading them.

Every command starts by listing ``data/``; every warm command (nothing
changed since the last one) does little else. So this module is light: it
imports no model, no YAML parser and no Pydantic, and lists, stats and looks up
each file's content key in one pass (see ``cache``). ``store`` reads what it
finds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from knelpunt.cache import KEY_LENGTH, RecordCache, Signatures, add_signature, new_signatures
from knelpunt.ids import FOLDERS, RECORD_KINDS, is_valid_id
from knelpunt.pickles import without_cycle_walks
from knelpunt.repo import DATA_DIR, Repository
from knelpunt.safeio import link_on_the_way


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
    #: Each file's content key: a list (None where the cache could not vouch
    #: for the file: it is read when loading), or, when the cache vouched for
    #: every file, one string of all keys end to end (``cache.KEY_LENGTH``
    #: characters each), made a list only when a record is read. A command
    #: that answers from a memo needs only their hash (``manifest``): at
    #: 50,000 bottlenecks 170,000 strings less.
    known: list[str | None] | str
    #: Four numbers a file (``cache.Signatures``).
    signatures: Signatures[int]
    skipped: list[str]
    cache: Any  # RecordCache | None
    links: list[str] = field(default_factory=list)

    @classmethod
    def nothing(cls) -> Scan:
        """A scan of no files, without a cache."""
        return cls([], [], new_signatures(0), [], None)

    @property
    def keys(self) -> list[str | None]:
        if isinstance(self.known, str):
            joined = self.known
            self.known = [joined[i : i + KEY_LENGTH] for i in range(0, len(joined), KEY_LENGTH)]
        return self.known

    @property
    def complete(self) -> bool:
        return isinstance(self.known, str) or all(key is not None for key in self.known)

    def listing(self) -> tuple[list[str], Signatures[int], list[str | None]]:
        """Each file, its signature and content key, in order: what the cache keeps."""
        return [source.relative for source in self.sources], self.signatures, self.keys

    def manifest(self) -> str:
        """One hash of every file's content: equal exactly when nothing changed."""
        import hashlib

        digest = hashlib.blake2b(digest_size=16)
        if isinstance(self.known, str):
            digest.update(self.known.encode())  # the same as key after key
        else:
            for key in self.known:
                assert key is not None, "manifest of an incomplete scan"
                digest.update(key.encode())
        digest.update("\0".join(self.skipped).encode())
        digest.update(("\1" + "\0".join(self.links)).encode())
        if self.cache is not None:
            digest.update(self.cache.stamp.encode())
        return digest.hexdigest()


def scan(repo: Repository, use_cache: bool = True) -> Scan:
    """List the record files and take each one's content key from the cache's
    index where the file did not change; the rest are read when loading.

    Every warm command starts here, so listing, stat and the lookup are one pass."""
    skipped: list[str] = []
    links: list[str] = []
    cache = RecordCache(repo) if use_cache else None
    signatures = new_signatures()
    with without_cycle_walks():
        sources = list(source_files(repo, skipped, links, signatures if cache else None))
    if cache is None:
        keys: list[str | None] = [None] * len(sources)
        return Scan(sources, keys, new_signatures(len(sources)), skipped, None, sorted(links))
    known = cache.known_keys([source.relative for source in sources], signatures)
    return Scan(sources, known, signatures, skipped, cache, sorted(links))
