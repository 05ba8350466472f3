"""workflow: a bottleneck's state is folded from its append-only history."""

from __future__ import annotations

import datetime as dt

import hypothesis.strategies as st
from hypothesis import given

from knelpunt.models import Update
from knelpunt.workflow import OPEN, TERMINAL, TRANSITIONS, allowed_moves, derive, is_allowed


def entry(day: int, status: str | None = None, **extra) -> Update:
    """A history entry; one without a status is a note."""
    return Update(
        id=f"202601{day:02d}-120000-{day:04d}",
        date=dt.date(2026, 1, day),
        by="Coördinator",
        status=status,
        note=None if status else "Een notitie",
        **extra,
    )


def test_no_history_is_reported():
    state, bad = derive([])
    assert state.status == "reported" and state.is_open and bad == []


def test_the_history_is_read_in_date_order_whatever_the_file_order():
    routed = entry(3, "routed", level="national", addressees=["ac-aaaaa-aaaaa"], rule="vpb")
    history = [routed, entry(1, "on-agenda"), entry(2)]
    state, bad = derive(history)
    assert state.status == "routed" and state.level == "national"
    assert state.addressees == ("ac-aaaaa-aaaaa",) and state.rule == "vpb"
    assert state.since == dt.date(2026, 1, 3) and bad == []
    assert [u.date.day for u in state.history] == [1, 2, 3]


def test_a_move_the_workflow_forbids_is_reported_not_raised():
    state, bad = derive([entry(1, "resolved")])
    assert state.status == "resolved"  # history is what it is
    assert [(b.previous, b.update.status) for b in bad] == [("reported", "resolved")]


def test_merged_points_at_its_target_until_it_moves_on():
    state, _ = derive([entry(1, "merged", merged_into="kp-bbbbb-bbbbb")])
    assert state.merged_into == "kp-bbbbb-bbbbb" and not state.is_open


def test_terminal_statuses_have_no_way_out_but_re_pointing():
    for status in TERMINAL:
        assert set(allowed_moves(status)) <= {"merged"}
    assert OPEN.isdisjoint(TERMINAL)
    assert is_allowed("declined", "routed") and not is_allowed("resolved", "routed")


@given(st.lists(st.sampled_from([None, *TRANSITIONS]), max_size=12))
def test_the_state_is_the_last_status_and_bad_moves_are_exactly_the_forbidden(statuses):
    routed = {"level": "local", "addressees": ["ac-aaaaa-aaaaa"]}
    merged = {"merged_into": "kp-bbbbb-bbbbb"}
    history = [
        entry(day + 1, status, **(routed if status == "routed" else {}),
              **(merged if status == "merged" else {}))
        for day, status in enumerate(statuses)
    ]  # fmt: skip
    state, bad = derive(history)
    written = [s for s in statuses if s is not None]
    assert state.status == (written[-1] if written else "reported")
    expected, previous = [], "reported"
    for status in written:
        if not is_allowed(previous, status):
            expected.append((previous, status))
        previous = status
    assert [(b.previous, b.update.status) for b in bad] == expected
