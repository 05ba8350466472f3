"""journal: a merge that was under way when it was interrupted is named."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from knelpunt import journal
from knelpunt.errors import KnelpuntError
from knelpunt.locking import lock_path
from knelpunt.repo import open_repository

DUPLICATE = "kp-aaaaa-bbbbb"
INTO = "kp-ccccc-ddddd"


def test_a_begun_merge_is_named_until_it_ends(empty_repo: Path) -> None:
    assert journal.unfinished_merges(empty_repo) == []
    journal.begin_merge(empty_repo, DUPLICATE, INTO)
    journal.begin_merge(empty_repo, DUPLICATE, INTO)  # again after a kill: still one
    assert journal.unfinished_merges(empty_repo) == [(DUPLICATE, INTO)]
    repo = open_repository(empty_repo, {}, empty_repo)
    [problem] = journal.merge_problems(repo)
    assert problem.path == f"data/bottlenecks/{DUPLICATE}.yaml"
    assert problem.key == "merge_unfinished"
    assert problem.params == {"duplicate": DUPLICATE, "into": INTO}
    journal.end_merge(empty_repo, DUPLICATE, INTO)
    journal.end_merge(empty_repo, DUPLICATE, INTO)
    assert journal.unfinished_merges(empty_repo) == []
    assert journal.merge_problems(repo) == []


def test_it_lives_beside_the_lock_in_git_never_in_the_work_tree(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    journal.begin_merge(tmp_path, DUPLICATE, INTO)
    assert (tmp_path / ".git" / journal.FOLDER / f"{DUPLICATE}+{INTO}").is_file()
    assert [p.name for p in tmp_path.iterdir()] == [".git"]


def test_names_that_are_no_two_ids_are_no_merge(tmp_path: Path) -> None:
    folder = lock_path(tmp_path).parent / journal.FOLDER
    folder.mkdir(parents=True)
    for name in ("README", "Notitie+Van Els", f"{DUPLICATE}+{INTO}.tmp", f"{INTO}+{DUPLICATE}"):
        (folder / name).write_text("")
    assert journal.unfinished_merges(tmp_path) == [(INTO, DUPLICATE)]


def test_a_linked_journal_folder_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / f"{DUPLICATE}+{INTO}").write_text("")
    root = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".git" / journal.FOLDER).symlink_to(elsewhere)
    assert journal.unfinished_merges(root) == []
    with pytest.raises(KnelpuntError) as caught:
        journal.begin_merge(root, DUPLICATE, INTO)
    assert caught.value.key == "repository_not_writable"
    journal.end_merge(root, DUPLICATE, INTO)
    assert (elsewhere / f"{DUPLICATE}+{INTO}").exists()
