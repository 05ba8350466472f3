"""What a change does to readers beyond the records: templates and settings.

A pull request that changes ``templates/`` or ``knelpunt.yaml`` changes what
every reader of a report or the site gets (a theme's label, a weight of the
priority, a routing rule, a page's text) without touching one record. The
diff a reviewer reads and ``check --against`` name each of these changes:
every template added, changed or removed with its lines, and every setting
with its value before and after, at its line in ``knelpunt.yaml``. They are
warnings, not errors: such a change may be right, but it must be seen.

The two sides are compared by git's blob ids, so an unchanged folder costs
nothing; only a changed file is read, bounded as every file is.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from knelpunt import yamlio
from knelpunt.config import CONFIG_FILE
from knelpunt.errors import FileRefused
from knelpunt.problems import Problem
from knelpunt.repo import Repository
from knelpunt.revisions import prefix_in_git, subtree
from knelpunt.safeio import read_regular
from knelpunt.templating import MAX_TEMPLATE_BYTES

TEMPLATES = "templates"
#: A templates folder of a few dozen files; past this the rest is one line.
MAX_TEMPLATE_FILES = 500
#: Settings listed one by one; past this the rest is one line.
MAX_SETTINGS = 200
_LINK_MODE = 0o120000


def reader_changes(repo: Repository, base: Any, head: Any | None) -> list[Problem]:
    """The templates and settings that differ between the commits ``base``
    and ``head`` (the work tree when ``head`` is None), as warnings."""
    prefix = prefix_in_git(repo.root, base)
    before_templates = dict(_tree_files(base.tree, prefix / TEMPLATES))
    if head is None:
        after_templates = dict(_disk_files(repo.root / TEMPLATES))
    else:
        after_templates = dict(_tree_files(head.tree, prefix / TEMPLATES))
    problems = _template_problems(before_templates, after_templates)
    before_config = _tree_file(base.tree, prefix / CONFIG_FILE)
    if head is None:
        after_config = _disk_file(repo.root / CONFIG_FILE)
    else:
        after_config = _tree_file(head.tree, prefix / CONFIG_FILE)
    if before_config.sha != after_config.sha:
        problems += _setting_problems(before_config.read(), after_config.read())
    return problems


# --- the two sides, file by file ------------------------------------------------


class _File:
    """A file of one side: git's blob id, and its bytes when asked."""

    def __init__(self, sha: str | None, read: Any) -> None:
        self.sha = sha
        self._read = read

    def read(self) -> bytes | None:
        result: bytes | None = self._read()
        return result


_MISSING = _File(None, lambda: None)


def _blob_reader(blob: Any) -> Any:
    def read() -> bytes | None:
        if blob.mode == _LINK_MODE or blob.size > MAX_TEMPLATE_BYTES:
            return None
        data: bytes = blob.data_stream.read(MAX_TEMPLATE_BYTES + 1)
        return data

    return read


def _tree_file(tree: Any, path: PurePosixPath) -> _File:
    import git

    found = subtree(tree, path)
    if not isinstance(found, git.Blob):
        return _MISSING
    return _File(found.hexsha, _blob_reader(found))


def _tree_files(tree: Any, path: PurePosixPath) -> Iterator[tuple[str, _File]]:
    import git

    folder = subtree(tree, path)
    if not isinstance(folder, git.Tree):
        return
    for count, item in enumerate(folder.traverse()):
        if count >= MAX_TEMPLATE_FILES * 4:
            return
        if isinstance(item, git.Blob):
            relative = PurePosixPath(item.path).relative_to(path)
            yield f"{TEMPLATES}/{relative}", _File(item.hexsha, _blob_reader(item))


def _blob_id(data: bytes) -> str:
    """The id git gives a file of these bytes: equal ids, equal files."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _disk_file(path: Path) -> _File:
    if path.is_symlink() or not path.is_file():
        return _MISSING
    try:
        data = read_regular(str(path), MAX_TEMPLATE_BYTES)
    except (FileRefused, OSError):
        return _File("unreadable", lambda: None)
    return _File(_blob_id(data), lambda: data)


def _disk_files(folder: Path) -> Iterator[tuple[str, _File]]:
    """The files of the work tree's templates folder, links named but not followed."""
    if folder.is_symlink() or not folder.is_dir():
        return
    count = 0
    for top, folders, files in os.walk(folder, followlinks=False):
        folders.sort()
        for name in sorted(files):
            count += 1
            if count > MAX_TEMPLATE_FILES * 4:
                return
            path = Path(top) / name
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                # A link is what git stores: its target, as text.
                target = os.readlink(path).encode()
                yield f"{TEMPLATES}/{relative}", _File(_blob_id(target), lambda: None)
            else:
                yield f"{TEMPLATES}/{relative}", _disk_file(path)


# --- templates ------------------------------------------------------------------


def _lines(data: bytes | None) -> list[str]:
    return data.decode("utf-8", "replace").splitlines() if data else []


