"""The coordination group's worklist (``knelpunt todo``): what is stuck.

"Nothing waits unseen": an addressed problem-solver is expected to answer, a
decline needs a new route, a solution an initiative says does not work needs
another look. The records say all of this, spread over hundreds of files; the
worklist gathers it, most urgent first, and gives each line the one command
that deals with it. Every line is derived from the records as of a day, never
stored: a line goes away when the step it asks for is taken.

The kinds, in order of urgency (``KINDS``):

* **awaiting routing**: on the agenda and addressed to no one; the command
  routes it to whom the rules in knelpunt.yaml would (``route --auto`` would
  do the same), or asks for a solver when no rule matches;
* **overdue**: a problem-solver past its answer-by day without an answer
  (``workflow.Addressing.overdue``);
* **declined**: a solver's decline that no routing has followed, with the
  decline's note (it often says where to go next);
* **disputed**: an initiative says "not solved" of what the records call
  solved (``verdicts.disputed``);
* **no proposal**: on the agenda without the proposal the October report
  asks for (``approach``);
* **likely duplicate**: a bottleneck not yet addressed that reads like another
  open one (``similar``, with a stricter bar than at intake);
* **quiet**: open, and no step for ``follow_up.quiet_months`` months;
* **untold**: an initiative with steps of its bottlenecks no message told it
  (``notify.untold``);
* **meetings behind**: an explorer of the plan with fewer meetings than
  planned after the plan's day for them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from knelpunt.facts import BottleneckFacts, facts_for
from knelpunt.index import similar_bottlenecks
from knelpunt.models import Initiative, Meeting
from knelpunt.notify import untold
from knelpunt.repo import Repository
from knelpunt.routing import decide, waiting
from knelpunt.store import RecordSet
from knelpunt.texts import with_long_text
from knelpunt.verdicts import disputed as disputed_solutions
from knelpunt.workflow import is_allowed

#: The kinds of line, most urgent first.
KINDS: tuple[str, ...] = (
    "awaiting-routing",
    "overdue",
    "declined",
    "disputed",
    "no-proposal",
    "duplicate",
    "quiet",
    "untold",
    "meetings-behind",
)
#: From this score on (``similar.similar``), two open bottlenecks are likely
#: the same: stricter than the 0.12 at intake, which shows what might be
#: related. Sharing laws alone (at most 0.3) or a theme never reaches it.
DUPLICATE_SCORE = 0.5
#: Statuses of a bottleneck the coordination group has taken on: "agenda items".
ON_AGENDA: frozenset[str] = frozenset({"on-agenda", "routed", "in-progress", "declined"})


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the worklist."""

    kind: str
    #: The command that deals with it, as typed (placeholders in capitals).
    command: str
    #: The bottleneck it is about (none for an initiative's or explorer's line).
    bottleneck: str | None = None
    title: str | None = None
    #: What the line says besides the title, for its message (days, names, note).
    details: dict[str, Any] = field(default_factory=dict)
    #: The problem-solvers it concerns (for ``--for``).
    actors: tuple[str, ...] = ()
    #: The sub-areas it concerns (for ``--region``).
    regions: frozenset[str] = frozenset()
    #: Within its kind, lower comes first.
    order: tuple[Any, ...] = ()


@dataclass(frozen=True, slots=True)
class Words:
    """The placeholders a command holds, in the reader's language."""

    solver: str = "SOLVER"
    text: str = "TEXT"
    folder: str = "FOLDER"


def worklist(
    repo: Repository,
    records: RecordSet,
    today: dt.date,
    words: Words = Words(),
    solver: str | None = None,
    region: str | None = None,
) -> list[Item]:
    """Everything stuck as of ``today``, most urgent first; with ``solver``
    only what concerns that problem-solver's addressings, with ``region``
    only what concerns that sub-area."""
    facts = facts_for(records)
    items: list[Item] = []
    items += awaiting_routing(facts, records, repo, today, words)
    items += overdue(facts, today)
    items += declined(repo, records, facts, words)
    items += disputed(records, facts, words)
    items += without_proposal(facts, today)
    items += duplicates(repo, records, facts)
    listed = {i.bottleneck for i in items if i.bottleneck}
    items += quiet(facts, today, repo.config.follow_up.quiet_months, listed, words)
    items += untold_initiatives(repo, records, words)
    items += meetings_behind(records, repo, today)
    if solver is not None:
        items = [i for i in items if solver in i.actors]
    if region is not None:
        items = [i for i in items if region in i.regions]
    rank = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(items, key=lambda i: (rank[i.kind], i.order, i.bottleneck or "", i.command))


