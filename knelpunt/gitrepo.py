"""Git for people who do not know git: the repository, the identity, merges.

The general helpers that ``submit``, ``sync``, ``resolve`` and ``init`` share;
handing in itself is ``knelpunt.gitops``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from knelpunt.errors import KnelpuntError
from knelpunt.repo import git_dir
from knelpunt.similar import normalise

MAIN_BRANCHES = ("main", "master")

#: Settings under which git would run a program the repository names, or
#: write where knelpunt did not ask it to. ``.git/config`` is repository
#: content (a repository that arrives as a ZIP file carries one), so every git
#: knelpunt starts gets these on top of every configuration file: git's
#: "command" scope (``GIT_CONFIG_COUNT``), which outranks them all, is handed
#: on to every git that git starts in turn, and needs no flag per call.
#: Hooks go for every command: ``submit`` commits, and a pre-commit hook of
#: the repository's would run as the person who submits.
NEUTRAL_SETTINGS: tuple[tuple[str, str], ...] = (
    ("core.fsmonitor", "false"),
    ("core.hooksPath", os.devnull),
    ("core.untrackedCache", "false"),
    # The ext:: transport runs any command a remote's address names.
    ("protocol.ext.allow", "never"),
)
#: What each filter driver (``filter.<driver>.*``) runs: emptied, so git
#: hands the bytes through as they are; "required" off, so a driver left
#: without a program is not an error.
_FILTER_KEYS = (("clean", ""), ("smudge", ""), ("process", ""), ("required", "false"))


def git_environment(
    top: str | os.PathLike[str], environ: Mapping[str, str] = os.environ
) -> dict[str, str]:
    """The variables every git process knelpunt starts for the repository at
    ``top`` gets on top of ``environ``: the ``NEUTRAL_SETTINGS``, every filter
    driver any configuration file names emptied (which drivers there are
    cannot be known without asking: an included file may add one), and no
    optional locks, so that reading (``diff``, ``status``) never writes the
    index. Textconv and external diff programs run only for a patch, which
    knelpunt never asks git for (and ``diff`` passes ``--no-ext-diff
    --no-textconv`` all the same)."""
    settings = list(NEUTRAL_SETTINGS)
    for driver in _filter_drivers(top, environ):
        settings += [(f"filter.{driver}.{key}", value) for key, value in _FILTER_KEYS]
    try:
        # Settings the person's own environment already gives are kept, before ours.
        count = int(environ.get("GIT_CONFIG_COUNT", "0"))
    except ValueError:
        count = 0
    variables = {"GIT_OPTIONAL_LOCKS": "0", "GIT_CONFIG_COUNT": str(count + len(settings))}
    for number, (key, value) in enumerate(settings, start=count):
        variables[f"GIT_CONFIG_KEY_{number}"] = key
        variables[f"GIT_CONFIG_VALUE_{number}"] = value
    return variables


def _filter_drivers(top: str | os.PathLike[str], environ: Mapping[str, str]) -> list[str]:
    """The name of every filter driver git's configuration defines here.
    ``git config`` only reads files: it runs none of them."""
    import subprocess

    try:
        listed = subprocess.run(
            ["git", "config", "--null", "--name-only", "--get-regexp", r"^filter\."],
            cwd=top,
            env=dict(environ),
            capture_output=True,
            timeout=60,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []  # git itself will fail next, and say why
    drivers = []
    for name in listed.decode("utf-8", "surrogateescape").split("\0"):
        driver = name[len("filter.") : name.rfind(".")]  # filter.<driver>.<key>
        if name.startswith("filter.") and driver and driver not in drivers:
            drivers.append(driver)
    return drivers


def open_git(root: Path, writing: bool = False) -> Any:
    """The git repository holding ``root``, every command of which runs under
    ``git_environment``. ``writing``: for a command that commits, fetches or
    moves a branch; refused when a ``.git`` file sends git outside the
    repository (``repo.git_dir``)."""
    import git

    if writing:
        git_dir(root.resolve())  # raises for a .git file that points elsewhere
    try:
        repository = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise KnelpuntError("not_a_git_repository", path=str(root)) from None
    top = repository.working_tree_dir or repository.git_dir
    repository.git.update_environment(**git_environment(top))
    return repository


def author_name(root: Path) -> str | None:
    """The name git knows this person by, if any."""
    # As git itself signs a commit: the environment before the configuration.
    given = os.environ.get("GIT_AUTHOR_NAME", "").strip()
    if given:
        return given
    try:
        # Git's own answer: it honours GIT_CONFIG_GLOBAL, includes and the
        # system file as a commit would, where GitPython reads ~/.gitconfig.
        name = open_git(root).git.config("--get", "user.name")
    except Exception:
        return None
    return str(name).strip() or None


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
    with open_git(root, writing=True).config_writer("repository") as config:
        config.set_value("user", "name", name.strip())
        config.set_value("user", "email", address)


def stage_resolved(root: Path, path: Path) -> bool:
    """Tell git that ``path`` is resolved (``git add``), if git was waiting for it.

    Only a path git lists as unmerged is staged: a file with markers that
    were committed by mistake is left for the person to commit.
    """
    try:
        repository = open_git(root, writing=True)
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
