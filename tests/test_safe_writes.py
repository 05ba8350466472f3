"""Nothing is lost: parallel writers and writers killed at any moment.

These tests run real processes on a real repository. They fail on a naive
store: without the repository's write lock, parallel edits of one record lose
each other's changes and two status changes both pass; a write that dumps
straight into the record file leaves a half file when it is killed.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from knelpunt import actions, choices, store
from knelpunt.errors import KnelpuntError, WorkflowError
from knelpunt.locking import lock_path, write_lock
from knelpunt.repo import open_repository
from knelpunt.store import RecordSet
from tests.conftest import Runner

ROUTED = "kp-73zgr-z3awy"  # routed in the example data
TARGET = "kp-be0q1-vp3h4"  # reported in the example data
WORKERS = 6
ROUNDS = 8
FORK = multiprocessing.get_context("fork")


def _repo(root: Path) -> Any:
    return open_repository(root, {}, root)


def _load(root: Path) -> RecordSet:
    records = store.load_all(_repo(root), use_cache=False)
    assert not records.problems, [p.key for p in records.problems]
    return records


def _link(root: Path, bottleneck_id: str, solution_id: str, barrier: Any) -> None:
    repo = _repo(root)
    barrier.wait()
    actions.link_solution(repo, bottleneck_id, solution_id)


def _resolve(root: Path, bottleneck_id: str, barrier: Any, outcomes: Any) -> None:
    repo = _repo(root)
    change = actions.Change("Verkenner", choices.parse_date("2026-11-20"), None)
    barrier.wait()
    try:
        actions.update_status(repo, bottleneck_id, "resolved", change)
        outcomes.put("saved")
    except WorkflowError as exc:
        outcomes.put(exc.key)


def _run_all(processes: list[Any]) -> None:
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0


def test_parallel_edits_of_one_record_lose_nothing(example: Path) -> None:
    repo = _repo(example)
    for round_number in range(ROUNDS):
        solutions = [
            actions.add(
                repo,
                "solution",
                {"title": f"Omweg {round_number}-{n}", "description": "Een omweg."},
            ).id
            for n in range(WORKERS)
        ]
        barrier = FORK.Barrier(WORKERS)
        _run_all(
            [
                FORK.Process(target=_link, args=(example, TARGET, solution, barrier))
                for solution in solutions
            ]
        )
        linked = _load(example).bottlenecks[TARGET].solutions
        assert set(solutions) <= set(linked), (
            f"round {round_number}: lost {set(solutions) - set(linked)}"
        )


def test_parallel_status_changes_pass_the_workflow_once(example: Path) -> None:
    for round_number in range(ROUNDS):
        # A fresh routed bottleneck each round: only one "resolved" may be saved.
        repo = _repo(example)
        change = actions.Change("Coördinator", choices.parse_date("2026-11-19"), None)
        bottleneck = actions.add(
            repo,
            "bottleneck",
            {
                "title": f"Knelpunt {round_number}",
                "description": "Te verhelpen.",
                "theme": "finance",
                "type": "hard",
                "reported_on": "2026-11-18",
            },
        )
        actor = next(iter(_load(example).of("actor")))
        actions.route(repo, bottleneck.id, [actor], None, None, change)
        barrier = FORK.Barrier(WORKERS)
        outcomes = FORK.Queue()
        _run_all(
            [
                FORK.Process(target=_resolve, args=(example, bottleneck.id, barrier, outcomes))
                for _ in range(WORKERS)
            ]
        )
        results = sorted(outcomes.get(timeout=5) for _ in range(WORKERS))
        assert results == ["move_not_allowed"] * (WORKERS - 1) + ["saved"], results
        records = _load(example)
        assert records.bad_moves(bottleneck.id) == []
        assert records.state(bottleneck.id).status == "resolved"


def test_parallel_commands_all_land(example: Path) -> None:
    """Real ``knelpunt`` processes at once: adds, notes and links, none lost."""
    command = [sys.executable, "-m", "knelpunt", "--repo", str(example)]
    jobs = [
        [
            *command,
            "add",
            "bottleneck",
            "--no-input",
            "--title",
            f"Parallel knelpunt {n}",
            "--description",
            "Tegelijk ingevoerd.",
            "--theme",
            "cooperation",
            "--type",
            "culture",
        ]
        for n in range(4)
    ] + [[*command, "update", ROUTED, "--note", f"Notitie {n}", "--by", "Test"] for n in range(4)]
    processes = [
        subprocess.Popen(job, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for job in jobs
    ]
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    records = _load(example)
    titles = {b.title for b in records.bottlenecks.values()}
    assert {f"Parallel knelpunt {n}" for n in range(4)} <= titles
    notes = {u.note for u in records.updates.get(ROUTED, [])}
    assert {f"Notitie {n}" for n in range(4)} <= notes


# --- killed writes ---------------------------------------------------------

WRITER = r"""
import itertools, sys
from pathlib import Path
from knelpunt import actions, choices, store
from knelpunt.repo import open_repository

