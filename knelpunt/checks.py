"""``knelpunt check``: every problem in every record, in one run.

Schema problems come from reading (``store.read_file``); this module adds what
one file alone cannot tell: references to records that do not exist, ids used
twice, merges that point at merged bottlenecks or go round in circles, and
history entries whose status change the workflow does not allow.
"""

from __future__ import annotations

from dataclasses import dataclass

from knelpunt.config import CONFIG_FILE
from knelpunt.journal import merge_problems
from knelpunt.memo import keep_check, remembered_check
from knelpunt.models import RECORD_TYPES, Initiative, Record, Update
from knelpunt.problems import Problem, listing
from knelpunt.repo import Repository
from knelpunt.scanning import Scan, scan
from knelpunt.store import RecordSet, load_records, locate_in_files
from knelpunt.workflow import allowed_moves


@dataclass
class CheckResult:
    problems: list[Problem]
    #: Files checked.
    files: int
    #: The lean set checked, when asked for (``check --against`` compares it).
    records: RecordSet | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def check_repository(
    repo: Repository, use_cache: bool = True, scanned: Scan | None = None, keep: bool = False
) -> CheckResult:
    """Every problem in the repository. When no file changed since the last
    check (the same content keys, the same configuration), the last result is
    returned without loading a single record (``memo.remembered_check``).
    ``keep``: with the lean set it read, if it read one."""
    scanned = scanned or scan(repo, use_cache)
    # A merge interrupted on this computer: no record shows it, so it is
    # looked for on every check and never remembered with the files.
    unfinished = merge_problems(repo)
    known = remembered_check(scanned)
    if known is not None:
        problems, files = known
        return CheckResult([*unfinished, *problems], files)
    # Lean: no check looks at long free text across records, and the
    # warnings about each file's own text came with it.
    records = load_records(repo, scanned, lean=True)
    problems = _problems(repo, records)
    keep_check(scanned, problems, records.files)
    return CheckResult([*unfinished, *problems], records.files, records if keep else None)


def _problems(repo: Repository, records: RecordSet) -> list[Problem]:
    across: list[Problem] = []
    across += _references(repo, records)
    across += _ids_across_kinds(records)
    across += _history(repo, records)
    across += _regions(repo, records)
    across += _reporters_present(records)
    across += _frontrunners_asked(records)
    across += _plan(repo)
    across += _routing(repo, records)
    across += _payers(repo, records)
    stray = [Problem(path, "stray_yml", severity="warning") for path in records.skipped]
    stray += [Problem(path, "file_symlink") for path in records.links]
    locate_in_files(repo, across)
    # The warnings about free text were found, and placed, as each file was read.
    problems = records.problems + across + records.findings + stray
    problems.sort(key=lambda p: (p.path, p.line, p.column))
    return problems


def _expected_path(repo: Repository, kind: str, record_id: str) -> str:
    return repo.relative(repo.record_path(kind, record_id))


def _reference_problems(
    repo: Repository,
    records: RecordSet,
    path: str,
    owner: Record | Update,
    field_name: str,
    target_kind: str,
) -> list[Problem]:
    value = getattr(owner, field_name)
    targets = value if isinstance(value, list) else [value]
    problems = []
    for index, target in enumerate(targets):
        if target is None or target in records.records[target_kind] or target in records.unreadable:
            continue
        loc: tuple[str | int, ...] = (
            (field_name, index) if isinstance(value, list) else (field_name,)
        )
        problems.append(
            Problem(
                path,
                "unknown_reference",
                {
                    "target_kind": target_kind,
                    "target": target,
                    "expected": _expected_path(repo, target_kind, target),
                },
                owner.id,
                loc,
            )
        )
    return problems


def _references(repo: Repository, records: RecordSet) -> list[Problem]:
    problems: list[Problem] = []
    for kind, model in RECORD_TYPES.items():
        for record_id, record in records.records[kind].items():
            path = records.paths[(kind, record_id)]
            for field_name, target_kind in model.references.items():
                problems += _reference_problems(
                    repo, records, path, record, field_name, target_kind
                )
    for bottleneck_id, updates in records.updates.items():
        for update in updates:
            path = records.paths[("update", f"{bottleneck_id}/{update.id}")]
            if bottleneck_id not in records.bottlenecks and bottleneck_id not in records.unreadable:
                problems.append(
                    Problem(
                        path,
                        "updates_orphan",
                        {
                            "bottleneck": bottleneck_id,
                            "expected": _expected_path(repo, "bottleneck", bottleneck_id),
                        },
                        update.id,
                    )
                )
            for field_name, target_kind in Update.references.items():
                problems += _reference_problems(
                    repo, records, path, update, field_name, target_kind
                )
    return problems