def _line(f: BottleneckFacts, kind: str, command: str, **details: Any) -> Item:
    """A line about one bottleneck: its title, solvers and sub-areas."""
    order = details.pop("order", ())
    return Item(
        kind,
        command,
        f.id,
        f.bottleneck.title,
        details,
        tuple(a.actor for a in f.state.addressings),
        f.regions,
        order,
    )


def _urgent(f: BottleneckFacts, since: dt.date | None) -> tuple[Any, ...]:
    """Most severe first, then waiting longest."""
    return (-(f.severity or 0), since or f.reported_on)


def _last_step(f: BottleneckFacts) -> dt.date:
    return f.state.since or f.reported_on


def awaiting_routing(
    facts: dict[str, BottleneckFacts],
    records: RecordSet,
    repo: Repository,
    today: dt.date,
    words: Words,
) -> list[Item]:
    """On the agenda, addressed to no one."""
    found = []
    for f in facts.values():
        if not waiting(f) or f.state.addressings:
            continue
        decision = decide(f, records, repo.config.routing)
        if decision is not None:
            to = " ".join(f"--to {a}" for a in decision.addressees)
            command = f"knelpunt route {f.id} {to} --level {decision.level}"
            rule = decision.rule
        else:
            command, rule = f"knelpunt route {f.id} --to {words.solver}", None
        since = _last_step(f)
        found.append(
            _line(
                f,
                "awaiting-routing",
                command,
                since=since,
                days=(today - since).days,
                severity=f.severity,
                rule=rule,
                order=_urgent(f, since),
            )
        )
    return found


def overdue(facts: dict[str, BottleneckFacts], today: dt.date) -> list[Item]:
    """Each addressing past its answer-by day without an answer."""
    found = []
    for f in facts.values():
        if not f.state.is_open:
            continue
        for a in f.state.addressings:
            if not a.overdue(today) or a.answer_by is None:
                continue
            item = _line(
                f,
                "overdue",
                f"knelpunt update {f.id} --for {a.actor} --status in-progress",
                actor=a.actor,
                routed_on=a.since,
                answer_by=a.answer_by,
                days=a.days_overdue(today),
                order=(a.answer_by, -(f.severity or 0)),
            )
            # A line names one solver: --for finds it by that one only.
            found.append(_only(item, (a.actor,)))
    return found


def _only(item: Item, actors: tuple[str, ...]) -> Item:
    return Item(
        item.kind,
        item.command,
        item.bottleneck,
        item.title,
        item.details,
        actors,
        item.regions,
        item.order,
    )


def declined(
    repo: Repository, records: RecordSet, facts: dict[str, BottleneckFacts], words: Words
) -> list[Item]:
    """Each decline no routing has followed: an addressing still declined,
    on an open bottleneck, with no routing entry after the decline."""
    pending: list[tuple[BottleneckFacts, Any]] = []
    for f in facts.values():
        if not f.state.is_open:
            continue
        history = f.state.history  # in time order
        routings = [n for n, u in enumerate(history) if u.status == "routed"]
        for a in f.state.addressings:
            step = a.step
            if a.status != "declined" or step is None or step not in history:
                continue
            if routings and routings[-1] > history.index(step):
                continue  # routed again since, to another solver
            pending.append((f, a))
    # The decline's note says where to go next: the one long text shown here.
    with_long_text(repo, records, {f.id for f, _ in pending}, own=False)
    found = []
    for f, a in pending:
        step = a.step
        note = next(
            (u.note for u in records.updates.get(f.id, []) if step and u.id == step.id), None
        )
        assert step is not None
        command = (
            f"knelpunt route {f.id} --to {words.solver}"
            if is_allowed(f.state.status, "routed")
            else f"knelpunt update {f.id} --status on-agenda"
        )
        item = _line(
            f,
            "declined",
            command,
            actor=a.actor,
            declined_on=step.date,
            by=step.by,
            note=note,
            # Those still addressed (routed before the decline, not declined):
            # the line says "nobody" only when there is nobody.
            still=[o.actor for o in f.state.addressings if o.is_open],
            order=(step.date, -(f.severity or 0)),
        )
        found.append(_only(item, (a.actor,)))
    return found


def disputed(records: RecordSet, facts: dict[str, BottleneckFacts], words: Words) -> list[Item]:
    """A "not solved" of an initiative on what the records call solved."""
    found = []
    for d in disputed_solutions(records):
        f = facts.get(d.verdict.bottleneck)
        if f is None:
            continue
        solver = d.verdict.solver
        command = (
            f"knelpunt route {f.id} --to {solver or words.solver}"
            if is_allowed(f.state.status, "routed")
            else f"knelpunt update {f.id} --note {words.text}"
        )
        item = _line(
            f,
            "disputed",
            command,
            initiative=d.verdict.initiative,
            actor=solver,
            said_on=d.verdict.date,
            solved_on=d.solved_on,
            order=(d.verdict.date,),
        )
        found.append(_only(item, (solver,)) if solver else item)
    return found


