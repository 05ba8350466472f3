"""``knelpunt submit``: hand in records for review, for people who do not know git.

Commits the new and changed record files under data/ (and nothing else) on a
branch of the explorer's own, and pushes it so a coordinator can open a pull
request. Offline, the commit is made and the push waits for the next submit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knelpunt.errors import KnelpuntError
from knelpunt.gitrepo import (
    MAIN_BRANCHES,
    default_remote,
    is_merged,
    main_name,
    merge_in_progress,
    open_git,
    slug,
    unmerged_paths,
)
from knelpunt.messages import message
from knelpunt.repo import DATA_DIR, Repository


@dataclass
class Submission:
    branch: str
    committed: list[str] = field(default_factory=list)
    commit: str | None = None
    pushed: bool = False
    remote: str | None = None
    #: The repository has no remote at all: committed, nowhere to send it.
    no_remote: bool = False
    #: The remote could not be reached: committed, to be sent later. Git's
    #: own words, for the last line of the message (``git_words``).
    offline_reason: str | None = None
    #: The remote was reached and said no: the person must act.
    refused_reason: str | None = None
    #: The branch is on the remote as it is here: nothing to send.
    already_sent: bool = False
    #: Where to open the pull request, for GitHub and GitLab remotes.
    review_url: str | None = None
    #: The remote's address without any user name or password in it, to name
    #: where the branch went when there is no page to open a request on.
    remote_address: str | None = None


def _finish_merge(repository: Any, paths: list[str]) -> None:
    """Commit a merge (after ``git pull`` and ``knelpunt resolve``) as git proposed it.

    A merge is committed whole: git refuses to commit only some paths of it.
    Files git still waits for are named, with the command that resolves them.
    """
    unmerged = unmerged_paths(repository)
    if unmerged:
        raise KnelpuntError("submit_unresolved", files=", ".join(unmerged))
    if paths:
        repository.git.add("--all", "--", *paths)
    repository.git.commit("--no-edit")


def changed_data_files(repository: Any, data_dir: Path) -> list[str]:
    """Paths (relative to the git root) under data/ that are new, changed or removed."""
    root = Path(repository.working_tree_dir)
    relative = data_dir.resolve().relative_to(root.resolve()).as_posix()
    output = repository.git.status("--porcelain", "-z", "--untracked-files=all", "--", relative)
    paths = []
    entries = output.split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if not entry:
            continue
        status, path = entry[:2], entry[3:]
        if status[0] in "RC":  # a rename is followed by its old name
            index += 1
        name = Path(path).name
        if name.startswith(".") and name != ".gitkeep":
            continue  # a temporary file of an interrupted write
        paths.append(path)
    return sorted(paths)


COMMIT_KEYS = frozenset(
    f"commit_{folder}"
    for folder in ("initiatives", "meetings", "bottlenecks", "actors", "solutions", "updates")
)


def summary(paths: list[str], lang: str) -> str:
    """A commit message a reviewer understands: what kinds of records changed,
    in the repository's language (the reviewers', not the explorer's)."""
    counts: dict[str, int] = {}
    for path in paths:
        parts = Path(path).parts
        kind = parts[parts.index(DATA_DIR) + 1] if DATA_DIR in parts else "data"
        kind = kind if f"commit_{kind}" in COMMIT_KEYS else "data"
        counts[kind] = counts.get(kind, 0) + 1
    body = ", ".join(
        message(f"commit_{kind}", lang, count=count) for kind, count in sorted(counts.items())
    )
    return f"knelpunt: {body}\n\n" + "\n".join(f"- {p}" for p in paths) + "\n"


def submit(repo: Repository, name: str, today: dt.date) -> Submission:
    """Commit the changed records on the explorer's branch and push it."""
    import git

    repository = open_git(repo.root, writing=True)
    lock = Path(repository.git_dir, "index.lock")
    if lock.exists():
        # Checked before anything changes: halfway, git would leave a branch behind.
        raise KnelpuntError("git_index_locked", path=str(lock))
    if repository.head.is_detached:
        raise KnelpuntError("detached_head")
    branch = repository.active_branch.name
    paths = changed_data_files(repository, repo.data)
    merging = merge_in_progress(repository)
    remote = default_remote(repository)
    upstream = _fresh_upstream(repository, remote)
    if merging:
        _finish_merge(repository, paths)
    elif (
        branch not in MAIN_BRANCHES
        and paths
        and upstream is not None
        and is_merged(repository, branch, upstream)
    ):
        # A coordinator merged this branch: new work starts on a branch of its own.
        branch = _back_to_main(repository, branch, upstream)
    if branch in MAIN_BRANCHES and (paths or merging):
        main = branch
        branch = _unused_branch(repository, remote, f"knelpunt/{slug(name)}-{today:%Y%m%d}")
        repository.create_head(branch).checkout()
        if merging and upstream is not None and repository.is_ancestor(upstream, "HEAD"):
            # The merge is handed in on the new branch; main stays as the server has it.
            repository.heads[main].commit = upstream
    result = Submission(branch)
    if merging:
        result.committed = paths
        result.commit = repository.head.commit.hexsha[:8]
    elif paths:
        repository.git.add("--all", "--", *paths)
        # Committing the paths alone leaves anything else a person staged alone.
        repository.git.commit("-m", summary(paths, repo.config.language), "--only", "--", *paths)
        result.committed = paths
        result.commit = repository.head.commit.hexsha[:8]
    if remote is None:
        result.no_remote = True
        return result
    result.remote = remote.name
    result.review_url = review_url(str(remote.url), branch, main_name(repository))
    result.remote_address = shown_address(str(remote.url))
    if branch in MAIN_BRANCHES:
        return result  # nothing to hand in: never push straight to main
    sent = f"{remote.name}/{branch}"
    if (
        not result.commit
        and sent in [r.name for r in remote.refs]
        and repository.commit(sent).hexsha == repository.head.commit.hexsha
    ):
        result.already_sent = True
        return result
    try:
        repository.git.push("--set-upstream", remote.name, f"refs/heads/{branch}")
        result.pushed = True
    except git.GitCommandError as exc:
        said = _said(exc)
        if push_refused(said):
            result.refused_reason = _refusal_line(said) or git_words(exc)
        else:
            result.offline_reason = git_words(exc)
    return result


