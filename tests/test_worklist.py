"""The coordinator's worklist, ``knelpunt todo`` (issue 31, point 4): on the
example it finds the two declines nobody followed up, the item on the agenda
without an addressee and the agenda items without a proposal, each with the
command that deals with it; taking that step takes the line away."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

from knelpunt.facts import facts_for
from knelpunt.repo import open_repository
from knelpunt.store import load_all
from knelpunt.worklist import KINDS, ON_AGENDA
from tests.conftest import Runner

TODAY = "2026-12-04"
ANBI = "kp-ft2n1-rsqdw"
BELASTINGDIENST, FINANCIEN = "ac-wzdx9-bgf24", "ac-xxev3-1txb4"
WINDMOLEN = "kp-zjfxq-8ttz4"  # declined by Provincie Overijssel
OVERIJSSEL = "ac-dpz4g-skk7y"
GELDSTROOM = "kp-7xxdj-0nhzk"  # severity 5, routed to VWS, VNG and ZN (issue 33)
REGIE = "kp-efc28-gkfd2"  # on the agenda since October, no addressee yet
VNG = "ac-f6dtf-2x37r"
SOLVED = "kp-73zgr-z3awy"  # resolved in the example: the VNG's model for light accounting
REPORTER_OF_SOLVED = "in-wfbmt-kf8w5"


def todo(run: Runner, root: Path, *args: str) -> list[dict]:
    result = run("todo", "--date", TODAY, "--json", *args, cwd=root)
    assert result.code == 0, result.err
    return json.loads(result.out)


def of_kind(items: list[dict], kind: str) -> list[dict]:
    return [i for i in items if i["kind"] == kind]


def run_command(run: Runner, root: Path, command: str, *extra: str) -> None:
    """Run a command the worklist gives, as a coordinator would type it."""
    words = shlex.split(command)
    assert words[0] == "knelpunt"
    result = run(*words[1:], *extra, cwd=root)
    assert result.code == 0, result.err


# --- what the example holds -------------------------------------------------------


def test_the_unaddressed_item_comes_first_with_the_route_the_rules_give(run: Runner, example: Path):
    items = todo(run, example)
    first = items[0]
    assert first["kind"] == "awaiting-routing" and first["bottleneck"] == REGIE
    assert first["title"] == "Gemeente wil regisseren in plaats van faciliteren"
    assert first["severity"] is None and first["since"] == "2026-10-20"
    # A culture of the municipalities: to the VNG by the rule, not to the initiatives' network.
    assert first["command"] == f"knelpunt route {REGIE} --to {VNG} --level national"
    assert GELDSTROOM not in {i["bottleneck"] for i in of_kind(items, "awaiting-routing")}
    # Most urgent first: the kinds come in their order.
    kinds = [i["kind"] for i in items]
    assert kinds == sorted(kinds, key=KINDS.index)


def test_both_declines_nobody_followed_up_are_listed_with_their_note(run: Runner, example: Path):
    declined = {i["bottleneck"]: i for i in of_kind(todo(run, example), "declined")}
    assert set(declined) == {ANBI, WINDMOLEN}
    assert declined[ANBI]["actor"] == BELASTINGDIENST
    assert "Doorverwijzen naar Financiën als wetgever." in declined[ANBI]["note"]
    assert declined[ANBI]["command"] == f"knelpunt route {ANBI} --to OPLOSSER"
    assert declined[WINDMOLEN]["actor"] == OVERIJSSEL
    assert "Terug naar de agenda voor een landelijke route." in declined[WINDMOLEN]["note"]
    assert declined[WINDMOLEN]["command"] == f"knelpunt route {WINDMOLEN} --to OPLOSSER"
    # "Nobody" only when nobody is: Financiën is still addressed on the ANBI item.
    assert declined[ANBI]["still"] == [FINANCIEN] and declined[WINDMOLEN]["still"] == []
    lines = {
        line.split("(")[1].split(")")[0]: line
        for line in run("todo", cwd=example).out.splitlines()
        if "weigerde op" in line
    }
    assert "niemand geadresseerd" not in lines[ANBI]
    assert (
        "sindsdien is niemand anders geadresseerd. Nog geadresseerd is Ministerie van "
        in (lines[ANBI])
    )
    assert "weigerde op 14 okt 2026; sindsdien is niemand geadresseerd." in lines[WINDMOLEN]
    english = run("--lang", "en", "todo", cwd=example).out
    assert "no one else has been addressed since. Still addressed: Ministerie van " in english


def test_every_agenda_item_without_a_proposal_is_listed_with_edit(run: Runner, example: Path):
    records = load_all(open_repository(example, {}, example))
    expected = {
        f.id
        for f in facts_for(records).values()
        if f.state.status in ON_AGENDA and not f.bottleneck.approach
    }
    listed = of_kind(todo(run, example), "no-proposal")
    assert {i["bottleneck"] for i in listed} == expected
    assert WINDMOLEN in expected  # declined: back on the agenda, no proposal yet
    assert all(i["command"] == f"knelpunt edit {i['bottleneck']}" for i in listed)


def test_an_addressing_is_overdue_from_the_day_after_its_answer_by_day(run: Runner, example: Path):
    def overdue_on(day: str) -> set[tuple[str, str]]:
        result = run("todo", "--date", day, "--json", cwd=example)
        return {(i["bottleneck"], i["actor"]) for i in of_kind(json.loads(result.out), "overdue")}

    # ANBI was routed nationally on 16 April: 91 days, to 16 July.
    assert (ANBI, FINANCIEN) not in overdue_on("2026-07-16")
    assert (ANBI, FINANCIEN) in overdue_on("2026-07-17")
    # Belastingdienst answered (it declined): never overdue.
    assert (ANBI, BELASTINGDIENST) not in overdue_on(TODAY)
    item = next(i for i in of_kind(todo(run, example), "overdue") if i["bottleneck"] == ANBI)
    assert item["answer_by"] == "2026-07-16" and item["days"] == 141
    assert item["command"] == f"knelpunt update {ANBI} --for {FINANCIEN} --status in-progress"


def test_the_text_is_dutch_by_default_and_english_on_request(run: Runner, example: Path):
    dutch = run("todo", "--date", TODAY, cwd=example)
    assert dutch.code == 0, dutch.err
    assert "Werklijst op 4 december 2026:" in dutch.out
    assert "Wacht op adressering (1)" in dutch.out
    assert "Geweigerd en niet opnieuw geadresseerd (2)" in dutch.out
    assert "Notitie bij de weigering: “De ANBI-regeling" in dutch.out
    assert f"     knelpunt route {ANBI} --to OPLOSSER" in dutch.out
    english = run("todo", "--date", TODAY, "--lang", "en", cwd=example)
    assert "Worklist on 4 December 2026:" in english.out
    assert "Declined and not re-routed (2)" in english.out
    assert f"     knelpunt route {ANBI} --to SOLVER" in english.out
    assert "Werklijst" not in english.out and "weigerde" not in english.out


# --- each line's command deals with it ----------------------------------------------


def test_taking_the_step_a_line_gives_takes_the_line_away(run: Runner, example: Path):
    items = todo(run, example)
    first = items[0]
    run_command(run, example, first["command"], "--by", "Test", "--date", TODAY)
    anbi = next(i for i in of_kind(items, "declined") if i["bottleneck"] == ANBI)
    to_finance = anbi["command"].replace("OPLOSSER", "Financiën")
    run_command(run, example, to_finance, "--by", "Test", "--date", TODAY)
    after = todo(run, example)
    assert REGIE not in {i["bottleneck"] for i in of_kind(after, "awaiting-routing")}
    assert ANBI not in {i["bottleneck"] for i in of_kind(after, "declined")}
    # Re-routed today: a new clock, so Financiën is no longer overdue either.
    assert ANBI not in {i["bottleneck"] for i in of_kind(after, "overdue")}
    assert WINDMOLEN in {i["bottleneck"] for i in of_kind(after, "declined")}


def test_a_likely_duplicate_is_listed_with_the_merge_that_bundles_it(run: Runner, example: Path):
    original = (example / "data" / "bottlenecks" / f"{GELDSTROOM}.yaml").read_text("utf-8")
    copy = original.replace(GELDSTROOM, "kp-aaaaa-bbbbb").replace(
        "reported_on: 2026-", "reported_on: 2027-"
    )
    assert "kp-aaaaa-bbbbb" in copy
    (example / "data" / "bottlenecks" / "kp-aaaaa-bbbbb.yaml").write_text(copy, "utf-8")
    duplicates = of_kind(todo(run, example), "duplicate")
    assert [(i["bottleneck"], i["into"]) for i in duplicates] == [("kp-aaaaa-bbbbb", GELDSTROOM)]
    assert duplicates[0]["command"] == f"knelpunt merge kp-aaaaa-bbbbb {GELDSTROOM}"
    run_command(run, example, duplicates[0]["command"], "--by", "Test", "--date", TODAY)
    assert of_kind(todo(run, example), "duplicate") == []


def test_no_duplicate_in_the_example(run: Runner, example: Path):
    assert of_kind(todo(run, example), "duplicate") == []


def test_a_quiet_bottleneck_follows_the_setting(run: Runner, example: Path):
    quiet = {i["bottleneck"]: i for i in of_kind(todo(run, example), "quiet")}
    assert "kp-b86fs-5mjna" in quiet  # Geen vaste contactpersoon: no step since March
    assert quiet["kp-b86fs-5mjna"]["command"] == "knelpunt update kp-b86fs-5mjna --note TEKST"
    # A bottleneck on another line is not also "quiet".
    assert GELDSTROOM not in quiet and ANBI not in quiet
    config = example / "knelpunt.yaml"
    config.write_text(config.read_text("utf-8") + "\nfollow_up:\n  quiet_months: 12\n", "utf-8")
    assert of_kind(todo(run, example), "quiet") == []


def test_meetings_behind_the_plan_only_after_the_plans_day(run: Runner, example: Path):
    behind = of_kind(todo(run, example), "meetings-behind")
    assert {i["explorer"] for i in behind} >= {"Albert Mulder", "Fatima El Amrani"}
    assert all(i["held"] < i["planned"] == 5 and i["due"] == "2026-06-30" for i in behind)
    assert all(i["command"] == "knelpunt add meeting" for i in behind)
    early = json.loads(run("todo", "--date", "2026-06-30", "--json", cwd=example).out)
    assert of_kind(early, "meetings-behind") == []


def test_a_not_solved_on_a_solved_bottleneck_is_disputed(run: Runner, example: Path):
    entry = example / "data" / "updates" / SOLVED / "20261201-120000-ccccc.yaml"
    entry.write_text(
        "id: 20261201-120000-ccccc\ndate: 2026-12-01\nby: Test\nverdict: not-solved\n"
        f"initiative: {REPORTER_OF_SOLVED}\nnote: Bij ons werkt het nog steeds niet.\n",
        encoding="utf-8",
    )
    disputed = of_kind(todo(run, example), "disputed")
    assert [(i["bottleneck"], i["initiative"]) for i in disputed] == [(SOLVED, REPORTER_OF_SOLVED)]
    assert disputed[0]["said_on"] == "2026-12-01"
    assert disputed[0]["command"].startswith(f"knelpunt update {SOLVED} --note")


# --- filters ----------------------------------------------------------------------


def test_for_a_solver_only_what_concerns_its_addressings(run: Runner, example: Path):
    items = todo(run, example, "--for", "Belastingdienst")
    assert items and all(i["bottleneck"] for i in items)
    declined = of_kind(items, "declined")
    assert [i["bottleneck"] for i in declined] == [ANBI]
    assert WINDMOLEN not in {i["bottleneck"] for i in items}
    assert of_kind(items, "untold") == [] and of_kind(items, "meetings-behind") == []
    finance = todo(run, example, "--for", FINANCIEN)
    assert ANBI in {i["bottleneck"] for i in of_kind(finance, "overdue")}
    assert ANBI not in {i["bottleneck"] for i in of_kind(finance, "declined")}


def test_for_a_region_only_what_concerns_its_initiatives(run: Runner, example: Path):
    records = load_all(open_repository(example, {}, example))
    facts = facts_for(records)
    items = todo(run, example, "--region", "Oost-Nederland")
    assert WINDMOLEN in {i["bottleneck"] for i in of_kind(items, "declined")}
    assert ANBI not in {i["bottleneck"] for i in items}
    assert all("oost-nederland" in facts[i["bottleneck"]].regions for i in items if i["bottleneck"])
    assert {i["explorer"] for i in of_kind(items, "meetings-behind")} == {"Albert Mulder"}


def test_a_filter_that_names_nothing_is_a_clear_message(run: Runner, example: Path):
    unknown = run("todo", "--for", "Gemeente Nergenshuizen", cwd=example)
    assert unknown.code == 1 and "Nergenshuizen" in unknown.err
    region = run("todo", "--region", "Atlantis", cwd=example)
    assert region.code in (1, 2) and "Atlantis" in region.err
    assert "Traceback" not in unknown.err + region.err


def test_nothing_stuck_is_said(run: Runner, empty_repo: Path):
    result = run("todo", "--date", TODAY, cwd=empty_repo)
    assert result.code == 0, result.err
    assert "Niets blijft liggen op 4 december 2026." in result.out
    assert json.loads(run("todo", "--json", cwd=empty_repo).out) == []
