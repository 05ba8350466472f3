"""The floors under every knelpunt command on one repository: what no reader of
these files can avoid. Prints one JSON object of seconds.

    python benchmarks/floors.py /tmp/knelpunt-bench-10000

* ``list``: walk data/ and list every file (os.scandir);
* ``stat``: stat every file (what a never-stale cache must do at least);
* ``read``: read every file's bytes;
* ``parse``: parse every file with ruamel.yaml's C loader on one core, set up
  as knelpunt sets it up, without validating anything;
* ``parse house style``: parse every file on one core the way knelpunt does:
  ``plainyaml`` for the house style, the C loader for the rest.

Each floor is the best of three, measured in this one process after a first
pass has warmed the operating system's file cache (as it is for a warm command).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def walk(top: str) -> Iterator[os.DirEntry[str]]:
    for entry in os.scandir(top):
        if entry.is_dir(follow_symlinks=False):
            yield from walk(entry.path)
        elif entry.name.endswith(".yaml"):
            yield entry


def best(step: Callable[[], object], times: int = 3) -> float:
    results = []
    for _ in range(times):
        started = time.perf_counter()
        step()
        results.append(time.perf_counter() - started)
    return min(results)


def main() -> None:
    from knelpunt.yamlio import _load_one, fast_load

    data = str(Path(sys.argv[1]) / "data")
    paths = [entry.path for entry in walk(data)]

    def read_all() -> list[bytes]:
        out = []
        for path in paths:
            with open(path, "rb") as handle:
                out.append(handle.read())
        return out

    contents = read_all()  # warm the file cache
    texts = [raw.decode("utf-8") for raw in contents]
    floors = {
        "files": len(paths),
        "list": best(lambda: list(walk(data))),
        "stat": best(lambda: [os.stat(p) for p in paths]),
        "read": best(read_all),
        "parse": best(lambda: [_load_one(t) for t in texts], times=1),
        "parse house style": best(lambda: [fast_load(t) for t in texts], times=1),
    }
    print(json.dumps(floors))


if __name__ == "__main__":
    main()
