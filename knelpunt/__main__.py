"""``python -m knelpunt`` and the ``knelpunt`` console script."""

from __future__ import annotations

import sys


def entry() -> None:
    # --version answers before anything heavy is imported.
    if sys.argv[1:] == ["--version"]:
        from knelpunt import __version__

        print(f"knelpunt {__version__}")
        raise SystemExit(0)
    from knelpunt.cli import main

    raise SystemExit(main())


if __name__ == "__main__":
    entry()
