"""``knelpunt update`` and ``knelpunt merge`` on real files."""

from __future__ import annotations

from pathlib import Path

from knelpunt.repo import open_repository
from knelpunt.store import load_all


def records(root: Path):
    return load_all(open_repository(root, {}, root))


def with_status(root: Path, status: str) -> str:
    rs = records(root)
    return next(b for b in sorted(rs.bottlenecks) if rs.state(b).status == status)


def titled(root: Path, start: str) -> str:
    rs = records(root)
    return next(b.id for b in rs.bottlenecks.values() if b.title.startswith(start))


def test_update_moves_along_the_workflow_with_a_history_line(example, run):
    bid = with_status(example, "reported")
    before = len(records(example).state(bid).history)
    result = run(
        "update",
        bid,
        "--status",
        "on-agenda",
        "--note",
        "Landelijk agenderen",
        "--by",
        "Annelies",
        "--date",
        "2026-11-20",
        cwd=example,
    )
    assert result.code == 0, result.err
    assert f"{bid}: gemeld -> op de agenda" in result.out
    state = records(example).state(bid)
    assert state.status == "on-agenda"
    assert len(state.history) == before + 1
    last = state.history[-1]
    assert (last.by, last.date.isoformat(), last.note) == (
        "Annelies",
        "2026-11-20",
        "Landelijk agenderen",
    )
    assert run("check", cwd=example).code == 0


def test_update_refuses_a_move_the_workflow_does_not_allow(example, run):
    bid = with_status(example, "reported")
    files = sorted((example / "data").rglob("*.yaml"))
    result = run("update", bid, "--status", "resolved", "--by", "A", cwd=example)
    assert result.code == 1
    assert "Van 'gemeld' naar 'opgelost' kan niet" in result.err
    assert "op de agenda, lokaal opgelost, gebundeld, geadresseerd" in result.err
    assert sorted((example / "data").rglob("*.yaml")) == files


def test_terminal_status_allows_no_move(example, run):
    bid = with_status(example, "resolved")
    result = run("update", bid, "--status", "in-progress", "--by", "A", cwd=example)
    assert result.code == 1
    assert "Vanuit 'opgelost' kan: -" in result.err


def test_a_note_without_a_status_change(example, run):
    bid = with_status(example, "routed")
    result = run("update", bid, "--note", "Gebeld met de VNG", "--by", "A", cwd=example)
    assert result.code == 0
    state = records(example).state(bid)
    assert state.status == "routed"
    assert state.history[-1].note == "Gebeld met de VNG"
    assert state.history[-1].status is None


def test_update_errors(example, run):
    bid = with_status(example, "reported")
    assert run("update", bid, "--by", "A", cwd=example).code == 1
    result = run("update", bid, "--status", "klaar", cwd=example)
    assert result.code == 1
    assert "Kies uit: gemeld (reported), op de agenda (on-agenda)" in result.err
    # 23-11-2026 is the Dutch order and accepted (see test_dutch_input); nonsense is not.
    result = run("update", bid, "--status", "on-agenda", "--date", "23-13-2026", cwd=example)
    assert result.code == 1 and "'23-13-2026' is geen datum" in result.err
    result = run("update", "kp-zzzzz-zzzzz", "--status", "on-agenda", cwd=example)
    assert result.code == 1 and "Geen record met id 'kp-zzzzz-zzzzz'" in result.err
    result = run("update", "../../etc/passwd", "--status", "on-agenda", cwd=example)
    assert result.code == 1
    result = run("update", bid, "--status", "routed", cwd=example)
    assert result.code == 1 and "knelpunt route" in result.err
    initiative = sorted(records(example).of("initiative"))[0]
    result = run("update", initiative, "--status", "on-agenda", cwd=example)
    assert result.code == 1 and "is geen knelpunt" in result.err


def test_merge_bundles_everything_into_the_survivor(example, run):
    duplicate = titled(example, "Gemeente wil regisseren")
    into = titled(example, "Right to Challenge")
    before = records(example)
    dup, target = before.bottlenecks[duplicate], before.bottlenecks[into]
    result = run("merge", duplicate, into, "--by", "Annelies", "--note", "Zelfde kern", cwd=example)
    assert result.code == 0, result.err
    after = records(example)
    merged = after.bottlenecks[into]
    for name in ("reported_by", "meetings", "laws", "solutions"):
        expected = list(dict.fromkeys([*getattr(target, name), *getattr(dup, name)]))
        assert getattr(merged, name) == expected, name
    state = after.state(duplicate)
    assert (state.status, state.merged_into) == ("merged", into)
    assert run("check", cwd=example).code == 0


def test_merge_keeps_the_survivors_file_layout(example, run):
    duplicate = titled(example, "Gemeente wil regisseren")
    into = titled(example, "Right to Challenge")
    path = example / "data" / "bottlenecks" / f"{into}.yaml"
    path.write_text(path.read_text().replace("theme:", "# door de coördinatiegroep\ntheme:"))
    before = path.read_text().splitlines()
    run("merge", duplicate, into, "--by", "A", cwd=example)
    after = path.read_text().splitlines()
    assert [line for line in before if line not in after] == []
    assert "# door de coördinatiegroep" in after


def test_merge_refusals(example, run):
    one = titled(example, "Gemeente wil regisseren")
    result = run("merge", one, one, cwd=example)
    assert result.code == 1 and "kan niet in zichzelf opgaan" in result.err
    merged = with_status(example, "merged")
    result = run("merge", one, merged, cwd=example)
    assert result.code == 1 and "is zelf al opgegaan in" in result.err
    resolved = with_status(example, "resolved")
    result = run("merge", resolved, one, cwd=example)
    assert result.code == 1 and "Van 'opgelost' naar 'gebundeld' kan niet" in result.err


def test_merging_a_bundle_repoints_what_was_merged_into_it(example, run):
    vpb = titled(example, "Zorgcoöperaties betalen")
    earlier = with_status(example, "merged")
    assert records(example).state(earlier).merged_into == vpb
    anbi = titled(example, "Coöperatie kan geen ANBI")
    result = run("merge", vpb, anbi, "--by", "A", cwd=example)
    assert result.code == 0, result.err
    after = records(example)
    assert after.state(earlier).merged_into == anbi
    assert after.state(vpb).merged_into == anbi
    check = run("check", cwd=example)
    assert check.code == 0, check.out