root, bottleneck_id = Path(sys.argv[1]), sys.argv[2]
repo = open_repository(root, {}, root)
texts = [{texts}]


def write(n):
    text = texts[n % 2]
    store.edit(repo, "bottleneck", bottleneck_id, lambda d: d.__setitem__("description", text))
    actions.add(repo, "solution", {"title": f"Omweg {n}", "description": text})


# One round before "ready": the editing machinery is imported by then, so the
# kills land while files are written, not while modules are loaded (a command
# that takes its configuration from the cache imports no YAML parser at start).
write(1)
print("ready", flush=True)
for n in itertools.count():
    write(n)
"""

KILLS = 25
TEXTS = (
    ("Regel A van de lange beschrijving.\n" * 500).strip(),
    ("Regel B, een andere lange beschrijving.\n" * 450).strip(),
)


def _temporaries(root: Path) -> list[Path]:
    return [p for p in (root / "data").rglob(".*.tmp")]


def test_a_killed_write_leaves_the_old_or_the_new_file(example: Path, run: Runner) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    original = _load(example).bottlenecks[TARGET].description
    seen = set()
    randomness = random.Random(8)
    for _ in range(KILLS):
        writer = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER.replace("{texts}", repr(TEXTS)[1:-1]),
                str(example),
                TARGET,
            ],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == b"ready"
        time.sleep(randomness.uniform(0.0, 0.15))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        # Every record file, including the one being rewritten, is whole.
        records = _load(example)
        description = records.bottlenecks[TARGET].description
        assert description in (original, *TEXTS)
        seen.add(description[:7])
        for solution in records.of("solution").values():
            if solution.title.startswith("Omweg "):
                assert solution.description in TEXTS
    # check does not trip over what a killed write left behind, in any form.
    result = run("--repo", str(example), "check")
    assert result.code == 0, result.out + result.err
    # The next write, under the lock, clears the leftovers.
    actions.link_solution(_repo(example), TARGET, next(iter(_load(example).of("solution"))))
    assert not [p for p in _temporaries(example) if p.parent.name == "bottlenecks"]
    assert len(seen) >= 2, "the kills should have landed at different moments"


def test_stale_temporary_files_are_ignored_and_cleared(example: Path, run: Runner) -> None:
    leftover = example / "data" / "bottlenecks" / f".{TARGET}.yaml.1a2b3c4d.tmp"
    leftover.write_text("id: kp-half-", encoding="utf-8")
    assert run("--repo", str(example), "check").code == 0
    actions.link_solution(_repo(example), TARGET, next(iter(_load(example).of("solution"))))
    assert not leftover.exists()


# --- the lock itself -------------------------------------------------------


def _hold(root: Path, ready: Any, release: Any) -> None:
    with write_lock(root):
        ready.set()
        release.wait(30)


def test_a_busy_repository_is_waited_for_then_refused(example: Path) -> None:
    ready, release = FORK.Event(), FORK.Event()
    holder = FORK.Process(target=_hold, args=(example, ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        started = time.monotonic()
        with pytest.raises(KnelpuntError) as caught, write_lock(example, wait=0.3):
            pass
        assert caught.value.key == "repository_busy"
        assert time.monotonic() - started >= 0.3
    finally:
        release.set()
        holder.join(30)
    with write_lock(example, wait=1):  # released when the holder ended
        pass


def test_a_killed_lock_holder_does_not_block_anyone(example: Path) -> None:
    ready, release = FORK.Event(), FORK.Event()
    holder = FORK.Process(target=_hold, args=(example, ready, release))
    holder.start()
    assert ready.wait(30)
    assert holder.pid is not None
    os.kill(holder.pid, signal.SIGKILL)
    holder.join(30)
    with write_lock(example, wait=2):
        pass
    assert lock_path(example).name.endswith("knelpunt.lock")


def test_the_lock_lives_in_git_when_there_is_git(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert lock_path(tmp_path) == tmp_path / ".git" / "knelpunt.lock"
    assert lock_path(tmp_path / "elsewhere") == tmp_path / ".git" / "knelpunt.lock"
