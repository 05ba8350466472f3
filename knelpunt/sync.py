"""``knelpunt sync``: bring the laptop up to date with the shared repository.

An explorer works on a branch of their own; a coordinator merges it on the
server (the merge button) and the explorer's laptop knows nothing of it. sync
fetches, brings main up to date, leaves a branch whose work has been merged,
keeps every change not yet handed in, and says in one sentence what arrived.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from knelpunt.errors import KnelpuntError
from knelpunt.gitops import git_words, push_refused
from knelpunt.gitrepo import default_remote, is_merged, main_name, open_git
from knelpunt.ids import FOLDERS
from knelpunt.messages import message
from knelpunt.repo import DATA_DIR, Repository


@dataclass
class SyncResult:
    """What sync did, for one sentence."""

    main: str
    #: Counts of what arrived on main: "bottleneck", "initiative", ..., "status".
    arrived: Counter[str] = field(default_factory=Counter)
    #: The branch left because its work is on main now.
    left_branch: str | None = None
    #: The branch still waiting for review, that sync stayed on.
    waiting_branch: str | None = None
    #: The repository has no remote: nowhere to fetch from.
    no_remote: bool = False
    #: The server could not be reached; git's own words (``gitops.git_words``).
    offline_reason: str | None = None
    #: The server was reached and said no (no access): waiting will not help.
    refused_reason: str | None = None


def arrived(old: Any, new: Any, prefix: PurePosixPath, known: Any = None) -> Counter[str]:
    """What came to main between commits ``old`` and ``new``: new records per
    kind, and new history entries that change a status; files the commit
    ``known`` has (the person's own branch) are their own, not news."""
    counts: Counter[str] = Counter()
    if old is None or old.hexsha == new.hexsha:
        return counts
    kinds = {f"{DATA_DIR}/{folder}": kind for kind, folder in FOLDERS.items()}
    for change in old.diff(new):
        if change.change_type != "A":
            continue
        path = PurePosixPath(change.b_path)
        try:
            relative = path.relative_to(prefix) if str(prefix) not in ("", ".") else path
        except ValueError:
            continue
        if known is not None and _has(known, change.b_path):
            continue
        parts = relative.parts
        if len(parts) < 3 or not parts[-1].endswith(".yaml"):
            continue
        kind = kinds.get(f"{parts[0]}/{parts[1]}")
        if kind == "update":
            blob = change.b_blob
            text = blob.data_stream.read(64 * 1024) if blob is not None else b""
            if b"\nstatus:" in text or text.startswith(b"status:"):
                counts["status"] += 1
        elif kind is not None:
            counts[kind] += 1
    return counts


def _has(commit: Any, path: str) -> bool:
    try:
        commit.tree / path
    except KeyError:
        return False
    return True


def sync(repo: Repository) -> SyncResult:
    import git

    repository = open_git(repo.root, writing=True)
    if repository.head.is_detached:
        raise KnelpuntError("detached_head")
    main = main_name(repository)
    result = SyncResult(main)
    remote = default_remote(repository)
    if remote is None:
        result.no_remote = True
        return result
    try:
        remote.fetch(prune=True)
    except git.GitCommandError as exc:
        if push_refused(str(getattr(exc, "stderr", "") or exc)):
            result.refused_reason = git_words(exc)
        else:
            result.offline_reason = git_words(exc)
        return result
    try:
        upstream = repository.commit(f"{remote.name}/{main}")
    except (git.BadName, ValueError):
        return result  # the remote has no main yet: nothing to bring
    top = Path(repository.working_tree_dir).resolve()
    prefix = PurePosixPath(repo.root.resolve().relative_to(top).as_posix())
    old_main = repository.heads[main].commit
    current = repository.active_branch.name
    if current != main:
        if not is_merged(repository, current, upstream):
            result.waiting_branch = current
            if repository.is_ancestor(old_main, upstream):
                # Not checked out: main can move without touching the work tree.
                repository.heads[main].commit = upstream
                result.arrived = arrived(old_main, upstream, prefix)
            return result
        try:
            # Uncommitted records come along: git carries changes that do not clash.
            repository.git.checkout(main)
        except git.GitCommandError as exc:
            raise KnelpuntError("sync_checkout_failed", branch=main, error=git_words(exc)) from None
        result.left_branch = current
    own = repository.heads[current].commit if result.left_branch else None
    try:
        repository.git.merge("--ff-only", upstream.hexsha)
    except git.GitCommandError as exc:
        raise KnelpuntError("sync_not_fast_forward", branch=main, error=git_words(exc)) from None
    result.arrived = arrived(old_main, upstream, prefix, own)
    if result.left_branch:
        # Its work is on main (merged, or squashed: then git itself cannot tell).
        with contextlib.suppress(git.GitCommandError):
            repository.git.branch("-D", current)
    return result


def sentence(counts: Counter[str], lang: str) -> str:
    """ "12 nieuwe knelpunten, 3 statuswijzigingen": what arrived, in one line."""

    parts = []
    for kind in ("bottleneck", "status", "initiative", "meeting", "solution", "actor"):
        count = counts.get(kind, 0)
        if count:
            key = f"sync_count_{kind}"
            parts.append(message(key, lang, count=count))
    return ", ".join(parts) if parts else message("sync_nothing_new", lang)
