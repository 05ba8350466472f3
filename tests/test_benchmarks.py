"""The benchmark scripts keep working: a small generated repository passes
check, the floors and the search at intake are measured on it, and the tables
(BENCHMARKS.md's and the README's) are written from a results file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT

BENCH = PROJECT / "benchmarks"


def script(name: str, *args: str, cwd: Path = PROJECT) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCH / name), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_generated_repository_is_measured(tmp_path, run):
    repo = tmp_path / "bench"
    script("generate.py", "100", str(repo))
    assert run("check", cwd=repo).code == 0  # valid: a cache keeps nothing of a broken one
    floors = json.loads(script("floors.py", str(repo)))
    assert floors["files"] > 300 and all(floors[k] > 0 for k in ("list", "stat", "read", "parse"))
    intake = json.loads(script("intake.py", str(repo)))
    assert 0 < intake["median"] < 5


def test_the_tables_are_written_from_a_results_file(tmp_path):
    def result(seconds: float, memory: float = 50) -> dict[str, float]:
        return {"median": seconds, "peak_mb": memory, "runs": 3}

    sizes = {}
    for size, factor in ((1000, 1), (10000, 10), (50000, 50)):
        sizes[str(size)] = {
            "files": result(size * 3.4, 0),
            "check (cold)": result(0.6 * factor, 5 * factor),
            "check (warm)": result(0.05 * factor),
            "list bottlenecks (warm)": result(0.1 * factor),
            "prioritise --top 10 (warm)": result(0.1 * factor),
            "report (warm)": result(0.04 * factor),
            "update ID --note (one record)": result(0.25),
            "--help": result(0.1),
            "--version": result(0.02),
            "similarity search at intake (in process)": result(0.015 * factor, 0),
            "floor: list": result(0.006 * factor, 0),
            "floor: stat": result(0.007 * factor, 0),
            "floor: read": result(0.02 * factor, 0),
            "floor: parse": result(0.43 * factor, 0),
        }
    sizes["10000"]["check-jsonschema (all kinds)"] = result(80.0, 0)
    results = tmp_path / "results.json"
    results.write_text(json.dumps(sizes))
    readme = tmp_path / "README.md"
    readme.write_text(
        "# x\n\n<!-- speed table: benchmarks/run.py writes this -->\nold\n"
        "<!-- end of speed table -->\n\nafter\n"
    )
    out = tmp_path / "results.md"
    script("run.py", "--from-json", str(results), "--out", str(out), "--readme", str(readme))
    tables = out.read_text()
    assert "| warm `check` <= 0.5 s | 0.500 s | - | met |" in tables
    assert "| cold `check` <= 2.5 s | 6.00 s | - | missed by 3.50 s |" in tables
    assert "| cold `check` >= 10x faster than check-jsonschema | 13.3x | | met |" in tables
    assert "| 50,000: every command < 400 MB | 250 MB (check (cold)) | | met |" in tables
    assert "floor: parse" in tables and "x read, x stat" in tables
    text = readme.read_text()
    assert "old" not in text and text.endswith("after\n")
    assert "| `check`, nothing changed | 0.05 s | 0.50 s | 2.50 s |" in text
