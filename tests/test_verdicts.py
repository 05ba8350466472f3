"""The initiatives' verdict on a solution (issue 31, point 2): recorded with
``update --verdict`` (Dutch labels too), kept as a history entry, shown by
``show`` (text and --json), and a "not solved" on a solved addressing is
disputed (``verdicts.disputed``, which ``knelpunt todo`` reads)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from knelpunt import notify, queries, verdicts
from knelpunt.repo import open_repository
from knelpunt.store import RecordSet, load_all


def _records(root: Path) -> RecordSet:
    return load_all(open_repository(root, {}, root), use_cache=False)


def _resolved(records: RecordSet) -> tuple[str, str, str]:
    """A bottleneck with a resolved addressing: its id, a reporter, the solver."""
    for bottleneck in records.bottlenecks.values():
        state = records.state(bottleneck.id)
        for addressing in state.addressings:
            if addressing.status == "resolved" and bottleneck.reported_by:
                return bottleneck.id, bottleneck.reported_by[0], addressing.actor
    raise AssertionError("the example has no resolved addressing")


def test_a_not_solved_verdict_on_a_resolved_addressing_is_disputed_and_shown(example, run):
    records = _records(example)
    bottleneck_id, initiative, solver = _resolved(records)
    assert verdicts.disputed(records) == []
    done = run(
        "update", bottleneck_id, "--verdict", "niet opgelost", "--initiative", initiative,
        "--for", solver, "--note", "Onze dorpsbus valt er nog steeds buiten.", "--by", "Jan",
        "--date", "2026-12-02", cwd=example,
    )  # fmt: skip
    assert done.code == 0, done.err
    assert "niet opgelost" in done.out
    assert run("check", cwd=example).code == 0
    records = _records(example)
    (found,) = verdicts.disputed(records)
    assert found.verdict.bottleneck == bottleneck_id
    assert found.verdict.initiative == initiative and found.verdict.solver == solver
    assert found.verdict.verdict == "not-solved" and found.status == "resolved"
    shown = run("show", bottleneck_id, cwd=example)
    assert "dorpsbus" in shown.out
    # The verdict names the initiative and the problem-solver, ids beside (issue 31).
    records = _records(example)
    who, whom = records.of("initiative")[initiative].label(), records.of("actor")[solver].label()
    assert "oordeel van" in shown.out and who.split()[-1] in shown.out
    assert f"oordeel {initiative}" not in shown.out
    view = queries.record_view(
        open_repository(example, {}, example), records, bottleneck_id, False, dt.date(2026, 12, 3)
    )
    said = {lang: [row[2] for row in view.history_rows(lang, records)] for lang in ("nl", "en")}
    assert f"oordeel van {who} ({initiative}) over {whom} ({solver}): niet opgelost" in said["nl"]
    assert f"verdict of {who} ({initiative}) on {whom} ({solver}): not solved" in said["en"]
    data = json.loads(run("show", bottleneck_id, "--json", cwd=example).out)
    entry = data["history"][-1]
    assert entry["verdict"] == "not-solved" and entry["initiative"] == initiative
    # A later verdict of the same initiative replaces it: no longer disputed.
    done = run(
        "update", bottleneck_id, "--verdict", "werkt", "--initiative", initiative,
        "--for", solver, "--by", "Jan", "--date", "2026-12-20", cwd=example,
    )  # fmt: skip
    assert done.code == 0, done.err
    assert verdicts.disputed(_records(example)) == []
    (latest,) = verdicts.verdicts(_records(example))[bottleneck_id]
    assert latest.verdict == "works"


def test_only_those_who_raised_it_give_a_verdict_and_labels_are_checked(example, run):
    records = _records(example)
    bottleneck_id, initiative, _ = _resolved(records)
    raised = set(records.bottlenecks[bottleneck_id].reported_by)
    other = next(i for i in records.of("initiative") if i not in raised)
    done = run(
        "update", bottleneck_id, "--verdict", "deels", "--initiative", other, "--by", "Jan",
        cwd=example,
    )  # fmt: skip
    assert done.code == 1 and "bracht" in done.err and "Traceback" not in done.err
    done = run(
        "update", bottleneck_id, "--verdict", "prima", "--initiative", initiative, "--by", "Jan",
        cwd=example,
    )  # fmt: skip
    assert done.code in (1, 2) and "Traceback" not in done.err
    done = run("update", bottleneck_id, "--verdict", "deels", "--by", "Jan", cwd=example)
    assert done.code == 2  # without --initiative
    done = run(
        "update", bottleneck_id, "--verdict", "deels", "--initiative", initiative, "--by", "Jan",
        cwd=example,
    )  # fmt: skip
    assert done.code == 0, done.err
    assert verdicts.disputed(_records(example)) == []  # partly is no dispute


def test_a_verdict_is_never_a_step_told_to_another_initiative(example, run):
    records = _records(example)
    bottleneck_id, initiative, _ = _resolved(records)
    repo = open_repository(example, {}, example)
    before = {u.initiative: set(u.steps) for u in notify.untold(repo, records)}
    done = run(
        "update", bottleneck_id, "--verdict", "not-solved", "--initiative", initiative,
        "--note", "Geheim van ons dorp", "--by", "Jan", cwd=example,
    )  # fmt: skip
    assert done.code == 0, done.err
    after = {u.initiative: set(u.steps) for u in notify.untold(repo, _records(example))}
    assert after == before
