"""``python -m knelpunt`` and the ``knelpunt`` console script."""

from __future__ import annotations

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
    from knelpunt.cli import main

    raise SystemExit(main())


if __name__ == "__main__":
    entry()
