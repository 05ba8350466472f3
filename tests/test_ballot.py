"""``knelpunt ballot``: the forms of a ranking round made, filled in with
openpyxl as an initiative would, read back, and counted (issue 30).

The repository is small and made here, so that every number can be worked
out by hand: five bottlenecks on the agenda, five initiatives (four heard at
two explorer meetings, one not), one network. The hand count is in
``test_forms_filled_in_and_read_back_count_as_worked_out_by_hand``."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from knelpunt.ballot import FIRST_ROW
from tests.conftest import Runner

CONFIG = """\
language: nl
plan:
  explorers: 2
  meetings_per_explorer: 1
  initiatives_per_meeting: 3
  regions: 2
vocabularies:
  regions:
    noord: {nl: Noord, en: North, province: groningen}
    zuid: {nl: Zuid, en: South, province: limburg}
priority:
  ranking: 2.0
rounds:
  - name: voorjaar
    opens: 2026-03-01
    closes: 2026-03-31
  - name: najaar
    opens: 2026-09-01
    closes: 2026-09-30
"""

NETWORK = "ac-netwk-00001"
#: id: (name, region, province, phase, stage, legal form, networks)
INITIATIVES = {
    "in-aaaaa-00001": ("Initiatief Een", "noord", "groningen", 1, "starting", "cooperative", 1),
    "in-aaaaa-00002": ("Initiatief Twee", "noord", "groningen", 2, "established", "foundation", 0),
    "in-aaaaa-00003": ("Initiatief Drie", "zuid", "limburg", 3, "established", "cooperative", 1),
    "in-aaaaa-00004": ("Initiatief Vier", "zuid", "limburg", 1, "starting", "association", 0),
    "in-aaaaa-00005": ("Initiatief Vijf", "zuid", "limburg", 2, "established", "informal", 0),
}  # fmt: skip
ONE, TWO, THREE, FOUR, FIVE = INITIATIVES
#: The agenda, in the order of the form (theme, then title).
A, B, C, D, E = (f"kp-aaaaa-0000{x}" for x in "abcde")
TITLES = {A: "Alpha", B: "Bravo", C: "Charlie", D: "Delta", E: "Echo"}


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_repo(root: Path) -> Path:
    from knelpunt.scaffold import init_repository

    init_repository(root, use_git=False)
    write(root, "knelpunt.yaml", CONFIG)
    write(
        root,
        f"data/actors/{NETWORK}.yaml",
        f"id: {NETWORK}\nname: Netwerk Noord-Zuid\ntype: network\nlevel: national\n",
    )
    for record_id, (name, region, province, phase, stage, form, net) in INITIATIVES.items():
        networks = f"networks:\n  - {NETWORK}\n" if net else ""
        write(
            root,
            f"data/initiatives/{record_id}.yaml",
            f"id: {record_id}\nname: {name}\nlegal_form: {form}\nphase: {phase}\n"
            f"stage: {stage}\nmunicipality: Ergens\nprovince: {province}\nregion: {region}\n"
            + networks,
        )
    for meeting_id, region, present in (
        ("bk-noord-00001", "noord", (ONE, TWO)),
        ("bk-zuid0-00001", "zuid", (THREE, FOUR)),
    ):
        listed = "".join(f"  - {i}\n" for i in present)
        write(
            root,
            f"data/meetings/{meeting_id}.yaml",
            f"id: {meeting_id}\ntitle: Verkenning {region}\ndate: 2026-04-01\ntype: explorer\n"
            f"explorer: Ria\nregion: {region}\ninitiatives:\n{listed}",
        )
    for bottleneck_id, title in TITLES.items():
        write(
            root,
            f"data/bottlenecks/{bottleneck_id}.yaml",
            f"id: {bottleneck_id}\ntitle: {title}\ndescription: Over {title}. Meer tekst.\n"
            f"theme: cooperation\ntype: culture\nreported_on: 2026-04-01\n"
            f"reported_by:\n  - {ONE}\n",
        )
        write(
            root,
            f"data/updates/{bottleneck_id}/20260501-100000-aaaaa.yaml",
            "id: 20260501-100000-aaaaa\ndate: 2026-05-01\nby: Coördinator\nstatus: on-agenda\n",
        )
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def fill(form: Path, places: dict[str, object], initiative: str | None = None) -> Path:
    """Fill in ``form`` as an initiative does in Excel: a place beside a
    bottleneck (found by its id in column B), the initiative's name in B5."""
    book = load_workbook(form)
    sheet = book["Rangorde"]
    rows = {sheet[f"B{row}"].value: row for row in range(FIRST_ROW, sheet.max_row + 1)}
    for bottleneck_id, place in places.items():
        sheet[f"A{rows[bottleneck_id]}"] = place
    if initiative is not None:
        sheet["B5"] = initiative
    book.save(form)
    return form


