"""A progress display on the terminal for long work, and ``--quiet``.

A cold ``check`` of 10,000 bottlenecks, or the site of a large network, takes
seconds to minutes without a word. After a moment (``AFTER`` seconds) a line
on stderr says the command is at work and for how long, until the command
writes anything itself. Only when stderr is a terminal: never in a pipe, a
file or CI, where a line redrawn ten times a second is noise.

``--quiet`` hushes what goes to stderr except errors: the progress line and
the messages that say all went well. Errors are printed by ``knelpunt.cli.main``
after the command, to the real stderr.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

#: Commands that read the whole repository and ask nothing: the ones worth a
#: progress line. A command that asks questions keeps the terminal to itself.
LONG_COMMANDS = frozenset(
    {"check", "report", "site", "export", "list", "prioritise", "diff", "show"}
)
#: Seconds of silence before the line appears; a quick command never shows it.
AFTER = 1.0
FRAMES = "|/-\\"


class _Quiet:
    """A stderr that writes nothing."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        return getattr(sys.__stderr__, name)


class _Watched:
    """A stream that takes the progress line away before its first write."""

    def __init__(self, stream: TextIO, line: _Line) -> None:
        self._stream = stream
        self._line = line

    def write(self, text: str) -> int:
        self._line.stop()
        return self._stream.write(text)

    def writelines(self, lines: Any) -> None:
        self._line.stop()
        self._stream.writelines(lines)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Line:
    def __init__(self, stream: TextIO, text: str, after: float) -> None:
        self._stream = stream
        self._text = text
        self._after = after
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._shown = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        started = time.monotonic()
        if self._done.wait(self._after):
            return
        frame = 0
        while not self._done.is_set():
            seconds = int(time.monotonic() - started)
            shown = f"\r{self._text} {FRAMES[frame % len(FRAMES)]} {seconds} s"
            with self._lock:
                if self._done.is_set():
                    return
                self._stream.write(shown)
                self._stream.flush()
                self._shown = len(shown)
            frame += 1
            self._done.wait(0.1)

    def stop(self) -> None:
        if self._done.is_set():
            return
        self._done.set()
        with self._lock:
            if self._shown:  # clear the line for what comes next
                self._stream.write("\r" + " " * self._shown + "\r")
                self._stream.flush()
                self._shown = 0


def wanted(stream: TextIO, environ: os._Environ[str] | dict[str, str]) -> bool:
    """A progress line only on a terminal, and never in CI (whose log shows
    every redraw)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not environ.get("CI")


@contextmanager
def around(command: str | None, text: str, quiet: bool) -> Iterator[None]:
    """Run a command with ``--quiet`` applied and, for a long command on a
    terminal, a progress line saying ``text``."""
    real_out, real_err = sys.stdout, sys.stderr
    line: _Line | None = None
    if quiet:
        sys.stderr = _Quiet()
    elif command in LONG_COMMANDS and wanted(real_err, os.environ):
        try:  # KNELPUNT_PROGRESS_AFTER: seconds of silence before the line shows
            after = float(os.environ.get("KNELPUNT_PROGRESS_AFTER") or AFTER)
        except ValueError:
            after = AFTER
        line = _Line(real_err, text, after)
        sys.stdout = _Watched(real_out, line)
        sys.stderr = _Watched(real_err, line)
        line.start()
    try:
        yield
    finally:
        if line is not None:
            line.stop()
        sys.stdout, sys.stderr = real_out, real_err
