"""A value that names nothing is told in the reader's words (issue 29, point 8):
the list named as a field ("thema"), each allowed value by its label with the
key a record keeps, in the reader's language; and what it lists can be typed back."""

from __future__ import annotations

import json
import re

import pytest


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "'geld' is geen bekende waarde voor thema. Kies uit: Samenwerking (cooperation), "
         "Wet- en regelgeving (regulation), Financiën (finance)."),
        ("en", "'geld' is not a known value for theme. Choose from: Cooperation, "
         "Regulation, Finance."),
    ],
)  # fmt: skip
def test_a_bad_theme_lists_the_labels_with_their_keys(example, run, lang, expected):
    result = run("--lang", lang, "list", "bottlenecks", "--theme", "geld", cwd=example)
    assert result.code == 1 and expected in result.err


def test_every_label_the_message_lists_is_accepted_back(example, run):
    result = run("list", "bottlenecks", "--level", "wereld", cwd=example)
    assert "voor niveau" in result.err
    listed = result.err.split("Kies uit: ", 1)[1].rstrip(".\n")
    for item in re.split(r", (?=[A-Z])", listed):
        label, _, key = item.partition(" – ")
        for typed in (label, key):
            assert run("list", "bottlenecks", "--level", typed, cwd=example).code == 0, typed


@pytest.mark.parametrize("typed", ["ZN", "zn", "VWS"])
def test_a_problem_solver_is_found_by_its_short_name(example, run, typed):
    """People say ZN and VWS: `--to` takes the short name a record gives."""
    bottleneck = "kp-7xxdj-0nhzk"  # on the agenda, not addressed
    result = run(
        "route", bottleneck, "--to", typed, "--level", "national", "--by", "Co", cwd=example
    )
    assert result.code == 0, result.err
    expected = "ac-6wwqm-4zyxg" if typed == "VWS" else "ac-zanxq-d5yyb"
    shown = json.loads(run("show", bottleneck, "--json", cwd=example).out)
    assert expected in json.dumps(shown)
