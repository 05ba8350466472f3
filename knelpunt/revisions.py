"""Records as they were at a git revision, read without touching the work tree.

``knelpunt report --as-of REV`` and ``--since REV`` read the blobs of that
commit through GitPython: nothing is checked out, the working files stay as
they are.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from knelpunt import yamlio
from knelpunt.config import CONFIG_FILE, Config
from knelpunt.errors import KnelpuntError
from knelpunt.gitrepo import open_git
from knelpunt.models import FOLDERS, RECORD_TYPES, Update
from knelpunt.pickles import return_freed_memory, without_cycle_walks
from knelpunt.repo import DATA_DIR, Repository
from knelpunt.scanning import SourceFile, content_key
from knelpunt.store import (
    TRIM_AFTER,
    Loaded,
    RecordSet,
    Sharing,
    add_record,
    failed,
    leave_out_long_text,
    parse_bytes,
)
from knelpunt.workflow import derive


def commit_for(root: Path, revision: str) -> Any:
    """The commit ``revision`` names. A value starting with '-' is refused, so
    a revision can never be read as an option of git.

    git itself reads the revision (``rev-parse --verify``): GitPython's own
    reading knows only part of git's syntax and fails in ways of its own
    (``HEAD@{1.year.ago}`` raised NotImplementedError). Whatever git cannot
    take for one commit is ``unknown_revision``."""
    import git

    if not revision or revision.startswith("-") or "\0" in revision:
        raise KnelpuntError("unknown_revision", revision=revision)
    repository = open_git(root)
    try:
        found = repository.git.rev_parse(
            "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
        )
        return repository.commit(found.strip())
    except (git.BadName, ValueError, IndexError, KeyError, TypeError, git.GitCommandError):
        raise KnelpuntError("unknown_revision", revision=revision) from None


def merge_base(root: Path, base: str, head: str | None = None) -> str:
    """Where ``head`` (else HEAD) left ``base``: their merge base, as a pull
    request compares, so that what arrived on ``base`` since is not taken
    for the branch removing it. ``base`` itself when they share no history
    (or nothing is committed yet), as there is nothing else to compare with."""
    import git

    base_commit = commit_for(root, base)
    try:
        head_commit = commit_for(root, head or "HEAD")
    except KnelpuntError:
        if head is not None:
            raise
        return str(base_commit.hexsha)  # an unborn branch: nothing committed here yet
    try:
        bases = base_commit.repo.merge_base(base_commit, head_commit)
    except git.GitCommandError:
        bases = []
    return str((bases[0] if bases else base_commit).hexsha)


def prefix_in_git(root: Path, commit: Any) -> PurePosixPath:
    """Where the knelpunt repository lies inside the git repository."""
    top = Path(commit.repo.working_tree_dir).resolve()
    return PurePosixPath(root.resolve().relative_to(top).as_posix())


def subtree(tree: Any, path: PurePosixPath) -> Any:
    """The file or folder ``path`` of a commit's ``tree``; None where there is none."""
    try:
        return tree / str(path) if str(path) not in ("", ".") else tree
    except KeyError:
        return None


def _folder(tree: Any, path: PurePosixPath) -> Any:
    """A folder of the commit; None where there is none, or a link or file instead."""
    import git

    found = subtree(tree, path)
    return found if isinstance(found, git.Tree) else None


_LINK_MODE = 0o120000


def _blob_bytes(blob: Any) -> bytes:
    """A file of the commit, read no further than a record can be long; a
    symbolic link is refused as it is on disk (its text is a path, not a record)."""
    if blob.mode == _LINK_MODE:
        raise yamlio.ParseFailure("file_symlink")
    limit = yamlio.MAX_RECORD_BYTES
    if blob.size > limit:
        raise yamlio.ParseFailure("file_too_large", {"size": blob.size, "limit": limit})
    data: bytes = blob.data_stream.read(limit + 1)
    return data


class _Blob(NamedTuple):
    """A file of a commit, as ``git ls-tree`` lists it."""

    mode: int
    hexsha: str
    path: str


def _blobs_under(commit: Any, folder: str) -> Iterator[_Blob]:
    """Every file under ``folder`` of ``commit``, at any depth: one call to
    git. Walking the trees through GitPython asked git twice for each of the
    50,000 history folders of a large repository."""
    import subprocess

    # Read as git writes it: the listing of 170,000 files is 17 MB of text.
    command = ["git", "--git-dir", commit.repo.git_dir, "ls-tree", "-r", "-z", "--full-tree"]
    process = subprocess.Popen(
        [*command, commit.hexsha, "--", folder],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **commit.repo.git.environment()},  # see gitrepo.git_environment
    )
    assert process.stdout is not None
    try:
        left = b""
        while chunk := process.stdout.read(1 << 16):
            *lines, left = (left + chunk).split(b"\0")
            for line in lines:
                head, tab, path = line.partition(b"\t")
                fields = head.split()
                if tab and len(fields) == 3 and fields[1] == b"blob":
                    name = path.decode("utf-8", "surrogateescape")
                    yield _Blob(int(fields[0], 8), fields[2].decode("ascii"), name)
    finally:
        process.kill()
        process.wait()
        process.stdout.close()


