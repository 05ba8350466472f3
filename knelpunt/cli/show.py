"""``knelpunt show ID``: one record, its history, its links and its git changes."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import Annotated

import typer

from knelpunt.cli.context import command, options


@command("show", help="show")
def show_command(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="show_id")],
    personal: Annotated[bool, typer.Option("--personal", help="personal")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="as_json")] = False,
) -> int:
    import datetime as dt
    import json
    import sys

    from knelpunt.cli.tables import print_table
    from knelpunt.messages import message
    from knelpunt.queries import record_view
    from knelpunt.store import load_all
    from knelpunt.texts import with_long_text

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    # Long text only for the record shown: at 50,000 bottlenecks the others'
    # would be 80 MB.
    records = load_all(repo, lean=True)
    with_long_text(repo, records, [record_id])
    view = record_view(repo, records, record_id, personal, dt.date.today())
    if view.shows_personal:
        print(message("personal_shown", lang_now), file=sys.stderr)
    if as_json:
        print(json.dumps(view.as_json(), ensure_ascii=False, indent=2))
        return 0
    rows = view.rows(records, repo.config, lang_now)
    print_table(["", ""], rows, title=f"{record_id}  {view.record.label()}")
    history = view.history_rows(lang_now, records)
    if history:
        headers = [message(k, lang_now) for k in ("col_date", "col_by", "col_status", "col_note")]
        print_table(headers, history, title=message("show_history", lang_now))
    if view.commits:
        headers = [message(k, lang_now) for k in ("col_commit", "col_date", "col_by", "col_note")]
        print_table(headers, view.commit_rows(lang_now), title=message("show_git", lang_now))
    return 0
