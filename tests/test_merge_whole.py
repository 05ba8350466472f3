"""``knelpunt merge`` writes several files: an interrupted merge is named by
``check`` and finished by running it again; a merge run twice writes nothing."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import git
import pytest

from knelpunt import actions, journal, store
from knelpunt.ids import new_update_id
from knelpunt.locking import lock_path
from knelpunt.models import Update
from knelpunt.repo import open_repository
from tests.conftest import PROJECT, copy_example


def records(root: Path) -> store.RecordSet:
    return store.load_all(open_repository(root, {}, root))


def titled(root: Path, start: str) -> str:
    found = records(root)
    return next(b.id for b in found.bottlenecks.values() if b.title.startswith(start))


def tree(root: Path) -> dict[str, bytes]:
    """Every file of the work tree (not .git) and its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


def merge_entries(root: Path, bottleneck_id: str) -> list[Update]:
    history = records(root).state(bottleneck_id).history
    return [u for u in history if u.status == "merged"]


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """The example in a git repository: the journal lives beside .git's lock."""
    root = copy_example(tmp_path / "netwerk")
    git.Repo.init(root)
    return root


@pytest.fixture
def pair(repository: Path) -> tuple[str, str]:
    return titled(repository, "Gemeente wil regisseren"), titled(repository, "Right to Challenge")


def assert_whole(root: Path, duplicate: str, into: str, before: store.RecordSet) -> None:
    after = records(root)
    state = after.state(duplicate)
    assert (state.status, state.merged_into) == ("merged", into)
    assert len(merge_entries(root, duplicate)) == 1
    dup, target = before.bottlenecks[duplicate], before.bottlenecks[into]
    for name in actions.MERGED_LISTS:
        expected = list(dict.fromkeys([*getattr(target, name), *getattr(dup, name)]))
        assert getattr(after.bottlenecks[into], name) == expected, name
    assert journal.unfinished_merges(root) == []


def _into_edited(root: Path, duplicate: str, into: str) -> None:
    """What a kill after INTO's write and before any history entry leaves."""
    repo = open_repository(root, {}, root)
    dup = actions.read_record(repo, "bottleneck", duplicate)
    gained = {name: list(getattr(dup, name)) for name in actions.MERGED_LISTS}
    store.edit(repo, "bottleneck", into, lambda d: actions._extend_lists(d, gained))


def _entry_written(root: Path, duplicate: str, into: str) -> None:
    """What a kill after the duplicate's history entry leaves: INTO untouched."""
    repo = open_repository(root, {}, root)
    update = Update(
        id=new_update_id(dt.datetime.now()),
        date=dt.date(2026, 11, 1),  # after the duplicate's last step (20 October)
        by="A",
        status="merged",
        merged_into=into,
    )
    store.append_update(repo, duplicate, update)


@pytest.mark.parametrize("first_write", [_entry_written, _into_edited])
def test_check_names_an_interrupted_merge_and_merge_finishes_it(repository, pair, run, first_write):
    duplicate, into = pair
    before = records(repository)
    # The state a kill between the writes leaves, made by knelpunt's own writes.
    journal.begin_merge(repository, duplicate, into)
    first_write(repository, duplicate, into)

    check = run("check", cwd=repository)
    assert check.code == 1, check.err
    assert f"knelpunt merge {duplicate} {into}" in check.out
    assert f"data/bottlenecks/{duplicate}.yaml" in check.out
    english = run("--lang", "en", "check", "--format", "json", cwd=repository)
    assert (
        english.code == 1 and f"Finish it with 'knelpunt merge {duplicate} {into}'" in english.out
    )

    result = run("merge", duplicate, into, "--by", "A", cwd=repository)
    assert result.code == 0, result.err
    assert_whole(repository, duplicate, into, before)
    assert run("check", cwd=repository).code == 0


def test_a_second_identical_merge_says_so_and_writes_nothing(repository, pair, run):
    duplicate, into = pair
    before = records(repository)
    result = run("merge", duplicate, into, "--by", "A", cwd=repository)
    assert result.code == 0 and "is gebundeld in" in result.out, result.err
    written = tree(repository)

    again = run("merge", duplicate, into, "--by", "B", "--note", "nog eens", cwd=repository)
    assert again.code == 0, again.err
    assert f"{duplicate} was al gebundeld in {into}; er is niets veranderd" in again.out
    english = run("--lang", "en", "merge", duplicate, into, cwd=repository)
    assert english.code == 0
    assert f"{duplicate} was already merged into {into}; nothing changed" in english.out
    assert tree(repository) == written
    assert_whole(repository, duplicate, into, before)


def test_a_merge_made_by_hand_without_the_lists_is_completed_once(repository, run):
    """The example holds a merge whose survivor never got the duplicate's
    reporters: merging them again adds those, and no second history entry."""
    found = records(repository)
    duplicate = titled(repository, "Elk jaar opnieuw subsidie")
    into = found.state(duplicate).merged_into
    assert into is not None and found.bottlenecks[duplicate].reported_by[0] not in (
        found.bottlenecks[into].reported_by
    )
    result = run("merge", duplicate, into, cwd=repository)
    assert result.code == 0 and "is afgemaakt" in result.out, result.err
    assert_whole(repository, duplicate, into, found)
    written = tree(repository)
    assert "al gebundeld" in run("merge", duplicate, into, cwd=repository).out
    assert tree(repository) == written


def test_a_merge_killed_for_real_is_named_and_finished(repository, pair, run):
    """A real SIGKILL of a real merge, as soon as it has noted that it starts:
    whatever it had written by then, check names it and merge finishes it."""
    duplicate, into = pair
    before = records(repository)
    noted = lock_path(repository).parent / journal.FOLDER / f"{duplicate}+{into}"
    environment = {**os.environ, "PYTHONPATH": str(PROJECT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "knelpunt", "merge", duplicate, into, "--by", "A"],
        cwd=repository,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not noted.exists() and process.poll() is None and time.monotonic() < deadline:
        pass
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the merge ended before it was killed"

    check = run("check", cwd=repository)
    assert check.code == 1 and f"knelpunt merge {duplicate} {into}" in check.out, check.out
    result = run("merge", duplicate, into, "--by", "A", cwd=repository)
    assert result.code == 0, result.err
    assert_whole(repository, duplicate, into, before)
    assert run("check", cwd=repository).code == 0


def test_a_journal_name_is_only_ever_two_ids(repository, run):
    """.git of a repository that arrives as a ZIP file could hold anything there."""
    folder = lock_path(repository).parent / journal.FOLDER
    folder.mkdir()
    for name in ("[bold]x+kp-aaaaa-bbbbb", "niets", "kp-aaaaa-bbbbb+", "KP-AAAAA-BBBBB+kp-x"):
        (folder / name).write_text("")
    assert journal.unfinished_merges(repository) == []
    assert run("check", cwd=repository).code == 0
