"""``knelpunt list KIND``: records of one kind, filtered; bottlenecks by priority."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from knelpunt.cli.context import command, options

if TYPE_CHECKING:
    import datetime as dt

    from knelpunt.memo import Question
    from knelpunt.queries import Listing
    from knelpunt.repo import Repository

NAME = "list"
#: The filters as typed: status, theme, level, addressee, region, phase, search.
Given = tuple[
    str | None, str | None, str | None, str | None, str | None, int | None, str | None, bool | None
]


def option(flag: str, key: str) -> Any:
    return typer.Option(flag, help=key)


@command(NAME, help="list")
def list_command(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="KIND", help="list_kind")],
    status: Annotated[str | None, option("--status", "filter_status")] = None,
    theme: Annotated[str | None, option("--theme", "filter_theme")] = None,
    level: Annotated[str | None, option("--level", "filter_level")] = None,
    addressee: Annotated[str | None, option("--addressee", "filter_addressee")] = None,
    region: Annotated[str | None, option("--region", "filter_region")] = None,
    phase: Annotated[int | None, option("--phase", "filter_phase")] = None,
    search: Annotated[str | None, option("--search", "filter_search")] = None,
    open_only: Annotated[bool, option("--open", "filter_open")] = False,
    as_json: Annotated[bool, option("--json", "as_json")] = False,
) -> int:
    import datetime as dt
    import json

    from knelpunt.choices import kind_from_word

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    chosen = kind_from_word(kind)
    given: Given = (status, theme, level, addressee, region, phase, search, open_only or None)
    today = dt.date.today()
    if chosen == "bottleneck" and not as_json:
        _bottleneck_table(repo, given, today, lang_now)
        return 0
    from knelpunt.memo import keep, remembered
    from knelpunt.queries import Filters, listed_state, listing, public_data
    from knelpunt.store import load_scanned
    from knelpunt.texts import with_long_text

    filters = Filters(*given)
    asked = ("list", chosen, "json" if as_json else lang_now, today.isoformat(), *map(repr, given))
    text, question = remembered(repo, *asked)
    if text is not None and as_json:  # nothing it was made of changed
        sys.stdout.write(text)
        return 0
    # Long texts only of what is searched and shown: never a history's notes,
    # and of the bottlenecks (listed as JSON) only those listed.
    records = load_scanned(repo, question.scanned, lean=True)
    if chosen != "bottleneck" or filters.search:
        with_long_text(repo, records, list(records.of(chosen)), history=False)
    result = listing(repo, records, chosen, filters, today)
    if chosen == "bottleneck" and not filters.search:  # a search has them all already
        with_long_text(repo, records, [r.id for r in result.records], history=False)
    if as_json:
        rows = []
        lean = {row.id: row for row in result.rows}
        for record in result.records:
            data = public_data(record)
            if chosen == "bottleneck":
                data |= listed_state(lean[record.id])
                data["score"] = result.scores[record.id].total
            rows.append(data)
        printed = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
        sys.stdout.write(printed)
        if not records.problems:
            keep(repo, question, printed)
        return 0
    print_listing(repo, result, lang_now)
    return 0


def _bottleneck_table(repo: "Repository", given: Given, today: "dt.date", lang: str) -> None:
    """The bottlenecks by priority. The table needs no full record (the lean
    index answers it), and when nothing changed since the same table was
    printed last, the text printed then is printed again."""
    from knelpunt.cli.tables import print_remembered

    def make(question: "Question") -> tuple[str | None, bool]:
        from knelpunt.queries import Filters, bottleneck_listing

        result = bottleneck_listing(repo, Filters(*given), today, question.scanned)
        return print_listing(repo, result, lang), result.clean

    print_remembered(repo, ("list", lang, today.isoformat(), *map(repr, given)), make)


def print_listing(repo: "Repository", result: "Listing", lang: str) -> str | None:
    """Print the listing; the text printed, when it can be printed again as it is."""
    from knelpunt.cli.tables import print_table
    from knelpunt.formats import number, short_date
    from knelpunt.messages import CHOICE_LABELS, FIELD_LABELS, label, message
    from knelpunt.queries import levels_text, solvers_text

    if not (result.rows if result.kind == "bottleneck" else result.records):
        print(message("empty_list", lang))
        return None
    columns: list[tuple[str, Any]]
    if result.kind == "bottleneck":
        names = result.labels
        columns = [
            ("col_id", lambda r: r.id),
            ("col_title", lambda r: r.title),
            ("col_status", lambda r: label(CHOICE_LABELS, r.status, lang)),
            ("col_theme", lambda r: repo.config.label("themes", r.theme, lang)),
            ("col_level", lambda r: levels_text(repo.config, r, lang, ",\n")),
            ("col_solver", lambda r: solvers_text(r, names, lang, ",\n")),
            ("col_score", lambda r: number(result.scores[r.id].total, lang)),
        ]
        headers = [message(key, lang) for key, _ in columns]
        return print_table(headers, [[str(get(r)) for _, get in columns] for r in result.rows])
    if result.kind == "initiative":
        columns = [
            ("col_id", lambda r: r.id),
            ("col_name", lambda r: r.name),
            ("col_municipality", lambda r: r.municipality),
            ("col_region", lambda r: repo.config.label("regions", r.region or "", lang)),
            ("col_phase", lambda r: str(r.phase or "")),
        ]
    elif result.kind == "meeting":
        columns = [
            ("col_id", lambda r: r.id),
            ("col_date", lambda r: short_date(r.date, lang)),
            ("col_title", lambda r: r.title),
            ("col_explorer", lambda r: r.explorer),
            ("col_place", lambda r: r.place or ""),
        ]
    elif result.kind == "question":
        columns = [
            ("col_id", lambda r: r.id),
            ("col_date", lambda r: short_date(r.date, lang)),
            ("col_topic", lambda r: r.topic),
            ("col_answered", lambda r: short_date(r.answered_on, lang) if r.answered_on else "-"),
        ]
    elif result.kind == "actor":
        columns = [
            ("col_id", lambda r: r.id),
            ("col_name", lambda r: r.name),
            ("col_type", lambda r: repo.config.label("actor_types", r.type, lang)),
            ("col_level", lambda r: repo.config.label("levels", r.level, lang)),
        ]
    elif result.kind in ("ranking", "notice"):
        # Who, when, and what: headed by the names of the fields.
        def initiative(r: Any) -> str:
            found = result.all_records.of("initiative").get(r.initiative)
            return f"{found.label()} ({r.initiative})" if found else str(r.initiative)

        fields: list[tuple[str, Any]] = [
            ("id", lambda r: r.id),
            ("date", lambda r: short_date(r.date, lang)),
            ("initiative", initiative),
        ]
        if result.kind == "ranking":
            fields += [("round", lambda r: r.round), ("order", lambda r: len(r.order))]
        else:
            fields += [
                ("via", lambda r: label(CHOICE_LABELS, r.via, lang)),
                ("bottlenecks", lambda r: len(r.bottlenecks)),
            ]
        headers = [label(FIELD_LABELS, name, lang) for name, _ in fields]
        rows = [[str(get(r)) for _, get in fields] for r in result.records]
        return print_table(headers, rows)
    else:
        columns = [
            ("col_id", lambda r: r.id),
            ("col_title", lambda r: r.title),
            ("col_theme", lambda r: repo.config.label("themes", r.theme or "", lang)),
        ]
    headers = [message(key, lang) for key, _ in columns]
    return print_table(headers, [[str(get(r)) for _, get in columns] for r in result.records])
