"""The October report as the ministry files it (issue 33, parts 1-3):
costed proposals totalled per level, per problem-solver and per year, a look
ahead by year with the legislative stages, the programme's own results and
facilities, and what the network solved itself.

The totals are computed here by hand from a small real repository and held
against the report (Markdown and HTML, both languages) and the export; the
report takes them from ``costs.totals`` alone."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from knelpunt import costs
from knelpunt.money import AmountError, euros, parse_amount
from knelpunt.repo import open_repository
from knelpunt.report.building import build
from knelpunt.report.source import Source
from knelpunt.store import load_all
from tests.conftest import PROJECT

DATE = "2026-11-23"
MINISTRY = "ac-mmmmm-00001"
TOWN = "ac-ggggg-00001"
HARD = "kp-hhhhh-00001"
LOCAL = "kp-lllll-00001"
SOLVED = "kp-sssss-00001"
PROSE = "kp-ppppp-00001"

ACTORS = {
    MINISTRY: "name: Ministerie van Zorg\ntype: ministry\nlevel: national\n",
    TOWN: "name: Gemeente Dorp\ntype: municipality\nlevel: local\nmunicipality: Dorp\n",
}
BASE = "theme: regulation\nreported_on: 2026-03-03\n"
BOTTLENECKS = {
    # Hard, routed to the ministry: 60,000 a year from 2027 (the ministry),
    # 10,000 once in 2028 (the town); a legislative track.
    HARD: f"""title: Wet te streng
description: De wet is te streng.
type: hard
{BASE}approach: Een wetswijziging.
people: 0,5 fte per regio
costs:
  - amount: 60000
    per: year
    from: 2027
    paid_by: {MINISTRY}
    for: coördinator per regio
  - amount: € 10.000
    per: once
    from: 2028
    paid_by: {TOWN}
expected_year: 2029
legislation:
  - step: signalled
    date: 2026-05-01
  - step: consultation
    date: 2026-09-01
""",
    # On the agenda: 12.500 once (in its expected year, 2027) by the town,
    # and 5,000 a year without a payer, from the first year shown (2026).
    LOCAL: f"""title: Loket dicht
description: Het loket is dicht.
type: implementation
{BASE}approach: Een loket.
costs:
  - amount: "12.500"
    per: once
    paid_by: {TOWN}
  - amount: 5000
    per: year
expected_year: 2027
""",
    # Solved on the spot: its costs are not counted.
    SOLVED: f"""title: Zelf gedaan
description: Opgelost door het dorp.
type: culture
{BASE}costs:
  - amount: 99999
    per: once
""",
    # Money as a sentence only: not counted, and named so.
    PROSE: f"""title: Alleen tekst
description: Geld in een zin.
type: implementation
{BASE}approach: Praten.
horizon: 2 à 3 jaar
means: Ongeveer € 40.000 per jaar.
""",
}
UPDATES = {
    HARD: [
        ("20260401-100000-aaaaa", "status: on-agenda\n"),
        (
            "20260402-100000-bbbbb",
            f"status: routed\nlevel: national\naddressees:\n  - {MINISTRY}\n",
        ),
    ],
    LOCAL: [("20260401-100000-ccccc", "status: on-agenda\n")],
    SOLVED: [("20260401-100000-ddddd", "status: solved-locally\n")],
    PROSE: [("20260401-100000-eeeee", "status: on-agenda\n")],
}

#: Worked out by hand from the records above, for the years 2026-2029.
ONCE, PER_YEAR, TOTAL = 22_500, 65_000, 222_500
BY_YEAR = {2026: 5_000, 2027: 77_500, 2028: 75_000, 2029: 65_000}
BY_LEVEL = {"national": (0, 60_000, 180_000), "local": (22_500, 0, 22_500)}
NO_PAYER = (0, 5_000, 20_000)


def line_of(path: Path, start: str) -> int:
    """The number of the first line of ``path`` that starts with ``start``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.lstrip(" -").startswith(start))


