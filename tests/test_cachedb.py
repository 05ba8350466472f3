"""The one cache database (``knelpunt/cachedb.py``) is never stale: changed,
added and removed files are re-read; a deleted, corrupt or foreign cache is
made anew or left alone."""

from __future__ import annotations

import json
import os
from pathlib import Path

from knelpunt.repo import open_repository, repository_state_folder
from knelpunt.store import load_all


def bottleneck_file(root: Path) -> Path:
    return sorted((root / "data" / "bottlenecks").glob("*.yaml"))[0]


def titles(root: Path) -> set[str]:
    records = load_all(open_repository(root, {}, root))
    return {b.title for b in records.bottlenecks.values()}


def test_the_cache_is_written_where_no_repository_can_put_a_file(example, run):
    assert run("check", cwd=example).code == 0
    folder = repository_state_folder(example)
    assert folder.parent == Path(os.environ["KNELPUNT_CACHE_DIR"])
    assert any(folder.iterdir())
    assert not (example / ".knelpunt-cache").exists()
    import git

    git.Repo.init(example)
    assert run("check", cwd=example).code == 0
    assert not (example / ".git" / "knelpunt-cache").exists()


def test_a_change_in_the_same_second_with_the_same_size_is_seen(example, run):
    path = bottleneck_file(example)
    text = path.read_text()
    assert run("check", cwd=example).code == 0  # fills the cache
    stat = path.stat()
    # Same size, same modification time: only the content differs.
    start = text.index("\ntitle: ") + len("\ntitle: ")
    changed = text[:start] + "X" + text[start + 1 :]  # one ASCII letter for another
    assert len(changed.encode()) == len(text.encode())
    path.write_text(changed)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert any(t.startswith("X") for t in titles(example))
    # And a change that breaks the record is reported, not hidden by the cache.
    path.write_text(text.replace("theme: ", "theme: x", 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result = run("check", cwd=example)
    assert result.code == 1 and "staat niet in de lijst 'themes'" in result.out


def test_an_old_file_that_changes_is_seen(example, run):
    path = bottleneck_file(example)
    old = 1_600_000_000_000_000_000  # 2020: far outside the racy window
    os.utime(path, ns=(old, old))
    assert run("check", cwd=example).code == 0
    assert run("check", cwd=example).code == 0  # served from the cache
    text = path.read_text()
    path.write_text(text.replace("title: ", "title: Y", 1))
    os.utime(path, ns=(old, old))  # even with the old time put back
    assert any(t.startswith("Y") for t in titles(example))


def test_added_and_removed_files_are_seen(example, run):
    assert run("check", cwd=example).code == 0
    added = json.loads(
        run(
            "add",
            "bottleneck",
            "--no-input",
            "--json",
            "--title",
            "Nieuw hier",
            "--description",
            "d",
            "--theme",
            "finance",
            "--type",
            "hard",
            cwd=example,
        ).out
    )["record"]["id"]
    assert "Nieuw hier" in titles(example)
    (example / "data" / "bottlenecks" / f"{added}.yaml").unlink()
    assert "Nieuw hier" not in titles(example)
    path = bottleneck_file(example)
    records = load_all(open_repository(example, {}, example))
    gone = records.bottlenecks[path.stem].title
    path.unlink()
    result = run("check", "--format", "json", cwd=example)
    assert gone not in titles(example)
    assert result.code == 1  # its history and references now point nowhere


def test_a_changed_configuration_empties_the_cache(example, run):
    assert run("check", cwd=example).code == 0
    config = example / "knelpunt.yaml"
    config.write_text(config.read_text().replace("finance: {nl: Financiën", "geld: {nl: Geld"))
    result = run("check", cwd=example)
    assert result.code == 1
    assert "staat niet in de lijst 'themes'" in result.out


def test_a_broken_cache_file_is_ignored(example, run):
    assert run("check", cwd=example).code == 0
    expected = len(titles(example))
    folder = repository_state_folder(example)
    for path in folder.iterdir():
        path.write_bytes(b"not a pickle")
    assert run("check", cwd=example).code == 0
    assert len(titles(example)) == expected


def test_cold_parsing_in_worker_processes_gives_the_same_records(example, monkeypatch):
    from knelpunt import store

    repo = open_repository(example, {}, example)
    alone = load_all(repo, use_cache=False)
    monkeypatch.setattr(store, "PARALLEL_MIN", 1)
    monkeypatch.setenv("KNELPUNT_WORKERS", "2")
    together = load_all(repo, use_cache=False)
    assert together.records == alone.records
    assert together.updates == alone.updates
    assert together.paths == alone.paths


def test_a_second_process_reads_nothing_again(example, monkeypatch):
    """The cache made by one command serves the next: its stamp is the same in
    every process (a type's text once carried a memory address, and every
    command parsed the whole repository again)."""
    import subprocess
    import sys

    import knelpunt.store

    old = 1_600_000_000_000_000_000  # outside the racy window
    for path in (example / "data").rglob("*.yaml"):
        os.utime(path, ns=(old, old))
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "knelpunt", "check"], cwd=example, capture_output=True
        )
        assert done.returncode == 0, done.stderr

    def parse_again(config: object, sources: list, *_: object) -> list:
        assert not sources, f"read again: {[s.relative for s in sources]}"
        return []

    monkeypatch.setattr(knelpunt.store, "_parse_many", parse_again)
    records = load_all(open_repository(example, {}, example))
    assert len(records.bottlenecks) > 20 and not records.problems


