"""The cache folder others can write in, and temporary files no one can plant
(issue 27, point 5).

With ``KNELPUNT_CACHE_DIR`` (or ``~/.cache``) on a folder another user can
write in, that user could plant a link at the name knelpunt writes its
temporary file at, and knelpunt would write through it into a file of the
victim's. knelpunt now writes only in a cache folder of the user's alone (and
says once when it is not), and makes every temporary file exclusively, under a
name no one can know beforehand, never through a link.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from knelpunt import atomic
from knelpunt.repo import repository_state_folder

pytestmark = pytest.mark.skipif(os.name != "posix", reason="owners and modes are POSIX")

BOTTLENECK = "kp-73zgr-z3awy"
SAID_NL = "De cachemap"
SAID_EN = "The cache folder"


@pytest.fixture
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("KNELPUNT_CACHE_DIR", str(root))
    return root


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file of the person running knelpunt, that a planted link points at."""
    path = tmp_path / "victim.txt"
    path.write_text("mine, untouched")
    return path


def plant_links(folder: Path, victim: Path) -> list[Path]:
    """Links at every name knelpunt 0.x wrote its cache's temporary files at
    (``.NAME.PID.tmp``: this very process, as the tests run in-process), and
    at the files themselves."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [
        "index-repo.pickle",
        "records-repo.pickle",
        "config-repo.pickle",
        "index-repo.sqlite",
        "index-repo.sqlite-journal",
        "cache.sqlite",
        "cache.sqlite-journal",
    ]
    planted = []
    for name in names:
        for link in (folder / f".{name}.{os.getpid()}.tmp", folder / name):
            link.unlink(missing_ok=True)
            link.symlink_to(victim)
            planted.append(link)
    return planted


def test_a_cache_folder_others_can_write_in_is_not_written_and_said_once(
    example, run, cache_root, victim
):
    assert run("check", cwd=example).code == 0
    folder = repository_state_folder(example)
    assert (folder / "cache.sqlite").is_file()  # the cache works where it is ours
    shutil.rmtree(folder)
    folder.mkdir()
    folder.chmod(0o777)  # as a shared or badly made folder is
    plant_links(folder, victim)
    before = sorted(p.name for p in folder.iterdir())
    for args in (("check",), ("report",), ("list", "bottlenecks"), ("prioritise", "--top", "3")):
        result = run(*args, cwd=example)
        assert result.code == 0, (args, result.err)
        assert result.err.count(SAID_NL) == 1, (args, result.err)
        assert str(folder) in result.err
        assert victim.read_text() == "mine, untouched"
        assert sorted(p.name for p in folder.iterdir()) == before, args
    english = run("--lang", "en", "report", cwd=example)
    assert english.code == 0 and english.err.count(SAID_EN) == 1
    assert victim.read_text() == "mine, untouched"


def test_a_cache_root_others_can_write_in_is_refused_too(example, run, cache_root, victim):
    cache_root.mkdir(mode=0o777)
    cache_root.chmod(0o777)
    result = run("report", cwd=example)
    assert result.code == 0 and result.err.count(SAID_NL) == 1
    assert not any(repository_state_folder(example).iterdir())


def test_a_cache_root_below_a_folder_anyone_can_swap_is_refused(
    example, run, tmp_path, monkeypatch
):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # no sticky bit: anyone may rename what lies in it
    monkeypatch.setenv("KNELPUNT_CACHE_DIR", str(shared / "mine"))
    result = run("check", cwd=example)
    assert result.code == 0 and SAID_NL in result.err
    shared.chmod(0o1777)  # as /tmp: only the owner may rename
    result = run("check", cwd=example)
    assert result.code == 0 and SAID_NL not in result.err, result.err


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a folder to another user")
def test_a_cache_folder_of_another_user_is_not_written(example, run, cache_root, victim):
    folder = repository_state_folder(example)
    folder.mkdir(parents=True, mode=0o700)
    os.chown(folder, 4321, 4321)
    result = run("report", cwd=example)
    assert result.code == 0 and result.err.count(SAID_NL) == 1
    assert list(folder.iterdir()) == []


def test_a_link_at_the_old_temporary_name_is_never_followed(example, run, cache_root, victim):
    """Even in the user's own folder (where no one else can plant one)."""
    folder = repository_state_folder(example)
    folder.mkdir(parents=True, mode=0o700)
    cache_root.chmod(0o700)
    planted = [link for link in plant_links(folder, victim) if link.name.endswith(".tmp")]
    (folder / "cache.sqlite").unlink()  # a link at the database itself: see test_index
    for args in (("check",), ("report",), ("list", "bottlenecks")):
        result = run(*args, cwd=example)
        assert result.code == 0 and SAID_NL not in result.err, (args, result.err)
    assert victim.read_text() == "mine, untouched"
    assert all(link.is_symlink() for link in planted)
    assert (folder / "cache.sqlite").is_file() and not (folder / "cache.sqlite").is_symlink()


