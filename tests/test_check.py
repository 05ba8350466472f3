"""``knelpunt check`` on the example data, on cross-record problems, and on usage."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import PROJECT, VALID_BOTTLENECK


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def update(status: str, extra: str = "", uid: str = "20260401-120000-aaaaa") -> str:
    return f"id: {uid}\ndate: 2026-04-01\nby: Test\nstatus: {status}\n{extra}"


def test_example_data_is_clean(run):
    result = run("check", cwd=PROJECT)
    assert result.code == 0, result.out
    assert result.out == ""
    assert "Alles in orde" in result.err


def test_example_data_covers_the_domain():
    from knelpunt.repo import open_repository
    from knelpunt.store import load_all

    repo = open_repository(PROJECT, {}, PROJECT)
    records = load_all(repo)
    initiatives = records.of("initiative").values()
    assert {i.phase for i in initiatives} >= {1, 2, 3}  # type: ignore[attr-defined]
    assert len({i.legal_form for i in initiatives}) >= 4  # type: ignore[attr-defined]
    assert len({i.province for i in initiatives}) >= 3  # type: ignore[attr-defined]
    meetings = records.of("meeting").values()
    assert {m.type for m in meetings} == {"explorer", "stakeholder", "learning-circle"}  # type: ignore[attr-defined]
    statuses = {records.state(b).status for b in records.bottlenecks}
    assert statuses >= {
        "reported",
        "on-agenda",
        "routed",
        "in-progress",
        "resolved",
        "declined",
        "merged",
        "solved-locally",
    }
    titles = " ".join(b.title for b in records.bottlenecks.values()).lower()
    for word in ("vennootschapsbelasting", "anbi", "uwv", "right to challenge", "windmolen"):
        assert word in titles


def test_reference_to_missing_record_is_located(empty_repo, run):
    text = VALID_BOTTLENECK + "reported_by:\n  - in-zzzzz-zzzzz\nmeetings:\n  - bk-zzzzz-zzzzz\n"
    write(empty_repo, "data/bottlenecks/kp-aaaaa-bbbbb.yaml", text)
    result = run("check", cwd=empty_repo)
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0].startswith(
        "data/bottlenecks/kp-aaaaa-bbbbb.yaml:8:5: [kp-aaaaa-bbbbb] reported_by[0]: "
        "verwijst naar initiatief 'in-zzzzz-zzzzz'"
    )
    assert "data/initiatives/in-zzzzz-zzzzz.yaml" in lines[0]
    assert lines[1].startswith("data/bottlenecks/kp-aaaaa-bbbbb.yaml:10:5:")


def test_same_id_in_two_kinds(empty_repo, run):
    write(empty_repo, "data/bottlenecks/kp-aaaaa-bbbbb.yaml", VALID_BOTTLENECK)
    solution = "id: kp-aaaaa-bbbbb\ntitle: t\ndescription: d\n"
    write(empty_repo, "data/solutions/kp-aaaaa-bbbbb.yaml", solution)
    result = run("check", cwd=empty_repo)
    assert result.code == 1
    assert "data/solutions/kp-aaaaa-bbbbb.yaml:1:5: [kp-aaaaa-bbbbb] id: de id" in result.out
    assert "data/bottlenecks/kp-aaaaa-bbbbb.yaml" in result.out


def test_history_of_a_missing_bottleneck(empty_repo, run):
    write(empty_repo, "data/updates/kp-zzzzz-zzzzz/20260401-120000-aaaaa.yaml", update("on-agenda"))
    result = run("check", cwd=empty_repo)
    assert result.code == 1
    assert "hoort bij knelpunt 'kp-zzzzz-zzzzz', maar dat bestaat niet" in result.out


def _bottleneck(root: Path, bid: str) -> None:
    write(root, f"data/bottlenecks/{bid}.yaml", VALID_BOTTLENECK.replace("kp-aaaaa-bbbbb", bid))


def test_merge_into_itself_is_an_error(empty_repo, run):
    _bottleneck(empty_repo, "kp-aaaaa-aaaaa")
    write(
        empty_repo,
        "data/updates/kp-aaaaa-aaaaa/20260401-120000-aaaaa.yaml",
        update("merged", "merged_into: kp-aaaaa-aaaaa\n"),
    )
    result = run("check", cwd=empty_repo)
    assert result.code == 1
    assert "merged_into: een knelpunt kan niet in zichzelf opgaan" in result.out
    assert "20260401-120000-aaaaa.yaml:5:14:" in result.out


def test_merge_into_a_merged_bottleneck_and_cycles(empty_repo, run):
    for bid in ("kp-aaaaa-aaaaa", "kp-bbbbb-bbbbb", "kp-ccccc-ccccc", "kp-ddddd-ddddd"):
        _bottleneck(empty_repo, bid)
    # a -> b -> c: a should point to c directly.
    write(
        empty_repo,
        "data/updates/kp-aaaaa-aaaaa/20260401-120000-aaaaa.yaml",
        update("merged", "merged_into: kp-bbbbb-bbbbb\n"),
    )
    write(
        empty_repo,
        "data/updates/kp-bbbbb-bbbbb/20260401-120000-aaaaa.yaml",
        update("merged", "merged_into: kp-ccccc-ccccc\n"),
    )
    result = run("check", cwd=empty_repo)
    assert result.code == 1
    assert "'kp-bbbbb-bbbbb' is zelf al opgegaan in 'kp-ccccc-ccccc'" in result.out
    # c -> b closes a cycle b -> c -> b.
    write(
        empty_repo,
        "data/updates/kp-ccccc-ccccc/20260401-120000-aaaaa.yaml",
        update("merged", "merged_into: kp-bbbbb-bbbbb\n"),
    )
    result = run("check", cwd=empty_repo)
    assert "kring: kp-bbbbb-bbbbb -> kp-ccccc-ccccc -> kp-bbbbb-bbbbb" in result.out


def test_move_outside_the_workflow_is_a_warning(empty_repo, run):
    _bottleneck(empty_repo, "kp-aaaaa-aaaaa")
    write(empty_repo, "data/updates/kp-aaaaa-aaaaa/20260401-120000-aaaaa.yaml", update("resolved"))
    result = run("check", cwd=empty_repo)
    assert result.code == 0
    assert "waarschuwing: de stap van 'reported' naar 'resolved'" in result.out


def test_routed_without_addressee_is_an_error(empty_repo, run):
    _bottleneck(empty_repo, "kp-aaaaa-aaaaa")
    write(empty_repo, "data/updates/kp-aaaaa-aaaaa/20260401-120000-aaaaa.yaml", update("routed"))
    result = run("check", cwd=empty_repo)
    assert result.code == 1
    assert "status 'routed' heeft 'addressees' nodig" in result.out


def test_json_format(empty_repo, run):
    write(empty_repo, "data/bottlenecks/kp-aaaaa-bbbbb.yaml", VALID_BOTTLENECK + "sevrity: 3\n")
    result = run("check", "--format", "json", cwd=empty_repo)
    assert result.code == 1
    payload = json.loads(result.out)
    assert payload["errors"] == 1
    (problem,) = payload["problems"]
    assert problem == {
        "path": "data/bottlenecks/kp-aaaaa-bbbbb.yaml",
        "line": 7,
        "column": 1,
        "id": "kp-aaaaa-bbbbb",
        "field": "sevrity",
        "severity": "error",
        "code": "field_unknown",
        "message": problem["message"],
    }
    assert "Bedoelde je 'severity'?" in problem["message"]


def test_github_format(empty_repo, run):
    write(empty_repo, "data/bottlenecks/kp-aaaaa-bbbbb.yaml", VALID_BOTTLENECK + "sevrity: 3\n")
    result = run("check", "--format", "github", cwd=empty_repo)
    assert result.code == 1
    assert result.out.startswith(
        "::error file=data/bottlenecks/kp-aaaaa-bbbbb.yaml,line=7,col=1::kp-aaaaa-bbbbb sevrity:"
    )


def test_outside_a_repository_exit_2(tmp_path, run):
    result = run("check", cwd=tmp_path)
    assert result.code == 2
    assert "Geen knelpunt-repository gevonden" in result.err
    assert "knelpunt init" in result.err


def test_repository_found_by_walking_up(example, run):
    result = run("check", cwd=example / "data" / "bottlenecks")
    assert result.code == 0


def test_repository_from_option_and_environment(example, tmp_path, run, monkeypatch):
    assert run("--repo", str(example), "check", cwd=tmp_path).code == 0
    monkeypatch.setenv("KNELPUNT_REPO", str(example))
    assert run("check", cwd=tmp_path).code == 0
    monkeypatch.setenv("KNELPUNT_REPO", str(tmp_path))
    result = run("check", cwd=example)
    assert result.code == 2
    assert "is geen knelpunt-repository" in result.err


def test_bad_usage_exit_2(example, run):
    result = run("check", "--format", "pdf", cwd=example)
    assert result.code == 2
    assert "Verkeerd gebruik" in result.err


def test_a_typo_in_a_nested_block_of_knelpunt_yaml_names_that_blocks_fields(run, example):
    config = example / "knelpunt.yaml"
    text = config.read_text(encoding="utf-8").replace(
        "  people_per_meeting: 10", "  people_per_metting: 10"
    )
    config.write_text(text, encoding="utf-8")
    result = run("check", cwd=example)
    assert result.code == 1
    assert "plan.people_per_metting: onbekend veld 'people_per_metting'." in result.err
    assert "Bedoelde je 'people_per_meeting'?" in result.err
    assert "Toegestane velden: explorers, meetings_per_explorer," in result.err
