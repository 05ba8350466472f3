"""The reports printed as the coordination group prints them for the ministry:
opened in Chromium and printed to PDF on A4 (issue 33, point 4).

Each example report gets a cover (the network, the title, the period, the day
it was made), then its contents; no page ends in a heading whose first lines
stand on the next page; and the initiatives report is compact: several
initiatives a page, those that reported nothing in one list. The number of
pages each report prints to is held within bounds measured on the example.
Measured in Dutch, before this work and after it, on the same example (the one
of issue 33, with about 140 initiatives): progress 16 -> 13 pages, agenda 33 ->
33 (a page per problem-solver: each is handed its own), initiatives 183 -> 20,
final 24 -> 24 (three of whose pages ended in a bottleneck's heading -> none).

One Chromium serves the whole module, driven over its DevTools pipe
(``tests/cdp.py``); the pages are read back with pypdf."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from knelpunt.report.registry import REPORTS as REGISTERED
from tests.cdp import Browser
from tests.conftest import PROJECT, knelpunt_process

DATE = "2026-11-23"
REPORTS = sorted(REGISTERED)
A4 = (595, 842)  # points
#: The most pages each example report may print to, in Dutch: what it prints
#: to now (progress 13, agenda 33, initiatives 20, final 24) with room for the
#: example to grow a little.
MOST_PAGES = {"progress": 18, "agenda": 45, "initiatives": 28, "final": 34}
#: Put at the start and the end of every heading before printing, in letters
#: 1 px high (they move no line): the PDF's text then says where each heading
#: begins and ends.
START, END = "[H[", "]H]"
MARK_HEADINGS = f"""
(() => {{
  const headings = document.querySelectorAll("h1, h2, h3, h4, h5, h6");
  for (const h of headings) {{
    for (const [text, first] of [["{START}", true], ["{END}", false]]) {{
      const mark = document.createElement("span");
      mark.textContent = text;
      mark.style.fontSize = "1px";
      mark.style.lineHeight = "0";
      first ? h.prepend(mark) : h.append(mark);
    }}
  }}
  return headings.length;
}})()
"""
PAGE_NUMBER = re.compile(r"^\d+ / \d+$")


@pytest.fixture(scope="module")
def printed(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Each report printed to PDF: the text of each page, by report (Dutch)
    and by ``en/`` and the report (English)."""
    from pypdf import PdfReader

    folder = tmp_path_factory.mktemp("print")
    env = _environment(folder)
    pages: dict[str, list[str]] = {}
    with Browser(chromium) as browser:
        for lang, name in [(lang, name) for lang in ("nl", "en") for name in REPORTS]:
            key = name if lang == "nl" else f"en/{name}"
            page = folder / f"{name}.{lang}.html"
            done = knelpunt_process(
                ["--lang", lang, "report", name, "--date", DATE, "-o", str(page)],
                cwd=PROJECT,
                env=env,
            )
            assert done.returncode == 0, done.stderr
            with browser.page(page, 1000) as tab:
                assert tab.evaluate(MARK_HEADINGS) > 0
                pdf = tab.pdf()
            (folder / f"{name}.{lang}.pdf").write_bytes(pdf)
            reader = PdfReader(io.BytesIO(pdf))
            for sheet in reader.pages:
                box = sheet.mediabox
                assert abs(float(box.width) - A4[0]) < 2 and abs(float(box.height) - A4[1]) < 2
            pages[key] = [sheet.extract_text() for sheet in reader.pages]
    return pages


def _environment(folder: Path) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("KNELPUNT_")}
    env["KNELPUNT_CACHE_DIR"] = str(folder / "cache")
    env["GIT_CONFIG_GLOBAL"] = "/dev/null"
    return env


def _lines(text: str) -> list[str]:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return [line for line in lines if line and not PAGE_NUMBER.match(line)]


@pytest.mark.parametrize("name", REPORTS)
def test_a_report_prints_within_its_pages(printed, name):
    assert name in MOST_PAGES, "a new report: measure its pages and set them in MOST_PAGES"
    count = len(printed[name])
    assert 3 <= count <= MOST_PAGES[name], f"{name}: {count} pages"


@pytest.mark.parametrize("name", REPORTS)
def test_the_first_page_is_a_cover(printed, name):
    cover = " ".join(_lines(printed[name][0])).replace(START, "").replace(END, "")
    assert "Agenda Aanpak Knelpunten" in cover  # the network (the programme, unnamed)
    assert "Periode:" in cover and "november 2026" in cover
    assert "Gemaakt op 23 november 2026" in cover
    # Nothing else: the contents begin on the next page.
    assert "Inhoud" not in cover and "Inhoud" in printed[name][1]


@pytest.mark.parametrize("name", [*REPORTS, *(f"en/{name}" for name in REPORTS)])
def test_no_page_ends_in_a_heading(printed, name):
    for number, text in enumerate(printed[name], 1):
        flat = " ".join(_lines(text))
        assert flat, f"{name}: page {number} is empty"
        last = flat.rfind(END)
        if last < 0:
            continue
        after = flat[last + len(END) :].strip()
        heading = flat[flat.rfind(START, 0, last) : last + len(END)]
        assert after, f"{name}: page {number} ends in the heading {heading!r}"


def test_the_initiatives_report_is_compact(printed):
    pages = printed["initiatives"]
    # Several initiatives on one page, somewhere.
    assert max(_headings(text) for text in pages[2:]) >= 3
    # Those that reported nothing: one list, at the end.
    listed = [n for n, text in enumerate(pages) if "Initiatieven zonder gemelde knelpunten" in text]
    assert len(listed) == 2  # in the contents and once as a heading
    assert not any(_headings(text) for text in pages[listed[-1] + 1 :])
    assert "Er zijn (nog) geen knelpunten" not in "".join(pages)


def _headings(text: str) -> int:
    return text.count(START)


def test_the_cover_names_the_network_set_in_knelpunt_yaml(example, run, tmp_path):
    config = example / "knelpunt.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "name: Netwerk Zorgzame Dorpen\n", encoding="utf-8"
    )
    target = tmp_path / "voortgang.html"
    result = run("report", "progress", "--date", DATE, "-o", str(target), cwd=example)
    assert result.code == 0, result.err
    text = target.read_text(encoding="utf-8")
    cover = text[text.index('<header class="cover">') : text.index("</header>")]
    assert '<p class="network">Netwerk Zorgzame Dorpen</p>' in cover
    # From the month of the first meeting or report to the report's.
    assert re.search(r"Periode: [a-z]+ – november 2026<", cover)
    assert "Gemaakt op 23 november 2026" in cover
    # The period of a year before: the year said twice.
    result = run(
        "report", "progress", "--date", "2027-01-05", "-o", str(target), "--force", cwd=example
    )
    assert result.code == 0, result.err
    assert re.search(r"Periode: [a-z]+ 2026 – januari 2027<", target.read_text(encoding="utf-8"))
