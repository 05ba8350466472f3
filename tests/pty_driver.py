"""Drive an interactive command through a pseudo-terminal, as a person would."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")


class Terminal:
    def __init__(self, args: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "knelpunt", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env={**os.environ, **(env or {}), "COLUMNS": "200", "TERM": "dumb"},
            start_new_session=True,
        )
        os.close(slave)
        self.screen = ""
        self.seen = 0

    def read_until(self, text: str, timeout: float = 20.0) -> str:
        """Wait for ``text`` after what was already read; returns the new output."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.screen.find(text, self.seen)
            if found >= 0:
                new = self.screen[self.seen : found + len(text)]
                self.seen = found + len(text)
                return new
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"waited for {text!r}; screen ends with:\n{self.screen[-2000:]}")
            ready, _, _ = select.select([self.master], [], [], min(remaining, 0.5))
            if ready:
                try:
                    chunk = os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:
                    chunk = ""
                if not chunk and self.process.poll() is not None:
                    raise TimeoutError(
                        f"process ended; waited for {text!r}:\n{self.screen[-2000:]}"
                    )
                self.screen += ANSI.sub("", chunk).replace("\r\n", "\n")

    def answer(self, prompt: str, text: str) -> str:
        seen = self.read_until(prompt)
        os.write(self.master, (text + "\n").encode())
        return seen

    def wait(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:
                    break
                self.screen += ANSI.sub("", chunk).replace("\r\n", "\n")
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        return self.process.wait()

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.master)
