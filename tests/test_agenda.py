"""The agenda as the source documents run it: one bottleneck, several
problem-solvers at several levels, each followed on its own.

"Wel geld voor de start" was reported in Peel en Maas, Het Hogeland and Veere:
Peel en Maas takes it up locally for Koningslust, the VNG nationally for all
municipalities. The ANBI question went to the Belastingdienst and the Ministry
of Finance; only the Belastingdienst declined.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import PROJECT

START = "kp-r7x6c-wywyb"  # Wel geld voor de start, niet voor de vaste lasten
ANBI = "kp-ft2n1-rsqdw"
PEEL_EN_MAAS, VNG = "ac-dvq53-y064h", "ac-f6dtf-2x37r"
TAX, FINANCE = "ac-wzdx9-bgf24", "ac-xxev3-1txb4"
KONINGSLUST, WARFFUM = "in-wfbmt-kf8w5", "in-dzxjf-es3qn"
DATE = "2026-11-23"


def shown(run, record_id: str, root: Path = PROJECT) -> dict:
    result = run("show", record_id, "--json", cwd=root)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_each_solver_has_its_own_addressing_and_state(run):
    start = shown(run, START)
    assert [(a["actor"], a["level"], a["status"]) for a in start["addressings"]] == [
        (PEEL_EN_MAAS, "local", "in-progress"),
        (VNG, "national", "routed"),
    ]
    assert start["addressings"][0]["concerns"] == [KONINGSLUST]
    assert start["status"] == "in-progress"
    anbi = shown(run, ANBI)
    states = {a["actor"]: a["status"] for a in anbi["addressings"]}
    assert states == {TAX: "declined", FINANCE: "routed"}  # Finance is not declined too
    assert anbi["status"] == "routed"


def test_an_initiative_is_told_only_what_concerns_it(run):
    text = run("report", "initiatives", "--date", DATE, cwd=PROJECT).out
    koningslust = text.split("## Dorpsraad Koningslust Zorgt")[1].split("\n## ")[0]
    warffum = text.split("## Goud Oud Warffum")[1].split("\n## ")[0]
    row = next(line for line in koningslust.splitlines() if START in line)
    assert "in behandeling" in row and "Gemeente Peel en Maas" in row
    row = next(line for line in warffum.splitlines() if START in line)
    assert "geadresseerd" in row and "Gemeente Peel en Maas" not in row
    assert "Vereniging van Nederlandse Gemeenten" in row


def test_each_bottleneck_once_per_initiative_even_through_a_bundled_duplicate(run, example):
    # Eys reported the Vpb question and the duplicate bundled into it.
    folder = example / "data" / "bottlenecks"
    for bottleneck in ("kp-cbb3z-ck6g1", "kp-rwj1j-hr94w"):
        assert "in-5ks94-n5e3t" in (folder / f"{bottleneck}.yaml").read_text(encoding="utf-8")
    out = run("report", "initiatives", "--date", DATE, cwd=example).out
    eys = out.split("## Zorgcoöperatie Eys i.o.")[1].split("\n## ")[0]
    assert eys.count("kp-rwj1j-hr94w") == 1
    for section in out.split("\n## ")[1:]:
        ids = [
            line.split("(`")[1].split("`)")[0] for line in section.splitlines() if "(`kp-" in line
        ]
        assert len(ids) == len(set(ids)), section


def test_the_agenda_of_one_solver_has_what_a_meeting_needs(run):
    result = run("report", "agenda", "--for", VNG, "--date", DATE, cwd=PROJECT)
    assert result.code == 0, result.err
    text = result.out
    assert "## Vereniging van Nederlandse Gemeenten" in text
    assert text.count("\n## ") == 1  # that solver only, nothing awaiting
    section = text.split("### Wel geld voor de start, niet voor de vaste lasten")[1]
    assert "De reguliere kosten" in section  # the description
    assert "Soort: uitvoering" in section and "Wmo 2015" in section
    assert "Bekende olifantenpaden: Onderdak delen met school en dorpshuis" in section
    assert "Stand bij deze probleem-oplosser: geadresseerd sinds 15 jul 2026" in section
    unknown = run("report", "agenda", "--for", "ac-xxxxx-xxxxx", cwd=PROJECT)
    assert unknown.code == 1
    wrong = run("report", "progress", "--for", VNG, cwd=PROJECT)
    assert wrong.code == 1 and "agenda" in wrong.err


def test_the_full_agenda_lists_what_awaits_routing_apart(run):
    text = run("report", "agenda", "--date", DATE, cwd=PROJECT).out
    waiting = text.split("## Op de agenda, nog niet geadresseerd")[1]
    assert "Wmo, Zvw en Wlz hebben elk hun eigen geldstroom" in waiting


def test_update_for_one_solver_moves_only_its_addressing(run, example):
    result = run(
        "update", ANBI, "--status", "in-progress", "--for", FINANCE, "--note", "Wetgever",
        cwd=example,
    )  # fmt: skip
    assert result.code == 0, result.err
    states = {a["actor"]: a["status"] for a in shown(run, ANBI, example)["addressings"]}
    assert states == {TAX: "declined", FINANCE: "in-progress"}
    refused = run("update", ANBI, "--status", "resolved", "--for", VNG, cwd=example)
    assert refused.code == 1 and "niet geadresseerd aan" in refused.err
    back = run("update", ANBI, "--status", "routed", "--for", TAX, cwd=example)
    assert back.code == 1  # routing is knelpunt route's


def test_check_warns_of_a_reporter_absent_from_the_meetings(run, example):
    path = example / "data" / "bottlenecks" / f"{START}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  - in-yjf9j-hngb4\n", "  - in-yjf9j-hngb4\n  - in-14ntd-11jwh\n"),
        encoding="utf-8",
    )
    result = run("check", cwd=example)
    assert result.code == 0  # a warning, not an error
    assert (
        "in-14ntd-11jwh staat bij de melders, maar was op geen van de bijeenkomsten" in result.out
    )


def test_check_warns_of_a_step_for_a_solver_not_addressed(run, example):
    folder = example / "data" / "updates" / ANBI
    (folder / "20261101-090000-zzzzz.yaml").write_text(
        "id: 20261101-090000-zzzzz\ndate: 2026-11-01\nby: Iemand\nstatus: resolved\n"
        f"actor: {VNG}\n",
        encoding="utf-8",
    )
    result = run("check", cwd=example)
    assert f"is niet geadresseerd aan {VNG}" in result.out


def test_diff_shows_each_solvers_step(run, example):
    import git

    repository = git.Repo.init(example, initial_branch="main")
    repository.git.add(A=True)
    repository.index.commit("Voorbeeld")
    run("update", START, "--status", "resolved", "--for", PEEL_EN_MAAS, cwd=example)
    run("update", START, "--status", "in-progress", "--for", VNG, cwd=example)
    text = run("diff", cwd=example).out
    assert "bij Gemeente Peel en Maas (`ac-dvq53-y064h`): in behandeling → opgelost" in text
    assert "bij Vereniging van Nederlandse Gemeenten (`ac-f6dtf-2x37r`): geadresseerd → " in text


# --- prioritising with the initiatives ------------------------------------------------

VPB = "kp-rwj1j-hr94w"


def test_the_initiatives_ranking_is_a_visible_part_of_the_score(run):
    result = run("prioritise", "--explain", VPB, "--json", "--date", DATE, cwd=PROJECT)
    parts = json.loads(result.out)["parts"]
    # Ranked at the meetings in Oost-Brabant and Noord-Nederland: everyone present.
    assert parts["support"] == {"value": 14, "weight": 1.0, "points": 14.0}
    text = run("prioritise", "--explain", VPB, "--date", DATE, cwd=PROJECT).out
    assert "steun: initiatieven die het als prioriteit noemden" in text
    regions = "Amsterdam en Utrecht, Noord-Nederland, Oost-Brabant"
    assert f"Steun van 14 initiatieven, uit {regions} (fase 1, 2, 3;" in text


def test_a_priority_not_discussed_at_that_meeting_is_flagged(run, example):
    meeting = example / "data" / "meetings" / "bk-mre02-1vf8x.yaml"
    meeting.write_text(
        meeting.read_text(encoding="utf-8") + "  - kp-be0q1-vp3h4\n", encoding="utf-8"
    )
    result = run("check", cwd=example)
    assert "kp-be0q1-vp3h4 staat bij de prioriteiten van bk-mre02-1vf8x" in result.out


# --- the plan as the document states it --------------------------------------------------


def test_the_progress_report_measures_against_the_dated_plan(run):
    text = run("report", "--date", DATE, cwd=PROJECT).out
    schedule = text.split("### Planning")[1].split("### ")[0]
    assert (
        "| Verkenningsbijeenkomsten gehouden | 30 jun 2026 | 33 van 40 | **te laat** |" in schedule
    )
    assert "| Rapportage | 31 okt 2026 | 29 okt 2026 | klaar |" in schedule
    assert "| Henk de Wit | Noord-Holland Noord | 4 | 5 | 21 | te laat |" in text
    assert "| Jan Hendriks | Zuid-Limburg | 5 | 5 | 25 | klaar |" in text
    assert "33 bijeenkomsten telden hun aanwezigen: gemiddeld 11,5 mensen, gepland 10." in text
    assert "| Noord-Holland Noord | 4 | 0 | nog geen overleg |" in text
    early = run("report", "--date", "2026-03-01", cwd=PROJECT).out
    assert "| Verkenningsbijeenkomsten gehouden | 30 jun 2026 | 33 van 40 | loopt |" in early
    assert "| Rapportage | 31 okt 2026 |  | gepland |" in early


def test_check_names_a_planned_sub_area_that_does_not_exist(run, example):
    config = example / "knelpunt.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("[noord-nederland]", "[friesland]"),
        encoding="utf-8",
    )
    result = run("check", cwd=example)
    assert result.code == 1 and "'friesland' staat niet in de lijst 'regions'" in result.out