def rankings(root: Path) -> list[Path]:
    folder = root / "data" / "rankings"
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def made_forms(run: Runner, repo: Path, out: Path, *args: str) -> dict[str, Path]:
    result = run("ballot", "--date", "2026-09-02", "-o", str(out), *args, cwd=repo)
    assert result.code == 0, result.err
    return {Path(line).stem.split("-", 1)[-1]: Path(line) for line in result.out.split()}


def test_forms_filled_in_and_read_back_count_as_worked_out_by_hand(
    run: Runner, repo: Path, tmp_path: Path
):
    forms = made_forms(run, repo, tmp_path / "forms", "--each")
    # One form for each initiative heard (Vijf was at no meeting), and a blank one.
    assert set(forms) == {ONE, TWO, THREE, FOUR}
    blank = made_forms(run, repo, tmp_path / "leeg.xlsx")
    assert list(blank.values()) == [tmp_path / "leeg.xlsx"]
    sheet = load_workbook(forms[ONE])["Rangorde"]
    assert [sheet[f"C{r}"].value for r in range(FIRST_ROW, FIRST_ROW + 5)] == list(TITLES.values())
    assert sheet["B5"].value == ONE and sheet["C5"].value == "Initiatief Een"
    assert sheet["D8"].value == "Over Alpha. Meer tekst."

    fill(forms[ONE], {A: 1, B: 2, C: 3})
    fill(forms[TWO], {E: 1, B: "2"})  # typed as text: still a place
    fill(forms[THREE], {C: 1, A: 2, B: 3, D: 4, E: 5})
    fill(forms[FOUR], {B: 1.0})
    fill(tmp_path / "leeg.xlsx", {A: 1}, initiative="initiatief vijf")  # its name, any case
    files = [str(forms[i]) for i in (ONE, TWO, THREE, FOUR)] + [str(tmp_path / "leeg.xlsx")]
    result = run("ballot", "--import", *files, "--date", "2026-09-05", cwd=repo)
    assert result.code == 0, result.err
    assert len(rankings(repo)) == 5
    # Read in again, unchanged: nothing new.
    again = run("ballot", "--import", str(forms[TWO]), "--date", "2026-09-05", cwd=repo)
    assert again.code == 0 and "al ingelezen" in again.out
    assert len(rankings(repo)) == 5
    # Een changes its mind later in the round: its later form replaces the first.
    later = tmp_path / "later.xlsx"
    made_forms(run, repo, later, "--initiative", ONE)
    fill(later, {D: 1})
    result = run("ballot", "--import", str(later), "--date", "2026-09-20", cwd=repo)
    assert result.code == 0, result.err
    # A ranking of the spring round is never counted with the autumn one.
    write(
        repo,
        "data/rankings/rk-voorj-00001.yaml",
        f"id: rk-voorj-00001\nround: voorjaar\ninitiative: {FOUR}\ndate: 2026-03-10\n"
        f"order:\n  - {C}\n",
    )
    # Echo is bundled into Alpha after the round: its places count for Alpha.
    write(
        repo,
        f"data/updates/{E}/20261001-100000-aaaaa.yaml",
        f"id: 20261001-100000-aaaaa\ndate: 2026-10-01\nby: Coördinator\nstatus: merged\n"
        f"merged_into: {A}\n",
    )
    assert run("check", cwd=repo).code == 0

    from knelpunt.facts import facts_for
    from knelpunt.repo import open_repository
    from knelpunt.store import load_all

    # By hand. Five places a form, Borda share (5 - place) / 4; the unplaced
    # share the bottom places at their mean. Een (its later form): D 1; A, B,
    # C, E at (2+5)/2 = 3.5 -> 0.375. Twee: E 1, B 2 (0.75); A, C, D at 4
    # (0.25). Drie: C 1, A 2 (0.75), B 3 (0.5), D 4 (0.25), E 5 (0). Vier: B
    # 1; the rest 3.5 (0.375). Vijf: A 1; the rest 3.5 (0.375). Alpha takes
    # Echo's better place on each form: Een 3.5, Twee 1, Drie 2, Vier 3.5,
    # Vijf 1 -> mean place 11/5 = 2.2; shares .375+1+.75+.375+1 = 3.5,
    # value 10 x 3.5/5 = 7.0, placed by Twee (Echo), Drie and Vijf.
    expected = {
        A: (2.2, 7.0, (TWO, THREE, FIVE), 1),
        B: (2.6, 6.0, (TWO, THREE, FOUR), 2),  # 3.5 2 3 1 3.5; .375+.75+.5+1+.375
        C: (3.1, 4.75, (THREE,), 3),  # 3.5 4 1 3.5 3.5; .375+.25+1+.375+.375
        D: (3.2, 4.5, (ONE, THREE), 4),  # 1 4 4 3.5 3.5; 1+.25+.25+.375+.375
    }
    records = load_all(open_repository(repo, {}, repo))
    facts = facts_for(records)
    from knelpunt.ranking import count_latest

    counted = count_latest(records.of("ranking").values(), {E: A})  # type: ignore[arg-type]
    assert counted is not None and counted.round == "najaar"
    assert sorted(counted.ballots) == [ONE, TWO, THREE, FOUR, FIVE]
    assert len(counted.replaced) == 1  # Een's first form
    got = {
        i: (s.mean_place, s.value, s.ranked_by, s.position) for i, s in counted.standings.items()
    }
    assert got == expected
    assert {i: facts[i].ranking for i in (A, B, C, D)} == {i: v[1] for i, v in expected.items()}
    assert facts[E].ranking == 0.0  # bundled: it counts in Alpha
    # The score part: the value times the weight in knelpunt.yaml (2.0).
    explained = run("prioritise", "--explain", A, "--json", "--date", "2026-10-02", cwd=repo)
    part = json.loads(explained.out)["parts"]["ranking"]
    assert part == {"value": 7.0, "weight": 2.0, "points": 14.0}
    text = run("prioritise", "--explain", A, "--date", "2026-10-02", cwd=repo).out
    assert "najaar" in text and "3 van de 5 initiatieven" in text and "2,2" in text
    # The lean index scores the same: the ranking with --top too.
    top = run("prioritise", "--json", "--top", "1", "--date", "2026-10-02", cwd=repo)
    assert json.loads(top.out)[0]["parts"]["ranking"]["points"] == 14.0


