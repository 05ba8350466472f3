"""Driving the system Chromium over the DevTools protocol, with the standard
library only: ``--remote-debugging-pipe`` speaks JSON messages ended by a NUL
byte on file descriptors 3 (to the browser) and 4 (from it).

One browser serves a whole test module: each page is opened in a tab of its
own (``Browser.page``), sized like a phone or a desktop, and can be printed to
PDF or have a script evaluated in it (axe-core, injected this way: the pages'
Content-Security-Policy forbids every script of their own)."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import subprocess
import tempfile
from pathlib import Path
from typing import Any

#: Seconds to wait for any message of the browser.
TIMEOUT = 120


class BrowserError(RuntimeError):
    pass


class Browser:
    def __init__(self, executable: str) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="knelpunt-cdp-")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        # The child sees our pipe ends as its descriptors 3 and 4.
        self._process = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
                f"--user-data-dir={self._profile.name}",
                # Nothing may be fetched; should a page try, no name resolves.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=_descriptors(to_browser_read, from_browser_write),
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next = 0
        self._events: list[dict[str, Any]] = []

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close")
        try:
            self._process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._profile.cleanup()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the protocol ---------------------------------------------------------

    def _read_message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            # A browser that hangs fails the test instead of holding up the run.
            ready, _, _ = select.select([self._from_browser], [], [], TIMEOUT)
            if not ready:
                raise BrowserError(f"Chromium said nothing for {TIMEOUT} s")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed its DevTools pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        found: dict[str, Any] = json.loads(message)
        return found

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next += 1
        ident = self._next
        message: dict[str, Any] = {"id": ident, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read_message()
            if reply.get("id") == ident:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self._events.append(reply)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        while True:
            for event in self._events:
                if event["method"] == method and event.get("sessionId") == session:
                    self._events.remove(event)
                    return event
            reply = self._read_message()
            if "method" in reply:
                self._events.append(reply)

    def page(self, path: Path, width: int, height: int = 900) -> Page:
        """``path`` open in a new tab ``width`` CSS pixels wide, loaded."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable", session)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        self._events.clear()
        self.send("Page.navigate", session, url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired", session)
        return Page(self, target, session)


class Page:
    def __init__(self, browser: Browser, target: str, session: str) -> None:
        self.browser = browser
        self.target = target
        self.session = session

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (awaited if a promise)."""
        found = self.browser.send(
            "Runtime.evaluate",
            self.session,
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        if "exceptionDetails" in found:
            raise BrowserError(json.dumps(found["exceptionDetails"])[:2000])
        return found["result"].get("value")

    def pdf(self) -> bytes:
        """The page printed as Chromium prints it (its own @page size: A4)."""
        found = self.browser.send(
            "Page.printToPDF",
            self.session,
            preferCSSPageSize=True,
            printBackground=True,
            displayHeaderFooter=False,
        )
        return base64.b64decode(found["data"])

    def close(self) -> None:
        self.browser.send("Target.closeTarget", targetId=self.target)

    def __enter__(self) -> Page:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _descriptors(read_end: int, write_end: int) -> Any:
    def arrange() -> None:
        os.dup2(read_end, 3)
        os.dup2(write_end, 4)

    return arrange