def write_network(root: Path) -> Path:
    for actor_id, text in ACTORS.items():
        (root / "data" / "actors" / f"{actor_id}.yaml").write_text(f"id: {actor_id}\n{text}")
    for bottleneck_id, text in BOTTLENECKS.items():
        path = root / "data" / "bottlenecks" / f"{bottleneck_id}.yaml"
        path.write_text(f"id: {bottleneck_id}\n{text}", encoding="utf-8")
    for bottleneck_id, updates in UPDATES.items():
        folder = root / "data" / "updates" / bottleneck_id
        folder.mkdir(parents=True, exist_ok=True)
        for update_id, text in updates:
            day = f"{update_id[:4]}-{update_id[4:6]}-{update_id[6:8]}"
            (folder / f"{update_id}.yaml").write_text(
                f"id: {update_id}\ndate: {day}\nby: Coördinator\n{text}", encoding="utf-8"
            )
    return root


@pytest.fixture
def network(empty_repo: Path) -> Path:
    return write_network(empty_repo)


def _totals(root: Path) -> costs.Totals:
    repo = open_repository(root, {}, root)
    records = load_all(repo)
    source = Source(repo.config, records, "nl", dt.date(2026, 11, 23))
    return costs.totals(source.facts.values(), records.of("actor"), repo.config, 2026)


# --- amounts: parsed and shown one way -------------------------------------


@pytest.mark.parametrize(
    "typed", ["12500", "12.500", "€ 12.500", "€12.500", "€12,500", "12.500,-", "EUR 12 500", 12500]
)
def test_an_amount_is_read_however_it_is_typed(typed):
    assert parse_amount(typed) == 12_500


@pytest.mark.parametrize("typed", ["12,5", "1.25", "twaalf", "-500", "12.50.0", True, ""])
def test_what_is_no_amount_of_whole_euros_is_refused(typed):
    with pytest.raises(AmountError):
        parse_amount(typed)


def test_an_amount_is_shown_the_readers_way():
    assert euros(12_500, "nl") == "€ 12.500"
    assert euros(12_500, "en") == "€12,500"
    assert euros(1_250_000, "nl") == "€ 1.250.000"
    assert euros(0, "en") == "€0"


# --- check: free text counted for nothing, a track in order -----------------


def test_check_warns_that_free_text_money_and_horizon_are_not_counted(network, run):
    result = run("check", cwd=network)
    assert result.code == 0, result.out + result.err  # warnings only
    path = f"data/bottlenecks/{PROSE}.yaml"
    lines = (network / path).read_text(encoding="utf-8").splitlines()
    means_line = next(n for n, line in enumerate(lines, 1) if line.startswith("means:"))
    horizon_line = next(n for n, line in enumerate(lines, 1) if line.startswith("horizon:"))
    assert f"{path}:{means_line}" in result.out
    assert f"{path}:{horizon_line}" in result.out
    assert "niet meegeteld" in result.out and "costs:" in result.out
    assert "expected_year: 2029" in result.out
    english = run("--lang", "en", "check", cwd=network)
    assert "not counted" in english.out


def test_a_track_on_a_bottleneck_that_is_not_hard_is_a_warning(network, run):
    path = network / "data" / "bottlenecks" / f"{LOCAL}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "legislation:\n  - step: bill\n", encoding="utf-8"
    )
    result = run("check", cwd=network)
    assert result.code == 0
    where = f"{LOCAL}.yaml:{line_of(path, 'step: bill')}:"
    assert where in result.out and "hard knelpunt" in result.out


@pytest.mark.parametrize(
    ("track", "words"),
    [
        (
            "  - step: consultation\n    date: 2026-09-01\n  - step: signalled\n",
            "gaat vooruit",
        ),
        (
            "  - step: signalled\n    date: 2026-09-01\n  - step: bill\n    date: 2026-08-01\n",
            "vóór de stap ervoor",
        ),
        ("  - step: signalled\n  - step: signalled\n", "gaat vooruit"),
        ("  - step: wet\n", "consultation"),
    ],
)
def test_a_track_out_of_order_or_with_an_unknown_stage_is_refused(network, run, track, words):
    path = network / "data" / "bottlenecks" / f"{HARD}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("legislation:\n")[0] + "legislation:\n" + track, encoding="utf-8")
    result = run("check", cwd=network)
    assert result.code == 1
    assert f"{HARD}.yaml:" in result.out and words in result.out.replace("\n", " ")
    assert "Traceback" not in result.out + result.err


