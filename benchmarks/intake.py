"""How long the similarity search at intake takes, inside the process that
already loaded the records (as ``knelpunt add bottleneck`` has). Prints the
median seconds of five searches as JSON.

    python benchmarks/intake.py /tmp/knelpunt-bench-10000
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from knelpunt.index import similar_bottlenecks
    from knelpunt.repo import open_repository
    from knelpunt.store import load_all

    root = Path(sys.argv[1])
    repo = open_repository(root, os.environ, root)
    records = load_all(repo)
    rng = random.Random(7)
    chosen = rng.sample(sorted(records.bottlenecks), 6)
    times = []
    for number, bottleneck_id in enumerate(chosen):
        bottleneck = records.bottlenecks[bottleneck_id]
        new = SimpleNamespace(
            title=" ".join(bottleneck.title.split()[:4]),
            description=bottleneck.description[:300],
            theme=bottleneck.theme,
            laws=[],
            tags=[],
        )
        started = time.perf_counter()
        similar_bottlenecks(repo, records, new)
        if number:  # the first one may bring the index up to date
            times.append(time.perf_counter() - started)
    print(json.dumps({"median": statistics.median(times), "fastest": min(times)}))


if __name__ == "__main__":
    main()
