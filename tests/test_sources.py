"""Sources (issue 32, point 6): where a bottleneck was found before, such as the
report *Wat knelt!*; written with ``add bottleneck --source``, shown by ``show``
and in the October report."""

from __future__ import annotations

import json

import pytest

from knelpunt.repo import open_repository
from knelpunt.store import load_all

BOTTLENECK = "data/bottlenecks/kp-anf87-rgty2.yaml"
WAT_KNELT = "Wat knelt!; 2024; Movisie en Vilans; https://www.movisie.nl/wat-knelt"
ADD = (
    "add", "bottleneck", "--no-input", "--title", "Subsidie voor de coördinator",
    "--description", "Elk jaar opnieuw.", "--theme", "finance", "--type", "implementation",
    "--by", "Test",
)  # fmt: skip


def _append(path, text: str) -> int:
    """Append ``text`` to the file; the number of the line it starts on."""
    lines = path.read_text(encoding="utf-8").count("\n")
    with path.open("a", encoding="utf-8") as file:
        file.write(text)
    return lines + 1


def test_a_source_is_checked_where_it_stands(example, run):
    start = _append(
        example / BOTTLENECK,
        "sources:\n  - title: Wat knelt!\n    year: 20245\n    link: javascript:alert(1)\n",
    )
    result = run("check", cwd=example)
    assert result.code == 1
    out = result.out + result.err
    assert f"{BOTTLENECK}:{start + 2}" in out  # the year
    assert f"{BOTTLENECK}:{start + 3}" in out  # the link
    assert "javascript:alert(1)" in out and "http://" in out
    assert "Traceback" not in out


def test_a_source_needs_a_title(example, run):
    start = _append(example / BOTTLENECK, "sources:\n  - publisher: Movisie\n")
    result = run("--lang", "en", "check", cwd=example)
    assert result.code == 1
    assert f"{BOTTLENECK}:{start + 1}" in result.out + result.err
    assert "title" in result.out + result.err


def test_add_bottleneck_with_sources_writes_them(example, run):
    result = run(
        *ADD,
        "--source",
        WAT_KNELT,
        "--source",
        "Evaluatie Wmo; ; Gemeente Peel en Maas",
        "--json",
        cwd=example,
    )
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["record"]["sources"] == [
        {
            "title": "Wat knelt!",
            "year": 2024,
            "publisher": "Movisie en Vilans",
            "link": "https://www.movisie.nl/wat-knelt",
        },
        {"title": "Evaluatie Wmo", "publisher": "Gemeente Peel en Maas"},
    ]
    text = (example / payload["path"]).read_text(encoding="utf-8")
    assert "sources:\n  - title: Wat knelt!\n    year: 2024\n" in text
    assert run("check", cwd=example).code == 0


def test_add_bottleneck_refuses_a_link_that_is_not_a_web_address(example, run):
    before = sorted((example / "data/bottlenecks").iterdir())
    bad = run(*ADD, "--source", "Wat knelt!; 2024; Movisie; javascript:alert(1)", cwd=example)
    assert bad.code == 1
    assert "javascript:alert(1)" in bad.err and "https://" in bad.err
    assert "Traceback" not in bad.err
    parts = run(*ADD, "--source", "a; 2024; b; https://x.nl; d", cwd=example)
    assert parts.code == 1 and "Titel; jaar; uitgever; link" in parts.err
    year = run(*ADD, "--source", "Wat knelt!; vorig jaar", cwd=example)
    assert year.code == 1 and "vorig jaar" in year.err
    assert sorted((example / "data/bottlenecks").iterdir()) == before


def test_show_gives_the_sources(example, run):
    added = run(*ADD, "--source", WAT_KNELT, "--json", cwd=example)
    record_id = json.loads(added.out)["record"]["id"]
    text = run("show", record_id, cwd=example)
    assert text.code == 0
    assert "Bronnen" in text.out
    assert "Wat knelt! (Movisie en Vilans, 2024), https://www.movisie.nl/wat-knelt" in text.out
    shown = json.loads(run("show", record_id, "--json", cwd=example).out)
    assert shown["record"]["sources"][0]["title"] == "Wat knelt!"