def test_the_record_set_comes_back_whole_from_its_rows(example, monkeypatch):
    """The cache database holds a row per record file, written as the files
    are read: read back, the rows give the set that was read, without parsing."""
    import sqlite3

    import knelpunt.store
    from knelpunt.scanning import cache_database

    monkeypatch.setattr(knelpunt.store, "CHUNK", 3)  # many small pieces, even here
    old = 1_600_000_000_000_000_000  # outside the racy window
    for path in (example / "data").rglob("*.yaml"):
        os.utime(path, ns=(old, old))
    fresh = load_all(open_repository(example, {}, example))
    assert fresh.parsed == fresh.files
    repo = open_repository(example, {}, example)
    with sqlite3.connect(cache_database(repo).path) as connection:
        rows = connection.execute("SELECT count(*) FROM file").fetchone()[0]
    assert rows == fresh.files

    def parse_again(config: object, sources: list, *_: object) -> list:
        raise AssertionError(f"read again: {[s.relative for s in sources]}")

    monkeypatch.setattr(knelpunt.store, "_parse_many", parse_again)
    again = load_all(open_repository(example, {}, example))  # from the cache alone
    assert again.parsed == 0
    assert again.records == fresh.records
    assert again.updates == fresh.updates
    assert again.paths == fresh.paths
    assert again.findings == fresh.findings
    assert again.files == fresh.files and again.manifest == fresh.manifest
    assert list(again.records["bottleneck"]) == list(fresh.records["bottleneck"])