def _read_blobs(repository: Any, blobs: list[Any]) -> Iterator[bytes | yamlio.ParseFailure]:
    """The bytes of each of ``blobs``, in turn, as ``_blob_bytes`` reads one:
    through one ``git cat-file --batch`` that is handed every id at once. One
    blob at a time through GitPython took two round trips to git each, most
    of the time of reading a revision of 170,000 files."""
    import subprocess
    import threading

    if not blobs:
        return
    limit = yamlio.MAX_RECORD_BYTES
    process = subprocess.Popen(
        ["git", "--git-dir", repository.git_dir, "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **repository.git.environment()},  # see gitrepo.git_environment
    )
    assert process.stdin is not None and process.stdout is not None
    asked, answers = process.stdin, process.stdout

    def ask() -> None:
        try:
            for blob in blobs:
                # A link's blob is asked for as well, so that answers stay in step.
                asked.write(blob.hexsha.encode("ascii") + b"\n")
            asked.close()
        except (BrokenPipeError, ValueError):
            pass  # the reader stopped early

    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    try:
        for blob in blobs:
            header = answers.readline().split()
            if len(header) != 3 or not header[2].isdigit():
                yield yamlio.ParseFailure("file_unreadable", {"error": blob.path})
                continue
            size = int(header[2])
            if size > limit:
                left = size + 1  # and the line break after it
                while left:
                    left -= len(answers.read(min(left, 1 << 16)) or b"\0" * left)
                yield yamlio.ParseFailure("file_too_large", {"size": size, "limit": limit})
                continue
            data = answers.read(size)
            answers.read(1)
            if blob.mode == _LINK_MODE:
                yield yamlio.ParseFailure("file_symlink")
            else:
                yield data
    finally:
        process.kill()
        process.wait()
        answers.close()
        asking.join()


def load_at(
    repo: Repository,
    revision: str,
    lean: bool = False,
    wanted: Callable[[str, str, str | None], bool] | None = None,
) -> tuple[Repository, RecordSet, Any]:
    """The repository's configuration and records at ``revision``, and its commit.

    ``lean``: each record's long free text is left out once it is read, as
    ``store.load_records`` does; ``texts`` reads it again from the commit for
    what is shown (``RecordSet.read_again``, checked by content key).
    ``wanted``: read only the files it says yes to (by kind, relative path
    and, for a history entry, its bottleneck's id): what a diff compares."""
    at, commit, files = _files_at(repo, revision, wanted)
    records = RecordSet(lean=lean, answer_within=at.config.follow_up.answer_within_days)
    if lean:
        records.read_again = partial(_read_again, commit.tree, prefix_in_git(repo.root, commit))
    sharing = Sharing()  # as store.load_records does: see there
    with without_cycle_walks():
        for kind, source, raw, loaded in files:
            records.files += 1
            records.problems.extend(loaded.problems)
            place = add_record(records, source, source.relative, loaded.record)
            if place is not None and loaded.record is not None:
                sharing.share(loaded.record)
                if lean:
                    leave_out_long_text(loaded.record)
                    records.keys[place] = content_key(kind, source.relative, raw)
    if records.files >= TRIM_AFTER:
        return_freed_memory()  # as store.load_records does
    return at, records, commit


def _files_at(
    repo: Repository, revision: str, wanted: Callable[[str, str, str | None], bool] | None = None
) -> tuple[Repository, Any, Iterator[tuple[str, SourceFile, bytes, Loaded]]]:
    """The configuration and commit at ``revision``, and each record file of
    it read and validated, one at a time, in the order of their paths."""
    from pydantic import ValidationError

    commit = commit_for(repo.root, revision)
    prefix = prefix_in_git(repo.root, commit)
    base = subtree(commit.tree, prefix)
    config = repo.config
    config_blob = subtree(commit.tree, prefix / CONFIG_FILE)
    if config_blob is not None:
        try:
            data = yamlio.fast_load(yamlio.decode(_blob_bytes(config_blob)))
            config = Config.model_validate(data)
        except (yamlio.ParseFailure, ValidationError, AttributeError):
            pass  # an old, broken configuration: read the records with today's
    at = Repository(repo.root, config)
    data_tree = _folder(base, PurePosixPath(DATA_DIR)) if base is not None else None
    kinds = {FOLDERS[kind]: kind for kind in [*RECORD_TYPES, "update"]}

    def files() -> Iterator[tuple[str, SourceFile, bytes, Loaded]]:
        if data_tree is None:
            return
        chosen: dict[str, list[tuple[_Blob, SourceFile]]] = {kind: [] for kind in kinds.values()}
        for blob in _blobs_under(commit, data_tree.path):
            path = PurePosixPath(blob.path)
            relative = path.relative_to(prefix) if str(prefix) not in ("", ".") else path
            parts = relative.parts  # data, folder, [bottleneck,] name
            kind = kinds.get(parts[1]) if len(parts) > 2 else None
            if kind is None or len(parts) != (4 if kind == "update" else 3):
                continue
            if parts[-1].startswith(".") or not parts[-1].endswith(".yaml"):
                continue
            parent = parts[2] if kind == "update" else None
            if wanted is None or wanted(kind, str(relative), parent):
                source = SourceFile(kind, str(repo.root), str(relative), parent)
                chosen[kind].append((blob, source))
        for kind, some in chosen.items():
            some.sort(key=lambda chosen_one: chosen_one[0].path)
            read = _read_blobs(commit.repo, [blob for blob, _ in some])
            for (_, source), raw in zip(some, read, strict=True):
                try:
                    if isinstance(raw, yamlio.ParseFailure):
                        raise raw
                    loaded = parse_bytes(config, source, source.relative, raw)
                except yamlio.ParseFailure as failure:
                    raw, loaded = b"", failed(source, source.relative, failure)
                yield kind, source, raw, loaded

    return at, commit, files()


def changed_files(repo: Repository, base: Any, head: Any | None) -> set[str]:
    """The files of ``data/`` (relative to the repository) that differ between
    the commits ``base`` and ``head``, or the work tree when ``head`` is None
    (files git does not track included): git knows without reading them."""
    prefix = prefix_in_git(repo.root, base)
    data = str(prefix / DATA_DIR) if str(prefix) not in ("", ".") else DATA_DIR
    git = base.repo.git
    # Names only, never a patch; no program of the repository's makes one all the same.
    asked = ("--name-only", "--no-renames", "--no-ext-diff", "--no-textconv", "-z", base.hexsha)
    if head is None:
        listed = git.diff(*asked, "--", data)
        listed += "\0" + git.ls_files("--others", "-z", "--", data)
    else:
        listed = git.diff(*asked, head.hexsha, "--", data)
    paths = {PurePosixPath(path) for path in listed.split("\0") if path}
    if str(prefix) in ("", "."):
        return {str(path) for path in paths}
    return {str(path.relative_to(prefix)) for path in paths if path.is_relative_to(prefix)}


def _read_again(tree: Any, prefix: PurePosixPath, relative: str) -> bytes:
    """A file of the commit ``tree`` once more, bounded as ``load_at`` read it."""
    blob = subtree(tree, prefix / relative)
    if blob is None:
        raise yamlio.ParseFailure("file_unreadable", {"error": relative})  # it was, when read
    return _blob_bytes(blob)


@dataclass(frozen=True)
class Baseline:
    """What "since" compares with: the bottlenecks and their status back then."""

    label: str
    statuses: Mapping[str, str]
    #: The history entries each bottleneck had then, by id: every entry
    #: since is a step "report --since" lists.
    known: Mapping[str, frozenset[str]] = field(default_factory=dict)


def baseline_at_date(records: RecordSet, day: dt.date) -> Baseline:
    """The state before ``day``, from the dates the records themselves carry."""

    statuses: dict[str, str] = {}
    known: dict[str, frozenset[str]] = {}
    for bottleneck_id, bottleneck in records.bottlenecks.items():
        earlier = [u for u in records.updates.get(bottleneck_id, []) if u.date < day]
        known[bottleneck_id] = frozenset(u.id for u in earlier)
        if bottleneck.reported_on >= day:
            continue
        statuses[bottleneck_id] = derive(earlier)[0].status
    return Baseline(day.isoformat(), statuses, known)


def baseline_at_revision(repo: Repository, revision: str) -> Baseline:
    """The status of each bottleneck at ``revision``. Read a bottleneck's
    history at a time, and let go of: no record of the revision is kept."""
    _, commit, files = _files_at(
        repo, revision, lambda kind, relative, parent: kind in ("bottleneck", "update")
    )
    readable: list[str] = []
    statuses: dict[str, str] = {}
    known: dict[str, frozenset[str]] = {}
    history: list[Update] = []
    parent: str | None = None
    for kind, source, _, loaded in files:
        record = loaded.record
        if kind == "bottleneck" and record is not None:
            readable.append(record.id)
        elif isinstance(record, Update):
            if source.parent != parent:  # files come by path: one history after another
                if parent is not None:
                    statuses[parent] = derive(history)[0].status
                    known[parent] = frozenset(u.id for u in history)
                parent, history = source.parent, []
            history.append(record)
    if parent is not None:
        statuses[parent] = derive(history)[0].status
        known[parent] = frozenset(u.id for u in history)
    first = derive([])[0].status
    state_then = {b: statuses.get(b, first) for b in dict.fromkeys(readable)}
    return_freed_memory()
    return Baseline(f"{revision} ({commit.hexsha[:8]})", state_then, known)


def default_base(root: Path, revision: str = "HEAD") -> str:
    """Where ``revision`` left main: the merge-base of it and main (or master)."""
    import git

    head = commit_for(root, revision)
    repository = head.repo
    for name in ("main", "master", "origin/main", "origin/master"):
        try:
            main = repository.commit(name)
        except (git.BadName, ValueError, git.GitCommandError):
            continue
        bases = repository.merge_base(head, main)
        if bases:
            return str(bases[0].hexsha)
    raise KnelpuntError("no_main_branch")