def test_the_final_report_cites_the_sources_escaped(example, run):
    _append(
        example / "data/bottlenecks/kp-rwj1j-hr94w.yaml",
        "sources:\n"
        "  - title: <b>Wat</b> knelt_*\n"
        "    year: 2016\n"
        "    publisher: Movisie & Vilans\n"
        '    link: https://example.org/a?b=1&c="x"\n',
    )
    markdown = run("report", "final", cwd=example)
    assert markdown.code == 0, markdown.err
    assert (
        "- Bron: *&lt;b&gt;Wat&lt;/b&gt; knelt\\_\\** (Movisie &amp; Vilans, 2016),"
        ' https://example.org/a?b=1&amp;c="x"' in markdown.out
    )
    out = example / "final.html"
    html = run("report", "final", "--format", "html", "-o", str(out), cwd=example)
    assert html.code == 0, html.err
    page = out.read_text(encoding="utf-8")
    assert (
        '<a href="https://example.org/a?b=1&amp;c=&#34;x&#34;" rel="noopener noreferrer">'
        "<cite>&lt;b&gt;Wat&lt;/b&gt; knelt_*</cite></a> (Movisie &amp; Vilans, 2016)"
    ) in page
    assert "<b>Wat</b>" not in page


def test_the_example_cites_wat_knelt_where_the_proposal_does(example):
    # The Koepel's proposal walks through the bottlenecks of "Wat knelt!" (Movisie
    # and Vilans): a municipality that directs, the three money flows, the Right
    # to Challenge, the experiment articles, start money only, procurement.
    records = load_all(open_repository(example, {}, example), use_cache=False)
    cited = {
        b.id
        for b in records.bottlenecks.values()
        if any(s.title == "Wat knelt!" for s in b.sources)
    }
    assert cited == {
        "kp-efc28-gkfd2",
        "kp-7xxdj-0nhzk",
        "kp-be0q1-vp3h4",
        "kp-g43cw-pj0f2",
        "kp-r7x6c-wywyb",
        "kp-kv2me-ncgn6",
    }


def test_the_export_gives_a_source_as_it_is_typed(example, run):
    result = run("export", "bottleneck", "--format", "csv", cwd=example)
    assert result.code == 0, result.err
    assert "Wat knelt!; ; Movisie en Vilans" in result.out


def test_the_site_page_of_a_bottleneck_cites_its_sources(example, run, tmp_path):
    """A new user looked for the sources on the site: each bottleneck page
    gives them, as the October report does, escaped."""
    _append(
        example / "data/bottlenecks/kp-rwj1j-hr94w.yaml",
        "sources:\n  - title: <b>Evaluatie</b>\n    link: https://example.org/e\n",
    )
    site = tmp_path / "site"
    assert run("site", "-o", str(site), cwd=example).code == 0
    page = (site / "bottlenecks" / "kp-rwj1j-hr94w.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/e" rel="noopener noreferrer">' in page
    assert "<cite>&lt;b&gt;Evaluatie&lt;/b&gt;</cite>" in page
    cited = (site / "bottlenecks" / "kp-7xxdj-0nhzk.html").read_text(encoding="utf-8")
    assert "Wat knelt!" in cited and "Movisie" in cited


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("; 2024", "--source (titel): dit deel ontbreekt; vul het in."),
        ("Rapport; twintig", "--source (jaar): hier hoort een geheel getal, niet 'twintig'."),
    ],
)
def test_a_bad_source_is_told_at_its_flag_and_part(example, run, typed, expected):
    """Not '--title: verplicht' when --title was given, not '--sources'."""
    result = run(
        "add", "bottleneck", "--no-input", "--title", "T", "--description", "D",
        "--theme", "finance", "--type", "hard", "--source", typed, cwd=example,
    )  # fmt: skip
    assert result.code == 1 and expected in result.err
    assert "--title" not in result.err and "--sources" not in result.err
