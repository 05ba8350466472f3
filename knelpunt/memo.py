"""Texts made from the records, remembered until anything they were made of changes.

A report or a long table of the records as they are now is made once per state
of the files: the text is kept in the memo of the cache database (``cachedb``)
under a key made of every record file's content (the manifest of
``scanning.Scan``), knelpunt's code, catalogs and templates, the repository's
own templates, and what was asked (what, language, format, filters, day, where
it is printed). Asking again with nothing changed prints the text kept, after
listing the files and nothing more: this module and the ones it imports build
no model and load no YAML parser, Jinja2 or git. The result of ``check`` is
kept in the same memo, under the manifest alone.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import time
from dataclasses import dataclass
from pathlib import Path

from knelpunt.cachedb import CacheDatabase
from knelpunt.pickles import code_fingerprint
from knelpunt.problems import Problem
from knelpunt.repo import Repository
from knelpunt.scanning import Scan, scan

#: A repository's own templates larger than this are not hashed: no memo then.
MAX_TEMPLATE_BYTES = 4_000_000


def folder_digest(folder: Path) -> str | None:
    """A hash of every file below ``folder`` (names and content), links left
    out as the template loader leaves them out; None when it is too large."""
    digest = hashlib.blake2b(digest_size=16)
    if not folder.is_dir() or folder.is_symlink():
        return "none"
    total = 0
    for base, folders, files in os.walk(folder, followlinks=False):
        folders.sort()
        for name in sorted(files):
            path = Path(base) / name
            if path.is_symlink() or not path.is_file():
                continue
            total += path.stat().st_size
            if total > MAX_TEMPLATE_BYTES:
                return None
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def builtin_templates() -> Path:
    """The templates shipped with knelpunt: in the wheel, or in the checkout."""
    packaged = Path(__file__).parent / "templates"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "templates"


@dataclass
class Question:
    """Something asked of the records as they are now (a report, a table), and
    its key in the memo (None: not to be kept, e.g. while a file could not be
    read)."""

    scanned: Scan
    templates: Path
    asked: tuple[str, ...]
    key: str | None = None
    #: The scan let go of (``settle``): the key is what it was then.
    settled: bool = False
    #: The cache database the text is kept in (the scan's).
    cache: CacheDatabase | None = None

    def __post_init__(self) -> None:
        self.cache = self.cache or self.scanned.cache

    def key_now(self) -> str | None:
        scanned = self.scanned
        if self.settled or scanned.cache is None or not scanned.complete:
            return self.key if self.settled else None
        return memo_key(scanned.manifest(), builtin_templates(), self.templates, *self.asked)

    def settle(self) -> None:
        """Take the key now that the records are read (loading learnt every
        file's content key), and let the scan of the files go: at 50,000
        bottlenecks it was 13 MB more at the peak of a report."""
        self.key = self.key or self.key_now()
        self.settled = True
        self.scanned = Scan.nothing()


def remembered(repo: Repository, *asked: str) -> tuple[str | None, Question]:
    """The text last made for ``asked`` (what, for whom, language, format, day)
    when nothing it was made of changed; and the question, to make the text and
    ``keep`` it otherwise. Kept apart from the report module so that a
    remembered report needs neither Jinja2 nor git."""
    question = Question(scan(repo), repo.root / "templates", asked)
    question.key = question.key_now()
    cache = question.scanned.cache
    if question.key is not None and cache is not None:
        text = cache.remembered(question.key)
        if isinstance(text, str):
            return text, question
    return None, question


def keep(repo: Repository, question: Question, text: str) -> None:
    """Remember ``text`` as the answer to ``question``. Call it only for text
    made from records without problems: a problem is told every time."""
    key = question.key or question.key_now()  # loading learnt every file's content key
    cache = question.cache
    if key is not None and cache is not None:
        cache.remember(key, text, time.time())


def remembered_check(scanned: Scan) -> tuple[list[Problem], int] | None:
    """The problems ``check`` found last time, and how many files it checked,
    when no file changed since (the same content keys, the same configuration)."""
    cache = scanned.cache
    if cache is None or not scanned.complete:
        return None
    found = cache.remembered(f"check|{scanned.manifest()}")
    if not isinstance(found, bytes):
        return None
    problems, files = pickle.loads(found)
    return list(problems), files


def keep_check(scanned: Scan, problems: list[Problem], files: int) -> None:
    """Remember what ``check`` found in the files ``scanned`` (read since:
    every content key known)."""
    if scanned.cache is not None and scanned.complete:
        found = pickle.dumps((problems, files), pickle.HIGHEST_PROTOCOL)
        scanned.cache.remember(f"check|{scanned.manifest()}", found, time.time())


@functools.cache
def _own_digest(folder: Path) -> str:
    """``folder_digest`` of one of knelpunt's own folders, read once a process."""
    return str(folder_digest(folder))


def memo_key(manifest: str, builtin: Path, repository_templates: Path, *asked: str) -> str | None:
    """The key of a remembered text: every file it was made from, knelpunt's
    code, templates and catalogs, the repository's own templates, and what was
    asked (what, language, format, filters, day). None: do not keep this one."""
    package = Path(__file__).resolve().parent
    own = folder_digest(repository_templates)
    if own is None:
        return None
    parts = [
        manifest,
        code_fingerprint(),
        _own_digest(package / "locale"),
        _own_digest(builtin),
        own,
        *asked,
    ]
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()
