"""Reports and long tables are remembered until anything they were made of
changes (``knelpunt.memo``): never stale, kept per question, and a warm command
that prints one builds no model and loads no parser, Jinja2 or git."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from knelpunt.cli.tables import output_shape
from knelpunt.ids import FOLDERS, RECORD_KINDS
from knelpunt.models import RECORD_TYPES, Update
from knelpunt.repo import open_repository
from knelpunt.scanning import cache_database

OLD = 1_600_000_000_000_000_000  # 2020: far outside the racy window

#: Modules a warm command has no need of: the models, the YAML parser (the
#: configuration comes validated from the cache), the use cases, Jinja2 and git.
HEAVY = (
    "knelpunt.models",
    "knelpunt.store",
    "knelpunt.facts",
    "knelpunt.queries",
    "knelpunt.index",
    "knelpunt.checks",
    "knelpunt.report.building",
    "knelpunt.report.rendering",
    "ruamel.yaml",
    "jinja2",
    "git",
)


@pytest.fixture
def settled(example: Path) -> Path:
    """The example with old modification times: nothing is 'racy', so the
    next command is served from the caches."""
    for path in (example / "data").rglob("*.yaml"):
        os.utime(path, ns=(OLD, OLD))
    return example


def remembered_texts(root: Path) -> int:
    path = cache_database(open_repository(root, {}, root)).path
    if not path.exists():
        return 0
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM memo").fetchone()[0])


def retitle_in_place(root: Path) -> tuple[Path, str]:
    """Change one letter of a bottleneck's title, keeping size and times."""
    path = sorted((root / "data" / "bottlenecks").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    before = path.stat()
    start = text.index("\ntitle: ") + len("\ntitle: ")
    changed = text[:start] + "Q" + text[start + 1 :]
    assert len(changed.encode()) == len(text.encode())
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    return path, changed[start : changed.index("\n", start)]


@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("list", "bottlenecks"),
        ("prioritise", "--top", "3"),
        ("report",),
        ("report", "agenda", "--format", "html"),
    ],
)
def test_a_warm_command_builds_no_model(settled, args):
    for _ in range(2):  # the first fills the caches
        done = subprocess.run(
            [sys.executable, "-m", "knelpunt", *args], cwd=settled, capture_output=True
        )
        assert done.returncode == 0, done.stderr
    probe = (
        "import sys\n"
        "from knelpunt.cli import main\n"
        f"code = main({list(args)!r})\n"
        f"heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
        "print('LOADED', heavy, code, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=settled, capture_output=True, text=True
    )
    assert "LOADED [] 0" in done.stderr, done.stderr


def test_a_remembered_table_is_never_stale(settled, run):
    first = run("list", "bottlenecks", cwd=settled).out
    assert run("list", "bottlenecks", cwd=settled).out == first
    ranking = run("prioritise", "--top", "30", cwd=settled).out
    assert remembered_texts(settled) == 2
    _, title = retitle_in_place(settled)
    word = title.split()[0]  # a table may wrap a long title
    assert word not in first
    assert word in run("list", "bottlenecks", cwd=settled).out
    changed = run("prioritise", "--top", "30", cwd=settled).out
    assert changed != ranking and word in changed


def test_each_question_is_remembered_on_its_own(settled, run):
    dutch = run("list", "bottlenecks", cwd=settled).out
    english = run("--lang", "en", "list", "bottlenecks", cwd=settled).out
    reported = run("list", "bottlenecks", "--status", "gemeld", cwd=settled).out
    assert "titel" in dutch and "title" in english and len(reported) < len(dutch)
    table = run("prioritise", "--top", "5", cwd=settled).out
    as_json = run("prioritise", "--top", "5", "--json", cwd=settled).out
    assert len(json.loads(as_json)) == 5 and not table.lstrip().startswith("[")
    assert remembered_texts(settled) == 5
    # Asked again, each gets its own text back.
    assert run("--lang", "en", "list", "bottlenecks", cwd=settled).out == english
    assert run("list", "bottlenecks", "--status", "gemeld", cwd=settled).out == reported
    assert run("list", "bottlenecks", cwd=settled).out == dutch
    assert run("prioritise", "--top", "5", "--json", cwd=settled).out == as_json
    assert run("prioritise", "--top", "5", cwd=settled).out == table


def test_a_table_from_records_with_a_problem_is_not_remembered(settled, run):
    path = sorted((settled / "data" / "bottlenecks").glob("*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("theme: ", "theme: x", 1))
    run("list", "bottlenecks", cwd=settled)
    run("prioritise", "--top", "3", cwd=settled)
    assert remembered_texts(settled) == 0


def test_what_rich_reads_from_the_environment_is_part_of_the_question(monkeypatch):
    plain = output_shape()
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert output_shape() != plain
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setenv("COLUMNS", "40")
    assert output_shape() != plain


def test_the_folders_listed_without_the_models_are_the_models_folders():
    assert tuple(RECORD_TYPES) == RECORD_KINDS
    assert {
        **{kind: model.folder for kind, model in RECORD_TYPES.items()},
        "update": Update.folder,
    } == FOLDERS
