"""errors: exceptions carry a message key, rendered in the reader's language."""

from __future__ import annotations

import pytest

from knelpunt import errors
from knelpunt.errors import (
    ConfigError,
    FileRefused,
    FileUnreadable,
    InvalidInput,
    KnelpuntError,
    RepositoryNotFound,
    WorkflowError,
)
from knelpunt.problems import Problem


def test_a_usage_error_exits_2_and_everything_else_a_person_can_fix_1() -> None:
    assert RepositoryNotFound("repo_not_found", start="/tmp").exit_code == 2
    others = [
        cls
        for cls in vars(errors).values()
        if isinstance(cls, type)
        and issubclass(cls, KnelpuntError)
        and cls is not RepositoryNotFound
    ]
    assert len(others) >= 10
    assert {cls.exit_code for cls in others} == {1}


def test_an_error_renders_its_key_in_either_language() -> None:
    error = KnelpuntError("check_ok", count=1500)
    assert error.render("nl") == "Alles in orde: 1.500 bestanden gecontroleerd."
    assert str(error) == error.render("en") and "1,500" in str(error)
    assert error.key == "check_ok" and error.params == {"count": 1500}
    assert error.problems == []


def test_a_workflow_error_names_statuses_in_the_readers_words() -> None:
    error = WorkflowError(
        "move_not_allowed",
        current="reported",
        status="resolved",
        allowed="on-agenda, solved-locally",
    )
    assert error.render("nl") == (
        "Van 'gemeld' naar 'opgelost' kan niet. Vanuit 'gemeld' kan: op de agenda, lokaal opgelost."
    )
    assert "'reported' cannot move to 'resolved'" in error.render("en")
    assert error.params["current"] == "reported"  # the keys stay for programs
    nothing = WorkflowError("move_not_allowed", current="resolved", status="routed", allowed="-")
    assert nothing.render("nl").endswith("kan: -.")


def test_an_unreadable_file_is_named_with_its_place() -> None:
    error = FileUnreadable("data/bottlenecks/kp-x.yaml", "yaml_tag", {"tag": "!!python"}, 3, 7)
    assert error.render("nl").startswith(
        "data/bottlenecks/kp-x.yaml:3:7: YAML-tags zoals '!!python'"
    )


def test_errors_with_problems_count_them() -> None:
    problems = [Problem("data/x.yaml", "missing", {}), Problem("data/x.yaml", "missing", {})]
    invalid = InvalidInput(problems)
    assert invalid.problems == problems and invalid.params == {"count": 2}
    assert invalid.render("nl") == "Niet opgeslagen: 2 velden kloppen niet:"
    assert ConfigError(problems[:1]).problems == problems[:1]


def test_a_refused_file_keeps_its_path() -> None:
    with pytest.raises(KnelpuntError) as caught:
        raise FileRefused("file_symlink", "data/x.yaml")
    assert isinstance(caught.value, FileRefused)
    assert caught.value.path == "data/x.yaml" and caught.value.params["path"] == "data/x.yaml"
