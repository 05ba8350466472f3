"""HTML reports and the site, opened as their readers open them: in a browser.

The ministry, municipalities and initiatives receive a file or a link, not a
GitHub page. These tests open the output in headless Chromium (Debian's
package, installed by .ci/run where it can be): no console errors and nothing
fetched (the pages forbid it, and Chromium reports any attempt as a console
error), every chart and table visible in a screenshot, print to PDF on A4
pages; and every link of the site leads to a page that exists.
"""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from knelpunt.charts import BAR, PLANNED, SECOND, STATUS_COLOURS
from knelpunt.report.registry import REPORTS
from tests.conftest import PROJECT
from tests.png import colours

DATE = "2026-11-23"
A4 = (595, 842)  # points
BAND = "#f4f5f8"  # the background of a table's header row


def browse(chromium: str, page: Path, *options: str, dom: bool = False) -> str:
    """Open ``page`` in headless Chromium and return what it logged; with
    ``dom``, the page's DOM once loaded and its timers run (3 s of virtual time)."""
    if dom:
        options = (*options, "--virtual-time-budget=3000", "--dump-dom")
    done = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            # Nothing may be fetched; should a page try, no name resolves.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            *options,
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout if dom else done.stderr


def console(log: str) -> list[str]:
    return [line for line in log.splitlines() if ":CONSOLE" in line or "net::ERR" in line]


def write_report(run, name: str, lang: str, folder: Path, cwd: Path = PROJECT) -> Path:
    target = folder / f"{name}.{lang}.html"
    result = run("--lang", lang, "report", name, "--date", DATE, "-o", str(target), cwd=cwd)
    assert result.code == 0, result.err
    return target


def pdf_pages(path: Path) -> list[tuple[float, float]]:
    """The size in points of every page of a PDF Chromium wrote."""
    data = path.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    sizes = [(float(w), float(h)) for w, h in boxes]
    assert pages and len(sizes) >= 1
    return sizes[:pages] if len(sizes) >= pages else sizes * pages


# --- the single-file reports ------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_a_report_is_one_self_contained_file(name, lang, run, tmp_path):
    text = write_report(run, name, lang, tmp_path).read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>") and f'<html lang="{lang}">' in text
    assert "<script" not in text and "@import" not in text and "url(" not in text
    assert not re.search(r"""(?:src|href)=["'](?!#)""", text), "a link or source outside the file"
    assert "default-src 'none'" in text  # the browser refuses to fetch anything
    assert '<th scope="col"' in text and "<h1>" in text  # for screen readers
    assert 'name="viewport"' in text and "@media print" in text and "size: A4" in text


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_a_report_opens_in_a_browser_without_errors(chromium, name, lang, run, tmp_path):
    page = write_report(run, name, lang, tmp_path)
    log = browse(chromium, page, f"--screenshot={tmp_path / 'shot.png'}", "--window-size=1000,800")
    assert console(log) == []


def test_every_chart_and_table_of_the_progress_report_is_visible(chromium, run, tmp_path):
    page = write_report(run, "progress", "nl", tmp_path)
    text = page.read_text(encoding="utf-8")
    # 13, the 7 of whose voice is in the example's ranking round (issue 30)
    # and the 2 of the addressings awaiting an answer (issue 31, point 3).
    # Each chart twice: wide, and narrow for a phone (issue 33).
    assert text.count('chart-wide"') == text.count('chart-narrow"') == 5
    assert text.count("<table>") == 23
    shot = tmp_path / "progress.png"
    log = browse(chromium, page, f"--screenshot={shot}", "--window-size=1000,9000")
    assert console(log) == []
    seen = colours(shot)
    # The plan: done over planned; the months: reported and solved side by side;
    # levels and problem-solvers: bars; themes: a colour per status present.
    assert seen[SECOND] > 2000 and seen[PLANNED] > 2000, "plan or month chart missing"
    assert seen[BAR] > 20000, "level, problem-solver or month bars missing"
    statuses = {"on-agenda", "routed", "in-progress", "declined", "solved-locally", "resolved"}
    for status in statuses:
        assert seen[STATUS_COLOURS[status]] > 300, f"no {status} in the theme chart"
    assert seen[BAND] > 13 * 20 * 300, "not every table header is on the screenshot"
    assert seen["#ffffff"] > 1000 * 200  # the page ended inside the screenshot


