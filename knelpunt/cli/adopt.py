"""``knelpunt adopt SOLUTION --initiative INI --result R``: a workaround taken over."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import Annotated

import typer

from knelpunt.cli.context import command, options


@command("adopt", help="adopt")
def adopt_command(
    ctx: typer.Context,
    solution_id: Annotated[str, typer.Argument(metavar="SOLUTION", help="adopt_solution")],
    initiative: Annotated[str, typer.Option("--initiative", help="adopt_initiative")],
    result: Annotated[str, typer.Option("--result", help="adopt_result")],
    note: Annotated[str | None, typer.Option("--note", help="note")] = None,
    date: Annotated[str | None, typer.Option("--date", help="date")] = None,
) -> int:
    from knelpunt import choices, knowledge
    from knelpunt.choices import choice_key
    from knelpunt.messages import CHOICE_LABELS, label, message

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    key = choice_key(knowledge.RESULTS, result, "result")  # werkt, deels, werkt hier niet too
    adoption = knowledge.adopt(repo, solution_id, initiative, key, choices.parse_date(date), note)
    typer.echo(
        message(
            "adopt_done",
            lang_now,
            record_id=solution_id.strip().lower(),
            initiative=adoption.initiative,
            result=label(CHOICE_LABELS, key, lang_now),
            path=repo.relative(repo.record_path("solution", solution_id.strip().lower())),
        )
    )
    return 0