def test_an_amount_that_is_no_number_is_refused_at_its_line(network, run):
    path = network / "data" / "bottlenecks" / f"{LOCAL}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"12.500"', "twaalfduizend"), encoding="utf-8"
    )
    result = run("check", cwd=network)
    assert result.code == 1
    where = f"{LOCAL}.yaml:{line_of(path, 'amount: twaalfduizend')}:"
    assert where in result.out and "hele euro" in result.out


def test_a_payer_that_does_not_exist_is_an_error(network, run):
    path = network / "data" / "bottlenecks" / f"{LOCAL}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(TOWN, "ac-zzzzz-99999"), encoding="utf-8"
    )
    result = run("check", cwd=network)
    assert result.code == 1
    assert "ac-zzzzz-99999" in result.out


# --- the totals, by hand, in every output ----------------------------------


def test_the_totals_are_those_worked_out_by_hand(network):
    found = _totals(network)
    assert (found.first_year, found.last_year) == (2026, 2029)
    assert (found.all.once, found.all.per_year, found.all.total) == (ONCE, PER_YEAR, TOTAL)
    assert {r.year: r.total for r in found.by_year} == BY_YEAR
    assert sum(BY_YEAR.values()) == TOTAL
    levels = {r.key: (r.once, r.per_year, r.total) for r in found.by_level}
    assert levels == {**BY_LEVEL, costs.NO_PAYER: NO_PAYER}
    payers = {r.key: r.total for r in found.by_payer}
    assert payers == {MINISTRY: 180_000, TOWN: 22_500, costs.NO_PAYER: 20_000}
    assert found.counted == [HARD, LOCAL] or sorted(found.counted) == sorted([HARD, LOCAL])
    assert found.not_counted == [PROSE]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_shows_the_totals_in_markdown_and_html(network, run, lang):
    md = run("--lang", lang, "report", "final", "--date", DATE, cwd=network)
    assert md.code == 0, md.err
    html = run("--lang", lang, "report", "final", "--format", "html", "--date", DATE, cwd=network)
    assert html.code == 0, html.err
    total = euros(TOTAL, lang)
    title = "Kosten van de voorstellen" if lang == "nl" else "Costs of the proposals"
    for text in (md.out, html.out):
        assert title in text
        assert total in text
        assert euros(ONCE, lang) in text and euros(PER_YEAR, lang) in text
        for year, amount in BY_YEAR.items():
            assert str(year) in text and euros(amount, lang) in text
        for once, per_year, over in BY_LEVEL.values():
            assert all(euros(n, lang) in text for n in (once, per_year, over))
        assert "Ministerie van Zorg" in text and "Gemeente Dorp" in text
        # how per-year amounts are counted, said under the tables
        assert ("tot en met 2029" if lang == "nl" else "up to and including 2029") in text
        # the look ahead by year, with the stage of the hard one
        stage = "in consultatie" if lang == "nl" else "in consultation"
        assert stage in text and "2029" in text
        # the sentence-only money is named as not counted
        assert "Alleen tekst" in text
    table = md.out.split("## " + title)[1].split("\n## ")[0]
    assert f"| {euros(ONCE, lang)} | {euros(PER_YEAR, lang)} | {total} |" in table


