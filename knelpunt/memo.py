"""Texts made from the records, remembered until anything they were made of changes.

A report or a long table of the records as they are now is made once per state
of the files: the text is kept in the cache database (SQLite, in the user's
cache folder, see ``cache``) under a key made of every record file's content
(the manifest of ``scanning.Scan``), knelpunt's code, catalogs and templates,
the repository's own templates, and what was asked (what, language, format,
filters, day, where it is printed). Asking again with nothing changed prints
the text kept, after listing the files and nothing more: this module and the
ones it imports build no model and load no YAML parser, Jinja2 or git.

The lean index of the bottlenecks (``index``) lives in the same database.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from knelpunt.cache import cache_folder
from knelpunt.pickles import code_fingerprint, own_folder, trusted
from knelpunt.problems import Problem
from knelpunt.repo import Repository
from knelpunt.scanning import Scan, scan

T = TypeVar("T")

#: The database file is made anew, never opened through a link.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)

MEMO_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS memo (key TEXT PRIMARY KEY, text TEXT NOT NULL, made REAL NOT NULL);
"""


def index_path(repo: Repository) -> Path:
    folder, name = cache_folder(repo)
    return folder / f"index-{name}.sqlite"


class CacheDatabase:
    """The SQLite file in the cache folder. Every failure to read or write it
    is a miss, never an error."""

    #: The tables this class reads and writes; made where they are missing.
    schema = MEMO_SCHEMA

    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if not create and not self.path.exists():
            return None
        # SQLite opens its journal beside the file by a name anyone can know:
        # in a folder others can write in, a link planted there is written through.
        if not own_folder(self.path.parent):
            return None
        if create and not self.path.exists():
            try:
                os.close(os.open(self.path, _NEW_FILE, 0o600))
            except FileExistsError:
                pass  # made meanwhile by another knelpunt (a link: not trusted below)
            except OSError:
                return None
        if not trusted(self.path):
            return None
        connection = None
        try:
            connection = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
            connection.executescript(self.schema)
            return connection
        except sqlite3.Error:
            if connection is not None:
                connection.close()
            return self._start_afresh() if create else None

    def _start_afresh(self) -> sqlite3.Connection | None:
        """A file SQLite cannot read (torn, or not a database at all) is replaced."""
        try:
            self.path.unlink()
        except OSError:
            return None
        try:
            os.close(os.open(self.path, _NEW_FILE, 0o600))
            connection = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
            connection.executescript(self.schema)
            return connection
        except (OSError, sqlite3.Error):
            return None

    def _ask(self, token: str | None, question: Callable[[sqlite3.Connection], T]) -> T | None:
        """``question`` answered from the database, when it was made for
        ``token`` (any, for None); None when it was not, or cannot be read."""
        connection = self._connect(create=False)
        if connection is None:
            return None
        try:
            with connection:
                if token is not None:
                    found = connection.execute(
                        "SELECT value FROM meta WHERE name = 'token'"
                    ).fetchone()
                    if found is None or found[0] != token:
                        return None
                return question(connection)
        except (sqlite3.Error, ValueError, TypeError, IndexError):
            return None
        finally:
            connection.close()

    def memo_get(self, key: str) -> str | None:
        def text(connection: sqlite3.Connection) -> str | None:
            found = connection.execute("SELECT text FROM memo WHERE key = ?", (key,)).fetchone()
            return str(found[0]) if found is not None else None

        return self._ask(None, text)

    def memo_put(self, key: str, text: str) -> None:
        """Keep ``text`` under ``key``, and only the last ``MEMOS`` texts."""
        connection = self._connect(create=True)
        if connection is None:
            return
        try:
            with connection:
                connection.execute(
                    "INSERT OR REPLACE INTO memo VALUES (?, ?, ?)", (key, text, time.time())
                )
                connection.execute(
                    "DELETE FROM memo WHERE key NOT IN"
                    " (SELECT key FROM memo ORDER BY made DESC LIMIT ?)",
                    (MEMOS,),
                )
        except sqlite3.Error:
            pass
        finally:
            connection.close()


#: Texts kept: one per report or table, language, format, filter and day asked for.
MEMOS = 40
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
    if question.key is not None:
        text = CacheDatabase(index_path(repo)).memo_get(question.key)
        if text is not None:
            return text, question
    return None, question


def keep(repo: Repository, question: Question, text: str) -> None:
    """Remember ``text`` as the answer to ``question``. Call it only for text
    made from records without problems: a problem is told every time."""
    key = question.key or question.key_now()  # loading learnt every file's content key
    if key is not None:
        CacheDatabase(index_path(repo)).memo_put(key, text)


def remembered_check(scanned: Scan) -> tuple[list[Problem], int] | None:
    """The problems ``check`` found last time, and how many files it checked,
    when no file changed since (the same content keys, the same configuration)."""
    cache = scanned.cache
    if cache is None or not scanned.complete:
        return None
    found = cache.check_result(scanned.manifest())
    if found is None:
        return None
    # Nothing to write: every file was known (none racy), so the index on disk
    # already says all this run learnt.
    problems, files = found
    return list(problems), files


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
