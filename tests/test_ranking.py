"""Counting the initiatives' order and showing whose voice it carries (issue 30,
points 2 and 3): the Borda count on its own, and the representativeness table
of the progress report and of ``prioritise --explain``, against numbers
worked out by hand on the small repository of ``tests/test_ballot.py``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from knelpunt.models import Ranking
from knelpunt.ranking import count, places
from tests.conftest import Runner
from tests.test_ballot import FOUR, ONE, THREE, TWO, A, B, C, D, E, make_repo, write


def ranking(
    initiative: str, order: list[str], unranked: list[str], day: int = 5, rid: str = "x"
) -> Ranking:
    return Ranking(
        id=f"rk-{rid}",
        round="najaar",
        initiative=initiative,
        date=dt.date(2026, 9, day),
        order=order,
        unranked=unranked,
    )


def test_the_unplaced_share_the_bottom_places():
    # Six on the form, two placed: the other four share places 3 to 6, at 4.5.
    form = ranking(ONE, [A, B], [C, D, E, "kp-f"])
    assert places(form) == {A: 1, B: 2, C: 4.5, D: 4.5, E: 4.5, "kp-f": 4.5}


def test_every_initiative_hands_out_the_same_points_however_much_it_placed():
    # Borda points n - place: 4+3+2+1+0 = 10 on a form of five, placed or not.
    for placed in ([A], [A, B, C], [E, D, C, B, A]):
        form = ranking(ONE, placed, [i for i in (A, B, C, D, E) if i not in placed])
        assert sum(5 - p for p in places(form).values()) == 10


def test_one_voice_per_initiative_the_later_form_counts():
    first = ranking(ONE, [A], [B], day=3, rid="a")
    later = ranking(ONE, [B], [A], day=9, rid="b")
    other = ranking(TWO, [A], [B], day=4, rid="c")
    counted = count([later, first, other], "najaar")
    assert counted.ballots == {ONE: later, TWO: other}
    assert counted.replaced == ("rk-a",)
    # Two forms of two: A first once, last once -> share 0.5 each, value 5.
    assert counted.standings[A].value == 5.0 and counted.standings[B].value == 5.0
    assert counted.standings[A].ranked_by == (TWO,)


def test_a_duplicate_counts_once_for_the_bottleneck_it_went_into():
    # D went into A: on this form A takes D's better place (1), not both shares.
    form = ranking(ONE, [D, B, A], [C])
    counted = count([form], "najaar", {D: A})
    assert counted.standings[A].mean_place == 1.0
    assert counted.standings[A].value == 10.0
    assert D not in counted.standings


def write_three_forms(root: Path) -> None:
    """The forms of Een (A B), Twee (B) and Drie (C A B) in round najaar;
    what a form leaves out is written as unranked."""
    for n, (initiative, order) in enumerate(((ONE, [A, B]), (TWO, [B]), (THREE, [C, A, B]))):
        rest = [i for i in (A, B, C, D, E) if i not in order]
        write(
            root,
            f"data/rankings/rk-ranks-0000{n}.yaml",
            f"id: rk-ranks-0000{n}\nround: najaar\ninitiative: {initiative}\n"
            f"date: 2026-09-0{n + 2}\n"
            f"order:\n{''.join(f'  - {i}' + chr(10) for i in order)}"
            f"unranked:\n{''.join(f'  - {i}' + chr(10) for i in rest)}",
        )


@pytest.fixture
def voiced(tmp_path: Path) -> Path:
    """Three of the four initiatives heard ranked: Vier (the association,
    starting, phase 1, zuid) did not; Vijf was not heard and did not either."""
    root = make_repo(tmp_path / "repo")
    write_three_forms(root)
    return root


def test_the_progress_report_sets_who_ranked_beside_who_was_heard_and_the_plan(
    run: Runner, voiced: Path
):
    result = run("report", "progress", "--date", "2026-10-01", cwd=voiced)
    assert result.code == 0, result.err
    text = result.out
    section = text[text.index("## Wie heeft een stem") : text.index("## Hoogste prioriteit")]
    # By hand: plan 2 explorers x 1 meeting x 3 = 6, 3 per sub-area; heard 4
    # (Een, Twee at noord; Drie, Vier at zuid); ranked 3 (Een, Twee, Drie).
    assert "| Initiatieven | 6 | 4 | 3 |" in section
    assert "| Noord | 3 | 2 | 2 |" in section
    assert "| Zuid | 3 | 2 | 1 |" in section
    assert "| Groningen | - | 2 | 2 |" in section
    assert "| Limburg | - | 2 | 1 |" in section
    assert "| fase 1 | - | 2 | 1 |" in section
    assert "| fase 2 | - | 1 | 1 |" in section
    assert "| fase 3 | - | 1 | 1 |" in section
    assert "| startend | - | 2 | 1 |" in section
    assert "| gevestigd | - | 2 | 2 |" in section
    assert "| coöperatie | - | 2 | 2 |" in section
    assert "| vereniging | - | 1 | **0** |" in section
    assert "| stichting | - | 1 | 1 |" in section
    assert "| Netwerk Noord-Zuid | - | 2 | 2 |" in section
    # Named: the one group heard without a voice (a legal form nobody has is not).
    assert "Zonder stem: per rechtsvorm: vereniging." in section
    html = run("report", "progress", "--format", "html", "--date", "2026-10-01", cwd=voiced).out
    assert "Zonder stem: per rechtsvorm: vereniging." in html
    assert '<th scope="row">vereniging</th><td class="num">-</td>' in html
    english = run("--lang", "en", "report", "progress", "--date", "2026-10-01", cwd=voiced).out
    assert "Without a voice: by legal form: association." in english


def test_explain_names_who_placed_it_and_who_did_not(run: Runner, voiced: Path):
    result = run("prioritise", "--explain", A, "--date", "2026-10-01", cwd=voiced)
    assert result.code == 0, result.err
    # Alpha: Een 1st, Twee unplaced (at (2+5)/2 = 3.5), Drie 2nd: placed by
    # 2 of 3, mean place 6.5/3 = 2.17; from noord (Een) and zuid (Drie), 2 of
    # the 2 sub-areas; heard groups none of its placers is in: phase 2
    # (Twee), the association (Vier), and the foundation (Twee).
    assert "Rangronde najaar: geplaatst door 2 van de 3 initiatieven" in result.out
    assert "gemiddelde plaats 2,2 van 5" in result.out
    assert "uit 2 van de 2 deelgebieden; geen stem uit: fase 2, vereniging, stichting." in (
        result.out
    )
    later = run("prioritise", "--explain", D, "--date", "2026-10-01", cwd=voiced)
    assert "geplaatst door 0 van de 3 initiatieven" in later.out


def test_no_round_yet_is_said(run: Runner, tmp_path: Path):
    root = make_repo(tmp_path / "repo")
    report = run("report", "progress", cwd=root).out
    assert "Er is nog geen rangronde gehouden" in report
    explained = run("prioritise", "--explain", A, cwd=root).out
    assert "Nog geen rangronde met ingevulde formulieren" in explained


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        (
            "rounds:\n  - name: x\n    opens: 2026-09-30\n    closes: 2026-09-01\n",
            "rangronde 'x' sluit (2026-09-01) voordat hij opent (2026-09-30)",
        ),
        (
            "rounds:\n  - {name: x, opens: 2026-09-01, closes: 2026-09-02}\n"
            "  - {name: x, opens: 2026-10-01, closes: 2026-10-02}\n",
            "de rangronde 'x' staat meer dan eens in 'rounds'",
        ),
    ],
)
def test_a_wrong_round_in_the_settings_is_told(run: Runner, tmp_path: Path, yaml, expected):
    from tests.test_ballot import CONFIG

    root = make_repo(tmp_path / "repo")
    config = CONFIG[: CONFIG.index("rounds:")] + yaml
    (root / "knelpunt.yaml").write_text(config, encoding="utf-8")
    result = run("check", cwd=root)
    assert result.code == 1
    assert expected in result.out + result.err


def test_a_ranking_of_an_unknown_round_or_twice_the_same_bottleneck_is_told(
    run: Runner, voiced: Path
):
    write(
        voiced,
        "data/rankings/rk-wrong-00001.yaml",
        f"id: rk-wrong-00001\nround: zomer\ninitiative: {FOUR}\ndate: 2026-09-05\n"
        f"order:\n  - {A}\n",
    )
    write(
        voiced,
        "data/rankings/rk-wrong-00002.yaml",
        f"id: rk-wrong-00002\nround: najaar\ninitiative: {FOUR}\ndate: 2026-09-05\n"
        f"order:\n  - {A}\n  - {B}\nunranked:\n  - {A}\n",
    )
    result = run("check", cwd=voiced)
    assert result.code == 1
    assert (
        "rk-wrong-00001.yaml:2:8: [rk-wrong-00001] round: 'zomer' is geen rangronde in"
        " knelpunt.yaml. Kies uit: voorjaar, najaar" in result.out
    )
    assert f"rk-wrong-00002.yaml:1:1: [rk-wrong-00002] {A} staat twee keer in de rangorde" in (
        result.out
    )


def test_the_example_network_held_its_first_round(run: Runner, example: Path):
    """The example's round (point 5): forms out to the 180 initiatives heard,
    112 back, Noord-Holland Noord and Oost-Nederland about half."""
    explained = run(
        "prioritise", "--explain", "kp-7xxdj-0nhzk", "--date", "2026-11-23", cwd=example
    )
    assert "Rangronde najaar-2026: geplaatst door 60 van de 112 initiatieven" in explained.out
    assert "nummer 1 in de volgorde van de initiatieven" in explained.out
    report = run("report", "progress", "--date", "2026-11-23", cwd=example).out
    assert "| Initiatieven | 400 | 180 | 112 |" in report
    assert "| Noord-Holland Noord | 50 | 21 | 10 |" in report
    assert "| Oost-Nederland | 50 | 19 | 10 |" in report
    assert run("check", cwd=example).code == 0
