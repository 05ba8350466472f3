"""Time knelpunt as whole processes on synthetic repositories; write BENCHMARKS.md.

    uv run python benchmarks/run.py                 # 1,000, 10,000 and 50,000
    uv run python benchmarks/run.py --sizes 1000    # a quick look

For each size it generates a repository (benchmarks/generate.py), then times
``knelpunt check`` cold (no cache) and warm (nothing changed), ``list``,
``prioritise``, ``report`` (warm), an ``update`` of one bottleneck, ``--help``
and ``--version``: medians of several runs, with peak memory from GNU time.
At 1,000 and 10,000 it also times the peers a user would otherwise pick,
check-jsonschema (with the schemas of ``knelpunt schema``) and yamllint, on the
same files; they are installed in a separate virtual environment.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KNELPUNT = [sys.executable, "-m", "knelpunt"]
PEERS = Path(tempfile.gettempdir()) / "knelpunt-bench-peers"
TIME = shutil.which("time") or "/usr/bin/time"
# As on a laptop: Python keeps compiled bytecode. Some CI shells switch that off,
# which makes every start-up compile all imported modules again (about 0.4 s).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_bytecode() -> None:
    import site

    for folder in [*site.getsitepackages(), str(ROOT / "knelpunt")]:
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", folder],
            env=ENV,
            check=False,
            capture_output=True,
        )


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and peak memory (KB) of one whole process."""
    full = [TIME, "-f", "%M", *command] if Path(TIME).exists() else command
    started = time.perf_counter()
    done = subprocess.run(
        full,
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    elapsed = time.perf_counter() - started
    memory = 0
    if full is not command:
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "0"
        memory = int(last) if last.isdigit() else 0
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, memory


#: The benchmark's own cache folder, so that a cold run is cold and the user's is untouched.
CACHE = Path(tempfile.gettempdir()) / "knelpunt-benchmark-cache"
os.environ["KNELPUNT_CACHE_DIR"] = str(CACHE)


def clear_cache(repo: Path) -> None:
    shutil.rmtree(CACHE, ignore_errors=True)


def median_of(runs: int, command: list[str], repo: Path, cold: bool = False) -> dict[str, float]:
    times, peaks = [], []
    if not cold:
        clear_cache(repo)
        timed(command, repo)  # warm the cache once
    for _ in range(runs):
        if cold:
            clear_cache(repo)
        elapsed, memory = timed(command, repo)
        times.append(elapsed)
        peaks.append(memory)
    return {"median": statistics.median(times), "peak_mb": max(peaks) / 1024, "runs": runs}


def peers() -> Path:
    bin_dir = PEERS / "bin"
    if not (bin_dir / "check-jsonschema").exists():
        subprocess.run(["uv", "venv", "-q", str(PEERS)], check=True)
        subprocess.run(
            [
                "uv",
                "pip",
                "install",
                "-q",
                "--python",
                str(bin_dir / "python"),
                "check-jsonschema",
                "yamllint",
            ],
            check=True,
        )
    return bin_dir


def peer_commands(repo: Path, bin_dir: Path) -> dict[str, list[str]]:
    script = " && ".join(
        f"{bin_dir}/check-jsonschema --schemafile schemas/{kind}.schema.json "
        f"$(find data/{folder} -name '*.yaml')"
        for kind, folder in (
            ("initiative", "initiatives"),
            ("meeting", "meetings"),
            ("bottleneck", "bottlenecks"),
            ("actor", "actors"),
            ("solution", "solutions"),
            ("update", "updates"),
        )
    )
    return {
        "check-jsonschema (all kinds)": ["bash", "-c", script],
        "yamllint (default rules)": [str(bin_dir / "yamllint"), "-f", "parsable", "data"],
    }


def run_size(size: int, runs: int, with_peers: bool, peer_runs: int) -> dict[str, dict[str, float]]:
    repo = Path(tempfile.gettempdir()) / f"knelpunt-bench-{size}"
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(size), str(repo)], check=True)
    files = sum(1 for _ in (repo / "data").rglob("*.yaml"))
    print(f"{size} bottlenecks: {files} files", flush=True)
    bottleneck = sorted((repo / "data" / "bottlenecks").glob("*.yaml"))[0].stem
    results: dict[str, dict[str, float]] = {"files": {"median": files, "peak_mb": 0, "runs": 0}}
    plan = [
        ("check (cold)", [*KNELPUNT, "check"], True),
        ("check (warm)", [*KNELPUNT, "check"], False),
        ("list bottlenecks (warm)", [*KNELPUNT, "list", "bottlenecks"], False),
        ("prioritise --top 10 (warm)", [*KNELPUNT, "prioritise", "--top", "10"], False),
        ("report (warm)", [*KNELPUNT, "report"], False),
        (
            "update ID --note (one record)",
            [*KNELPUNT, "update", bottleneck, "--note", "Benchmark", "--by", "bench"],
            False,
        ),
        ("--help", [*KNELPUNT, "--help"], False),
        ("--version", [*KNELPUNT, "--version"], False),
    ]
    for name, command, cold in plan:
        results[name] = median_of(runs, command, repo, cold)
        print(
            f"  {name}: {results[name]['median']:.2f} s, {results[name]['peak_mb']:.0f} MB",
            flush=True,
        )
    if with_peers:
        bin_dir = peers()
        for name, command in peer_commands(repo, bin_dir).items():
            results[name] = median_of(peer_runs, command, repo, cold=True)
            print(f"  {name}: {results[name]['median']:.2f} s", flush=True)
    return results


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}"
    )


def write_markdown(all_results: dict[int, dict[str, dict[str, float]]], path: Path) -> None:
    sizes = sorted(all_results)
    names = [n for n in all_results[sizes[0]] if n != "files"]
    for size in sizes:
        names += [n for n in all_results[size] if n not in names and n != "files"]
    lines = [
        "# Benchmarks",
        "",
        f"Machine: {machine()}. Made with `uv run python benchmarks/run.py` on "
        f"{time.strftime('%Y-%m-%d')}. Whole processes; median of the runs shown; peak "
        "memory (resident) from GNU time. Cold = no cache; warm = nothing changed since "
        "the last command. Repositories from `benchmarks/generate.py`.",
        "",
        "| bottlenecks | " + " | ".join(f"{s:,}" for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
        "| files in data/ | "
        + " | ".join(f"{int(all_results[s]['files']['median']):,}" for s in sizes)
        + " |",
    ]
    for name in names:
        cells = []
        for size in sizes:
            r = all_results[size].get(name)
            cells.append(
                f"{r['median']:.2f} s, {r['peak_mb']:.0f} MB ({int(r['runs'])}x)" if r else "-"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peer-runs", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    parser.add_argument(
        "--no-peers", action="store_true", help="skip check-jsonschema and yamllint"
    )
    args = parser.parse_args()
    compile_bytecode()
    results = {}
    for size in args.sizes:
        results[size] = run_size(
            size,
            args.runs if size < 50000 else max(1, args.runs - 1),
            size <= 10000 and not args.no_peers,
            args.peer_runs,
        )
    write_markdown(results, args.out)
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
