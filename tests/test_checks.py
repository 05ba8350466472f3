"""checks: every problem across the records of a repository, each at its file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from knelpunt import checks
from knelpunt.problems import Problem
from tests import tiny

A, B = "kp-aaaaa-aaaaa", "kp-bbbbb-bbbbb"
EPEN = "in-aaaaa-aaaaa"


def _found(root: Path) -> list[tuple[str, str, int, str]]:
    result = checks.check_repository(tiny.repository(root), use_cache=False)
    return [(p.path, p.key, p.line, p.severity) for p in result.problems]


@pytest.fixture
def network(tmp_path: Path) -> Path:
    root = tiny.new_network(tmp_path / "netwerk")
    tiny.initiative(root, EPEN, "Epen")
    tiny.bottleneck(root, A, "Vpb", reported_by=[EPEN])
    tiny.bottleneck(root, B, "ANBI")
    return root


def test_a_sound_repository_has_no_problems_and_counts_its_files(network: Path) -> None:
    result = checks.check_repository(tiny.repository(network), use_cache=False)
    assert result.problems == [] and result.errors == [] and result.warnings == []
    assert result.files == 3


def test_a_reference_to_nothing_is_named_at_its_line(network: Path) -> None:
    tiny.bottleneck(network, A, "Vpb", reported_by=[EPEN, "in-zzzzz-zzzzz"])
    [problem] = checks.check_repository(tiny.repository(network), use_cache=False).problems
    assert (problem.path, problem.key, problem.field) == (
        f"data/bottlenecks/{A}.yaml",
        "unknown_reference",
        "reported_by[1]",
    )
    lines = (network / problem.path).read_text().splitlines()
    assert lines[problem.line - 1].strip() == "- in-zzzzz-zzzzz"
    assert "data/initiatives/in-zzzzz-zzzzz.yaml" in problem.render("nl")


def test_problems_across_records(network: Path) -> None:
    tiny.initiative(network, A, "Een initiatief met het id van een knelpunt")
    tiny.step(network, "kp-zzzzz-zzzzz", "20260303-101500-aaaaa", note="Van niemand.")
    tiny.step(network, A, "20260304-101500-aaaaa", status="merged", merged_into=A)
    tiny.step(network, B, "20260304-101500-aaaaa", status="resolved")
    (network / "data" / "bottlenecks" / "kp-ccccc-ccccc.yaml").write_text(
        (network / "data" / "bottlenecks" / f"{B}.yaml").read_text()
    )
    (network / "data" / "actors" / "los.yml").write_text("id: x\n")
    keys = {(path.split("/")[1], key, severity) for path, key, _, severity in _found(network)}
    assert keys >= {
        ("bottlenecks", "duplicate_id", "error"),
        ("updates", "updates_orphan", "error"),
        ("updates", "merged_into_self", "error"),
        ("updates", "bad_move", "warning"),
        ("bottlenecks", "id_mismatch", "error"),
        ("actors", "stray_yml", "warning"),
    }, keys


def test_problems_are_in_file_order_and_an_unreadable_file_does_not_hide_the_rest(
    network: Path,
) -> None:
    (network / "data" / "initiatives" / f"{EPEN}.yaml").write_text("id: [\n")
    tiny.bottleneck(network, B, "ANBI", theme="geld")
    found = _found(network)
    assert found == sorted(found, key=lambda f: (f[0], f[2]))
    keys = {key for _, key, _, _ in found}
    assert "vocabulary" in keys and any(key.startswith("yaml_") for key in keys)
    assert "unknown_reference" not in keys  # the initiative is there, only unreadable


def test_an_interrupted_merge_is_named_on_every_check(network: Path) -> None:
    from knelpunt import journal

    journal.begin_merge(network, B, A)
    first = checks.check_repository(tiny.repository(network), use_cache=False).problems
    assert [p.key for p in first] == ["merge_unfinished"]
    assert isinstance(first[0], Problem) and first[0].path == f"data/bottlenecks/{B}.yaml"
    journal.end_merge(network, B, A)
    assert checks.check_repository(tiny.repository(network), use_cache=False).problems == []
