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


# --- one addressing per problem-solver -------------------------------------------

VNG, TOWN = "ac-vngvn-vngvn", "ac-towny-towny"


def routed(day: int, *actors: str, level: str = "national", **extra) -> Update:
    return entry(day, "routed", level=level, addressees=list(actors), **extra)


def test_each_problem_solver_keeps_its_own_addressing():
    history = [
        entry(1, "on-agenda"),
        routed(2, VNG),
        routed(3, TOWN, level="local", concerns=["in-aaaaa-aaaaa"]),
        entry(4, "in-progress", actor=TOWN),
        entry(5, "declined", actor=VNG),
    ]
    state, bad = derive(history)
    assert bad == []
    assert [(a.actor, a.level, a.status) for a in state.addressings] == [
        (VNG, "national", "declined"),
        (TOWN, "local", "in-progress"),
    ]
    assert state.addressing(TOWN).concerns == ("in-aaaaa-aaaaa",)
    assert state.status == "in-progress" and state.addressees == (VNG, TOWN)


def test_the_bottlenecks_status_follows_from_its_addressings():
    base = [routed(1, VNG, TOWN)]
    resolved_one = [*base, entry(2, "resolved", actor=TOWN)]
    assert derive(resolved_one)[0].status == "routed"  # the VNG still has it
    both = [*resolved_one, entry(3, "declined", actor=VNG)]
    assert derive(both)[0].status == "resolved"  # closed everywhere, solved somewhere
    declined = [*base, entry(2, "declined", actor=TOWN), entry(3, "declined", actor=VNG)]
    assert derive(declined)[0].status == "declined"
    together = [*base, entry(2, "in-progress")]  # without an actor: every addressing
    assert {a.status for a in derive(together)[0].addressings} == {"in-progress"}


def test_a_move_for_a_solver_not_addressed_is_a_bad_move():
    state, bad = derive([routed(1, VNG), entry(2, "resolved", actor=TOWN)])
    assert [(b.previous, b.update.actor) for b in bad] == [("-", TOWN)]
    assert state.status == "routed"


def test_back_on_the_agenda_clears_the_addressings():
    state, _ = derive([routed(1, VNG), entry(2, "declined"), entry(3, "on-agenda")])
    assert state.addressings == () and state.status == "on-agenda"


@given(
    st.lists(
        st.tuples(st.sampled_from([VNG, TOWN]), st.sampled_from(["in-progress", "declined",
                                                                  "resolved", "routed"])),
        max_size=10,
    )
)  # fmt: skip
def test_moving_one_solver_never_moves_another(moves):
    history = [routed(1, VNG, TOWN)]
    for day, (actor, status) in enumerate(moves, start=2):
        if status == "routed":
            history.append(routed(day, actor))
        else:
            history.append(entry(day, status, actor=actor))
    state, _ = derive(history)
    for actor in (VNG, TOWN):
        own = [status for who, status in moves if who == actor]
        assert state.addressing(actor).status == (own[-1] if own else "routed")
    from knelpunt.workflow import overall

    assert state.status == overall(state.addressings)