def _template_problems(before: dict[str, _File], after: dict[str, _File]) -> list[Problem]:
    problems: list[Problem] = []
    names = sorted(set(before) | set(after))
    changed = [n for n in names if before.get(n, _MISSING).sha != after.get(n, _MISSING).sha]
    for name in changed[:MAX_TEMPLATE_FILES]:
        old, new = before.get(name), after.get(name)
        old_lines = _lines(old.read()) if old else []
        new_data = new.read() if new else None
        new_lines = _lines(new_data)
        if new_data is not None and name.endswith(".j2"):
            broken = _syntax_problem(name, new_data)
            if broken is not None:
                problems.append(broken)
        # Lines as a multiset: what is new and what is gone, in one pass
        # (a line-by-line diff is quadratic on a hostile file).
        added = sum((Counter(new_lines) - Counter(old_lines)).values())
        removed = sum((Counter(old_lines) - Counter(new_lines)).values())
        key = "template_added" if old is None else "template_removed" if new is None else None
        problems.append(
            Problem(
                name,
                key or "template_changed",
                {"added": added, "removed": removed},
                severity="warning",
                line=_first_difference(old_lines, new_lines) if old and new else 1,
            )
        )
    if len(changed) > MAX_TEMPLATE_FILES:
        left = len(changed) - MAX_TEMPLATE_FILES
        problems.append(_more(TEMPLATES, "templates_more_changed", left))
    return problems


def _more(path: str, key: str, count: int) -> Problem:
    """One line for what a review lists no further."""
    return Problem(path, key, {"count": count}, severity="warning")


def _syntax_problem(name: str, data: bytes) -> Problem | None:
    """An error where a changed template cannot be read by Jinja2: after the
    merge every report that uses it would fail, so review must fail first.
    Parsing runs none of the template (the sandbox is not even needed)."""
    from jinja2 import Environment, TemplateSyntaxError

    try:
        Environment(autoescape=True).parse(data.decode("utf-8-sig", "replace"))
    except TemplateSyntaxError as exc:
        return Problem(
            name,
            "template_syntax",
            {"error": exc.message or str(exc)},
            line=exc.lineno or 1,
        )
    except (RecursionError, MemoryError):  # a template nested beyond reason
        return Problem(name, "template_syntax", {"error": "nesting"}, line=1)
    return None


def _first_difference(old: list[str], new: list[str]) -> int:
    for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):
        if a != b:
            return number
    return min(len(old), len(new)) + 1 if len(new) > len(old) else max(len(new), 1)


# --- settings -------------------------------------------------------------------


def _settings(raw: bytes | None) -> dict[tuple[Any, ...], Any] | None:
    """Every setting of ``knelpunt.yaml`` as its path of keys and its value;
    None when the file cannot be read (``check`` says why)."""
    if raw is None:
        return {}
    try:
        data = yamlio.fast_load(yamlio.decode(raw))
    except yamlio.ParseFailure:
        return None
    found: dict[tuple[Any, ...], Any] = {}
    _flatten(data, (), found)
    return found


def _flatten(value: Any, path: tuple[Any, ...], into: dict[tuple[Any, ...], Any]) -> None:
    if len(into) > 100_000:  # a bounded file, but a bounded loop all the same
        return
    if isinstance(value, dict) and value:
        for key, item in value.items():
            _flatten(item, (*path, key), into)
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            _flatten(item, (*path, index), into)
    else:
        into[path] = value


def _setting_problems(before_raw: bytes | None, after_raw: bytes | None) -> list[Problem]:
    before, after = _settings(before_raw), _settings(after_raw)
    if before is None or after is None:
        return [Problem(CONFIG_FILE, "settings_changed_unreadable", severity="warning")]
    paths = sorted(
        (p for p in set(before) | set(after) if before.get(p, _ABSENT) != after.get(p, _ABSENT)),
        key=lambda p: [str(part) for part in p],
    )
    document = None
    if after_raw:
        try:
            document = yamlio.rt_load_for_positions(yamlio.decode(after_raw))
        except (yamlio.ParseFailure, ValueError):
            document = None
    problems = []
    for path in paths[:MAX_SETTINGS]:
        line, column = yamlio.locate(document, path, False) if document is not None else (1, 1)
        problems.append(
            Problem(
                CONFIG_FILE,
                "setting_changed",
                {
                    "setting": " › ".join(str(part) for part in path) or "-",
                    "before": _shown(before.get(path, _ABSENT)),
                    "after": _shown(after.get(path, _ABSENT)),
                },
                severity="warning",
                line=line,
                column=column,
            )
        )
    if len(paths) > MAX_SETTINGS:
        problems.append(_more(CONFIG_FILE, "settings_more_changed", len(paths) - MAX_SETTINGS))
    return problems


class _Absent:
    def __repr__(self) -> str:
        return "-"


_ABSENT = _Absent()


def _shown(value: Any) -> str:
    """A setting's value in a line of a review: short, one line."""
    if value is _ABSENT:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or value == {} or value == []:
        return "''"
    text = " ".join(str(value).split())
    return text if len(text) <= 120 else text[:119] + "…"
