"""``knelpunt todo``: the coordination group's worklist, most urgent first."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import TYPE_CHECKING, Annotated, Any

import typer

from knelpunt.cli.context import command, options

if TYPE_CHECKING:
    from datetime import date

    from knelpunt.store import RecordSet
    from knelpunt.worklist import Item


@command("todo", help="todo")
def todo_command(
    ctx: typer.Context,
    for_actor: Annotated[
        str | None, typer.Option("--for", metavar="ACTOR", help="todo_for")
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="todo_region")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="as_json")] = False,
    date: Annotated[str | None, typer.Option("--date", help="as_of")] = None,
) -> int:
    import json

    from knelpunt import actions
    from knelpunt.choices import parse_date, vocabulary_key
    from knelpunt.messages import message
    from knelpunt.store import load_all
    from knelpunt.worklist import Words, worklist
    from knelpunt.worklist import as_json as items_json

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    today = parse_date(date)
    solver = actions.find_actor(repo, for_actor) if for_actor is not None else None
    area = vocabulary_key(repo.config, "regions", region) if region is not None else None
    words = Words(*(message(f"todo_word_{w}", lang_now) for w in ("solver", "text", "folder")))
    # Lean: a worklist shows titles; the notes of declines it takes back itself.
    records = load_all(repo, lean=True)
    items = worklist(repo, records, today, words, solver, area)
    if as_json:
        print(json.dumps(items_json(items), ensure_ascii=False, indent=2))
        return 0
    print_items(items, records, lang_now, today)
    return 0


def print_items(items: "list[Item]", records: "RecordSet", lang: str, today: "date") -> None:
    from knelpunt.formats import long_date
    from knelpunt.messages import message

    if not items:
        print(message("todo_nothing", lang, date=long_date(today, lang)))
        return
    print(message("todo_heading", lang, count=len(items), date=long_date(today, lang)))
    kind = None
    for number, item in enumerate(items, 1):
        if item.kind != kind:
            kind = item.kind
            count = sum(1 for i in items if i.kind == kind)
            print()
            print(message(f"todo_kind_{kind}", lang, count=count))
        print(f"{number:>3}. {line(item, records, lang)}")
        print(f"     {item.command}")


def line(item: "Item", records: "RecordSet", lang: str) -> str:
    """The line of one item in the reader's language; text people typed is
    made safe for a terminal."""
    from knelpunt.escape import terminal
    from knelpunt.formats import short_date
    from knelpunt.messages import CHOICE_LABELS, label, message

    def name(record_id: str | None) -> str:
        if record_id is None:
            return "-"
        found = records.find(record_id)
        return terminal(found[1].label()) if found else record_id

    params: dict[str, Any] = {}
    for key, value in item.details.items():
        if hasattr(value, "isoformat"):
            params[key] = short_date(value, lang)
        elif isinstance(value, str):
            params[key] = terminal(value)
        else:
            params[key] = value
    params["id"] = item.bottleneck or ""
    params["title"] = terminal(item.title or "")
    if "actor" in item.details:
        params["solver"] = name(item.details["actor"])
    if "initiative" in item.details and item.kind == "disputed":
        params["initiative"] = name(item.details["initiative"])
    if item.kind == "awaiting-routing":
        rule = item.details.get("rule")
        params["severity"] = item.details.get("severity") or "-"
        params["rule"] = (
            message("todo_rule", lang, rule=rule) if rule else message("todo_no_rule", lang)
        )
        params["count"] = item.details["days"]
    elif item.kind == "overdue":
        params["count"] = item.details["days"]
    elif item.kind == "declined":
        note = item.details.get("note")
        params["note"] = (
            message("todo_note", lang, note=terminal(" ".join(note.split())))
            if note
            else message("todo_no_note", lang)
        )
        still = item.details.get("still") or []
        if still:
            params["still"] = ", ".join(name(actor) for actor in still)
            params["count"] = len(still)
            return message("todo_line_declined_still", lang, **params)
    elif item.kind == "no-proposal":
        params["status"] = label(CHOICE_LABELS, item.details["status"], lang)
    elif item.kind == "duplicate":
        params["into_title"] = terminal(item.details["into_title"])
        params["score"] = f"{item.details['score']:.2f}"
    elif item.kind == "untold":
        params["count"] = item.details["steps"]
    elif item.kind == "meetings-behind":
        params["count"] = item.details["planned"]
    return message(f"todo_line_{item.kind}", lang, **params)
