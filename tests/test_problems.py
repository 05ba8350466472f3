"""problems: what is wrong where, reworded from Pydantic for a person."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from knelpunt import problems
from knelpunt.models import Bottleneck, Initiative
from knelpunt.problems import Problem

GOOD = {
    "id": "kp-aaaaa-bbbbb",
    "title": "Vpb",
    "description": "Zorgcoöperaties betalen Vpb.",
    "theme": "finance",
    "type": "hard",
    "reported_on": "2026-03-03",
}


def _problems(model: Any, data: dict[str, Any]) -> list[Problem]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return problems.from_validation_error(
        caught.value, "data/x.yaml", data.get("id"), list(model.model_fields), model
    )


@given(
    st.lists(
        st.one_of(
            st.integers(min_value=0, max_value=99), st.from_regex(r"[a-z_]{1,8}", fullmatch=True)
        )
    )
)
def test_format_loc_writes_a_path_as_people_read_it(loc: list[int | str]) -> None:
    text = problems.format_loc(tuple(loc))
    assert text.count("[") == sum(isinstance(p, int) for p in loc)
    assert not text.startswith(".")
    assert problems.format_loc(("reported_by", 2, "name")) == "reported_by[2].name"


@given(st.lists(st.from_regex(r"[a-z]{1,5}", fullmatch=True), max_size=40))
def test_listing_names_at_most_ten_and_counts_the_rest(values: list[str]) -> None:
    text = problems.listing(iter(values))
    if len(values) <= problems.MAX_LISTED:
        assert text == ", ".join(values)
    else:
        assert text.startswith(", ".join(values[: problems.MAX_LISTED]) + ", … (+")
        # islice: never more than one past the bound is taken from the values
        assert text.endswith("(+1)")
    # with the total known, the rest is counted from it (a list of 100,000 is never read whole)
    many = (f"v{n}" for n in range(100_000))
    assert problems.listing(many, total=100_000).endswith(", v9, … (+99990)")


def test_a_typo_in_a_field_name_suggests_the_field() -> None:
    [problem] = _problems(Bottleneck, {**GOOD, "titel": "Vpb", "title": "Vpb"})
    assert problem.key == "field_unknown" and problem.at_key
    assert problem.params["suggestion"] == "title"
    assert "title" in problem.params["allowed"]
    [derived] = _problems(Bottleneck, {**GOOD, "statuss": "routed"})
    assert derived.params["suggestion"] == "status"  # derived from the history: said so
    assert derived.text("nl") != problem.text("nl")


def test_each_kind_of_error_gets_its_own_message_key() -> None:
    missing = {p.params["field"]: p.key for p in _problems(Bottleneck, {"id": "kp-aaaaa-bbbbb"})}
    assert missing["title"] == "field_missing" and missing["reported_on"] == "field_missing"
    wrong = _problems(
        Bottleneck,
        {**GOOD, "type": "zacht", "severity": 9, "reported_on": "morgen", "laws": "wmo"},
    )
    keys = {p.field: p.key for p in wrong}
    assert keys == {
        "type": "not_allowed_value",
        "severity": "number_too_large",
        "reported_on": "invalid_date",
        "laws": "expected_list",
    }
    allowed = next(p for p in wrong if p.field == "type").params["allowed"]
    assert "hard" in allowed and "'" not in allowed


def test_an_unknown_field_inside_a_block_lists_that_blocks_fields() -> None:
    data = {
        "id": "in-aaaaa-bbbbb",
        "name": "Epen",
        "legal_form": "cooperative",
        "municipality": "Gulpen-Wittem",
        "province": "limburg",
        "contact": {"name": "Els", "emial": "els@example.org"},
    }
    [problem] = _problems(Initiative, data)
    assert problem.loc == ("contact", "emial")
    assert problem.params["allowed"] == "name, role, email, phone"
    assert problem.params["suggestion"] == "email"


def test_render_and_json_of_a_problem() -> None:
    problem = Problem(
        "data/bottlenecks/kp-x.yaml",
        "field_missing",
        {"field": "title"},
        "kp-x",
        ("title",),
        line=4,
        column=2,
        severity="warning",
    )
    rendered = problem.render("nl")
    assert rendered.startswith("data/bottlenecks/kp-x.yaml:4:2: [kp-x] title: waarschuwing: ")
    shown = problem.as_json("en")
    assert shown["code"] == "field_missing" and shown["field"] == "title"
    assert shown["line"] == 4 and shown["severity"] == "warning"
    assert shown["message"] == problem.text("en")
