"""config: knelpunt.yaml, the lists and numbers that differ per network."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from knelpunt.config import Config, FollowUp, Label, Mail, Plan
from knelpunt.workflow import ANSWER_WITHIN_OTHER


def _error(data: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
    with pytest.raises(ValidationError) as caught:
        Config.model_validate(data)
    first = caught.value.errors()[0]
    return str(first["type"]), tuple(first["loc"])


def test_the_defaults_are_the_programmes() -> None:
    config = Config()
    assert config.language == "nl"
    assert config.plan.initiatives == 400  # 8 explorers x 5 meetings x 10 initiatives
    assert set(config.vocabularies.themes) == {"cooperation", "regulation", "finance"}
    assert set(config.vocabularies.levels) == {"local", "regional", "national"}
    assert config.vocabularies.regions == {}
    assert config.priority.types["hard"] > config.priority.types["culture"]


def test_labels_in_either_language_and_the_key_when_unknown() -> None:
    config = Config()
    assert config.label("themes", "finance", "nl") == "Financiën"
    assert config.label("themes", "finance", "en") == "Finance"
    assert config.label("themes", "wonen", "nl") == "wonen"
    assert Label(nl="a", en="b").text("de") == "a"


def test_rounds_are_found_by_name_once_and_in_order() -> None:
    day = dt.date(2026, 9, 1)
    round_ = {"name": "najaar-2026", "opens": day, "closes": day + dt.timedelta(days=30)}
    config = Config.model_validate({"rounds": [round_]})
    found = config.round("najaar-2026")
    assert found is not None and found.closes == dt.date(2026, 10, 1)
    assert config.round("voorjaar-2027") is None
    assert _error({"rounds": [round_, round_]})[0] == "round_twice"
    assert (
        _error({"rounds": [{**round_, "closes": day - dt.timedelta(days=1)}]})[0] == "round_dates"
    )


def test_follow_up_days_per_level_and_only_for_levels_there_are() -> None:
    follow_up = FollowUp(answer_within_days={"local": 14})
    assert follow_up.days_for("local") == 14
    assert follow_up.days_for("national") == ANSWER_WITHIN_OTHER
    assert follow_up.days_for(None) == ANSWER_WITHIN_OTHER
    assert _error({"follow_up": {"answer_within_days": {"wijk": 7}}}) == (
        "follow_up_level",
        ("follow_up",),
    )
    own_levels = {"vocabularies": {"levels": {"wijk": {"nl": "Wijk", "en": "District"}}}}
    Config.model_validate({**own_levels, "follow_up": {"answer_within_days": {"wijk": 7}}})


@pytest.mark.parametrize(
    ("data", "loc"),
    [
        ({"language": "de"}, ("language",)),
        ({"plan": {"explorers": -1}}, ("plan", "explorers")),
        ({"vocabularies": {"themes": {}}}, ("vocabularies", "themes")),
        (
            {"vocabularies": {"themes": {"Wet En Regels": {"nl": "a", "en": "b"}}}},
            ("vocabularies", "themes", "Wet En Regels", "[key]"),
        ),
        ({"routing": {"default": {"to": [], "level": "local"}}}, ("routing", "default", "to")),
        ({"follow_up": {"quiet_months": 0}}, ("follow_up", "quiet_months")),
        ({"thema": "x"}, ("thema",)),
    ],
)
def test_a_bad_value_is_named_at_its_place(data: dict[str, Any], loc: tuple[Any, ...]) -> None:
    assert _error(data)[1] == loc


def test_mail_never_names_a_password_or_a_second_address() -> None:
    Mail(host="smtp.netwerk.nl", sender="coordinatie@netwerk.nl")
    for bad in (
        {"sender": "a@b.nl, c@d.nl"},
        {"sender": "Els <els@netwerk.nl>"},
        {"host": "smtp.netwerk.nl/evil"},
        {"password_env": "GITHUB_TOKEN"},
    ):
        with pytest.raises(ValidationError):
            Mail.model_validate({"host": "smtp.netwerk.nl", "sender": "c@netwerk.nl", **bad})


def test_the_plan_counts_initiatives() -> None:
    assert Plan(explorers=4, meetings_per_explorer=3, initiatives_per_meeting=7).initiatives == 84
