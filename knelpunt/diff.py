"""What a change did to the records, per record rather than per line.

A reviewer of a pull request wants to read "bottleneck X: reported -> routed
to the tax office; new reporting initiative Y", not forty changed YAML lines.
``compare`` sets two record sets side by side (two git revisions, or a
revision and the work tree) and says what happened to each record; it also
applies the review rules a YAML linter cannot know, such as "history is
append-only" and "a bottleneck is merged or closed, never deleted".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from knelpunt import revisions
from knelpunt.escape import code, inline
from knelpunt.fields import fields_of
from knelpunt.formats import readable
from knelpunt.messages import CHOICE_LABELS, FIELD_LABELS, label, message
from knelpunt.models import FOLDERS, RECORD_TYPES, Record, Update
from knelpunt.money import cost_line, step_line
from knelpunt.problems import Problem
from knelpunt.repo import Repository
from knelpunt.review import reader_changes
from knelpunt.store import RecordSet, load_all
from knelpunt.texts import give_back, history_places

_COMPARED_STATE = ("status", "level", "addressees", "merged_into", "addressings")


@dataclass
class FieldChange:
    name: str
    before: Any = None
    after: Any = None
    added: list[Any] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)
    #: A field of a person's contact details: that it changed, never its values.
    personal: bool = False


@dataclass
class RecordChange:
    kind: str
    id: str
    title: str
    change: str  # added | removed | changed
    fields: list[FieldChange] = field(default_factory=list)
    history_added: list[Update] = field(default_factory=list)
    status: tuple[str, str] | None = None
    addressees: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    level: str | None = None
    merged_into: str | None = None
    #: Per problem-solver whose addressing moved: (actor, status before or None, after).
    addressings: list[tuple[str, str | None, str]] = field(default_factory=list)
    #: Each problem-solver's own level after the change: never one for all.
    levels: dict[str, str | None] = field(default_factory=dict)


@dataclass
class Comparison:
    changes: list[RecordChange]
    problems: list[Problem]
    #: Templates and settings that changed: what readers get, beyond the
    #: records (``review.reader_changes``); warnings at their file and line.
    readers: list[Problem] = field(default_factory=list)

    def of(self, change: str) -> list[RecordChange]:
        return [c for c in self.changes if c.change == change]


def _field_changes(before: Record, after: Record) -> list[FieldChange]:
    old = before.model_dump(mode="json")
    new = after.model_dump(mode="json")
    changes = []
    for name in type(after).model_fields:
        if old.get(name) == new.get(name):
            continue
        if name in after.personal_fields:
            # A diff ends up in pull-request comments: say what changed, not to what.
            changes.append(FieldChange(name, personal=True))
        elif isinstance(old.get(name), list) or isinstance(new.get(name), list):
            was, now = old.get(name) or [], new.get(name) or []
            changes.append(
                FieldChange(
                    name,
                    added=[v for v in now if v not in was],
                    removed=[v for v in was if v not in now],
                )
            )
        else:
            changes.append(FieldChange(name, old.get(name), new.get(name)))
    return changes


def _problem(key: str, path: str, record_id: str | None, **params: Any) -> Problem:
    return Problem(path, key, params, record_id=record_id, severity="error")


@dataclass
class Scope:
    """What a change touched, as git says: the records whose files changed,
    and the bottlenecks whose own file or history changed. Everything else is
    the same on both sides, and is not compared."""

    places: set[tuple[str, str]]
    bottlenecks: set[str]


def compare(before: RecordSet, after: RecordSet, scope: Scope | None = None) -> Comparison:
    """What happened to each record between ``before`` and ``after``; with a
    ``scope``, to the records in it only (``between``)."""
    changes: list[RecordChange] = []
    problems: list[Problem] = []
    removed_ids: set[str] = set()
    for kind in RECORD_TYPES:
        old, new = before.of(kind), after.of(kind)
        for record_id in sorted(set(old) | set(new)):
            if scope is not None and (kind, record_id) not in scope.places:
                continue
            if record_id not in old:
                changes.append(RecordChange(kind, record_id, new[record_id].label(), "added"))
            elif record_id not in new:
                removed_ids.add(record_id)
                changes.append(RecordChange(kind, record_id, old[record_id].label(), "removed"))
            else:
                fields = _field_changes(old[record_id], new[record_id])
                if fields:
                    changes.append(
                        RecordChange(kind, record_id, new[record_id].label(), "changed", fields)
                    )
    by_id = {(c.kind, c.id): c for c in changes}
    bottlenecks = set(before.bottlenecks) | set(after.bottlenecks)
    if scope is not None:
        bottlenecks &= scope.bottlenecks
    for bottleneck_id in sorted(bottlenecks):
        problems += _history(before, after, bottleneck_id, by_id, changes)
    problems += _renamed_ids(before, after, changes)
    problems += _deleted_bottlenecks(before, changes)
    problems += _dangling(after, removed_ids)
    order = {"added": 0, "changed": 1, "removed": 2}
    changes.sort(key=lambda c: (order[c.change], list(RECORD_TYPES).index(c.kind), c.title))
    return Comparison(changes, problems)


def between(
    repo: Repository, base: str, head: str | None, work_tree: RecordSet | None = None
) -> tuple[Comparison, RecordSet, RecordSet, Any, Any]:
    """Compare the records at git revision ``base`` with those at ``head``, or
    in the work tree when ``head`` is None (``work_tree``: its lean set, when
    one is at hand); with both sets and commits.

    Only what git says changed is read whole: at ``base``, the changed files
    and the histories of the bottlenecks they touch; on the other side, a
    lean set (for references and names) whose changed records get their long
    text back. At 50,000 bottlenecks two whole sets were more than 1 GB.
    """
    base_commit = revisions.commit_for(repo.root, base)
    head_commit = revisions.commit_for(repo.root, head) if head is not None else None
    changed = revisions.changed_files(repo, base_commit, head_commit)
    touched = {b for b in map(_bottleneck_of, changed) if b is not None}

    def wanted(kind: str, relative: str, parent: str | None) -> bool:
        if relative in changed:
            return True
        if kind == "update":
            return parent in touched
        return kind == "bottleneck" and PurePosixPath(relative).stem in touched

    _, before, _ = revisions.load_at(repo, base_commit.hexsha, wanted=wanted)
    if head is None:
        after = work_tree if work_tree is not None and work_tree.lean else load_all(repo, lean=True)
    else:
        _, after, _ = revisions.load_at(repo, head, lean=True)
    places = {p for side in (before, after) for p, path in side.paths.items() if path in changed}
    shown = [p for p in places if p[0] != "update"]
    shown += [p for b in touched for p in history_places(after, b)]
    give_back(repo, after, shown)
    scope = Scope(places, touched)
    comparison = compare(before, after, scope)
    comparison.readers = reader_changes(repo, base_commit, head_commit)
    return comparison, before, after, base_commit, head_commit


def _bottleneck_of(path: str) -> str | None:
    """The bottleneck whose file or history ``path`` is, if any."""
    parts = PurePosixPath(path).parts
    if len(parts) == 3 and parts[1] == FOLDERS["bottleneck"]:
        return PurePosixPath(parts[2]).stem
    if len(parts) == 4 and parts[1] == FOLDERS["update"]:
        return parts[2]
    return None


def _history(
    before: RecordSet,
    after: RecordSet,
    bottleneck_id: str,
    by_id: dict[tuple[str, str], RecordChange],
    changes: list[RecordChange],
) -> list[Problem]:
    """History entries added, and the rules that keep history append-only."""
    problems = []
    old = {u.id: u for u in before.updates.get(bottleneck_id, [])}
    new = {u.id: u for u in after.updates.get(bottleneck_id, [])}
    for update_id, update in old.items():
        path = before.paths.get(("update", f"{bottleneck_id}/{update_id}"), "")
        if update_id not in new:
            problems.append(_problem("review_history_removed", path, update_id))
        elif new[update_id] != update:
            problems.append(_problem("review_history_edited", path, update_id))
    added = sorted((u for i, u in new.items() if i not in old), key=lambda u: (u.date, u.id))
    if bottleneck_id not in after.bottlenecks:
        return problems
    state_before = before.state(bottleneck_id)
    state_after = after.state(bottleneck_id)
    moved = any(
        getattr(state_before, name) != getattr(state_after, name) for name in _COMPARED_STATE
    )
    if not added and not moved:
        return problems
    change = by_id.get(("bottleneck", bottleneck_id))
    if change is None:
        title = after.bottlenecks[bottleneck_id].title
        change = RecordChange("bottleneck", bottleneck_id, title, "changed")
        by_id[("bottleneck", bottleneck_id)] = change
        changes.append(change)
    change.history_added = added
    is_new = bottleneck_id not in before.bottlenecks
    if state_before.status != state_after.status:
        change.status = (state_before.status, state_after.status)
        if not added and not is_new:
            path = after.paths[("bottleneck", bottleneck_id)]
            problems.append(
                _problem(
                    "review_status_without_history",
                    path,
                    bottleneck_id,
                    before=state_before.status,
                    after=state_after.status,
                )
            )
    if state_before.addressees != state_after.addressees:
        change.addressees = (state_before.addressees, state_after.addressees)
        change.level = state_after.level
    change.levels = {a.actor: a.level for a in state_after.addressings}
    for addressing in state_after.addressings:
        earlier = state_before.addressing(addressing.actor)
        if earlier is None or earlier.status != addressing.status:
            previous = earlier.status if earlier else None
            change.addressings.append((addressing.actor, previous, addressing.status))
    if state_after.status == "merged" and state_before.merged_into != state_after.merged_into:
        change.merged_into = state_after.merged_into
    return problems


def _renamed_ids(before: RecordSet, after: RecordSet, changes: list[RecordChange]) -> list[Problem]:
    """A record removed and one added with the same content under another id."""
    problems = []
    removed = [c for c in changes if c.change == "removed"]
    added = [c for c in changes if c.change == "added"]
    for gone in removed:
        old = before.of(gone.kind)[gone.id].model_dump(exclude={"id"})
        for new in added:
            if new.kind != gone.kind:
                continue
            if after.of(new.kind)[new.id].model_dump(exclude={"id"}) == old:
                path = after.paths[(new.kind, new.id)]
                problems.append(
                    _problem("review_id_changed", path, new.id, old=gone.id, new_id=new.id)
                )
    return problems


def _deleted_bottlenecks(before: RecordSet, changes: list[RecordChange]) -> list[Problem]:
    return [
        _problem(
            "review_bottleneck_deleted", before.paths[("bottleneck", c.id)], c.id, title=c.title
        )
        for c in changes
        if c.change == "removed" and c.kind == "bottleneck"
    ]


def _dangling(after: RecordSet, removed_ids: set[str]) -> list[Problem]:
    """References, after the change, to records this change deleted."""
    problems = []
    for kind, model in RECORD_TYPES.items():
        for record_id, record in after.of(kind).items():
            for name in model.references:
                value = getattr(record, name)
                for target in value if isinstance(value, list) else [value]:
                    if target in removed_ids:
                        problems.append(
                            _problem(
                                "review_reference_deleted",
                                after.paths[(kind, record_id)],
                                record_id,
                                field_name=name,
                                target=target,
                            )
                        )
    return problems


# --- for people -------------------------------------------------------------------


#: GitHub refuses a comment over 65,536 characters; room for what CI adds.
MAX_COMMENT_CHARS = 60_000


def markdown(
    comparison: Comparison,
    before: RecordSet,
    after: RecordSet,
    config: Any,
    lang: str,
    base: str,
    head: str,
    max_chars: int = MAX_COMMENT_CHARS,
) -> str:
    """The change as a pull-request comment: one line per record, within
    GitHub's size for a comment."""

    def t(key: str, **params: Any) -> str:
        return message(key, lang, **params)

    def name(kind: str, record_id: str) -> str:
        record = after.of(kind).get(record_id) or before.of(kind).get(record_id)
        return f"{inline(record.label())} ({code(record_id)})" if record else code(record_id)

    def kind_label(kind: str) -> str:
        return t(f"kind_{kind}")

    def value(item: Any, kind: str = "", field_name: str = "") -> str:
        """A field's value as a reader knows it: a theme's label, ja/nee, a date."""
        if item in (None, ""):
            return "-"
        if field_name == "costs" and isinstance(item, dict):  # a proposal's money (issue 33)
            payer = after.of("actor").get(item.get("paid_by") or "") or before.of("actor").get(
                item.get("paid_by") or ""
            )
            return inline(
                cost_line(
                    item["amount"],
                    item["per"],
                    item.get("from"),
                    payer.label() if payer else item.get("paid_by"),
                    item.get("for"),
                    lang,
                )
            )
        if field_name == "legislation" and isinstance(item, dict):  # a legislative track
            day = dt.date.fromisoformat(item["date"]) if item.get("date") else None
            return inline(step_line(item["step"], day, lang))
        spec = {s.name: s for s in fields_of(kind)}.get(field_name) if kind else None
        if spec is not None and spec.type == "vocabulary" and spec.vocabulary:
            return inline(config.label(spec.vocabulary, str(item), lang))
        if spec is not None and spec.type == "choice":
            return inline(label(CHOICE_LABELS, str(item), lang))
        return inline(readable(item, lang))

    lines = [f"### {t('diff_title', base=inline(base), head=inline(head))}", ""]
    if comparison.readers:
        # First: a changed template or setting changes every page readers get.
        lines += [f"**{t('diff_readers')}** ({len(comparison.readers)})", ""]
        for problem in comparison.readers:
            place = f"{problem.path}:{problem.line}" if problem.line > 1 else problem.path
            lines.append(f"- {code(place)}: {inline(problem.text(lang))}")
        lines.append("")
    if not comparison.changes and not comparison.problems:
        return "\n".join([*lines, t("diff_nothing"), ""])
    merged = [c for c in comparison.changes if c.merged_into]
    for change_kind in ("added", "changed", "removed"):
        group = [c for c in comparison.of(change_kind) if c not in merged]
        if not group:
            continue
        lines += [f"**{t('diff_' + change_kind)}** ({len(group)})", ""]
        for c in group:
            parts: list[str] = []
            if c.status:
                parts.append(
                    t(
                        "diff_status",
                        before=label(CHOICE_LABELS, c.status[0], lang),
                        after=label(CHOICE_LABELS, c.status[1], lang),
                    )
                )
            if c.addressees:
                # Each problem-solver with its own level: a local and a
                # national addressing made together are at two levels.
                solvers = (
                    ", ".join(
                        f"{name('actor', a)} ({inline(config.label('levels', level, lang))})"
                        if (level := c.levels.get(a))
                        else name("actor", a)
                        for a in c.addressees[1]
                    )
                    or "-"
                )
                parts.append(t("diff_routed_each", solvers=solvers))
            # Only worth a line when there is more than the one solver the
            # status above already speaks of.
            if len(c.addressings) > 1 or (c.addressings and c.status is None):
                for actor, was, now in c.addressings:
                    parts.append(
                        t(
                            "diff_addressing",
                            solver=name("actor", actor),
                            before=label(CHOICE_LABELS, was, lang) if was else "-",
                            after=label(CHOICE_LABELS, now, lang),
                        )
                    )
            for f in c.fields:
                field_label = inline(label(FIELD_LABELS, f.name, lang))
                spec_kind = RECORD_TYPES[c.kind].references.get(f.name)
                shown_added = [
                    name(spec_kind, v) if spec_kind else value(v, c.kind, f.name) for v in f.added
                ]
                shown_removed = [
                    name(spec_kind, v) if spec_kind else value(v, c.kind, f.name) for v in f.removed
                ]
                if shown_added:
                    parts.append(
                        t("diff_list_added", field=field_label, items=", ".join(shown_added))
                    )
                if shown_removed:
                    parts.append(
                        t("diff_list_removed", field=field_label, items=", ".join(shown_removed))
                    )
                if f.personal:
                    parts.append(t("diff_personal_changed", field=field_label))
                elif not f.added and not f.removed:
                    before_text = value(f.before, c.kind, f.name)
                    parts.append(f"{field_label}: {before_text} → {value(f.after, c.kind, f.name)}")
            if c.history_added:
                notes = [inline(u.note) for u in c.history_added if u.note]
                text = t("diff_history", count=len(c.history_added))
                if notes:
                    text += ": " + "; ".join(notes)
                parts.append(text)
            head_text = f"- {kind_label(c.kind)} {name(c.kind, c.id)}"
            lines.append(head_text + (": " + "; ".join(parts) if parts else ""))
        lines.append("")
    if merged:
        lines += [f"**{t('diff_merged')}** ({len(merged)})", ""]
        for c in merged:
            lines.append(
                f"- {name('bottleneck', c.id)} → {name('bottleneck', c.merged_into or '')}"
            )
        lines.append("")
    if comparison.problems:
        lines += [f"**{t('diff_review')}** ({len(comparison.problems)})", ""]
        for problem in comparison.problems:
            lines.append(f"- {code(problem.path)}: {inline(problem.text(lang))}")
        lines.append("")
    return _within(lines, max_chars, lambda cut: t("diff_cut", count=cut))


