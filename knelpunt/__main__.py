"""``python -m knelpunt`` and the ``knelpunt`` console script."""

from __future__ import annotations

import gc
import os
import sys


def entry() -> None:
    # --version answers before anything heavy is imported.
    if sys.argv[1:] == ["--version"]:
        from knelpunt import __version__

        print(f"knelpunt {__version__}")
        raise SystemExit(0)
    # Pydantic looks for plugins by reading the entry points of every installed
    # package (20 ms at each start); one installed for another program has no
    # business instrumenting knelpunt's own models.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # A command is a short process that makes hundreds of thousands of objects
    # which live until it ends (the list of files, the rows, the records), and
    # no cycles to speak of. With Python's default thresholds the cycle
    # collector walks all of them again and again: a tenth of the time of a
    # warm command on 10,000 bottlenecks. Young objects are still collected;
    # only the walks over everything become rare.
    gc.set_threshold(100_000, 50, 100)
    from knelpunt.cli import main

    raise SystemExit(main())


if __name__ == "__main__":
    entry()
