"""The one cache database: a SQLite file in the user's cache folder.

Everything knelpunt keeps to be fast lives in one file per repository
(``cache.sqlite`` in ``repo.repository_state_folder``), in these tables:

* ``meta``: what the file was made for (``stamp``: the cache format,
  knelpunt's version and code, Pydantic, Python and the bytes of
  ``knelpunt.yaml``), and for which state of the files the derived tables
  below were last brought up to date (``rows``, ``search``).
* ``file``: a row per record file, keyed by its path: its stat signature
  (size, modification and change time in nanoseconds, inode: the fast check
  that it did not change), its content key (a hash of kind, path and bytes:
  the sure one), its record without long text (pickled) and its long texts
  (JSON), and the warnings about its free text. Only files without problems
  have a row: the others are read again, so their problems are always told.
* ``bottleneck``, ``label``, ``fulltext``: a row per bottleneck with what
  ``list`` and ``prioritise`` filter, sort and show (``index``), the names of
  the problem-solvers, the full-text table of the search at intake.
* ``searched``, ``searchtext``: the full-text table of ``knelpunt search``.
* ``memo``: texts made from the records (reports, long tables) and the result
  of ``check``, each under a key made of everything it was made of.

Each table is brought up to date row by row: after k files changed, about k
rows are read and written. When the stamp differs, every row is thrown away.

Pickled records run code when read, so the file is opened only where no one
else can put one: in a folder of the user's alone (``pickles.own_folder``), a
file that is neither a link nor writable by others (``pickles.trusted``), made
anew exclusively. Every failure to read or write it is a miss, never an
error; a file SQLite cannot read is thrown away and made again.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from knelpunt.pickles import own_folder, trusted

T = TypeVar("T")

#: Raise when a table or the meaning of a column changes.
FORMAT = 1

#: The name of the file in the repository's cache folder.
FILE_NAME = "cache.sqlite"

#: The database file is made anew, never opened through a link.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS file (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    checked_ns INTEGER NOT NULL,
    key TEXT NOT NULL,
    record BLOB NOT NULL,
    texts TEXT NOT NULL,
    findings BLOB
);
CREATE TABLE IF NOT EXISTS memo (key TEXT PRIMARY KEY, value NOT NULL, made REAL NOT NULL);
CREATE TABLE IF NOT EXISTS bottleneck (
    id TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    title TEXT NOT NULL,
    theme TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity INTEGER,
    reported_on TEXT NOT NULL,
    status TEXT NOT NULL,
    levels TEXT NOT NULL,
    addressees TEXT NOT NULL,
    statuses TEXT NOT NULL,
    addressings TEXT NOT NULL,
    is_open INTEGER NOT NULL,
    reporters TEXT NOT NULL,
    regions TEXT NOT NULL,
    provinces TEXT NOT NULL,
    phases TEXT NOT NULL,
    stakeholders TEXT NOT NULL,
    supporters TEXT NOT NULL,
    ranking REAL NOT NULL,
    search TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS label (id TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS fulltext USING fts5(
    id UNINDEXED, title, description, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS searched (
    place TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    digest TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS searchtext USING fts5(
    place UNINDEXED, title, body, notes, tokenize = 'unicode61 remove_diacritics 2'
);
"""

#: Every table, emptied when the stamp changes.
TABLES = ("file", "memo", "bottleneck", "label", "fulltext", "searched", "searchtext")

#: Texts kept in the memo: one per report or table, language, format, filter and day.
MEMOS = 40


class CacheDatabase:
    """The cache database of one repository, made for one ``stamp``."""

    def __init__(self, folder: Path, stamp: str) -> None:
        self.path = folder / FILE_NAME
        self.stamp = f"{FORMAT}|{stamp}"

    # --- opening -----------------------------------------------------------------

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
            _fit(connection)
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
            _fit(connection)
            return connection
        except (OSError, sqlite3.Error):
            return None

    # --- asking and writing ----------------------------------------------------------

    def read(self, question: Callable[[sqlite3.Connection], T]) -> T | None:
        """``question`` answered from the database when it was made for this
        stamp; None when it was not, or cannot be read."""
        connection = self._connect(create=False)
        if connection is None:
            return None
        try:
            with connection:
                if _meta(connection, "stamp") != self.stamp:
                    return None
                return question(connection)
        except (sqlite3.Error, ValueError, TypeError, IndexError):
            return None
        finally:
            connection.close()

    def write(self, change: Callable[[sqlite3.Connection], None]) -> bool:
        """``change`` made in one transaction, after every row made for
        another stamp was thrown away. Whether it was written."""
        connection = self._connect(create=True)
        if connection is None:
            return False
        try:
            connection.execute("BEGIN IMMEDIATE")
            if _meta(connection, "stamp") != self.stamp:
                for table in TABLES:
                    connection.execute(f"DELETE FROM {table}")
                connection.execute("DELETE FROM meta")
                connection.execute("INSERT INTO meta VALUES ('stamp', ?)", (self.stamp,))
            change(connection)
            connection.execute("COMMIT")
            return True
        except (sqlite3.Error, ValueError, TypeError):
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            return False
        finally:
            connection.close()

    # --- what the derived tables were made for ------------------------------------

    def made_for(self, name: str) -> str | None:
        """The state of the files the table group ``name`` was last brought
        up to (``set_made_for``)."""
        return self.read(lambda connection: _meta(connection, name))

    # --- the memo ------------------------------------------------------------------

    def remembered(self, key: str) -> str | bytes | None:
        def value(connection: sqlite3.Connection) -> str | bytes | None:
            found = connection.execute("SELECT value FROM memo WHERE key = ?", (key,)).fetchone()
            return found[0] if found is not None else None

        return self.read(value)

    def remember(self, key: str, value: str | bytes, made: float) -> None:
        """Keep ``value`` under ``key``, and only the last ``MEMOS`` values."""

        def keep(connection: sqlite3.Connection) -> None:
            connection.execute("INSERT OR REPLACE INTO memo VALUES (?, ?, ?)", (key, value, made))
            connection.execute(
                "DELETE FROM memo WHERE key NOT IN"
                " (SELECT key FROM memo ORDER BY made DESC LIMIT ?)",
                (MEMOS,),
            )

        self.write(keep)


def set_made_for(connection: sqlite3.Connection, name: str, state: str) -> None:
    """Note in a write that the tables ``name`` now answer for ``state``."""
    connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, state))


def _meta(connection: sqlite3.Connection, name: str) -> str | None:
    found = connection.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    return None if found is None else str(found[0])


def _fit(connection: sqlite3.Connection) -> None:
    """The tables, made where missing, and made anew when the file was
    written by a knelpunt with other tables (``PRAGMA user_version`` holds
    ``FORMAT``): ``CREATE TABLE IF NOT EXISTS`` would leave an old table as
    it is, refusing every row for good."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version != FORMAT:
        for table in (*TABLES, "meta"):
            connection.execute(f"DROP TABLE IF EXISTS {table}")
        connection.execute(f"PRAGMA user_version = {int(FORMAT)}")
    connection.executescript(SCHEMA)