def test_the_progress_report_prints_as_an_a4_document(chromium, run, tmp_path):
    page = write_report(run, "progress", "nl", tmp_path)
    pdf = tmp_path / "progress.pdf"
    browse(chromium, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    sizes = pdf_pages(pdf)
    for width, height in sizes:
        assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2, (width, height)
    # The cover, the contents on the second page, then every section from a
    # page of its own: plan, bottlenecks, whose voice is in the ranking,
    # priorities, workarounds, questions and frontrunners, waiting longest
    # (tests/test_print.py holds the page counts of every report).
    sections = page.read_text(encoding="utf-8").count("<section")
    assert sections == 7
    assert sections + 2 <= len(sizes) <= 18, len(sizes)


def test_user_text_never_becomes_markup(chromium, example, run, tmp_path):
    path = example / "data" / "bottlenecks" / "kp-rwj1j-hr94w.yaml"
    attack = '<script>alert(1)</script><img src=x onerror=alert(2)> & "quotes"'
    lines = [
        f"title: '{attack}'" if line.startswith("title:") else line
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = write_report(run, "progress", "nl", tmp_path, cwd=example)
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text and "<img" not in text
    assert html.escape(attack, quote=False).replace('"', "&#34;") in text
    assert console(browse(chromium, page, f"--screenshot={tmp_path / 's.png'}")) == []
    site = tmp_path / "site"
    assert run("site", "-o", str(site), "--date", DATE, cwd=example).code == 0
    for page in site.rglob("*.html"):
        assert "<script" not in page.read_text(encoding="utf-8"), page


# --- the site -----------------------------------------------------------------------


def unlisted_sections(text: str) -> tuple[set[str], set[str]]:
    """The ids of a page's sections and h2 headings (its table of contents'
    own left out) that its table of contents does not link to, and those linked."""
    ids = set(re.findall(r'<section[^>]*\baria-labelledby="([^"]+)"', text))
    ids |= set(re.findall(r'<section[^>]*\bid="([^"]+)"', text))
    ids |= set(re.findall(r'<h2[^>]*\bid="([^"]+)"', text))
    ids.discard("inhoud")
    nav = re.search(r'<nav class="contents".*?</nav>', text, re.S)
    linked = set(re.findall(r'href="#([^"]+)"', nav.group(0))) if nav else set()
    return {html.unescape(i) for i in ids - linked}, linked


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_section_of_a_report_is_in_its_contents(name, lang, run, tmp_path):
    """Issue 31: the progress report left "Wie heeft een stem in de rangorde"
    (#stem) out of its contents. Every section and h2 with an id is linked."""
    text = write_report(run, name, lang, tmp_path).read_text(encoding="utf-8")
    missing, linked = unlisted_sections(text)
    assert not missing, f"{name} ({lang}): not in the contents: {sorted(missing)}"
    assert linked, f"{name} ({lang}) has no contents"
    for anchor in linked:
        assert f'id="{anchor}"' in text, (name, anchor)
    if name == "progress":
        assert "stem" in linked


def test_every_section_of_a_site_page_is_in_its_contents(run, tmp_path):
    site = tmp_path / "site"
    result = run("site", "-o", str(site), "--date", DATE, cwd=PROJECT)
    assert result.code == 0, result.err
    for page in sorted(site.rglob("*.html")):
        missing, _ = unlisted_sections(page.read_text(encoding="utf-8"))
        assert not missing, f"{page.relative_to(site)}: not in the contents: {sorted(missing)}"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="#stem"' in index


def links(page: Path) -> Iterator[str]:
    yield from re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8"))


def test_every_link_of_the_site_resolves(run, tmp_path):
    site = tmp_path / "site"
    result = run("site", "-o", str(site), "--date", DATE, cwd=PROJECT)
    assert result.code == 0, result.err
    pages = sorted(site.rglob("*.html"))
    checked = 0
    for page in pages:
        for link in links(page):
            target, _, anchor = link.partition("#")
            assert "://" not in link and not link.startswith("/"), (page, link)
            file = (page.parent / target).resolve() if target else page
            assert file.is_file() and site.resolve() in file.parents, (page, link)
            if anchor:
                assert f'id="{anchor}"' in file.read_text(encoding="utf-8"), (page, link)
            checked += 1
    bottlenecks = [p for p in pages if p.parent.name == "bottlenecks" and p.name != "index.html"]
    assert len(bottlenecks) == 26  # every bottleneck that is not merged into another
    assert (site / "solvers" / "index.html").is_file() and (site / "initiatives").is_dir()
    assert checked > 300
    assert f"{len(pages)} pagina's" in result.err


def test_the_site_has_no_personal_data(run, tmp_path):
    emails = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", _all_record_text()))
    assert emails, "the example has contact persons"
    site = tmp_path / "site"
    assert run("site", "-o", str(site), cwd=PROJECT).code == 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not any(email in text for email in emails), page


def _all_record_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (PROJECT / "data").rglob("*.yaml"))


def test_the_site_pages_open_in_a_browser(chromium, run, tmp_path):
    site = tmp_path / "site"
    assert run("--lang", "en", "site", "-o", str(site), "--date", DATE, cwd=PROJECT).code == 0
    for page in [
        site / "index.html",
        site / "bottlenecks" / "kp-rwj1j-hr94w.html",
        site / "solvers" / "index.html",
    ]:
        log = browse(chromium, page, f"--screenshot={tmp_path / 'p.png'}", "--window-size=390,900")
        assert console(log) == [], page


def test_the_site_replaces_only_a_folder_of_its_own(run, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    result = run("site", "-o", str(mine), cwd=PROJECT)
    assert result.code == 1 and "--force" in result.err
    assert (mine / "notes.txt").read_text() == "keep me"
    site = tmp_path / "site"
    assert run("site", "-o", str(site), cwd=PROJECT).code == 0
    (site / "bottlenecks" / "kp-gone-00000.html").write_text("old page")
    result = run("site", "-o", str(site), cwd=PROJECT)
    assert result.code == 0  # its own: its pages replaced where they changed
    # A file knelpunt did not write stays, and is named (tests/test_site_incremental.py).
    assert (site / "bottlenecks" / "kp-gone-00000.html").read_text() == "old page"
    assert "bottlenecks/kp-gone-00000.html" in result.err


@pytest.mark.parametrize(
    ("provider", "files", "schema"),
    [
        (
            "github",
            [".github/workflows/knelpunt.yml", ".github/workflows/knelpunt-site.yml"],
            "vendor.github-workflows",
        ),
        ("gitlab", [".gitlab-ci.yml"], "vendor.gitlab-ci"),
    ],
)
def test_init_can_add_a_job_that_publishes_the_site(tmp_path, run, provider, files, schema):
    import sys

    from knelpunt import yamlio

    spec = "knelpunt @ git+https://example.org/netwerk/knelpunt@0123456789abcdef"
    root = tmp_path / "r"
    result = run("init", str(root), "--ci", provider, "--install", spec, "--publish", cwd=tmp_path)
    assert result.code == 0, result.err
    for name in files:
        checked = subprocess.run(
            [
                sys.executable,
                "-m",
                "check_jsonschema",
                "--builtin-schema",
                schema,
                str(root / name),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
    text = (root / files[-1]).read_text()
    data = yamlio.fast_load(text)
    if provider == "github":
        assert set(data["jobs"]) == {"build", "deploy"} and data["on"]["push"]["branches"] == [
            "main"
        ]
        assert "actions/deploy-pages" in text
        # Built outside the checkout, as every CI step runs knelpunt.
        assert 'knelpunt site --repo "$GITHUB_WORKSPACE" -o "$RUNNER_TEMP/site"' in text
        assert data["permissions"]["pages"] == "write"
    else:
        assert data["pages"]["script"] == [
            'knelpunt site --repo "$CI_PROJECT_DIR" -o "$CI_PROJECT_DIR/public"'
        ]
        assert data["pages"]["artifacts"]["paths"] == ["public"] and "deploy" in data["stages"]
    assert "${{" not in "".join(
        step.get("run", "") for job in data.get("jobs", {}).values() for step in job["steps"]
    )
