"""diff: what a change did to each record, and the rules a review holds it to."""

from __future__ import annotations

import shutil
from pathlib import Path

import git

from knelpunt import diff
from knelpunt.store import RecordSet, load_all
from tests import tiny

A, B = "kp-aaaaa-aaaaa", "kp-bbbbb-bbbbb"
EPEN, VAALS = "in-aaaaa-aaaaa", "in-bbbbb-bbbbb"
GULPEN = "ac-aaaaa-aaaaa"


def _network(root: Path) -> Path:
    tiny.new_network(root)
    tiny.initiative(root, EPEN, "Epen", contact={"name": "Anna", "email": "anna@x.nl"})
    tiny.initiative(root, VAALS, "Vaals")
    tiny.actor(root, GULPEN, "Gemeente Gulpen-Wittem")
    tiny.bottleneck(root, A, "Vpb", reported_by=[EPEN])
    tiny.bottleneck(root, B, "ANBI")
    tiny.step(root, A, "20260303-101500-aaaaa", status="on-agenda")
    return root


def _records(root: Path) -> RecordSet:
    return load_all(tiny.repository(root), use_cache=False)


def test_added_changed_removed_and_a_status_moved(tmp_path: Path) -> None:
    before_root = _network(tmp_path / "voor")
    after_root = tmp_path / "na"
    shutil.copytree(before_root, after_root)
    tiny.initiative(after_root, EPEN, "Epen", contact={"name": "Piet", "email": "piet@x.nl"})
    tiny.step(
        after_root, A, "20260401-101500-aaaaa", status="routed", level="local", addressees=[GULPEN]
    )
    tiny.solution(after_root, "ol-aaaaa-aaaaa", "Samen inkopen")
    (after_root / "data" / "initiatives" / f"{VAALS}.yaml").unlink()
    tiny.bottleneck(after_root, A, "Vpb", reported_by=[EPEN], laws=["wmo"])
    comparison = diff.compare(_records(before_root), _records(after_root))
    by = {(c.kind, c.id): c for c in comparison.changes}
    assert by[("solution", "ol-aaaaa-aaaaa")].change == "added"
    assert by[("initiative", VAALS)].change == "removed"
    bottleneck = by[("bottleneck", A)]
    assert [(f.name, f.added, f.removed) for f in bottleneck.fields] == [("laws", ["wmo"], [])]
    assert bottleneck.status == ("on-agenda", "routed")
    assert [u.id for u in bottleneck.history_added] == ["20260401-101500-aaaaa"]
    assert bottleneck.addressings == [(GULPEN, None, "routed")] and bottleneck.levels == {
        GULPEN: "local"
    }
    [contact] = by[("initiative", EPEN)].fields
    assert contact.personal and contact.before is None and contact.after is None  # never the values
    assert [c.change for c in comparison.changes] == sorted(
        (c.change for c in comparison.changes), key=["added", "changed", "removed"].index
    )
    shown = diff.as_json(comparison, "nl")
    assert "Piet" not in str(shown) and "Anna" not in str(shown) and "@x.nl" not in str(shown)


def test_history_is_append_only_and_a_bottleneck_is_never_deleted(tmp_path: Path) -> None:
    before_root = _network(tmp_path / "voor")
    after_root = tmp_path / "na"
    shutil.copytree(before_root, after_root)
    tiny.step(after_root, A, "20260303-101500-aaaaa", status="on-agenda", note="Achteraf.")
    (after_root / "data" / "bottlenecks" / f"{B}.yaml").unlink()
    tiny.bottleneck(after_root, "kp-ccccc-ccccc", "ANBI")  # B again, under another id
    comparison = diff.compare(_records(before_root), _records(after_root))
    keys = sorted(p.key for p in comparison.problems)
    assert keys == ["review_bottleneck_deleted", "review_history_edited", "review_id_changed"]
    assert all(p.severity == "error" for p in comparison.problems)


def test_between_two_commits_reads_only_what_git_says_changed(tmp_path: Path) -> None:
    root = _network(tmp_path / "netwerk")
    repository = git.Repo.init(root, initial_branch="main")
    repository.git.add("--all")
    repository.index.commit("begin")
    repository.git.checkout("-b", "wijziging")
    tiny.step(root, B, "20260401-101500-aaaaa", note="Gebeld.")
    tiny.initiative(root, VAALS, "Vaals aan de Geul")
    repository.git.add("--all")
    repository.index.commit("wijziging")
    comparison, before, after, _, head = diff.between(tiny.repository(root), "main", "wijziging")
    assert sorted((c.kind, c.id) for c in comparison.changes) == [
        ("bottleneck", B),
        ("initiative", VAALS),
    ]
    assert before.files < after.files  # the base: only the changed files and touched histories
    assert head.hexsha == repository.head.commit.hexsha
    text = diff.markdown(
        comparison, before, after, tiny.repository(root).config, "nl", "main", "wijziging"
    )
    assert "Vaals aan de Geul" in text and "Gebeld." in text
    worktree, *_ = diff.between(tiny.repository(root), "main", None)
    assert [c.id for c in worktree.changes] == [c.id for c in comparison.changes]