def _payers(repo: Repository, records: RecordSet) -> list[Problem]:
    """Who pays an amount of a proposal (``costs[].paid_by``) is a
    problem-solver that exists, as every reference is (issue 33)."""
    actors = records.records["actor"]
    problems = []
    for bottleneck_id, bottleneck in records.bottlenecks.items():
        for index, cost in enumerate(bottleneck.costs):
            payer = cost.paid_by
            if payer is None or payer in actors or payer in records.unreadable:
                continue
            problems.append(
                Problem(
                    records.paths[("bottleneck", bottleneck_id)],
                    "unknown_reference",
                    {
                        "target_kind": "actor",
                        "target": payer,
                        "expected": _expected_path(repo, "actor", payer),
                    },
                    bottleneck_id,
                    ("costs", index, "paid_by"),
                )
            )
    return problems


def _ids_across_kinds(records: RecordSet) -> list[Problem]:
    """An id is unique across kinds too, so ``knelpunt show ID`` is never ambiguous."""
    first_seen: dict[str, str] = {}
    problems = []
    for kind in RECORD_TYPES:
        for record_id in records.records[kind]:
            path = records.paths[(kind, record_id)]
            if record_id in first_seen:
                problems.append(
                    Problem(
                        path,
                        "duplicate_id",
                        {"record_id": record_id, "other": first_seen[record_id]},
                        record_id,
                        ("id",),
                    )
                )
            else:
                first_seen[record_id] = path
    return problems


def _history(repo: Repository, records: RecordSet) -> list[Problem]:
    problems: list[Problem] = []
    for bottleneck_id in records.bottlenecks:
        for bad in records.bad_moves(bottleneck_id):
            update = bad.update
            if bad.previous == "-":  # a step for a problem-solver it was not addressed to
                problems.append(
                    Problem(
                        records.paths[("update", f"{bottleneck_id}/{update.id}")],
                        "history_actor_not_addressed",
                        {"actor": update.actor or "-", "bottleneck": bottleneck_id},
                        update.id,
                        ("actor",),
                        severity="warning",
                    )
                )
                continue
            problems.append(
                Problem(
                    records.paths[("update", f"{bottleneck_id}/{update.id}")],
                    "bad_move",
                    {
                        "previous": bad.previous,
                        "status": update.status,
                        "allowed": ", ".join(allowed_moves(bad.previous)) or "-",
                    },
                    update.id,
                    ("status",),
                    severity="warning",
                )
            )
        problems += _merge_target(records, bottleneck_id)
    return problems


def _merge_target(records: RecordSet, bottleneck_id: str) -> list[Problem]:
    state = records.state(bottleneck_id)
    target = state.merged_into
    if state.status != "merged" or target is None:
        return []
    merge_entry = next(u for u in reversed(state.history) if u.status == "merged")
    path = records.paths[("update", f"{bottleneck_id}/{merge_entry.id}")]
    loc = ("merged_into",)
    if target == bottleneck_id:
        return [Problem(path, "merged_into_self", {}, merge_entry.id, loc)]
    if target not in records.bottlenecks:
        return []  # reported as an unknown reference
    chain = [bottleneck_id, target]
    current = records.state(target)
    while current.status == "merged" and current.merged_into is not None:
        following = current.merged_into
        if following in chain:
            cycle = " -> ".join([*chain[chain.index(following) :], following])
            return [Problem(path, "merge_cycle", {"cycle": cycle}, merge_entry.id, loc)]
        chain.append(following)
        if following not in records.bottlenecks:
            break
        current = records.state(following)
    if len(chain) > 2:
        return [
            Problem(
                path,
                "merged_into_merged",
                {"target": target, "final": chain[-1]},
                merge_entry.id,
                loc,
            )
        ]
    return []


def _regions(repo: Repository, records: RecordSet) -> list[Problem]:
    """A sub-area that names its province should agree with the initiative's."""
    regions = repo.config.vocabularies.regions
    problems = []
    for record_id, record in records.records["initiative"].items():
        assert isinstance(record, Initiative)
        region = regions.get(record.region or "")
        if region and region.province and region.province != record.province:
            problems.append(
                Problem(
                    records.paths[("initiative", record_id)],
                    "region_province",
                    {
                        "region": record.region,
                        "expected": region.province,
                        "province": record.province,
                    },
                    record_id,
                    ("province",),
                    severity="warning",
                )
            )
    return problems


