"""Dutch in, not only out: labels and Dutch dates wherever a key or date is
accepted; an unknown value is an error naming the allowed ones."""

from __future__ import annotations

import datetime as dt
import json

import git
import pytest

from knelpunt.choices import fold, iso_date
from knelpunt.gitops import review_url
from tests.conftest import example_remote

BOTTLENECK = "kp-b86fs-5mjna"  # reported, in the example


def test_status_level_and_dates_in_dutch(example, run):
    result = run("update", BOTTLENECK, "--status", "op de agenda", "--by", "T", cwd=example)
    assert result.code == 0, result.err
    assert "op de agenda" in result.out
    result = run("route", BOTTLENECK, "--to", "ac-4aj5z-qg1aa", "--level", "lokaal", cwd=example)
    assert result.code == 0, result.err and "Lokaal (micro)" in result.out
    result = run("update", BOTTLENECK, "--note", "x", "--date", "12-11-2026", cwd=example)
    assert result.code == 0, result.err
    listed = json.loads(run("show", BOTTLENECK, "--json", cwd=example).out)
    assert listed["status"] == "routed" and listed["level"] == "local"
    assert "2026-11-12" in json.dumps(listed["history"])


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--theme", "Financiën"], "finance"),
        (["--theme", "FINANCIEN"], "finance"),
        (["--status", "gemeld"], None),
        (["--level", "Landelijk"], None),
        (["--region", "Oost-Brabant"], None),
    ],
)
def test_list_filters_take_labels(example, run, flags, expected):
    result = run("list", "bottlenecks", *flags, "--json", cwd=example)
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert rows, flags  # the example has some of each
    if expected:
        assert {r["theme"] for r in rows} == {expected}


@pytest.mark.parametrize("flags", [["--theme", "onzin"], ["--status", "klaar"]])
def test_an_unknown_filter_value_is_an_error_naming_the_allowed(example, run, flags):
    result = run("list", "bottlenecks", *flags, cwd=example)
    assert result.code == 1
    assert "is geen bekende waarde" in result.err and "Kies uit:" in result.err
    assert "Niets gevonden" not in result.out


def test_add_takes_labels_and_dutch_dates_and_warns_about_the_future(example, run):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    result = run(
        "add", "meeting", "--no-input", "--json", "--title", "Verkenning Peel",
        "--date", tomorrow.strftime("%d-%m-%Y"), "--type", "verkenning met initiatieven",
        "--explorer", "Ria", cwd=example,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert json.loads(result.out)["record"]["date"] == tomorrow.isoformat()
    assert "ligt in de toekomst" in result.err
    result = run(
        "add", "bottleneck", "--no-input", "--json", "--title", "Vpb-aanslag voor bewonersbedrijf",
        "--description", "Een aanslag", "--theme", "Financiën", "--type", "hard", "--laws", "vpb",
        cwd=example,
    )  # fmt: skip
    assert result.code == 0, result.err
    found = json.loads(result.out)
    assert found["record"]["theme"] == "finance"
    # Shared laws count: the Vpb bottleneck is found although few words are shared.
    assert any("vennootschapsbelasting" in m["title"] for m in found["similar"])


def test_folding_and_dutch_dates():
    assert fold("Op-de_Agenda") == "op de agenda" and fold("Financiën") == "financien"
    assert iso_date("12-11-2026") == "2026-11-12" and iso_date("1/2/2026") == "2026-02-01"
    assert iso_date("31-02-2026") == "31-02-2026"  # left for validation to explain


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        (
            "git@github.com:netwerk/knelpunten.git",
            "https://github.com/netwerk/knelpunten/compare/main...knelpunt/ria-20261130?expand=1",
        ),
        (
            "https://github.com/netwerk/knelpunten",
            "https://github.com/netwerk/knelpunten/compare/main...knelpunt/ria-20261130?expand=1",
        ),
        (
            "https://gitlab.com/netwerk/data/knelpunten.git",
            "https://gitlab.com/netwerk/data/knelpunten/-/merge_requests/new"
            "?merge_request%5Bsource_branch%5D=knelpunt%2Fria-20261130",
        ),
        ("/srv/git/knelpunten.git", None),
    ],
)
def test_the_review_page_of_a_branch(remote, expected):
    assert review_url(remote, "knelpunt/ria-20261130", "main") == expected


def test_finishing_a_merge_on_main_then_submitting_again_the_same_day(tmp_path, run):
    """An explorer pulled on main and got a conflict; resolve, submit, and the
    next submit that day still works: main stays as the server has it."""
    remote = example_remote(tmp_path)
    path = "data/bottlenecks/kp-be0q1-vp3h4.yaml"
    mine = git.Repo.clone_from(str(remote), tmp_path / "mine")
    root = tmp_path / "mine"
    other = git.Repo.clone_from(str(remote), tmp_path / "other")
    text = (tmp_path / "other" / path).read_text()
    (tmp_path / "other" / path).write_text(text.replace("title: Right", "title: Het Right", 1))
    other.git.commit("-am", "Ander werk")
    other.git.push("origin", "main")
    (root / path).write_text(text.replace("title: Right", "title: Ons Right", 1))
    mine.git.commit("-am", "Eigen werk op main")
    with pytest.raises(git.GitCommandError):
        mine.git.pull("--no-rebase", "origin", "main")
    assert run("resolve", "kp-be0q1-vp3h4", "--theirs", cwd=root).code == 0
    first = run("submit", "--by", "Ria", cwd=root)
    assert first.code == 0, first.err
    assert mine.heads.main.commit == mine.commit("origin/main")  # main not ahead
    assert run("sync", cwd=root).code == 0
    added = run("add", "initiative", "--no-input", "--name", "Nieuw", "--municipality", "Ee",
                "--legal-form", "cooperative", "--province", "limburg", cwd=root)  # fmt: skip
    assert added.code == 0, added.err
    second = run("submit", "--by", "Ria", cwd=root)
    assert second.code == 0, second.err
    assert "Verstuurd naar 'origin'" in second.out
