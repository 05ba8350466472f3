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
