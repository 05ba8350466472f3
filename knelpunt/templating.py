"""Rendering report templates that may come from a pull request.

A data repository's ``templates/`` folder overrides the built-in templates, so
a template is untrusted code in a small language. Jinja2's sandbox keeps it
from Python's internals; this module adds what the sandbox leaves open:

* **Files.** ``ConfinedLoader`` loads a template only if its real path, every
  link resolved, lies inside its folder: ``{% include "root/etc/passwd" %}``
  through a link, or ``../``, is refused. Templates are read bounded in size.
* **Arithmetic.** ``9**9**9`` or ``'x' * 10**10`` is one step for Python but
  hours or gigabytes; ``**`` and ``*`` are checked before they run.
* **Time and output.** Rendering stops with ``TemplateLimit`` after
  ``seconds`` or ``max_chars`` characters of output, whichever comes first;
  nested loops that print nothing are stopped by the clock as well.
* **The page.** A template decides how a page looks, never what it may do:
  knelpunt writes the start of every HTML page itself (``page_start``), with
  the Content-Security-Policy as the first element of ``<head>``, before a
  single character of the template; and ``inert`` turns the elements a policy
  in a ``<meta>`` cannot stop (a refresh, a prefetch, a ``<base>``) into text.
* **The terminal.** ``without_controls`` writes out every control character
  a template or a record put in the output (``\\x1b``), so a report printed to
  a terminal cannot write to the clipboard, clear the screen or hide lines.
"""

from __future__ import annotations

import ctypes
import html
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment

from knelpunt.errors import FileRefused, TemplateLimit
from knelpunt.safeio import is_inside, read_regular

#: A template is a page of text.
MAX_TEMPLATE_BYTES = 512 * 1024
#: The largest report of up to ten thousand bottlenecks (``scale`` 1): the
#: agenda of ten thousand is some 10 million characters.
MAX_OUTPUT_CHARS = 64 * 1024 * 1024
#: A report of ten thousand bottlenecks renders in a few seconds.
DEFAULT_SECONDS = 20.0
#: Bottlenecks a report may be made of per unit of ``scale``.
PER_SCALE = 10_000


