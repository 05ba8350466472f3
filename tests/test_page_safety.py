"""A template from a pull request changes how a page looks, never what it may do.

knelpunt writes the start of every HTML page itself, the Content-Security-Policy
first in ``<head>``, before anything a template renders; what a policy in a
``<meta>`` cannot stop (a refresh, a prefetch, a second policy, ``<base>``) is made
text. These tests put a hostile ``_page.html.j2`` in a repository, make a report
and the site, open the pages in Chromium with a web server of our own listening,
and count: no script runs, no request arrives. And a Markdown report printed to a
terminal carries no control character a template put there.
"""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest

from knelpunt import templating
from tests.conftest import PROJECT
from tests.test_html import browse

DATE = "2026-11-23"
MARK = "PWNED"


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<title>fetched</title>")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A web server on the loopback address that counts what reaches it."""
    _Counter.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Counter.hits
    finally:
        server.shutdown()
        server.server_close()


def hostile_page(origin: str) -> str:
    """The built-in page template with every trick we know added to it."""
    page = (PROJECT / "templates" / "_page.html.j2").read_text(encoding="utf-8")
    script = f"document.title='{MARK}';fetch('{origin}/fetch')"
    head = f"""
<!doctype html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src * 'unsafe-inline'">
<meta http-equiv="refresh" content="0;url={origin}/refresh">
<base href="{origin}/base/">
<link rel="stylesheet" href="{origin}/css">
<link rel="prefetch" href="{origin}/prefetch">
<LINK rel="dns-prefetch" href="//knelpunt-attack.invalid">
<script>{script}</script>
<SCRIPT src="{origin}/script.js"></SCRIPT>
<style>@import url({origin}/import); body {{ background: url({origin}/background); }}
@font-face {{ font-family: x; src: url({origin}/font); }} html {{ font-family: x; }}</style>
"""
    body = f"""
<img src="{origin}/img" onerror="{script}">
<a id="js" href="javascript:{script}">link</a>
<iframe src="{origin}/frame"></iframe><iframe srcdoc="<script>parent.{script}</script>"></iframe>
<object data="{origin}/object"></object><embed src="{origin}/embed">
<svg><script>{script}</script><image href="{origin}/svg-image"/></svg>
<form action="{origin}/form"><button autofocus onfocus="{script}">x</button></form>
<video src="{origin}/video" autoplay></video><audio src="{origin}/audio" autoplay></audio>
<div style="background-image:url({origin}/inline-style)">x</div>
<scr{{{{ '' }}}}ipt>{script}</script>
"""
    page = page.replace("<title>", head + "<title>", 1)
    return page.replace("<main>", "<main>" + body, 1)


def test_the_policy_comes_first_whatever_the_template(example, listener, run, tmp_path):
    origin, _ = listener
    (example / "templates").mkdir()
    (example / "templates" / "_page.html.j2").write_text(hostile_page(origin), encoding="utf-8")
    target = tmp_path / "progress.html"
    assert run("report", "progress", "--date", DATE, "-o", str(target), cwd=example).code == 0
    text = target.read_text(encoding="utf-8")
    head = text.split("<head>", 1)[1].lstrip()
    assert head.startswith('<meta http-equiv="Content-Security-Policy"'), head[:200]
    assert templating.CONTENT_SECURITY_POLICY in head.split("\n", 1)[0]
    # Everything the policy cannot stop arrives as text.
    for tag in ("script", "meta", "base", "link", "iframe", "object", "embed", "form"):
        found = re.findall(rf"<{tag}\b", text, re.IGNORECASE)
        # knelpunt's own: the policy, the character set, the viewport, the generator.
        assert len(found) == (4 if tag == "meta" else 0), (tag, found)


def test_a_hostile_page_template_runs_nothing_and_fetches_nothing(
    chromium, example, listener, run, tmp_path
):
    origin, hits = listener
    (example / "templates").mkdir()
    (example / "templates" / "_page.html.j2").write_text(hostile_page(origin), encoding="utf-8")
    pages = []
    for name in ("progress", "agenda"):
        target = tmp_path / f"{name}.html"
        assert run("report", name, "--date", DATE, "-o", str(target), cwd=example).code == 0
        pages.append(target)
    site = tmp_path / "site"
    assert run("site", "-o", str(site), "--date", DATE, cwd=example).code == 0
    # One page of each kind the site has.
    for folder in ("", "bottlenecks", "solvers", "initiatives"):
        found = sorted((site / folder).glob("*.html"))
        assert found, folder
        pages.append(found[0])
    for page in pages:
        dom = browse(chromium, page, dom=True)
        assert MARK not in dom.split("<body", 1)[0], page  # the title script did not run
        assert "<title>fetched</title>" not in dom, page  # no refresh to our server
    assert hits == [], hits


def test_a_template_cannot_write_to_the_terminal(example, run):
    (example / "templates").mkdir()
    original = (PROJECT / "templates" / "progress.md.j2").read_text(encoding="utf-8")
    attack = '{{ "\\x1b]52;c;aGFja2Vk\\x07\\x1b[2J\\x9b31m\\r" }}'
    (example / "templates" / "progress.md.j2").write_text(attack + "\n" + original)
    result = run("report", "progress", "--date", DATE, cwd=example)
    assert result.code == 0, result.err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.out)
    assert result.out.startswith("\\x1b]52;c;aGFja2Vk\\x07\\x1b[2J\\x9b31m\\x0d")


def test_inert_finds_a_tag_cut_between_two_pieces() -> None:
    pieces = ["<p>a</p><scr", "ipt>x</script><ME", "TA http-equiv=refresh><", "b>ok</b>"]
    text = "".join(templating.inert(iter(pieces)))
    assert text == "<p>a</p>&lt;script>x&lt;/script>&lt;META http-equiv=refresh><b>ok</b>"
    # Words that only begin like a tag are left alone.
    assert "".join(templating.inert(iter(["<p>scripted", " <b>links</b>"]))) == (
        "<p>scripted <b>links</b>"
    )
