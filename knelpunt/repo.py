"""Finding a knelpunt repository and the paths of its records.

The repository is found from ``--repo``, else ``KNELPUNT_REPO``, else by
walking up from the working directory to the first folder holding
``knelpunt.yaml``, the way git finds ``.git``.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from knelpunt import yamlio
from knelpunt.config import CONFIG_FILE, Config
from knelpunt.errors import ConfigError, KnelpuntError, RepositoryNotFound
from knelpunt.ids import FOLDERS
from knelpunt.pickles import code_stamp, read_pickle, write_pickle
from knelpunt.problems import Problem, from_validation_error

DATA_DIR = "data"
CACHE_DIR = ".knelpunt-cache"
#: knelpunt.yaml holds lists a network keeps by hand: a megabyte is far more
#: than any needs, and a bound keeps a hostile one cheap.
MAX_CONFIG_BYTES = 256 * 1024


def find_root(explicit: Path | None, environ: Mapping[str, str], cwd: Path) -> Path:
    if explicit is not None:
        if not (explicit / CONFIG_FILE).is_file():
            raise RepositoryNotFound("repo_option_not_found", path=str(explicit))
        return explicit.resolve()
    from_env = environ.get("KNELPUNT_REPO")
    if from_env:
        candidate = Path(from_env)
        if not (candidate / CONFIG_FILE).is_file():
            raise RepositoryNotFound("repo_option_not_found", path=str(candidate))
        return candidate.resolve()
    start = cwd.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise RepositoryNotFound("repo_not_found", start=str(start))


@dataclass
class Repository:
    root: Path
    config: Config

    @property
    def data(self) -> Path:
        return self.root / DATA_DIR

    def folder(self, kind: str) -> Path:
        return self.data / FOLDERS[kind]

    def record_path(self, kind: str, record_id: str) -> Path:
        return self.folder(kind) / f"{record_id}.yaml"

    def update_path(self, bottleneck_id: str, update_id: str) -> Path:
        return self.folder("update") / bottleneck_id / f"{update_id}.yaml"

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def git_dir(start: Path) -> Path | None:
    """The .git directory of the work tree holding ``start``, found without git.

    A ``.git`` file ("gitdir: <path>") is followed only to where git itself
    puts the folder of a linked worktree or a submodule; any other is refused
    (``git_file_elsewhere``). It is repository content: a ZIP file's
    ``gitdir: /elsewhere`` once made ``update`` create folders and its lock
    there."""
    for folder in (start, *start.parents):
        candidate = folder / ".git"
        if candidate.is_dir():
            return candidate
        if candidate.is_file():  # a worktree or submodule: "gitdir: <path>"
            with open(candidate, "rb") as handle:  # a line; a hostile one is cut short
                text = handle.read(4096).decode("utf-8", "replace").strip()
            if text.startswith("gitdir:"):
                target = Path(text.split(":", 1)[1].strip())
                target = target if target.is_absolute() else (folder / target).resolve()
                if not _made_by_git(folder, candidate, target):
                    raise KnelpuntError(
                        "git_file_elsewhere", path=str(candidate), target=str(target)
                    )
                return target
    return None


def _made_by_git(top: Path, dot_git: Path, target: Path) -> bool:
    """Whether the folder a ``.git`` file at ``top`` names is one git made
    for it: inside ``top``; a linked worktree's (``git worktree add`` leaves
    there the path of this very file); or a submodule's, in ``.git/modules``
    of a folder above."""
    real, here = Path(os.path.realpath(target)), Path(os.path.realpath(top))
    if not real.is_dir():
        return False
    if real.is_relative_to(here):
        return True
    try:
        with open(real / "gitdir", "rb") as handle:
            back = handle.read(4096).decode("utf-8", "replace").strip()
        # Newer git may write it relative to the worktree's folder.
        if back and os.path.realpath(real / back) == os.path.realpath(dot_git):
            return True
    except OSError:
        pass
    return any(real.is_relative_to(above / ".git" / "modules") for above in here.parents)


def user_cache_root(environ: Mapping[str, str] = os.environ) -> Path:
    """The folder of the user's caches, as each system names it."""
    explicit = environ.get("KNELPUNT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if os.name == "nt":
        base = environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "knelpunt" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "knelpunt"
    xdg = environ.get("XDG_CACHE_HOME")
    return Path(xdg if xdg and Path(xdg).is_absolute() else Path.home() / ".cache") / "knelpunt"


def repository_state_folder(root: Path) -> Path:
    """This user's folder for what knelpunt keeps about the repository at
    ``root`` (its cache; its write lock when there is no .git), named by a hash
    of the root's real path: outside the work tree, where a repository that
    arrives as a ZIP file cannot have put anything."""
    real = os.path.realpath(root)
    return user_cache_root() / hashlib.blake2b(real.encode(), digest_size=8).hexdigest()


def load_config(root: Path) -> Config:
    """Read and validate knelpunt.yaml; every problem in it is reported at once.

    Every command starts here. A configuration validated before is taken from
    the user's cache folder, pickled under a hash of the file's bytes and of
    knelpunt's code: no YAML parser is loaded and no model built (about 0.03 s
    of every command)."""
    from pydantic import ValidationError

    path = root / CONFIG_FILE
    try:
        raw = yamlio.read_record_bytes(path, MAX_CONFIG_BYTES)
        if len(raw) > MAX_CONFIG_BYTES:
            size = path.stat().st_size
            raise yamlio.ParseFailure("config_too_large", {"size": size, "limit": MAX_CONFIG_BYTES})
        remembered, key = _remembered_config(root, raw)
        if remembered is not None:
            return remembered
        text = yamlio.decode(raw)
        data = yamlio.fast_load(text)
    except yamlio.ParseFailure as failure:
        problem = Problem(CONFIG_FILE, failure.key, failure.params)
        problem.line, problem.column = failure.line, failure.column
        raise ConfigError([problem]) from None
    try:
        config = Config.model_validate(data)
        write_pickle(_config_memo(root), {"key": key, "config": config})
        return config
    except ValidationError as exc:
        problems = from_validation_error(exc, CONFIG_FILE, None, list(Config.model_fields), Config)
        document = yamlio.rt_load_for_positions(text)
        for problem in problems:
            problem.line, problem.column = yamlio.locate(document, problem.loc, problem.at_key)
        raise ConfigError(problems) from None


def _config_memo(root: Path) -> Path:
    return repository_state_folder(root) / "config-repo.pickle"


def _remembered_config(root: Path, raw: bytes) -> tuple[Config | None, str]:
    """The configuration validated from exactly these bytes by exactly this
    code, when it was kept; and the key to keep it under."""
    digest = hashlib.blake2b(raw, digest_size=16)
    digest.update(f"|{code_stamp()}".encode())
    key = digest.hexdigest()
    kept = read_pickle(_config_memo(root))
    if isinstance(kept, dict) and kept.get("key") == key and isinstance(kept.get("config"), Config):
        return kept["config"], key
    return None, key


def open_repository(explicit: Path | None, environ: Mapping[str, str], cwd: Path) -> Repository:
    root = find_root(explicit, environ, cwd)
    return Repository(root, load_config(root))