def test_a_printable_page_for_paper_escapes_every_text(run: Runner, repo: Path, tmp_path: Path):
    write(
        repo,
        f"data/bottlenecks/{B}.yaml",
        f"id: {B}\ntitle: '<script>alert(1)</script> =SOM(1)'\ndescription: Tekst.\n"
        f"theme: cooperation\ntype: culture\nreported_on: 2026-04-01\n",
    )
    out = tmp_path / "formulieren.html"
    result = run("ballot", "--format", "html", "--each", "-o", str(out), cwd=repo)
    assert result.code == 0, result.err
    page = out.read_text(encoding="utf-8")
    from knelpunt.templating import page_start

    assert page.startswith(page_start("nl"))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count("<section>") == 4  # a sheet of paper for each initiative heard
    assert "Initiatief Drie" in page
    # In the spreadsheet the same title is text, never a formula.
    made = made_forms(run, repo, tmp_path / "f.xlsx")
    cells = [c.value for c in load_workbook(made[next(iter(made))])["Rangorde"]["C"]]
    assert "<script>alert(1)</script> =SOM(1)" in cells
    start = made_forms(run, repo, tmp_path / "g.xlsx")
    del start


def _bad(name: str, tmp: Path, run: Runner, repo: Path) -> tuple[list[str], str]:
    """A form spoilt in the way ``name`` says, and what to expect: the
    arguments of the import and the start of the message."""
    form = tmp / "form.xlsx"
    if name == "place-twice":
        made_forms(run, repo, form, "--initiative", ONE)
        fill(form, {A: 1, B: 1})
        return [str(form)], f"{form}: Rangorde!A9: plaats 1 staat ook in Rangorde!A8"
    if name == "place-out-of-range":
        made_forms(run, repo, form, "--initiative", ONE)
        fill(form, {A: 1, C: 6})
        return [str(form)], f"{form}: Rangorde!A10: plaats 6 kan niet: kies 1 tot en met 5"
    if name == "place-not-a-number":
        made_forms(run, repo, form, "--initiative", ONE)
        fill(form, {A: 1, D: "hoog"})
        return [str(form)], f"{form}: Rangorde!A11: 'hoog' is geen plaats"
    if name == "place-not-whole":
        made_forms(run, repo, form, "--initiative", ONE)
        fill(form, {A: 1.5})
        return [str(form)], f"{form}: Rangorde!A8: 1.5 is geen plaats"
    if name == "unknown-initiative":
        made_forms(run, repo, form)
        fill(form, {A: 1}, initiative="Initiatief Zes")
        return [str(form)], f"{form}: Rangorde!B5: 'Initiatief Zes' is geen bekend initiatief"
    if name == "no-initiative":
        made_forms(run, repo, form)
        fill(form, {A: 1})
        return [str(form)], f"{form}: Rangorde!B5: vul de id of de naam"
    if name == "other-round":
        made_forms(run, repo, form, "--initiative", ONE, "--round", "voorjaar")
        fill(form, {A: 1})
        return [str(form)], f"{form}: Rangorde!B4: dit formulier is van ronde voorjaar"
    if name == "fixed-cell-changed":
        made_forms(run, repo, form, "--initiative", ONE)
        fill(form, {A: 1})
        book = load_workbook(form)
        book["Rangorde"]["C9"] = "Iets anders"
        book.save(form)
        return [str(form)], f"{form}: Rangorde!C9: deze cel staat vast, maar is veranderd"
    if name == "row-added-below":
        made_forms(run, repo, form, "--initiative", ONE)
        fill(form, {A: 1})
        book = load_workbook(form)
        book["Rangorde"]["A14"] = 2
        book.save(form)
        return [str(form)], f"{form}: Rangorde!A14: hier staat 2, onder de knelpunten"
    if name == "no-place":
        made_forms(run, repo, form, "--initiative", ONE)
        return [str(form)], f"{form}: Rangorde!A8: er staat nergens een plaats"
    if name == "not-a-spreadsheet":
        form.write_text("plaats 1: Alpha\n", encoding="utf-8")
        return [str(form)], f"{form}: dit is geen formulier dat knelpunt kan lezen"
    if name == "not-a-form":
        from openpyxl import Workbook

        Workbook().save(form)
        return [str(form)], f"{form}: dit is geen formulier van 'knelpunt ballot'"
    if name == "same-initiative-twice":
        made_forms(run, repo, form, "--initiative", ONE)
        fill(form, {A: 1})
        other = tmp / "kopie.xlsx"
        shutil.copy(form, other)
        return [str(form), str(other)], f"{other}: ook dit formulier is van {ONE}"
    if name == "one-good-one-bad":
        made_forms(run, repo, form, "--initiative", ONE)
        fill(form, {A: 1})
        other = tmp / "twee.xlsx"
        made_forms(run, repo, other, "--initiative", TWO)
        fill(other, {A: 1, B: 1})
        return [str(form), str(other)], f"{other}: Rangorde!A9: plaats 1 staat ook"
    raise AssertionError(name)


