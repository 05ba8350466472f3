"""Git for people who do not know git: the repository, the identity, merges.

The general helpers that ``submit``, ``sync``, ``resolve`` and ``init`` share;
handing in itself is ``knelpunt.gitops``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from knelpunt.errors import KnelpuntError
from knelpunt.similar import normalise

MAIN_BRANCHES = ("main", "master")


def open_git(root: Path) -> Any:
    import git

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise KnelpuntError("not_a_git_repository", path=str(root)) from None


def author_name(root: Path) -> str | None:
    """The name git knows this person by, if any."""
    try:
        with open_git(root).config_reader() as config:
            name = config.get_value("user", "name", default="")
    except Exception:
        return None
    return str(name) or None


def has_identity(root: Path) -> bool:
    """Whether git can sign a commit here: a name and an e-mail address it
    knows or can work out. A new laptop has neither, and then every commit
    fails halfway through a submit."""
    import git

    repository = open_git(root)
    try:
        repository.git.var("GIT_AUTHOR_IDENT")
        repository.git.var("GIT_COMMITTER_IDENT")
    except git.GitCommandError:
        return False
    return True


def store_identity(root: Path, name: str, email: str | None) -> None:
    """Remember who commits in this repository only (never the global config).

    Without an e-mail address, one that can never be delivered: git needs one,
    a volunteer may not want to give it."""
    address = email.strip() if email and email.strip() else f"{slug(name)}@verkenner.invalid"
    with open_git(root).config_writer("repository") as config:
        config.set_value("user", "name", name.strip())
        config.set_value("user", "email", address)


def stage_resolved(root: Path, path: Path) -> bool:
    """Tell git that ``path`` is resolved (``git add``), if git was waiting for it.

    Only a path git lists as unmerged is staged: a file with markers that
    were committed by mistake is left for the person to commit.
    """
    try:
        repository = open_git(root)
    except KnelpuntError:
        return False
    relative = path.resolve().relative_to(Path(repository.working_tree_dir).resolve()).as_posix()
    if relative not in unmerged_paths(repository):
        return False
    repository.git.add("--", relative)
    return True


def unmerged_paths(repository: Any) -> list[str]:
    lines = repository.git.ls_files("--unmerged").splitlines()
    return sorted({line.split("\t", 1)[1] for line in lines})


def unmerged_files(root: Path) -> list[str]:
    """Files git still waits for after a merge, relative to the git root."""
    try:
        repository = open_git(root)
    except KnelpuntError:
        return []
    return unmerged_paths(repository)


def merge_in_progress(repository: Any) -> bool:
    return Path(repository.git_dir, "MERGE_HEAD").is_file()


def default_remote(repository: Any) -> Any | None:
    if not repository.remotes:
        return None
    return repository.remotes["origin"] if "origin" in repository.remotes else repository.remotes[0]


def main_name(repository: Any) -> str:
    """The name of the main branch here: main, or master in older repositories."""
    return next((name for name in MAIN_BRANCHES if name in repository.heads), "main")


def is_merged(repository: Any, branch: str, upstream: Any) -> bool:
    """Whether the work of ``branch`` is on ``upstream``: merged (its tip is an
    ancestor) or squashed (every file it changed has the same content there)."""
    tip = repository.heads[branch].commit
    if repository.is_ancestor(tip, upstream):
        return True
    bases = repository.merge_base(tip, upstream)
    if not bases:
        return False
    changed = [d.b_path or d.a_path for d in bases[0].diff(tip)]
    if not changed:
        return False
    for path in changed:
        try:
            ours = tip.tree / path
        except KeyError:
            ours = None
        try:
            theirs = upstream.tree / path
        except KeyError:
            theirs = None
        if (ours.hexsha if ours else None) != (theirs.hexsha if theirs else None):
            return False
    return True


def slug(text: str) -> str:
    """A name as it can stand in a branch name or an address: ``ria-van-den-berg``."""
    return re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-")[:40] or "verkenner"
