"""Every report and every kind of site page passes axe-core, on a phone
(390 px) and on a desktop (1280 px), in Dutch and in English (issue 33,
point 5): tables that scroll are regions the keyboard reaches, with a name;
nothing is wider than the screen; the charts' text is at least 12 px on a phone.

axe-core comes from npm: .ci/run installs it with
``npm install --prefix "$HOME/.cache/knelpunt-axe" axe-core@4``; do the same on
your machine, or point ``KNELPUNT_AXE`` at an ``axe.min.js``. Without it (or
without Chromium) these tests are skipped with a message saying so. It is
injected over the DevTools pipe (``tests/cdp.py``): the pages' own policy
forbids every script."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from knelpunt.report.registry import REPORTS as REGISTERED
from tests.cdp import Browser
from tests.conftest import PROJECT, knelpunt_process

DATE = "2026-11-23"
REPORTS = sorted(REGISTERED)
WIDTHS = (390, 1280)
#: A page of each kind the site has, by its place in the site's folder; ``*``
#: is the first page of that folder that is not its index.
SITE_PAGES = (
    "index.html",
    "bottlenecks/index.html",
    "bottlenecks/*",
    "solvers/index.html",
    "solvers/*",
    "initiatives/index.html",
    "initiatives/*",
    "questions/index.html",
    "solutions/index.html",
    "solutions/*",
)
PAGES = [f"report/{name}" for name in REPORTS] + [f"site/{page}" for page in SITE_PAGES]


def axe_script() -> str:
    found = os.environ.get("KNELPUNT_AXE")
    path = (
        Path(found)
        if found
        else Path.home() / ".cache/knelpunt-axe/node_modules/axe-core/axe.min.js"
    )
    if not path.is_file():
        pytest.skip(
            f"axe-core not found at {path}: install it with "
            '`npm install --prefix "$HOME/.cache/knelpunt-axe" axe-core@4` '
            "(as .ci/run does), or set KNELPUNT_AXE to an axe.min.js"
        )
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_script()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every report and the site, in both languages, made once."""
    folder = tmp_path_factory.mktemp("a11y")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KNELPUNT_")}
    env["KNELPUNT_CACHE_DIR"] = str(folder / "cache")
    env["GIT_CONFIG_GLOBAL"] = "/dev/null"
    found: dict[tuple[str, str], Path] = {}
    for lang in ("nl", "en"):
        for name in REPORTS:
            target = folder / f"{name}.{lang}.html"
            args = ["--lang", lang, "report", name, "--date", DATE, "-o", str(target)]
            done = knelpunt_process(args, cwd=PROJECT, env=env)
            assert done.returncode == 0, done.stderr
            found[(lang, f"report/{name}")] = target
        site = folder / f"site-{lang}"
        args = ["--lang", lang, "site", "-o", str(site), "--date", DATE]
        done = knelpunt_process(args, cwd=PROJECT, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        for page in SITE_PAGES:
            if page.endswith("*"):
                under = site / page[:-2]
                chosen = sorted(p for p in under.glob("*.html") if p.name != "index.html")
                assert chosen, f"no page in {under}"
                found[(lang, f"site/{page}")] = chosen[0]
            else:
                assert (site / page).is_file(), page
                found[(lang, f"site/{page}")] = site / page
    return found


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    with Browser(chromium) as opened:
        yield opened


#: What axe found, as short lines a failing test can show.
FINDINGS = """
axe.run(document, {resultTypes: ["violations"]}).then(result => result.violations.map(v =>
  v.id + " (" + v.impact + "): " + v.help + " | " +
  v.nodes.slice(0, 3).map(n => n.target.join(" ")).join("; ") +
  (v.nodes.length > 3 ? " and " + (v.nodes.length - 3) + " more" : "")))
"""
#: Text in an SVG chart smaller than 12 CSS pixels, as drawn (charts shown only).
SMALL_CHART_TEXT = """
[...document.querySelectorAll("svg.chart text")]
  .filter(t => t.getClientRects().length)
  .map(t => [t.textContent, t.getBoundingClientRect().height,
             parseFloat(getComputedStyle(t).fontSize) *
             t.ownerSVGElement.getScreenCTM().a])
  .filter(([text, height, size]) => size < 12)
  .map(([text, height, size]) => text + ": " + size.toFixed(1) + " px")
"""
WIDER_THAN_SCREEN = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_nothing(axe, pages, browser, page, lang, width):
    path = pages[(lang, page)]
    with browser.page(path, width) as tab:
        tab.evaluate(axe)
        violations = tab.evaluate(FINDINGS)
        assert violations == [], f"{path.name} at {width} px:\n" + "\n".join(violations)
        # Nothing sideways but inside a table's own scroll region.
        assert tab.evaluate(WIDER_THAN_SCREEN) <= 0, f"{path.name} is wider than {width} px"
        if width < 600:
            small = tab.evaluate(SMALL_CHART_TEXT)
            assert small == [], f"{path.name}: chart text under 12 px: {json.dumps(small)}"


def test_a_table_that_scrolls_says_so(pages, browser):
    """A table wider than a phone is a named region the keyboard reaches, with
    a shadow at its edge where there is more to see."""
    with browser.page(pages[("nl", "report/progress")], 390) as tab:
        regions = tab.evaluate(
            """[...document.querySelectorAll(".table-wrap")]
                 .filter(w => w.scrollWidth > w.clientWidth)
                 .map(w => [w.getAttribute("role"), w.tabIndex, w.getAttribute("aria-label"),
                            getComputedStyle(w).backgroundImage])"""
        )
    assert regions, "no table wider than a phone in the progress report: nothing tested"
    for role, tabindex, label, background in regions:
        assert role == "region" and tabindex == 0 and label.startswith("Tabel: ")
        assert "gradient" in background  # the shadow at the edge


def test_the_markdown_charts_can_be_read(tmp_path):
    """On GitHub the Markdown report draws its charts with Mermaid: the
    explorers' names stand one under the other (not overlapping on a
    horizontal axis), and the chart over time says which is which."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KNELPUNT_")}
    env["KNELPUNT_CACHE_DIR"] = str(tmp_path / "cache")
    done = knelpunt_process(["report", "progress", "--date", DATE], cwd=PROJECT, env=env)
    assert done.returncode == 0, done.stderr
    charts = done.stdout.split("```mermaid")[1:]
    explorers = next(c for c in charts if "Bijeenkomsten per verkenner" in c)
    assert explorers.startswith("\nxychart-beta horizontal\n")
    over_time = next(c for c in charts if 'title "Knelpunten door de tijd' in c)
    assert '"Knelpunten door de tijd – staven gemeld, lijn opgelost"' in over_time
    after = over_time.split("```", 1)[1]
    assert "de staven zijn gemeld, de lijn is opgelost" in after.split("\n\n")[1]


def test_a_chart_cuts_a_long_name_between_words():
    """A name too long for the label column is cut between two words (the
    whole name is in the table beside the chart), never inside one."""
    import re

    from knelpunt.charts import bars

    names = [
        "Vereniging van Nederlandse Gemeenten",
        "Ministerie van Volksgezondheid, Welzijn en Sport",
        "Uitvoeringsinstituut Werknemersverzekeringen",
    ]
    svg = str(bars("Per probleem-oplosser", [(name, 3) for name in names], "nl"))
    labels = re.findall(r">([^<>]*…)</text>", svg)
    assert labels, "no name was shortened: nothing tested"
    for label in labels:
        kept = label.removesuffix("…")
        assert any(name.startswith(kept) and name[len(kept)] in " ," for name in names), label