def without_proposal(facts: dict[str, BottleneckFacts], today: dt.date) -> list[Item]:
    """On the agenda without the proposal (approach) the October report asks."""
    return [
        _line(
            f,
            "no-proposal",
            f"knelpunt edit {f.id}",
            status=f.state.status,
            order=_urgent(f, f.reported_on),
        )
        for f in facts.values()
        if f.state.status in ON_AGENDA and not f.bottleneck.approach
    ]


def duplicates(
    repo: Repository, records: RecordSet, facts: dict[str, BottleneckFacts]
) -> list[Item]:
    """A bottleneck not yet addressed that reads like another open one: the
    later reported is the one to bundle into the earlier."""
    fresh = [f for f in facts.values() if f.state.status in ("reported", "on-agenda")]
    # Each is compared as a new one would be, description and all.
    with_long_text(repo, records, [f.id for f in fresh], history=False)
    seen: set[tuple[str, str]] = set()
    found = []
    for f in sorted(fresh, key=lambda f: f.id):
        for match in similar_bottlenecks(repo, records, f.bottleneck, limit=3):
            other = facts.get(match.id)
            if other is None or not other.state.is_open or match.score < DUPLICATE_SCORE:
                continue
            pair = (min(f.id, other.id), max(f.id, other.id))
            if pair in seen:
                continue
            seen.add(pair)
            # The later one goes into the earlier: the earlier has the history.
            later, earlier = sorted((f, other), key=lambda x: (x.reported_on, x.id), reverse=True)
            if later.state.addressings and not earlier.state.addressings:
                later, earlier = earlier, later  # keep the one already addressed
            item = _line(
                later,
                "duplicate",
                f"knelpunt merge {later.id} {earlier.id}",
                into=earlier.id,
                into_title=earlier.bottleneck.title,
                score=match.score,
                order=(-match.score,),
            )
            found.append(item)
    return found


def quiet(
    facts: dict[str, BottleneckFacts],
    today: dt.date,
    months: int,
    listed: set[str],
    words: Words,
) -> list[Item]:
    """Open, with no step for ``months`` months (and on no line above)."""
    limit = _months_before(today, months)
    return [
        _line(
            f,
            "quiet",
            f"knelpunt update {f.id} --note {words.text}",
            since=_last_step(f),
            months=months,
            order=(_last_step(f),),
        )
        for f in facts.values()
        if f.state.is_open and f.id not in listed and _last_step(f) < limit
    ]


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day if shorter)."""
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def untold_initiatives(repo: Repository, records: RecordSet, words: Words) -> list[Item]:
    """Initiatives with steps of their bottlenecks no message told them."""
    initiatives = records.of("initiative")
    found = []
    for u in untold(repo, records):
        known = initiatives.get(u.initiative)
        where = known.region if isinstance(known, Initiative) else None
        found.append(
            Item(
                "untold",
                f"knelpunt notify -o {words.folder}",
                None,
                None,
                {
                    "initiative": u.initiative,
                    "name": u.name,
                    "bottlenecks": len(u.bottlenecks),
                    "steps": len(u.steps),
                },
                (),
                frozenset({where} if where else ()),
                (u.name.casefold(),),
            )
        )
    return found


def meetings_behind(records: RecordSet, repo: Repository, today: dt.date) -> list[Item]:
    """Explorers of the plan with fewer meetings than planned, past its day."""
    plan = repo.config.plan
    if plan.meetings_by is None or today <= plan.meetings_by:
        return []
    held: dict[str, int] = {}
    for meeting in records.of("meeting").values():
        if isinstance(meeting, Meeting) and meeting.type == "explorer":
            held[meeting.explorer] = held.get(meeting.explorer, 0) + 1
    return [
        Item(
            "meetings-behind",
            "knelpunt add meeting",
            None,
            None,
            {
                "explorer": member.name,
                "held": held.get(member.name, 0),
                "planned": plan.meetings_per_explorer,
                "due": plan.meetings_by,
            },
            (),
            frozenset(member.regions),
            (held.get(member.name, 0), member.name),
        )
        for member in plan.team
        if held.get(member.name, 0) < plan.meetings_per_explorer
    ]


def as_json(items: Iterable[Item]) -> list[dict[str, Any]]:
    """The lines for a program: English keys, ids and ISO dates."""

    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value

    return [
        {
            "kind": i.kind,
            "bottleneck": i.bottleneck,
            "title": i.title,
            "command": i.command,
            **{k: plain(v) for k, v in i.details.items()},
        }
        for i in items
    ]
