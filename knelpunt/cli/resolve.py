"""``knelpunt resolve [ID ...]``: choose field by field after a git merge conflict."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import TYPE_CHECKING, Annotated, Any

import typer

from knelpunt.cli.context import command, options
from knelpunt.escape import terminal

if TYPE_CHECKING:
    from knelpunt.conflicts import ConflictedRecord, FieldDifference, Side
    from knelpunt.store import RecordSet


@command("resolve", help="resolve")
def resolve_command(
    ctx: typer.Context,
    record_ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="[ID]...", help="resolve_ids"),
    ] = None,
    ours: Annotated[bool, typer.Option("--ours", help="resolve_take_ours")] = False,
    theirs: Annotated[bool, typer.Option("--theirs", help="resolve_take_theirs")] = False,
    field: Annotated[
        list[str] | None,
        typer.Option("--field", metavar="FIELD=SIDE", help="resolve_field"),
    ] = None,
    personal: Annotated[bool, typer.Option("--personal", help="resolve_personal")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="resolve_dry")] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="no_input")] = False,
) -> int:
    import sys

    from knelpunt import conflicts
    from knelpunt.errors import KnelpuntError
    from knelpunt.messages import message
    from knelpunt.store import load_all

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    if ours and theirs:
        from knelpunt.cli._click import UsageError

        raise UsageError(message("resolve_ours_or_theirs", lang_now))
    given = conflicts.parse_field_choices(field or [])
    found = conflicts.conflicted_records(repo, record_ids or [])
    if not found:
        from knelpunt.gitrepo import unmerged_files

        if record_ids:
            raise KnelpuntError("resolve_not_found", record_id=", ".join(record_ids))
        waiting = unmerged_files(repo.root)
        if waiting:
            # Modify/delete and rename conflicts leave no markers to choose from.
            raise KnelpuntError("resolve_without_markers", files=", ".join(waiting))
        typer.echo(message("resolve_none", lang_now))
        return 0
    records = load_all(repo, lean=True)  # only to name the records a side refers to
    interactive = not no_input and sys.stdin.isatty()
    for conflicted in found:
        choices = _choose(
            conflicted,
            given,
            "ours" if ours else "theirs" if theirs else None,
            interactive,
            personal,
            records,
            lang_now,
        )
        if dry_run:
            hidden = _personal_fields(conflicted.kind) if not personal else set()
            masked = dict.fromkeys(hidden, message("resolve_hidden", lang_now))
            text = conflicts.resolved_text(conflicted.sides, choices, masked)
            typer.echo(message("resolve_dry_run", lang_now, path=conflicted.relative))
            typer.echo(terminal(text), nl=False)
            continue
        _record, staged = conflicts.resolve(repo, conflicted, choices)
        typer.echo(message("resolve_saved", lang_now, path=conflicted.relative))
        typer.echo(message("resolve_history", lang_now))
        if staged:
            typer.echo(message("resolve_staged", lang_now))
    return 0


def _choose(
    conflicted: "ConflictedRecord",
    given: "dict[str, Side]",
    everywhere: "Side | None",
    interactive: bool,
    personal: bool,
    records: "RecordSet",
    lang: str,
) -> "dict[str, Side]":
    """Show the fields that differ, then a side for each (``conflicts.choose_sides``),
    asking on a terminal."""
    from knelpunt.conflicts import choose_sides
    from knelpunt.messages import message

    _show(conflicted, personal, records, lang)

    def taken(difference: "FieldDifference", side: "Side") -> None:
        side_name = message("resolve_ours" if side == "ours" else "resolve_theirs", lang)
        typer.echo(
            message("resolve_automatic", lang, field=_label(difference.name, lang), side=side_name)
        )

    def ask(difference: "FieldDifference") -> "Side":
        return _ask(difference, _label(difference.name, lang), lang)

    return choose_sides(conflicted.sides, given, everywhere, ask if interactive else None, taken)


def _ask(difference: "FieldDifference", label: str, lang: str) -> "Side":
    from knelpunt.messages import message

    allowed = {"1": "ours", "2": "theirs"} | ({"3": "both"} if difference.is_list else {})
    key = "resolve_ask" if difference.is_list else "resolve_ask_scalar"
    while True:
        answer = input(message(key, lang, field=label) + ": ").strip().lower()
        if answer in allowed:
            return allowed[answer]  # type: ignore[return-value]
        if answer in ("ours", "theirs", "both") and answer in allowed.values():
            return answer  # type: ignore[return-value]
        # The words the question explains the numbers with name them too.
        said = {"deze": "ours", "binnenkomend": "theirs", "binnenkomende": "theirs"}
        said |= {"this": "ours", "incoming": "theirs", "beide": "both"}
        for word in answer.split():
            if said.get(word) in allowed.values():
                return said[word]  # type: ignore[return-value]
        typer.echo(
            message("resolve_choice_bad", lang, answer=terminal(answer), allowed="/".join(allowed))
        )


def _show(conflicted: "ConflictedRecord", personal: bool, records: "RecordSet", lang: str) -> None:
    """Each differing field with both values under it: long texts stay readable
    in a narrow terminal, which side-by-side columns would not."""
    from knelpunt.messages import message

    sides = conflicted.sides
    conflict = sides.conflict
    typer.echo(
        message("resolve_header", lang, path=conflicted.relative, count=len(sides.differences))
    )
    heads = (
        f"1 {message('resolve_ours', lang)} ({conflict.ours_label or 'HEAD'})",
        f"2 {message('resolve_theirs', lang)} ({conflict.theirs_label or '?'})",
    )
    width = max(len(head) for head in heads) + 2
    hidden = _personal_fields(conflicted.kind) if not personal else set()
    if personal and any(d.name in _personal_fields(conflicted.kind) for d in sides.differences):
        typer.echo(message("personal_shown", lang), err=True)
    for difference in sides.differences:
        typer.echo("")
        typer.echo(_label(difference.name, lang))
        for head, value in zip(heads, (difference.ours, difference.theirs), strict=True):
            if difference.name in hidden:
                shown = message("resolve_hidden", lang)
            else:
                shown = _format(value, records, lang)
            lines = shown.split("\n")
            typer.echo(f"  {(head + ':').ljust(width)}{terminal(lines[0])}")
            for line in lines[1:]:
                typer.echo(f"  {' ' * width}{terminal(line)}")
    typer.echo("")


def _personal_fields(kind: str) -> set[str]:
    from knelpunt.models import model_for

    return set(getattr(model_for(kind), "personal_fields", ()))


def _label(name: str, lang: str) -> str:
    from knelpunt.messages import FIELD_LABELS, label

    shown = label(FIELD_LABELS, name, lang)
    return shown if shown == name else f"{shown} ({name})"


def _format(value: Any, records: "RecordSet", lang: str) -> str:
    from knelpunt.conflicts import MISSING
    from knelpunt.messages import message

    if value is MISSING or value is None:
        return message("resolve_missing", lang)
    if isinstance(value, list):
        return "\n".join(f"- {_format(item, records, lang)}" for item in value) or "[]"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_format(v, records, lang)}" for k, v in value.items())
    text = str(value)
    found = records.find(text) if len(text) < 40 else None
    if found is not None:
        record = found[1]
        name = getattr(record, "name", None) or getattr(record, "title", None)
        if name:
            return f"{text} ({name})"
    return text