BAD = [
    "place-twice",
    "place-out-of-range",
    "place-not-a-number",
    "place-not-whole",
    "unknown-initiative",
    "no-initiative",
    "other-round",
    "fixed-cell-changed",
    "row-added-below",
    "no-place",
    "not-a-spreadsheet",
    "not-a-form",
    "same-initiative-twice",
    "one-good-one-bad",
]


@pytest.mark.parametrize("name", BAD)
def test_a_bad_form_is_named_at_its_cell_and_nothing_is_written(
    name: str, run: Runner, repo: Path, tmp_path: Path
):
    files, expected = _bad(name, tmp_path, run, repo)
    before = sorted(p.relative_to(repo) for p in (repo / "data").rglob("*"))
    result = run("ballot", "--import", *files, "--date", "2026-09-05", cwd=repo)
    assert result.code == 1, (result.out, result.err)
    assert expected in result.err, result.err
    assert "Traceback" not in result.err
    assert "Er is niets opgeslagen" in result.err
    assert sorted(p.relative_to(repo) for p in (repo / "data").rglob("*")) == before


def test_a_form_that_came_in_after_the_round_closed_is_refused(
    run: Runner, repo: Path, tmp_path: Path
):
    form = tmp_path / "f.xlsx"
    made_forms(run, repo, form, "--initiative", ONE)
    fill(form, {A: 1})
    result = run(
        "ballot", "--import", str(form), "--round", "najaar", "--date", "2026-10-03", cwd=repo
    )
    assert result.code == 1
    assert "ronde najaar is open van 1 september 2026 tot en met 30 september 2026, niet op " in (
        result.err
    )
    assert "3 oktober 2026" in result.err and "2026-09-01" not in result.err
    assert rankings(repo) == []
    english = run("--lang", "en", "ballot", "--import", str(form), "--date", "2026-10-03", cwd=repo)
    assert "open from 1 September 2026 to 30 September 2026, not on 3 October 2026" in (english.err)