def test_the_report_data_and_the_export_agree_with_the_hand_totals(network, run):
    repo = open_repository(network, {}, network)
    report = build("final", Source(repo.config, load_all(repo), "nl", dt.date(2026, 11, 23)))
    assert report["costs"]["all"]["total"] == "€ 222.500"
    exported = run("export", "bottleneck", "--format", "json", cwd=network)
    rows = {row["id"]: row for row in json.loads(exported.out)}
    counted = [rows[b] for b in (HARD, LOCAL)]
    once = sum(c["amount"] for row in counted for c in row["costs"] if c["per"] == "once")
    per_year = sum(c["amount"] for row in counted for c in row["costs"] if c["per"] == "year")
    assert (once, per_year) == (ONCE, PER_YEAR)
    assert rows[HARD]["costs"][0] == {
        "amount": 60000,
        "per": "year",
        "from": 2027,
        "paid_by": MINISTRY,
        "for": "coördinator per regio",
    }
    csv = run("export", "bottleneck", "--format", "csv", cwd=network).out
    assert "Kosten (euro)" in csv  # the header says it is euros
    assert "€ 60.000 per jaar vanaf 2027, betaald door Ministerie van Zorg" in csv
    assert "€ 10.000 eenmalig in 2028" in csv
    english = run("--lang", "en", "export", "bottleneck", "--format", "csv", cwd=network).out
    assert "€60,000 a year from 2027, paid by Ministerie van Zorg" in english


def test_show_gives_the_costs_the_track_and_the_year(network, run):
    shown = run("show", HARD, cwd=network).out
    assert "€ 60.000 per jaar vanaf 2027" in shown
    assert "in consultatie (1 sep 2026)" in shown and "2029" in shown
    english = run("--lang", "en", "show", HARD, cwd=network).out
    assert "€60,000 a year from 2027" in english and "in consultation" in english


def test_items_without_a_proposal_are_listed_once_apart(network, run):
    path = network / "data" / "bottlenecks" / f"{LOCAL}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("approach: Een loket.\n", ""), encoding="utf-8"
    )
    text = run("report", "final", "--date", DATE, cwd=network).out
    assert "Nog geen voorstel; vul" not in text
    apart = text.split("## Nog zonder voorstel")[1].split("\n## ")[0]
    assert "Loket dicht" in apart and "knelpunt edit" in apart
    assert text.count("Loket dicht (`kp-lllll-00001`)") >= 1


# --- the example ------------------------------------------------------------


def test_the_example_october_report_has_totals_look_ahead_and_what_was_solved(run):
    text = run("report", "final", "--date", DATE, cwd=PROJECT).out
    money = text.split("## Kosten van de voorstellen")[1].split("\n## ")[0]
    assert "### Per niveau (van wie betaalt)" in money
    assert "### Per jaar" in money
    assert "| Landelijk (macro) |" in money and "| Lokaal (micro) |" in money
    assert "| 2027 |" in money
    ahead = text.split("## Doorkijk naar het vervolg")[1].split("\n## ")[0]
    years = [line.split("|")[1].strip() for line in ahead.splitlines() if line.startswith("| 20")]
    assert years == sorted(years) and len(years) >= 3
    assert "gesignaleerd (" in ahead and "in consultatie (" in ahead
    solved = text.split("## Wat het netwerk zelf oploste")[1].split("\n## ")[0]
    assert "### Ter plaatse opgelost" in solved and "### Gedeelde olifantenpaden" in solved
    assert "keer (" in solved  # how often a workaround was taken over
    assert "Nog geen voorstel; vul" not in text
    programme = text.split("## Het programma zelf")[1].split("\n## ")[0]
    assert "Benodigde faciliteiten" in programme and "€ " in programme


def test_the_example_has_no_money_left_as_prose(run):
    result = run("check", cwd=PROJECT)
    assert "niet meegeteld" not in result.out


def test_edit_shows_the_costs_and_the_track_and_where_to_change_them(example, terminal_env):
    from tests.pty_driver import Terminal

    t = Terminal(["edit", "kp-7xxdj-0nhzk"], example, terminal_env)
    try:
        preview = t.read_until("Opslaan?")
        assert "€ 250.000 per jaar vanaf 2027" in preview
        assert "in consultatie (15 sep 2026)" in preview
        assert "data/bottlenecks/kp-7xxdj-0nhzk.yaml" in preview
        assert "Verwacht opgelost in (jaar): 2029" in preview
    finally:
        t.close()