def scale_for(bottlenecks: int) -> int:
    """How much a report of ``bottlenecks`` may take: its time and output
    bounds grow with the records it is made of, a unit per ``PER_SCALE``
    bottlenecks. A hostile template is stopped just as well, and the final
    report of 50,000 bottlenecks (70 million characters) is not."""
    return max(1, -(-bottlenecks // PER_SCALE))


#: Numbers in a report have a few digits; this is far past any of them.
MAX_INT_BITS = 4096
MAX_SEQUENCE = 1_000_000
#: How much a rendering may grow the process, where the system can say so.
MAX_EXTRA_MEMORY = 2 * 1024**3


#: What a page may do: show itself, with its own styles and inline pictures.
#: No script, no request, no form, no frame, no other base for its links.
#: (``navigate-to`` never shipped in browsers: the one automatic navigation a
#: template could add, ``<meta http-equiv=refresh>``, is made inert instead.)
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-src 'none'; object-src 'none'"
)


def page_start(lang: str) -> str:
    """The start of every HTML page, up to inside ``<head>``: written by
    knelpunt, not by a template, so that the policy holds for everything the
    template writes after it. A template that writes its own ``<!doctype>``,
    ``<html>`` or ``<head>`` again changes nothing: browsers ignore them."""
    return (
        "<!doctype html>\n"
        f'<html lang="{html.escape(lang, quote=True)}">\n'
        "<head>\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="knelpunt">\n'
    )


#: Elements a Content-Security-Policy in ``<meta>`` does not stop (a refresh,
#: a DNS prefetch, a second policy's ``<meta>``, ``<base>``) or that have no
#: business in a report (scripts, frames, plugins, forms). Record text is
#: escaped, so only a template can write them; they are shown as text.
_INERT = re.compile(
    r"<(?=/?\s*(?:script|meta|base|link|iframe|frame|frameset|object|embed|applet|form|"
    r"portal|noscript|template|svg:script)\b)",
    re.IGNORECASE,
)
#: A piece ending in what may be the start of one of those (``<scr``).
_OPEN_END = re.compile(r"<[/\sA-Za-z:]{0,12}$")


def inert(chunks: Iterator[str]) -> Iterator[str]:
    """The pieces of a template's HTML with every element of ``_INERT`` made
    text (``&lt;script``), also when a piece ends in the middle of its name."""
    carry = ""
    for chunk in chunks:
        text = carry + chunk
        tail = _OPEN_END.search(text)
        if tail is not None:
            text, carry = text[: tail.start()], text[tail.start() :]
        else:
            carry = ""
        if text:
            yield _INERT.sub("&lt;", text)
    if carry:
        yield _INERT.sub("&lt;", carry)


#: C0 controls but tab and line feed, DEL, and the C1 controls, which some
#: terminals obey like ESC. A template's ``"\x1b]52;c;...\x07"`` would write
#: to the clipboard of whoever prints the report.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_controls(chunks: Iterator[str]) -> Iterator[str]:
    """The pieces with each control character written out (``\\x1b``)."""
    for chunk in chunks:
        if _CONTROL.search(chunk) is None:  # nearly always
            yield chunk
        else:
            yield _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", chunk)


class ConfinedLoader(BaseLoader):
    """Templates from one folder, never from outside it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        parts = template.replace("\\", "/").split("/")
        if any(part in ("", ".", "..") for part in parts) or ":" in template:
            raise TemplateNotFound(template)
        path = self.folder.joinpath(*parts)
        if not path.exists() or not is_inside(self.folder, path):
            raise TemplateNotFound(template)
        try:
            raw = read_regular(os.path.realpath(path), MAX_TEMPLATE_BYTES)
        except FileRefused:
            raise TemplateNotFound(template) from None
        if len(raw) > MAX_TEMPLATE_BYTES:
            raise TemplateLimit("template_too_large", template=template, limit=MAX_TEMPLATE_BYTES)
        text = raw.decode("utf-8-sig", "replace")
        mtime = path.stat().st_mtime
        return text, str(path), lambda: path.exists() and path.stat().st_mtime == mtime


class BoundedEnvironment(SandboxedEnvironment):
    """Jinja2's sandbox, with ``**`` and ``*`` checked before they run."""

    intercepted_binops = frozenset(["**", "*"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            _check_product(left, right)
        return super().call_binop(context, operator, left, right)


def _bits(value: Any) -> int:
    return abs(value).bit_length() if isinstance(value, int) else 0


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and abs(base) > 1:
        if exponent > 0 and _bits(base) * exponent > MAX_INT_BITS:
            raise TemplateLimit("template_number_too_big", limit=MAX_INT_BITS)
    elif isinstance(exponent, int) and exponent > MAX_INT_BITS:
        raise TemplateLimit("template_number_too_big", limit=MAX_INT_BITS)


def _check_product(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        if _bits(left) + _bits(right) > MAX_INT_BITS:
            raise TemplateLimit("template_number_too_big", limit=MAX_INT_BITS)
        return
    for sequence, count in ((left, right), (right, left)):
        if (
            isinstance(sequence, str | list | tuple | bytes)
            and isinstance(count, int)
            and len(sequence) * max(count, 0) > MAX_SEQUENCE
        ):
            raise TemplateLimit("template_output_too_large", limit=MAX_SEQUENCE)


class _Deadline(BaseException):
    """Raised inside the rendering thread when its time is up. A BaseException,
    so that no ``except Exception`` in a template's helpers swallows it."""


def render_bounded(
    chunks: Iterator[str],
    seconds: float | None = None,
    max_chars: int = MAX_OUTPUT_CHARS,
    out: Callable[[str], object] | None = None,
    scale: int = 1,
) -> str:
    """Join a template's output (``template.generate(...)``) within bounds;
    or hand each piece to ``out`` as it comes, and return nothing: an agenda
    of 50,000 bottlenecks is 50 MB of text, held once as pieces and again
    joined."""
    limit = seconds if seconds is not None else _seconds_from_environment(scale)
    max_chars *= scale
    pieces: list[str] = []
    size = 0
    keep = out if out is not None else pieces.append

    def collect() -> None:
        nonlocal size
        for chunk in chunks:
            size += len(chunk)
            if size > max_chars:
                raise TemplateLimit("template_output_too_large", limit=max_chars)
            keep(chunk)

    try:
        with _memory_cap():
            _with_deadline(collect, limit)
    except _Deadline:
        raise TemplateLimit("template_too_slow", seconds=f"{limit:g}") from None
    except (MemoryError, RecursionError, OverflowError) as exc:
        raise TemplateLimit("template_too_costly", error=type(exc).__name__) from None
    return "".join(pieces)


@contextmanager
def _memory_cap(extra: int = MAX_EXTRA_MEMORY) -> Iterator[None]:
    """On Linux, let the process grow by at most ``extra`` bytes while a
    template renders: ``"x"|center(10**10)`` is one allocation in C that no
    clock can interrupt, and fails with MemoryError instead of eating the
    machine. Elsewhere the output and time bounds must do."""
    if not sys.platform.startswith("linux"):
        yield
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    try:
        with open("/proc/self/statm", "rb") as handle:
            current = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        yield
        return
    cap = current + extra
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _seconds_from_environment(scale: int = 1) -> float:
    wanted = os.environ.get("KNELPUNT_RENDER_SECONDS", "")
    try:
        return max(0.1, float(wanted)) if wanted else DEFAULT_SECONDS * scale
    except ValueError:
        return DEFAULT_SECONDS * scale


def _with_deadline(action: Callable[[], None], seconds: float) -> None:
    """Run ``action`` in this thread; raise ``_Deadline`` in it after ``seconds``.

    A timer thread raises the exception asynchronously in this one (CPython's
    ``PyThreadState_SetAsyncExc``), which interrupts a loop in template code
    between two steps. Works on every platform, in any thread, unlike a signal.
    """
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(target), ctypes.py_object(_Deadline)
                )

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        action()
    finally:
        with lock:
            state["done"] = True
            if state["fired"]:  # fired, but not yet delivered: take it back
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
        timer.cancel()
    if state["fired"]:
        raise _Deadline
