"""Reports: golden files in both languages, revisions, hostile text, sandbox, export."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import re
from pathlib import Path

import git
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knelpunt.report.registry import REPORTS
from tests.conftest import PROJECT

GOLDEN = Path(__file__).parent / "golden"
DATE = "2026-11-23"


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_report_matches_its_golden_file(name, lang, run):
    result = run("--lang", lang, "report", name, "--date", DATE, cwd=PROJECT)
    assert result.code == 0, result.err
    expected = GOLDEN / f"{name}.{lang}.md"
    if os.environ.get("KNELPUNT_UPDATE_GOLDEN"):
        expected.write_text(result.out, encoding="utf-8")
    assert result.out == expected.read_text(encoding="utf-8")


def test_report_without_arguments_is_the_progress_report(run):
    result = run("report", cwd=PROJECT)
    assert result.code == 0
    assert result.out.startswith("# Voortgangsrapportage")
    assert "```mermaid\npie title" in result.out and "xychart-beta" in result.out


def test_no_contact_details_in_any_report(run):
    personal = set()
    for path in (PROJECT / "data").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        personal |= set(re.findall(r"[\w.-]+@[\w.-]+", text))
        personal |= set(re.findall(r"^ +(?:phone|name): (.+)$", text, re.MULTILINE))
    assert len(personal) > 10  # the example data has contact persons
    for name in ("progress", "agenda", "initiatives"):
        for lang in ("nl", "en"):
            out = run("--lang", lang, "report", name, cwd=PROJECT).out
            assert not [p for p in personal if p in out]


def commit_all(repo: git.Repo, message: str) -> str:
    repo.git.add(A=True)
    return repo.index.commit(message).hexsha


def test_as_of_an_older_commit_gives_that_commits_numbers(example, run):
    repo = git.Repo.init(example, initial_branch="main")
    commit_all(repo, "Voorbeelddata")
    before = run("report", "--date", DATE, cwd=example).out
    assert run("route", "--auto", "--by", "Annelies", "--date", "2026-11-20", cwd=example).code == 0
    commit_all(repo, "Geadresseerd")
    now = run("report", "--date", DATE, cwd=example).out
    assert now != before
    old = run("report", "--as-of", "HEAD~1", "--date", DATE, cwd=example)
    assert old.code == 0, old.err
    # Same figures as before the routing, with the revision named in the header.
    assert old.out.split("\n", 3)[3] == before.split("\n", 3)[3]
    assert "stand van zaken bij revisie HEAD\\~1" in old.out  # ~ escaped for Markdown
    assert repo.is_dirty(untracked_files=True) is False  # the work tree was not touched


def test_since_a_revision_lists_what_changed(example, run):
    repo = git.Repo.init(example, initial_branch="main")
    commit_all(repo, "Voorbeelddata")
    run("route", "--auto", "--by", "Annelies", cwd=example)
    added = json.loads(
        run(
            "add",
            "bottleneck",
            "--no-input",
            "--json",
            "--title",
            "Geen bus naar de dagbesteding",
            "--description",
            "d",
            "--theme",
            "cooperation",
            "--type",
            "implementation",
            cwd=example,
        ).out
    )
    commit_all(repo, "Nieuw")
    out = run("report", "--since", "HEAD~1", "--date", DATE, cwd=example).out
    section = out.split("## Sinds HEAD\\~1", 1)[1].split("## Hoogste prioriteit", 1)[0]
    new, routed = section.split("### Geadresseerd")
    assert added["record"]["id"] in new
    # The one on the agenda in the example: a culture of the municipalities, to the VNG.
    assert "Gemeente wil regisseren" in routed and "Vereniging van Nederlandse" in routed
    by_date = run("report", "--since", "2026-10-01", "--date", DATE, cwd=example).out
    assert "## Sinds 1 oktober 2026" in by_date  # a date as a reader writes it


def test_revisions_cannot_be_read_as_options(example, run):
    git.Repo.init(example, initial_branch="main")
    for bad in ("--output=/tmp/x", "-h", "no-such-branch"):
        result = run("report", "--as-of", bad, cwd=example)
        assert result.code == 1, bad
        assert "geen bekende git-revisie" in result.err


HOSTILE = [
    "Pijp | in | titel",
    "Regel een\nregel twee\n\n| nep | tabel |",
    "# Kop in titel",
    "`code` en ``` blok",
    "<script>alert('x')</script> & <b>vet</b>",
    "[link](https://example.org) *schuin* _ook_ ~weg~ \\",
]


def table_rows(markdown: str) -> list[list[str]]:
    """Tables as lists of rows; a row is split on pipes that are not escaped."""
    tables: list[list[str]] = []
    current: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def test_hostile_titles_keep_every_table_intact(example, run):
    actor = json.loads(
        run(
            "add",
            "actor",
            "--no-input",
            "--json",
            "--name",
            "Gemeente | <i>Kwaad</i>\n# x",
            "--type",
            "municipality",
            "--level",
            "local",
            cwd=example,
        ).out
    )["record"]["id"]
    initiative = json.loads(
        run(
            "add",
            "initiative",
            "--no-input",
            "--json",
            "--name",
            "Initiatief | `x` <br>",
            "--legal-form",
            "informal",
            "--municipality",
            "Dorp | stad",
            "--province",
            "limburg",
            cwd=example,
        ).out
    )["record"]["id"]
    for title in HOSTILE:
        result = run(
            "add",
            "bottleneck",
            "--no-input",
            "--json",
            "--title",
            title,
            "--description",
            title,
            "--theme",
            "finance",
            "--type",
            "hard",
            "--reported-by",
            initiative,
            cwd=example,
        )
        assert result.code == 0, result.err
        bid = json.loads(result.out)["record"]["id"]
        run("update", bid, "--status", "on-agenda", "--note", title, "--by", "| kwaad", cwd=example)
        run("route", bid, "--to", actor, "--note", title, cwd=example)
    for name in ("progress", "agenda", "initiatives"):
        out = run("report", name, "--date", DATE, cwd=example).out
        assert "<script>" not in out and "<b>" not in out and "<i>" not in out
        assert not re.search(r"^#+ Kop in titel", out, re.MULTILINE)
        for table in table_rows(out):
            widths = {len(re.split(r"(?<!\\)\|", row)) for row in table}
            assert len(widths) == 1, (name, table)
        assert "\n| nep | tabel |" not in out


def test_repository_templates_override_the_built_in_ones(example, run):
    (example / "templates").mkdir()
    (example / "templates" / "progress.md.j2").write_text(
        "Eigen rapport: {{ bottlenecks_total }} knelpunten, {{ t('bottlenecks') }}\n"
    )
    result = run("report", cwd=example)
    assert result.out == "Eigen rapport: 26 knelpunten, Knelpunten\n"


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ t.__globals__ }}",
        "{{ onbekend }}",
        "{% include '/etc/passwd' %}",
        "{% include '../knelpunt.yaml' %}",
        "{{ lipsum.__globals__['os'].environ }}",
        "{{ cycler.__init__.__globals__.os.environ }}",
        "{{ self.__init__.__globals__ }}",
        "{{ bottlenecks.__class__.__init__.__globals__ }}",
        "{{ t.__self__ }}",
    ],
)
def test_templates_run_sandboxed(example, run, template):
    (example / "templates").mkdir()
    (example / "templates" / "progress.md.j2").write_text(template)
    result = run("report", cwd=example)
    assert result.code == 1
    assert "Het sjabloon progress.md.j2 klopt niet" in result.err
    assert "root:" not in result.out


def test_report_to_a_file_and_unknown_report(example, run, tmp_path):
    target = tmp_path / "rapport.md"
    result = run("report", "agenda", "-o", str(target), cwd=example)
    assert result.code == 0 and target.read_text().startswith("# Agenda")
    assert run("report", "jaarverslag", cwd=example).code == 1


def _csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def test_csv_export_opens_in_excel_and_reads_without_a_key_list(run):
    result = run("export", "initiatives", cwd=PROJECT)
    assert result.code == 0
    rows = _csv_rows(result.out)
    assert "Naam contactpersoon" not in rows[0] and "contact" not in rows[0]
    names = {row["Naam"] for row in rows}
    assert "Dorpscoöperatie Hollandscheveld" in names  # ö survives
    bocholtz = next(r for r in rows if r["Naam"] == "Bewonersbedrijf Bocholtz")
    assert bocholtz["Thema's van het initiatief"] == "Zorg en welzijn, Winkels en voorzieningen"
    assert bocholtz["Rechtsvorm"] == "bewonersbedrijf"
    assert bocholtz["Startend of gevestigd"] == "gevestigd"
    assert bocholtz["Deelgebied"] == "Zuid-Limburg" and bocholtz["Koploper"] == "nee"
    assert "@" not in result.out


def test_csv_export_of_bottlenecks_names_what_the_keys_stand_for(run):
    rows = _csv_rows(run("export", "bottlenecks", cwd=PROJECT).out)
    row = next(r for r in rows if r["Id"] == "kp-73zgr-z3awy")
    assert row["Thema"] == "Financiën" and row["Soort"] == "uitvoering"
    # Resolved: the VNG published its model for light accounting (October).
    assert row["Status"] == "opgelost" and row["Niveau"] == "Landelijk (macro)"
    assert row["Probleem-oplossers"] == "Vereniging van Nederlandse Gemeenten"
    assert row["Gemeld op"] == "17-02-2026"  # Excel with Dutch settings reads a date
    assert "Dorpscoöperatie Elsendorp" in row["Gemeld door (initiatieven)"]
    english = _csv_rows(run("--lang", "en", "export", "bottlenecks", cwd=PROJECT).out)
    row = next(r for r in english if r["Id"] == "kp-73zgr-z3awy")
    assert row["Theme"] == "Finance" and row["Status"] == "resolved"
    assert row["Reported on"] == "2026-02-17"


def test_csv_export_with_keys_is_for_programs(run):
    rows = _csv_rows(run("--lang", "en", "export", "initiatives", "--keys", cwd=PROJECT).out)
    focus = next(r for r in rows if r["name"] == "Bewonersbedrijf Bocholtz")
    assert focus["focus"] == "care-welfare, facilities" and focus["frontrunner"] == "false"
    assert focus["legal_form"] == "residents-company" and focus["region"] == "zuid-limburg"
    dutch = _csv_rows(run("export", "initiatives", "--keys", cwd=PROJECT).out)
    assert dutch == rows  # the same whatever the language


def test_csv_export_with_personal_data_says_so(run, tmp_path):
    target = tmp_path / "initiatieven.csv"
    result = run("export", "initiatives", "--include-personal", "-o", str(target), cwd=PROJECT)
    assert result.code == 0
    assert "persoonsgegevens" in result.err
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "E-mail contactpersoon" in text.splitlines()[0] and "@" in text


def test_bottleneck_export_has_the_derived_status(run):
    rows = json.loads(run("export", "bottlenecks", "--format", "json", cwd=PROJECT).out)
    assert {"status", "level", "addressees"} <= set(rows[0])
    everything = json.loads(run("export", "--format", "json", cwd=PROJECT).out)
    assert set(everything) == {
        "initiatives",
        "meetings",
        "bottlenecks",
        "actors",
        "solutions",
        "rankings",
        "notices",
        "questions",
    }
    text = json.dumps(everything, ensure_ascii=False)
    assert '"contact"' not in text and "Toos van Gorp" not in text
    assert run("export", cwd=PROJECT).code == 1  # CSV needs a kind


@pytest.mark.parametrize(
    ("typed", "written"),
    [("# Kop", "\\# Kop"), ("1. een", "1\\. een"), ("- lijst", "\\- lijst"), ("gewoon", "gewoon")],
)
def test_a_paragraph_of_user_text_never_starts_a_markdown_block(typed, written):
    from knelpunt.escape import paragraph

    assert paragraph(typed) == written


@pytest.mark.parametrize("name", ["agenda", "final"])
def test_a_long_report_is_spooled_and_its_rows_read_their_own_descriptions(
    example, run, monkeypatch, tmp_path, name
):
    """Past ``MANY_SHOWN`` bottlenecks, each agenda row reads its description
    as it is made; past ``MEMO_MAX_CHARS``, the report is handed on from a
    spool, a piece at a time, and not kept. The same text either way, on the
    screen and in a file."""
    import knelpunt.report.building
    import knelpunt.report.source
    from knelpunt.repo import open_repository
    from knelpunt.scanning import cache_database

    today = "2026-11-30"
    old = 1_600_000_000_000_000_000  # outside the racy window: the cache and memo are used
    for path in (example / "data").rglob("*.yaml"):
        os.utime(path, ns=(old, old))
    expected = run("report", name, "--date", today, cwd=example).out
    assert run("report", name, "--date", today, cwd=example).out == expected  # from the memo
    assert "Zorgcoöperaties betalen" in expected
    monkeypatch.setattr(knelpunt.report.source, "MANY_SHOWN", 0)
    monkeypatch.setattr(knelpunt.report.source, "DESCRIPTIONS_KEPT", 1)
    monkeypatch.setattr(knelpunt.report.building, "MEMO_MAX_CHARS", 10)
    kept: list[str] = []
    monkeypatch.setattr(
        knelpunt.report.building, "keep", lambda repo, question, text: kept.append(text)
    )
    for _ in range(2):
        cache_database(open_repository(example, {}, example)).path.unlink(missing_ok=True)
        asked = run("report", name, "--date", today, cwd=example)
        assert asked.code == 0, asked.err
        assert asked.out == expected
    assert kept == []
    written = tmp_path / "verslag.md"
    assert run("report", name, "--date", today, "-o", str(written), cwd=example).code == 0
    assert written.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("few", [0, 100_000], ids=["from-the-cache", "from-the-files"])
def test_export_and_listings_from_a_lean_set_say_what_the_whole_records_say(
    example, run, monkeypatch, few
):
    """export and list KIND read the records without their long text and take
    back that of the kind they show: the same output as from the whole records,
    descriptions and searches in them included."""
    import knelpunt.texts
    from knelpunt import export
    from knelpunt.models import FOLDERS
    from knelpunt.repo import open_repository
    from knelpunt.store import load_all

    monkeypatch.setattr(knelpunt.texts, "FEW_TEXTS", few)
    old = 1_600_000_000_000_000_000  # outside the racy window: the cache is used
    for path in (example / "data").rglob("*.yaml"):
        os.utime(path, ns=(old, old))
    assert run("check", cwd=example).code == 0  # fills the record cache
    whole = load_all(open_repository(example, {}, example))
    out = run("export", "--format", "json", cwd=example).out
    expected = {FOLDERS[k]: export.rows(whole, k, False) for k in FOLDERS if k != "update"}
    assert json.loads(out) == json.loads(json.dumps(expected, default=str))
    found = json.loads(run("list", "initiatives", "--json", "--search", "dorp", cwd=example).out)
    matching = [
        i for i in whole.of("initiative").values() if "dorp" in (i.description or "").lower()
    ]
    assert matching and {row["id"] for row in found} >= {i.id for i in matching}
    initiatives = whole.of("initiative")
    assert all(row.get("description") == initiatives[row["id"]].description for row in found)
    for search in ((), ("--search", "belasting")):
        rows = json.loads(run("list", "bottlenecks", "--json", *search, cwd=example).out)
        assert rows and all(
            row["description"] == whole.bottlenecks[row["id"]].description for row in rows
        )
        if search:
            assert {row["id"] for row in rows} == {
                i
                for i, b in whole.bottlenecks.items()
                if "belasting" in f"{b.title} {b.description}".lower()
            }


@pytest.mark.parametrize("few", [0, 100_000], ids=["from-the-cache", "from-the-files"])
def test_the_site_and_reports_at_a_revision_from_lean_sets_say_what_the_whole_records_say(
    example, run, monkeypatch, tmp_path, few
):
    """The site, and reports ``--as-of`` and ``--since`` a revision, read lean
    sets: the site's pages take their descriptions back one at a time, and a
    set read at a revision takes its texts from the commit, not from the work
    tree (whose descriptions differ here). The same output as from the whole
    records."""
    import subprocess

    import knelpunt.texts
    from knelpunt import revisions, site
    from knelpunt.repo import open_repository
    from knelpunt.report.building import build
    from knelpunt.report.rendering import render
    from knelpunt.report.source import Source
    from knelpunt.store import load_all

    monkeypatch.setattr(knelpunt.texts, "FEW_TEXTS", few)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=example, check=True)
    subprocess.run(["git", "add", "-A"], cwd=example, check=True)
    subprocess.run(["git", "commit", "-qm", "voorbeeld"], cwd=example, check=True)
    changed = 0
    for path in sorted((example / "data").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        pattern = r"^(note: |description: \|-\n  )(?=[A-Za-z])"
        edited = re.sub(pattern, r"\1Nu anders. ", text, count=1, flags=re.M)
        if edited != text:
            path.write_text(edited, encoding="utf-8")
            changed += 1
    assert changed > 20
    old = 1_600_000_000_000_000_000  # outside the racy window: the cache is used
    for path in (example / "data").rglob("*.yaml"):
        os.utime(path, ns=(old, old))
    assert run("check", cwd=example).code == 0  # fills the record cache
    repo = open_repository(example, {}, example)
    today = datetime.date(2026, 11, 30)
    templates = repo.root / "templates"

    _, at_head, commit = revisions.load_at(repo, "HEAD")
    label = f"HEAD ({commit.hexsha[:8]})"
    baseline = revisions.baseline_at_revision(repo, "HEAD")  # a history at a time
    assert baseline.label == label
    assert dict(baseline.statuses) == {b: at_head.state(b).status for b in at_head.bottlenecks}
    assert len(set(baseline.statuses.values())) > 2
    for name in ("progress", "agenda", "final", "initiatives"):
        whole = Source(repo.config, at_head, "nl", today, label)
        expected = render(name, build(name, whole), templates, "nl", "md")
        result = run("report", name, "--as-of", "HEAD", "--date", "2026-11-30", cwd=example)
        assert result.code == 0, result.err
        assert result.out == expected, name
        assert "Nu anders" not in result.out
        since = Source(repo.config, load_all(repo), "nl", today, None, baseline)
        expected = render(name, build(name, since), templates, "nl", "md")
        result = run("report", name, "--since", "HEAD", "--date", "2026-11-30", cwd=example)
        assert result.out == expected, name

    for as_of, records, shown_label in (
        ((), load_all(repo), None),
        (("--as-of", "HEAD"), at_head, label),
    ):
        expected_site = tmp_path / f"expected{len(as_of)}"
        whole = Source(repo.config, records, "nl", today, shown_label)
        site.build(whole, templates, expected_site)
        made = tmp_path / f"made{len(as_of)}"
        result = run("site", "-o", str(made), "--date", "2026-11-30", *as_of, cwd=example)
        assert result.code == 0, result.err
        pages = sorted(p.relative_to(made) for p in made.rglob("*.html"))
        assert pages == sorted(p.relative_to(expected_site) for p in expected_site.rglob("*.html"))
        for page in pages:
            assert (made / page).read_bytes() == (expected_site / page).read_bytes(), page
        pages_text = "".join((made / p).read_text(encoding="utf-8") for p in pages)
        assert ("Nu anders" in pages_text) == (not as_of)


@pytest.mark.parametrize("batch", [2, 500])
def test_an_export_takes_each_description_in_turn_whatever_the_cache_order(
    example, run, monkeypatch, batch
):
    """An export of a lean set takes the bottlenecks' descriptions back in
    order (``texts.in_order``), a batch of rows at a time, from a cache some
    of whose rows edits have written anew. A file changed since the set was
    read gives the record the set was read from (from its row), or none (from
    the file, until the next run reads it): never another's text."""
    import knelpunt.texts
    from knelpunt import export
    from knelpunt.repo import open_repository
    from knelpunt.store import load_all
    from knelpunt.texts import in_order

    monkeypatch.setattr(knelpunt.texts, "FEW_TEXTS", 0)
    monkeypatch.setattr(knelpunt.texts, "BATCH", batch)
    old = 1_600_000_000_000_000_000  # outside the racy window: the cache is used
    files = sorted((example / "data" / "bottlenecks").glob("*.yaml"))
    for path in files[:3] + files[-4:-2]:  # changed: written at the cache's end
        path.write_text(path.read_text() + "# bewerkt\n")
    for path in (example / "data").rglob("*.yaml"):
        os.utime(path, ns=(old, old))
    assert run("check", cwd=example).code == 0  # the record cache, in its new order
    repo = open_repository(example, {}, example)
    whole = load_all(repo)
    lean = load_all(repo, lean=True)
    places = export.places(lean, "bottleneck")
    assert len(places) > 10
    handed = list(in_order(repo, lean, places))
    assert [place for place, _ in handed] == places
    assert all(record == whole.at(place) for place, record in handed)

    expected = export.rows(whole, "bottleneck", False)
    out = run("export", "bottlenecks", "--format", "json", cwd=example).out
    assert json.loads(out) == json.loads(json.dumps(expected, default=str))
    csv_whole = run("export", "bottlenecks", "--keys", cwd=example).out
    assert (
        "bewerkt" not in csv_whole and whole.bottlenecks[places[0][1]].description[:40] in csv_whole
    )

    changed = files[5]
    changed.write_text(changed.read_text().replace("description:", "description: |-\n  Anders\nx:"))
    handed = dict(in_order(repo, lean, places))
    assert handed.pop(("bottleneck", changed.stem)) in (None, whole.bottlenecks[changed.stem])
    assert all(record == whole.at(place) for place, record in handed.items())


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
_rows = st.lists(st.dictionaries(st.text(max_size=5), _json_values, max_size=4), max_size=4)


@settings(max_examples=200, deadline=None)
@given(data=st.one_of(_rows, st.dictionaries(st.text(max_size=6), _rows, max_size=3)))
def test_json_written_in_pieces_is_what_json_dumps_writes(data):
    """export writes JSON a few hundred rows at a time; byte for byte it is
    what one ``json.dumps`` of the whole would be."""
    from knelpunt import export

    expected = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert "".join(export.json_pieces(data)) == expected


def test_an_export_written_to_a_file_is_what_it_prints(example, run, monkeypatch):
    from knelpunt import export

    monkeypatch.setattr(export, "ROWS_A_PIECE", 2)  # many pieces, even here
    for args in (["bottlenecks"], ["--format", "json"], ["initiatives", "--keys"]):
        printed = run("export", *args, cwd=example).out
        target = example.parent / f"export-{len(args)}-{args[0]}.out"
        assert run("export", *args, "-o", str(target), cwd=example).code == 0
        written = target.read_bytes().decode("utf-8")  # as written: CRLF in a CSV
        assert written == printed and len(printed) > 1000