def _plan(repo: Repository) -> list[Problem]:
    """The sub-areas planned for each explorer are sub-areas of the network."""
    regions = repo.config.vocabularies.regions
    problems = []
    for index, member in enumerate(repo.config.plan.team):
        for position, region in enumerate(member.regions):
            if region not in regions:
                problems.append(
                    Problem(
                        CONFIG_FILE,
                        "vocabulary",
                        {
                            "value": repr(region),
                            "vocabulary": "regions",
                            "allowed": listing(regions),
                        },
                        loc=("plan", "team", index, "regions", position),
                    )
                )
    return problems


def _frontrunners_asked(records: RecordSet) -> list[Problem]:
    """A meeting's hosts and a question's referral name frontrunners (issue 32):
    another initiative is a warning, not an error, since any initiative may
    help; the flag on the initiative is what makes its load counted."""
    problems = []
    initiatives = records.of("initiative")
    asked = [("meeting", "hosts"), ("question", "referred_to")]
    for kind, name in asked:
        for record_id, record in records.of(kind).items():
            value = getattr(record, name, None)
            names = value if isinstance(value, list) else [] if value is None else [value]
            for position, initiative_id in enumerate(names):
                found = initiatives.get(initiative_id)
                if found is not None and not getattr(found, "frontrunner", False):
                    loc = (name, position) if isinstance(value, list) else (name,)
                    problems.append(
                        Problem(
                            records.paths[(kind, record_id)],
                            "not_a_frontrunner",
                            {"initiative": initiative_id, "field": name},
                            record_id,
                            loc,
                            severity="warning",
                        )
                    )
    return problems


def _reporters_present(records: RecordSet) -> list[Problem]:
    """A bottleneck recorded at meetings: each initiative that reported it was
    at one of them (else it was listed at a meeting it did not attend, or the
    meeting is missing from the list)."""
    problems = []
    meetings = records.of("meeting")
    for meeting_id, meeting in meetings.items():
        # The initiatives rank what was discussed at that meeting.
        for position, bottleneck_id in enumerate(getattr(meeting, "priorities", [])):
            found = records.bottlenecks.get(bottleneck_id)
            if found is not None and meeting_id not in found.meetings:
                problems.append(
                    Problem(
                        records.paths[("meeting", meeting_id)],
                        "priority_not_discussed",
                        {"bottleneck": bottleneck_id, "meeting": meeting_id},
                        meeting_id,
                        ("priorities", position),
                        severity="warning",
                    )
                )
    for record_id, bottleneck in records.bottlenecks.items():
        known = [meetings[m] for m in bottleneck.meetings if m in meetings]
        if not known:
            continue
        present = {i for meeting in known for i in getattr(meeting, "initiatives", [])}
        for initiative in bottleneck.reported_by:
            if initiative not in present:
                problems.append(
                    Problem(
                        records.paths[("bottleneck", record_id)],
                        "reporter_not_at_meeting",
                        {"initiative": initiative, "meetings": ", ".join(bottleneck.meetings)},
                        record_id,
                        ("reported_by",),
                        severity="warning",
                    )
                )
    return problems


def _routing(repo: Repository, records: RecordSet) -> list[Problem]:
    """Routing rules in knelpunt.yaml name actors and lists that must exist."""

    routing = repo.config.routing
    vocab = repo.config.vocabularies
    targets: list[tuple[tuple[str | int, ...], object]] = [
        (("routing", "rules", index), rule) for index, rule in enumerate(routing.rules)
    ]
    if routing.default is not None:
        targets.append((("routing", "default"), routing.default))
    problems = []
    for loc, target in targets:
        for index, actor in enumerate(getattr(target, "to", [])):
            if actor.startswith("@") or actor in records.of("actor"):
                continue
            expected = repo.relative(repo.record_path("actor", actor))
            problems.append(
                Problem(
                    CONFIG_FILE,
                    "config_unknown_actor",
                    {"target": actor, "expected": expected},
                    loc=(*loc, "to", index),
                )
            )
        level = getattr(target, "level", None)
        if level is not None and level not in vocab.levels:
            problems.append(
                Problem(
                    CONFIG_FILE,
                    "vocabulary",
                    {
                        "value": repr(level),
                        "vocabulary": "levels",
                        "allowed": listing(vocab.levels),
                    },
                    loc=(*loc, "level"),
                )
            )
        match = getattr(target, "match", None)
        for field_name, vocabulary in (
            ("themes", "themes"),
            ("laws", "laws"),
            ("regions", "regions"),
        ):
            allowed = getattr(vocab, vocabulary)
            for index, value in enumerate(getattr(match, field_name, [])):
                if value not in allowed:
                    problems.append(
                        Problem(
                            CONFIG_FILE,
                            "vocabulary",
                            {
                                "value": repr(value),
                                "vocabulary": vocabulary,
                                "allowed": listing(allowed),
                            },
                            loc=(*loc, "match", field_name, index),
                        )
                    )
    return problems