def _within(lines: list[str], limit: int, cut_note: Callable[[int], str]) -> str:
    """The comment, whole if it fits; else as many lines as fit and a last line
    saying how many were left out (each line is one record or one problem)."""
    text = "\n".join(lines)
    if len(text) <= limit:
        return text
    kept: list[str] = []
    size = 0
    budget = limit - 500  # for the closing note
    for line in lines:
        shown = line if len(line) <= budget // 4 else line[: budget // 4] + " …"
        if size + len(shown) + 1 > budget:
            break
        kept.append(shown)
        size += len(shown) + 1
    left = sum(1 for line in lines[len(kept) :] if line.startswith("- "))
    return "\n".join([*kept, "", cut_note(left), ""])


def as_json(comparison: Comparison, lang: str) -> dict[str, Any]:
    return {
        "changes": [
            {
                "kind": c.kind,
                "id": c.id,
                "title": c.title,
                "change": c.change,
                "status": list(c.status) if c.status else None,
                "addressees": [list(a) for a in c.addressees] if c.addressees else None,
                "addressings": [
                    {"actor": actor, "before": before, "after": after, "level": c.levels.get(actor)}
                    for actor, before, after in c.addressings
                ],
                "levels": dict(c.levels),
                "merged_into": c.merged_into,
                "history_added": [
                    u.model_dump(mode="json", exclude_none=True) for u in c.history_added
                ],
                "fields": [
                    {
                        "name": f.name,
                        "before": f.before,
                        "after": f.after,
                        "added": f.added,
                        "removed": f.removed,
                        "personal": f.personal,
                    }
                    for f in c.fields
                ],
            }
            for c in comparison.changes
        ],
        "problems": [p.as_json(lang) for p in comparison.problems],
        "readers": [p.as_json(lang) for p in comparison.readers],
    }