def test_the_programmes_facilities_are_read_and_totalled_from_knelpunt_yaml(network, run):
    config = network / "knelpunt.yaml"
    text = config.read_text(encoding="utf-8")
    plan = """plan:
  results:
    - 400 initiatieven gesproken
  facilities:
    - for: landelijk coördinatiepunt
      amount: € 45.000
      per: year
    - for: communicatie
      amount: "10.000"
      per: once
    - for: inzicht in initiatieven
"""
    empty = "  results: []\n  facilities: []\n"  # as init writes them
    assert text.count(empty) == 1
    config.write_text(text.replace(empty, plan.removeprefix("plan:\n")), encoding="utf-8")
    repo = open_repository(network, {}, network)
    total = costs.facility_totals(repo.config)
    assert (total.once, total.per_year) == (10_000, 45_000)
    report = run("report", "final", "--date", DATE, cwd=network).out
    programme = report.split("## Het programma zelf")[1].split("\n## ")[0]
    assert "400 initiatieven gesproken" in programme
    assert "| landelijk coördinatiepunt | € 45.000 | per jaar |" in programme
    assert "Samen € 10.000 eenmalig en € 45.000 per jaar." in programme
    wrong = plan.replace("€ 45.000", "veel").removeprefix("plan:\n")
    config.write_text(text.replace(empty, wrong), encoding="utf-8")
    result = run("check", cwd=network)
    said = result.out + result.err
    assert result.code == 1
    assert f"knelpunt.yaml:{line_of(config, 'amount: veel')}" in said and "hele euro" in said


def test_diff_names_a_changed_amount_the_readers_way(example, run):
    import git

    repository = git.Repo.init(example, initial_branch="main")
    with repository.config_writer() as config:
        config.set_value("user", "name", "Test")
        config.set_value("user", "email", "test@example.org")
    repository.git.add(A=True)
    repository.index.commit("voorbeeld")
    repository.git.checkout("-b", "duurder")
    path = example / "data" / "bottlenecks" / "kp-fa46k-k7p1f.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("amount: 60000", "amount: € 65.000"))
    repository.git.commit("-am", "duurder")
    text = run("diff", "main", "duurder", cwd=example).out
    assert "erbij: € 65.000 per jaar vanaf 2027, betaald door Provincie Limburg" in text
    assert "eraf: € 60.000 per jaar vanaf 2027" in text
    assert "{'amount'" not in text


@pytest.mark.parametrize(
    ("lang", "typed", "per"),
    [
        ("nl", "€ 60.000; per jaar; 2027", "year"),
        ("nl", "60.000;eenmalig;2027", "once"),
        ("en", "€60,000; a year; 2027", "year"),
        ("en", "60000; once; 2027", "once"),
    ],
)
def test_add_takes_an_amount_however_it_is_typed(network, run, lang, typed, per):
    result = run(
        *("--lang", lang, "add", "bottleneck", "--no-input", "--json", "--by", "Ik"),
        *("--title", "Geen geld", "--description", "Er is geen geld."),
        *("--theme", "finance", "--type", "hard", "--reported-on", "2026-11-01"),
        *("--cost", f"{typed}; {MINISTRY}; coördinator", "--expected-year", "2029"),
        cwd=network,
    )
    assert result.code == 0, result.err
    record = json.loads(result.out)["record"]
    assert record["costs"] == [
        {"amount": 60000, "per": per, "from": 2027, "paid_by": MINISTRY, "for": "coördinator"}
    ]
    assert record["expected_year"] == 2029


@pytest.mark.parametrize(
    ("cost", "said"),
    [
        ("veel; per jaar", "geen bedrag in hele euro"),
        ("5; soms", "eenmalig (once), per jaar (year)"),
        ("5; once; 2027; ac-zzzzz-99999", "ac-zzzzz-99999"),
        ("1;2;3;4;5;6", "meer dan vijf delen"),
    ],
)
def test_add_refuses_a_cost_it_cannot_read(network, run, cost, said):
    result = run(
        *("add", "bottleneck", "--no-input", "--by", "Ik", "--title", "Geen geld"),
        *("--description", "Er is geen geld.", "--theme", "finance", "--type", "hard"),
        *("--reported-on", "2026-11-01", "--cost", cost),
        cwd=network,
    )
    assert result.code == 1 and said in result.err
    assert "Traceback" not in result.err