def test_a_missing_file_is_named_in_a_sentence(run: Runner, repo: Path, tmp_path: Path):
    missing = tmp_path / "weg.xlsx"
    result = run("ballot", "--import", str(missing), "--date", "2026-09-05", cwd=repo)
    assert result.code == 1
    assert f"het bestand {missing} bestaat niet" in result.err
    assert "Error" not in result.err and "Errno" not in result.err
    english = run("--lang", "en", "ballot", "--import", str(missing), cwd=repo)
    assert english.code == 1 and f"the file {missing} does not exist" in english.err
    folder = run("ballot", "--import", str(tmp_path), "--date", "2026-09-05", cwd=repo)
    assert folder.code == 1 and f"{tmp_path} is geen bestand" in folder.err


def test_which_of_two_forms_of_an_initiative_counts_is_said(
    run: Runner, repo: Path, tmp_path: Path
):
    """Issue 31: a form read in with a date before one already there counts
    for nothing; the import says so, and says which counts."""
    later = tmp_path / "later.xlsx"
    made_forms(run, repo, later, "--initiative", ONE)
    fill(later, {D: 1})
    first = run("ballot", "--import", str(later), "--date", "2026-09-25", cwd=repo)
    assert first.code == 0, first.err
    assert "telt" not in first.out and "Lever ze in met 'knelpunt submit'" in first.err
    earlier = tmp_path / "eerder.xlsx"
    made_forms(run, repo, earlier, "--initiative", ONE)
    fill(earlier, {A: 1})
    result = run("ballot", "--import", str(earlier), "--date", "20-09-2026", cwd=repo)
    assert result.code == 0, result.err
    assert (
        "deze rangorde van Initiatief Een (20 september 2026) telt niet mee. In ronde najaar"
        " is al een latere ingelezen (25 september 2026, data/rankings/"
    ) in result.out
    assert "de latere" in result.out
    # Read in again with a later date: this one replaces the other, and says so.
    newest = tmp_path / "nieuwste.xlsx"
    shutil.copy(earlier, newest)
    fill(newest, {A: 1, B: 2})
    replaced = run("ballot", "--import", str(newest), "--date", "2026-09-28", cwd=repo)
    assert "deze rangorde van Initiatief Een (28 september 2026) vervangt de eerdere" in (
        replaced.out
    )
    assert "(25 september 2026, data/rankings/" in replaced.out
    english = tmp_path / "english.xlsx"
    shutil.copy(earlier, english)
    fill(english, {A: 2, C: 1})
    told = run("--lang", "en", "ballot", "--import", str(english), "--date", "2026-09-21", cwd=repo)
    assert "this ranking of Initiatief Een (21 September 2026) does not count" in told.out
    assert "the later one counts" in told.out
    # The same form again, another day: already read in, and no 'hand them in'.
    again = run("ballot", "--import", str(earlier), "--date", "2026-09-22", cwd=repo)
    assert again.code == 0 and "al ingelezen" in again.out
    assert "submit" not in again.err
    assert "Geen nieuwe rangordes ingelezen voor ronde najaar." in again.err


@pytest.mark.parametrize(
    "args",
    [("--import",), ("x.xlsx",), ("--import", "x.xlsx", "--each"), ("--round", "zomer")],
)
def test_wrong_use_is_told(run: Runner, repo: Path, args: tuple[str, ...]):
    result = run("ballot", *args, cwd=repo)
    assert result.code == (1 if "zomer" in args else 2), result.err
    assert "Traceback" not in result.err
    if "zomer" in args:
        assert "zomer is geen rangronde in knelpunt.yaml. Kies uit: voorjaar, najaar" in result.err


def test_a_form_saved_again_by_libreoffice_reads_back(run: Runner, repo: Path, tmp_path: Path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed here: the form is not opened in it")
    form = tmp_path / "in" / "f.xlsx"
    form.parent.mkdir()
    made_forms(run, repo, form, "--initiative", TWO)
    fill(form, {C: 1, A: 2})
    out = tmp_path / "out"
    subprocess.run(
        [soffice, "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(form)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    result = run("ballot", "--import", str(out / "f.xlsx"), "--date", "2026-09-05", cwd=repo)
    assert result.code == 0, result.err
    (ranking,) = rankings(repo)
    assert f"order:\n  - {C}\n  - {A}\n" in ranking.read_text(encoding="utf-8")