class _Names:
    """``secrets`` as atomic uses it, handing out a planted name first."""

    def __init__(self, first: str) -> None:
        self.given = [first]

    def token_hex(self, nbytes: int) -> str:
        import secrets

        return self.given.pop(0) if self.given else secrets.token_hex(nbytes)


@pytest.mark.parametrize("how", ["write_new", "replace", "replace_if_unchanged"])
def test_record_writes_never_follow_a_link_at_their_temporary_name(
    tmp_path, victim, monkeypatch, how
):
    """The temporary file of a record write in data/ is made exclusively: a
    link planted at its very name (here: told to knelpunt as the name it
    picks) is passed by for another name, not written through."""
    folder = tmp_path / "data" / "bottlenecks"
    folder.mkdir(parents=True)
    target = folder / "kp-aaaaa-bbbbb.yaml"
    if how != "write_new":
        target.write_text("old\n")
    planted = folder / ".kp-aaaaa-bbbbb.yaml.0123456789abcdef.tmp"
    planted.symlink_to(victim)
    monkeypatch.setattr(atomic, "secrets", _Names("0123456789abcdef"))
    if how == "write_new":
        atomic.write_new(target, "new\n")
    elif how == "replace":
        atomic.replace(target, "new\n")
    else:
        assert atomic.replace_if_unchanged(target, b"old\n", "new\n")
    assert target.read_text() == "new\n" and not target.is_symlink()
    assert victim.read_text() == "mine, untouched"
    assert planted.is_symlink()
    left = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert left == [planted.name]  # the temporary file of the write itself is gone


def test_temporary_names_are_unpredictable_and_exclusive(tmp_path):
    target = tmp_path / "x.yaml"
    names = set()
    for _ in range(50):
        descriptor, temporary = atomic.exclusive_temporary(target, 0o600)
        os.close(descriptor)
        names.add(temporary.name)
        assert temporary.name.startswith(".x.yaml.") and temporary.name.endswith(".tmp")
        assert str(os.getpid()) not in temporary.name.split(".")
        assert temporary.stat().st_mode & 0o777 == 0o600
    assert len(names) == 50


def test_a_record_is_made_readable_as_any_file_the_person_makes(tmp_path):
    """Exclusive creation keeps the person's umask: a record is not 0o600."""
    previous = os.umask(0o022)
    try:
        atomic.write_new(tmp_path / "r.yaml", "a: 1\n")
    finally:
        os.umask(previous)
    assert (tmp_path / "r.yaml").stat().st_mode & 0o777 == 0o644


def test_a_draft_is_never_written_through_a_link(example, cache_root, victim):
    from knelpunt import drafts

    folder = repository_state_folder(example) / "drafts"
    folder.mkdir(parents=True, mode=0o700)
    cache_root.chmod(0o700)
    repository_state_folder(example).chmod(0o700)
    (folder / f".bottleneck.json.{os.getpid()}.tmp").symlink_to(victim)
    drafts.save(example, "bottleneck", {"title": "Half ingevuld"})
    assert victim.read_text() == "mine, untouched"
    loaded = drafts.load(example, "bottleneck")
    assert loaded is not None and loaded[1] == {"title": "Half ingevuld"}
    folder.chmod(0o777)
    drafts.clear(example, "bottleneck")
    drafts.save(example, "bottleneck", {"title": "Niet bewaard"})
    assert drafts.load(example, "bottleneck") is None