def _said(exc: Any) -> str:
    """Git's stderr as git wrote it: GitPython wraps it in ``stderr: '...'``."""
    said = str(getattr(exc, "stderr", "") or exc).strip()
    if said.startswith("stderr:"):
        said = said.removeprefix("stderr:").strip()
        if said.startswith("'") and said.endswith("'"):
            said = said[1:-1]
    return said.strip()


def git_words(exc: Any) -> str:
    """The one line of git's own words that tells an expert most (its first
    ``fatal:`` or ``error:`` line, else its last line), for the last line of
    a message: the sentence before it says in the reader's language what
    happened and what to do, and never has git's English inside it."""
    lines = [line.strip() for line in _said(exc).splitlines() if line.strip(" '")]
    for line in lines:
        if line.lower().startswith(("fatal:", "error:")):
            return line
    return lines[-1] if lines else "?"


def shown_address(url: str) -> str:
    """``url`` without what may not be shown: a user name or token
    (``https://user:token@host/...``) is left out."""
    return re.sub(r"^([a-z][a-z0-9+.-]*://)[^/@]*@", r"\1", url.strip(), flags=re.IGNORECASE)


def _fresh_upstream(repository: Any, remote: Any | None) -> Any | None:
    """The server's main, fetched now if the server can be reached; None if unknown."""
    import git

    if remote is None:
        return None
    with contextlib.suppress(git.GitCommandError):
        remote.fetch()
    try:
        return repository.commit(f"{remote.name}/{main_name(repository)}")
    except (git.BadName, ValueError):
        return None


def _back_to_main(repository: Any, branch: str, upstream: Any) -> str:
    """Leave a merged branch for main, up to date, carrying the new files along."""
    import git

    main = main_name(repository)
    repository.git.checkout(main)
    with contextlib.suppress(git.GitCommandError):
        repository.git.merge("--ff-only", upstream.hexsha)
    with contextlib.suppress(git.GitCommandError):
        repository.git.branch("-D", branch)
    return main


def _unused_branch(repository: Any, remote: Any | None, wanted: str) -> str:
    """``wanted``, or ``wanted-2``, ``-3``...: never a branch that exists here or
    on the server (an old one may have been merged and deleted since)."""
    taken = {head.name for head in repository.heads}
    if remote is not None:
        taken |= {ref.remote_head for ref in remote.refs}
    name, number = wanted, 2
    while name in taken:
        name, number = f"{wanted}-{number}", number + 1
    return name


_GITHUB = re.compile(r"^(?:https://|ssh://git@|git@)github\.com[:/](.+?)(?:\.git)?/?$")
_GITLAB = re.compile(r"^(?:https://|ssh://git@|git@)(gitlab\.[\w.-]+)[:/](.+?)(?:\.git)?/?$")


def review_url(remote_url: str, branch: str, main: str) -> str | None:
    """The page where a pull (merge) request of ``branch`` is opened, for a
    remote on GitHub or a GitLab host; None for any other remote."""
    from urllib.parse import quote

    found = _GITHUB.match(remote_url)
    if found:
        return (
            f"https://github.com/{found.group(1)}/compare/{quote(main)}...{quote(branch)}?expand=1"
        )
    found = _GITLAB.match(remote_url)
    if found:
        host, project = found.groups()
        return (
            f"https://{host}/{project}/-/merge_requests/new"
            f"?merge_request%5Bsource_branch%5D={quote(branch, safe='')}"
        )
    return None


#: What git and the servers say when they were reached and said no: trying
#: again later will not help, so it is not reported as "no internet".
_REFUSED = (
    "[rejected]",
    "[remote rejected]",
    "non-fast-forward",
    "fetch first",
    "protected",
    "permission",
    "denied",
    "403",
    "401",
    "authentication failed",
    "hook declined",
)


def push_refused(said: str) -> bool:
    """Whether git's words after a failed push mean the remote refused it
    (rather than could not be reached)."""
    lowered = said.lower()
    return any(word in lowered for word in _REFUSED)


def _refusal_line(said: str) -> str | None:
    for line in said.splitlines():
        if any(word in line.lower() for word in _REFUSED):
            return line.strip().removeprefix("remote:").strip()
    return None
