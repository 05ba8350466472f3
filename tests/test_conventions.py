"""knelpunt behaves as the best command-line tools do: names as people say
them, no silent overreach, shell completion, quiet and progress, exit codes
on the help page (issue 29, points 4, 5, 8, 9)."""

from __future__ import annotations

import json

# --- names as people say them (point 4) ------------------------------------------


def test_add_takes_the_dutch_name_of_a_kind(example, run):
    result = run(
        "add",
        "knelpunt",
        "--no-input",
        "--title",
        "Te weinig vrijwilligers",
        "--description",
        "Er zijn te weinig vrijwilligers.",
        "--theme",
        "finance",
        "--type",
        "hard",
        "--json",
        cwd=example,
    )
    assert result.code == 0, result.err
    assert json.loads(result.out)["record"]["id"].startswith("kp-")
    assert run("add", "olifantenpad", "--help").out.startswith("Gebruik: knelpunt add solution")
    assert run("add", "Initiatief", "--help").out.startswith("Gebruik: knelpunt add initiative")


def test_a_command_in_capitals_is_found(example, run):
    assert run("CHECK", cwd=example).code == 0


def test_report_takes_the_dutch_name_the_help_gives(example, run):
    dutch = run("report", "voortgang", cwd=example)
    assert dutch.code == 0, dutch.err
    assert dutch.out == run("report", "progress", cwd=example).out
    assert run("report", "Initiatieven", cwd=example).code == 0


def test_list_takes_one_of_a_kind_in_dutch(example, run):
    assert (
        run("list", "knelpunt", "--json", cwd=example).out
        == run("list", "bottlenecks", "--json", cwd=example).out
    )


def test_ids_typed_in_capitals_are_found(example, run):
    shown = run("show", "KP-KV2ME-NCGN6", "--json", cwd=example)
    assert shown.code == 0, shown.err
    assert json.loads(shown.out)["record"]["id"] == "kp-kv2me-ncgn6"
    explained = run("prioritise", "--explain", "Kp-Kv2me-Ncgn6", cwd=example)
    assert explained.code == 0, explained.err
    noted = run("update", " KP-KV2ME-NCGN6 ", "--note", "Gebeld.", "--by", "Els", cwd=example)
    assert noted.code == 0, noted.err
    assert "kp-kv2me-ncgn6" in noted.out


# --- no silent overreach (point 5) -------------------------------------------------

WAITING = "kp-7xxdj-0nhzk"  # on the agenda in the example
ZN, VWS = "ac-zanxq-d5yyb", "ac-6wwqm-4zyxg"


def _history(example):
    return sorted((example / "data" / "updates" / WAITING).iterdir())


def test_route_to_takes_a_name_or_a_unique_part_of_one(example, run):
    routed = run(
        "route",
        WAITING,
        "--to",
        "zorgverzekeraars nederland",
        "--to",
        "Volksgezondheid",
        "--json",
        cwd=example,
    )
    assert routed.code == 0, routed.err
    assert json.loads(routed.out)[0]["addressees"] == [ZN, VWS]


def test_route_to_a_part_several_names_share_lists_them(example, run):
    before = _history(example)
    result = run("route", WAITING, "--to", "Zorgverzekeraar", cwd=example)
    assert result.code == 1
    assert "Zorgverzekeraar Menzis (ac-mnyzn-8bf65)" in result.err
    assert "Zorgverzekeraars Nederland" in result.err
    assert _history(example) == before


def test_route_auto_with_to_is_a_usage_error(example, run):
    result = run("route", "--auto", "--to", ZN, cwd=example)
    assert result.code == 2
    assert "--auto" in result.err and "--to" in result.err
    assert "kp-" not in result.out  # nothing routed by the rules


def test_a_status_change_without_for_on_two_addressings_is_refused(example, run):
    assert run("route", WAITING, "--to", ZN, "--to", VWS, cwd=example).code == 0
    before = _history(example)
    result = run("update", WAITING, "--status", "opgelost", cwd=example)
    assert result.code == 1
    assert "Zorgverzekeraars Nederland (--for ac-zanxq-d5yyb)" in result.err
    assert "Ministerie van Volksgezondheid, Welzijn en Sport (--for ac-6wwqm-4zyxg)" in result.err
    assert _history(example) == before
    done = run("update", WAITING, "--status", "opgelost", "--for", "zorgverzekeraars", cwd=example)
    assert done.code == 0, done.err
    shown = json.loads(run("show", WAITING, "--json", cwd=example).out)
    statuses = {a["actor"]: a["status"] for a in shown["addressings"]}
    assert statuses == {ZN: "resolved", VWS: "routed"}
    # One addressing left that can move: no question to ask.
    assert run("update", WAITING, "--status", "opgelost", cwd=example).code == 0


def test_update_for_someone_not_addressed_names_who_is(example, run):
    assert run("route", WAITING, "--to", ZN, cwd=example).code == 0
    result = run("update", WAITING, "--status", "opgelost", "--for", VWS, cwd=example)
    assert result.code == 1
    assert "Ministerie van Volksgezondheid" in result.err
    assert "Zorgverzekeraars Nederland (ac-zanxq-d5yyb)" in result.err


def test_on_a_terminal_update_asks_whom_a_status_is_for(example, run, terminal_env):
    from tests.pty_driver import Terminal

    assert run("route", WAITING, "--to", ZN, "--to", VWS, cwd=example).code == 0
    screen = Terminal(
        ["update", WAITING, "--status", "in behandeling", "--by", "Els"], example, terminal_env
    )
    question = screen.read_until("Kies een nummer (1-2) of een naam:")
    assert "1. Zorgverzekeraars Nederland (ac-zanxq-d5yyb)" in question
    screen.answer("", "2")
    assert screen.wait() == 0
    shown = json.loads(run("show", WAITING, "--json", cwd=example).out)
    statuses = {a["actor"]: a["status"] for a in shown["addressings"]}
    assert statuses == {ZN: "routed", VWS: "in-progress"}
