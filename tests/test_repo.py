"""repo: finding the repository, its configuration and the paths of its records."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from knelpunt import repo
from knelpunt.errors import ConfigError, KnelpuntError, RepositoryNotFound
from tests import tiny


def test_the_root_is_found_from_the_option_the_environment_or_upwards(tmp_path: Path) -> None:
    root = tiny.new_network(tmp_path / "netwerk")
    deep = root / "data" / "bottlenecks"
    assert repo.find_root(None, {}, deep) == root.resolve()
    assert repo.find_root(root, {"KNELPUNT_REPO": "/nergens"}, tmp_path) == root.resolve()
    assert repo.find_root(None, {"KNELPUNT_REPO": str(root)}, tmp_path) == root.resolve()
    with pytest.raises(RepositoryNotFound) as caught:
        repo.find_root(None, {}, tmp_path)
    assert caught.value.key == "repo_not_found" and caught.value.exit_code == 2
    for explicit, environ in ((tmp_path, {}), (None, {"KNELPUNT_REPO": str(tmp_path)})):
        with pytest.raises(RepositoryNotFound) as caught:
            repo.find_root(explicit, environ, root)
        assert caught.value.key == "repo_option_not_found"


def test_the_paths_of_records(tmp_path: Path) -> None:
    root = tiny.new_network(tmp_path / "netwerk")
    here = tiny.repository(root)
    assert here.record_path("bottleneck", "kp-a") == root / "data" / "bottlenecks" / "kp-a.yaml"
    assert here.update_path("kp-a", "20260303-101500-aaaaa") == (
        root / "data" / "updates" / "kp-a" / "20260303-101500-aaaaa.yaml"
    )
    assert here.relative(here.record_path("actor", "ac-a")) == "data/actors/ac-a.yaml"
    assert here.relative(Path("/elders/x.yaml")) == "/elders/x.yaml"


def test_a_bad_configuration_names_each_problem_at_its_line(tmp_path: Path) -> None:
    root = tiny.new_network(tmp_path / "netwerk")
    config = root / "knelpunt.yaml"
    config.write_text("language: de\nplan:\n  meetingz: 3\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        repo.load_config(root)
    found = {(p.field, p.key, p.line) for p in caught.value.problems}
    assert ("language", "not_allowed_value", 1) in found
    assert ("plan.meetingz", "field_unknown", 3) in found
    config.write_text("language: [\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        repo.load_config(root)
    assert caught.value.problems[0].path == "knelpunt.yaml"
    config.write_text("language: en\n", "utf-8")
    assert repo.load_config(root).language == "en"


def test_git_dir_follows_only_what_git_made(tmp_path: Path) -> None:
    main = tmp_path / "hoofd"
    subprocess.run(["git", "init", "-q", "-b", "main", str(main)], check=True)
    (main / "a").write_text("a")
    subprocess.run(["git", "-C", str(main), "add", "a"], check=True)
    subprocess.run(["git", "-C", str(main), "commit", "-qm", "a"], check=True)
    assert repo.git_dir(main / "sub" / "map") == main / ".git"
    worktree = tmp_path / "werkboom"
    subprocess.run(["git", "-C", str(main), "worktree", "add", "-q", str(worktree)], check=True)
    found = repo.git_dir(worktree)
    assert found is not None and found.is_relative_to(main / ".git" / "worktrees")
    planted = tmp_path / "uit-een-zip"
    planted.mkdir()
    (planted / ".git").write_text(f"gitdir: {tmp_path / 'elders'}\n")
    (tmp_path / "elders").mkdir()
    with pytest.raises(KnelpuntError) as caught:
        repo.git_dir(planted)
    assert caught.value.key == "git_file_elsewhere"
    assert repo.git_dir(Path("/")) is None


def test_the_users_folders(tmp_path: Path) -> None:
    assert repo.user_cache_root({"KNELPUNT_CACHE_DIR": "/c"}) == Path("/c")
    assert repo.user_cache_root({"XDG_CACHE_HOME": "/x"}) == Path("/x/knelpunt")
    relative = repo.user_cache_root({"XDG_CACHE_HOME": "relatief"})
    assert relative.is_absolute() and relative.name == "knelpunt"
    one, two = tmp_path / "een", tmp_path / "twee"
    one.mkdir()
    two.symlink_to(one)
    assert repo.repository_state_folder(one) == repo.repository_state_folder(two)
    assert repo.repository_state_folder(one) != repo.repository_state_folder(tmp_path)
    assert not repo.repository_state_folder(one).is_relative_to(one)
    assert os.fspath(repo.repository_state_folder(one)).startswith(os.environ["KNELPUNT_CACHE_DIR"])