def test_check_reads_a_lean_set_and_keeps_the_whole_records(example, monkeypatch):
    """check leaves out long free text once each file's own warnings are known;
    the cache it writes still holds every record whole, and a second check
    after an edit gives the same warnings about text it did not read again."""
    import pytest

    import knelpunt.store
    from knelpunt.checks import check_repository
    from knelpunt.models import LEFT_OUT, LongTextLeftOut

    bottleneck = next((example / "data" / "bottlenecks").glob("*.yaml"))
    text = bottleneck.read_text(encoding="utf-8")
    bottleneck.write_text(
        text.replace("description: ", "description: Bel jan@example.org of ", 1), encoding="utf-8"
    )
    old = 1_600_000_000_000_000_000  # outside the racy window: the cache is used
    for path in (example / "data").rglob("*.yaml"):
        os.utime(path, ns=(old, old))
    repo = open_repository(example, {}, example)
    first = check_repository(repo)
    warned = [p for p in first.problems if p.key == "personal_email"]
    assert [p.path for p in warned] == [repo.relative(bottleneck)] and warned[0].line

    lean = knelpunt.store.load_records(repo, knelpunt.store.scan(repo), lean=True)
    assert lean.lean and all(
        b.__dict__["description"] is LEFT_OUT for b in lean.bottlenecks.values()
    )
    with pytest.raises(LongTextLeftOut, match="left out of a lean record set"):
        _ = next(iter(lean.bottlenecks.values())).description
    whole = load_all(repo)
    assert not whole.lean and any(b.description for b in whole.bottlenecks.values())

    other = sorted((example / "data" / "bottlenecks").glob("*.yaml"))[-1]
    other.write_text(other.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(other, ns=(old, old))
    again = load_all(open_repository(example, {}, example), lean=True)
    assert again.parsed == 1  # the warning comes from the cache
    second = check_repository(open_repository(example, {}, example))
    assert [p for p in second.problems if p.key == "personal_email"] == warned


def test_a_configuration_kept_from_before_is_never_stale(example, run):
    """knelpunt.yaml is kept validated in the cache folder under a hash of its
    bytes: an edit that keeps its size and time is seen at once."""
    config = example / "knelpunt.yaml"
    assert "titel" in run("list", "bottlenecks", cwd=example).out  # Dutch, and kept
    before = config.stat()
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("language: nl", "language: en", 1), encoding="utf-8")
    os.utime(config, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert config.stat().st_size == before.st_size
    header = run("list", "bottlenecks", cwd=example).out.split("\n")[1]
    assert "title" in header and "titel" not in header


def test_a_kept_configuration_others_could_have_written_is_not_read(example, run):
    """The kept configuration is a pickle: one that is a link or that another
    user could have written is never unpickled."""
    import pickle

    from knelpunt.repo import _config_memo, _remembered_config, load_config

    assert run("check", cwd=example).code == 0
    memo = _config_memo(example)
    raw = (example / "knelpunt.yaml").read_bytes()
    _, key = _remembered_config(example, raw)
    forged = pickle.dumps(
        {"key": key, "config": load_config(example).model_copy(update={"language": "en"})}
    )
    memo.write_bytes(forged)
    memo.chmod(0o666)
    assert load_config(example).language == "nl"  # and the kept one is written anew
    memo.write_bytes(forged)
    memo.chmod(0o600)  # only as this user's own file is it taken
    assert load_config(example).language == "en"
    memo.unlink()
    memo.symlink_to(example / "elsewhere.pickle")
    (example / "elsewhere.pickle").write_bytes(forged)
    assert load_config(example).language == "nl"


def test_a_file_that_cannot_be_read_is_never_taken_as_known(example, run):
    """A file knelpunt refuses to read (here a pipe where a record should be)
    gets no content key the index could keep: each run reads it again and
    says so, and the others' keys still line up after it."""
    old = 1_600_000_000_000_000_000  # outside the racy window
    for path in (example / "data").rglob("*.yaml"):
        os.utime(path, ns=(old, old))
    pipe = example / "data" / "bottlenecks" / "kp-00000-pipe0.yaml"
    os.mkfifo(pipe)
    first = run("check", cwd=example)
    second = run("check", cwd=example)
    assert first.code == second.code == 1
    assert "kp-00000-pipe0" in first.out and first.out == second.out
    pipe.unlink()
    assert run("check", cwd=example).code == 0
    assert len(titles(example)) > 20


def test_a_load_stopped_half_way_leaves_the_old_cache_and_no_temporary_file(example, monkeypatch):
    import pytest

    import knelpunt.store

    old = 1_600_000_000_000_000_000  # outside the racy window
    for path in (example / "data").rglob("*.yaml"):
        os.utime(path, ns=(old, old))
    repo = open_repository(example, {}, example)
    load_all(repo)
    folder = repository_state_folder(example)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    changed = next((example / "data" / "bottlenecks").glob("*.yaml"))
    changed.write_text(changed.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")

    def stopped(*_: object) -> list:
        raise KeyboardInterrupt

    monkeypatch.setattr(knelpunt.store, "_parse_many", stopped)
    with pytest.raises(KeyboardInterrupt):
        load_all(open_repository(example, {}, example))
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert after == before
