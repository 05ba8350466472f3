"""voice: whose voice is in the initiatives' order, and that order beside the score."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from knelpunt import scaffold, voice
from knelpunt.config import Config, RankingRound
from knelpunt.facts import facts_for
from knelpunt.messages import report_text
from knelpunt.store import RecordSet, load_all
from tests import tiny

TODAY = dt.date(2026, 12, 4)
A, B, C = "kp-aaaaa-aaaaa", "kp-bbbbb-bbbbb", "kp-ccccc-ccccc"
EPEN, VAALS, WIERINGEN = "in-aaaaa-aaaaa", "in-bbbbb-bbbbb", "in-ccccc-ccccc"
ROUND = "najaar-2026"


@pytest.fixture
def network(tmp_path: Path) -> Path:
    root = tiny.new_network(tmp_path / "netwerk")
    config = Config(
        rounds=[RankingRound(name=ROUND, opens=dt.date(2026, 9, 1), closes=dt.date(2026, 9, 30))]
    )
    (root / "knelpunt.yaml").write_text(scaffold.config_text(config), "utf-8")
    tiny.initiative(root, EPEN, "Epen", phase=1)
    tiny.initiative(root, VAALS, "Vaals", phase=1)
    tiny.initiative(
        root,
        WIERINGEN,
        "Wieringen",
        phase=3,
        province="noord-holland",
        municipality="Hollands Kroon",
    )
    tiny.write(
        root, "meeting", "bk-aaaaa-aaaaa", title="Zuid", date="2026-04-01", type="explorer",
        explorer="Els", initiatives=[EPEN, VAALS, WIERINGEN],
    )  # fmt: skip
    # the score puts B (three reporters, hard) first; the initiatives put C first
    tiny.bottleneck(root, A, "Weinig", reported_by=[EPEN], type="culture")
    tiny.bottleneck(root, B, "Veel", reported_by=[EPEN, VAALS, WIERINGEN])
    tiny.bottleneck(root, C, "Onze keuze", reported_by=[EPEN], type="culture")
    for initiative in (EPEN, VAALS):
        tiny.write(
            root, "ranking", f"rk-{initiative[3:]}", round=ROUND, initiative=initiative,
            date="2026-09-10", order=[C, A, B],
        )  # fmt: skip
    return root


def _records(root: Path) -> RecordSet:
    return load_all(tiny.repository(root), use_cache=False)


def test_whose_voice_counted_and_who_was_silent(network: Path) -> None:
    repo = tiny.repository(network)
    report = voice.voice_report(_records(network), repo.config, "nl")
    assert report["round"] == ROUND
    assert (report["ranked"], report["heard"], report["heard_ranked"]) == (2, 3, 2)
    assert report["opens"] and report["closes"]
    provinces = next(
        t for t in report["tables"] if t["title"] == report_text("voice_by_province", "nl")
    )
    by_group = {
        row["group"]: (row["ranked"], row["heard"], row["silent"]) for row in provinces["rows"]
    }
    assert by_group["Limburg"] == (2, 2, False)
    assert by_group["Noord-Holland"] == (0, 1, True)
    assert any("Noord-Holland" in line for line in report["silent"])


def test_the_initiatives_order_beside_the_score(network: Path) -> None:
    records = _records(network)
    repo = tiny.repository(network)
    beside = voice.beside_score(records, repo.config, facts_for(records), "nl", TODAY)
    assert beside["ballots"] == 2
    rows = {row["id"]: row for row in beside["rows"]}
    assert rows[B]["score_place"] == 1 and rows[B]["voice_place"] == 3
    assert rows[C]["voice_place"] == 1 and rows[C]["higher"] and rows[C]["gap_text"].startswith("+")
    assert rows[C]["placed_by"] == 2
    assert [row["score_place"] for row in beside["rows"]] == [1, 2, 3]
    assert beside["differ_most"][0]["places"] == 2
    assert len(beside["differ_most"]) <= voice.DIFFER_MOST


def test_without_rankings_there_is_no_round(tmp_path: Path) -> None:
    root = tiny.new_network(tmp_path / "leeg")
    records = _records(root)
    assert voice.voice_report(records, Config(), "nl") == {"round": None}
    assert voice.beside_score(records, Config(), {}, "nl", TODAY) == {"round": None}
