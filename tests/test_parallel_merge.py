"""Changes made in parallel on two laptops merge in git without conflicts.

Real git throughout: a bare repository as the shared remote, two clones that
work offline on branches of their own, and a coordinator's clone that merges.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import git

from knelpunt import ids, store
from knelpunt.models import Bottleneck, Update
from knelpunt.repo import open_repository


def laptop(remote: Path, folder: Path, branch: str) -> git.Repo:
    clone = git.Repo.clone_from(str(remote), folder)
    clone.git.checkout("-b", branch)
    return clone


def commit_all(clone: git.Repo, message: str) -> None:
    clone.git.add(A=True)
    clone.index.commit(message)
    clone.remote("origin").push(clone.active_branch.name)


def merge_branches(remote: Path, folder: Path, *branches: str) -> git.Repo:
    coordinator = git.Repo.clone_from(str(remote), folder)
    for branch in branches:
        # Raises GitCommandError on a conflict.
        coordinator.git.merge(f"origin/{branch}", "--no-edit")
    return coordinator


def any_bottleneck(root: Path) -> str:
    return sorted(p.stem for p in (root / "data" / "bottlenecks").glob("*.yaml"))[0]


def new_bottleneck(root: Path, title: str) -> str:
    repo = open_repository(root, {}, root)
    record = Bottleneck(
        id=store.unused_id(repo, "bottleneck"),
        title=title,
        description=title,
        theme="finance",
        type="implementation",
        reported_on=dt.date(2026, 11, 1),
    )
    store.create(repo, record)
    return record.id


def add_update(root: Path, bottleneck_id: str, when: dt.datetime, **fields: object) -> None:
    repo = open_repository(root, {}, root)
    update = Update(id=ids.new_update_id(when), date=when.date(), by="Test", **fields)
    store.append_update(repo, bottleneck_id, update)


def test_two_new_records_on_two_branches_merge_cleanly(remote, tmp_path, run):
    anna = laptop(remote, tmp_path / "anna", "verkenning-anna")
    bram = laptop(remote, tmp_path / "bram", "verkenning-bram")
    first = new_bottleneck(Path(anna.working_dir), "Geen vervoer naar de dagbesteding")
    second = new_bottleneck(Path(bram.working_dir), "Geen ruimte voor ontmoeting")
    commit_all(anna, "Verkenning Anna")
    commit_all(bram, "Verkenning Bram")

    merged = merge_branches(remote, tmp_path / "coordinator", "verkenning-anna", "verkenning-bram")
    root = Path(merged.working_dir)
    assert (root / "data" / "bottlenecks" / f"{first}.yaml").exists()
    assert (root / "data" / "bottlenecks" / f"{second}.yaml").exists()
    assert run("check", cwd=root).code == 0


def test_two_updates_of_one_bottleneck_on_two_branches_merge_cleanly(remote, tmp_path, run):
    anna = laptop(remote, tmp_path / "anna", "update-anna")
    bram = laptop(remote, tmp_path / "bram", "update-bram")
    target = any_bottleneck(Path(anna.working_dir))
    before = open_repository(Path(anna.working_dir), {}, Path("."))
    from knelpunt.store import load_all

    start = load_all(before).state(target)
    # Both coordinators act on the same bottleneck: a status change and a note.
    assert start.status != "resolved"
    add_update(
        Path(anna.working_dir),
        target,
        dt.datetime(2026, 11, 20, 10, 0),
        note="Gebeld met de gemeente; wacht op antwoord.",
    )
    add_update(
        Path(bram.working_dir),
        target,
        dt.datetime(2026, 11, 21, 9, 30),
        note="Besproken in de coördinatiegroep.",
    )
    commit_all(anna, "Notitie Anna")
    commit_all(bram, "Notitie Bram")

    merged = merge_branches(remote, tmp_path / "coordinator", "update-anna", "update-bram")
    root = Path(merged.working_dir)
    records = load_all(open_repository(root, {}, root))
    notes = [u.note for u in records.state(target).history]
    assert notes[-2:] == [
        "Gebeld met de gemeente; wacht op antwoord.",
        "Besproken in de coördinatiegroep.",
    ]
    assert run("check", cwd=root).code == 0


def test_two_status_changes_merge_and_the_later_one_counts(remote, tmp_path, run):
    anna = laptop(remote, tmp_path / "anna", "status-anna")
    bram = laptop(remote, tmp_path / "bram", "status-bram")
    root_a = Path(anna.working_dir)
    target = new_bottleneck(root_a, "Nieuw knelpunt")
    commit_all(anna, "Nieuw knelpunt")
    # Bram starts from Anna's branch (both see the new bottleneck), then both move it.
    bram.git.fetch("origin")
    bram.git.reset("--hard", "origin/status-anna")
    add_update(root_a, target, dt.datetime(2026, 11, 20, 10, 0), status="on-agenda")
    add_update(
        Path(bram.working_dir),
        target,
        dt.datetime(2026, 11, 22, 10, 0),
        status="solved-locally",
        note="Opgelost met een olifantenpad.",
    )
    commit_all(anna, "Op de agenda")
    commit_all(bram, "Lokaal opgelost")

    merged = merge_branches(remote, tmp_path / "coordinator", "status-anna", "status-bram")
    root = Path(merged.working_dir)
    from knelpunt.store import load_all

    state = load_all(open_repository(root, {}, root)).state(target)
    assert state.status == "solved-locally"
    assert [u.status for u in state.history] == ["on-agenda", "solved-locally"]
    assert run("check", cwd=root).code == 0


def test_two_solvers_of_one_bottleneck_moved_on_two_branches_keep_their_own_state(
    remote, tmp_path, run
):
    """'Wel geld voor de start': the VNG on behalf of all municipalities, and one
    municipality locally. Two coordinators move one each, offline, on branches."""
    setup = laptop(remote, tmp_path / "setup", "route-both")
    root = Path(setup.working_dir)
    target = any_bottleneck(root)
    repo = open_repository(root, {}, root)
    actors = sorted(p.stem for p in repo.folder("actor").glob("*.yaml"))[:2]
    first, second = actors
    for actor in actors:
        assert run("route", target, "--to", actor, "--date", "2026-11-02", cwd=root).code == 0
    commit_all(setup, "Twee adresseringen")
    merge_branches(remote, tmp_path / "merger", "route-both").remote("origin").push("main")
    anna = laptop(remote, tmp_path / "anna", "vng")
    bram = laptop(remote, tmp_path / "bram", "gemeente")
    moved = run(
        "update", target, "--status", "in-progress", "--for", first, "--date", "2026-11-10",
        cwd=Path(anna.working_dir),
    )  # fmt: skip
    assert moved.code == 0, moved.err
    declined = run(
        "update", target, "--status", "declined", "--for", second, "--date", "2026-11-11",
        cwd=Path(bram.working_dir),
    )  # fmt: skip
    assert declined.code == 0, declined.err
    commit_all(anna, "VNG pakt het op")
    commit_all(bram, "Gemeente wijst af")
    coordinator = merge_branches(remote, tmp_path / "coordinator", "vng", "gemeente")
    merged = store.load_all(open_repository(Path(coordinator.working_dir), {}, Path("."))).state(
        target
    )
    states = {a.actor: a.status for a in merged.addressings}
    assert (states[first], states[second]) == ("in-progress", "declined")
    assert merged.status == "in-progress"  # one solver is on it
    assert run("check", cwd=Path(coordinator.working_dir)).code == 0
