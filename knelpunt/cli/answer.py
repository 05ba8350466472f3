"""``knelpunt answer QUESTION --text ... --by ...``: a question answered."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import Annotated

import typer

from knelpunt.cli.context import command, options


@command("answer", help="answer")
def answer_command(
    ctx: typer.Context,
    question_id: Annotated[str, typer.Argument(metavar="QUESTION", help="answer_question")],
    text: Annotated[str, typer.Option("--text", help="answer_text")],
    by: Annotated[str, typer.Option("--by", help="answer_by")],
    date: Annotated[str | None, typer.Option("--date", help="date")] = None,
) -> int:
    from knelpunt import choices, frontrunners
    from knelpunt.messages import message

    opts = options(ctx)
    repo = opts.repository()
    found = frontrunners.answer(repo, question_id, text, by, choices.parse_date(date))
    path = repo.relative(repo.record_path("question", found.id))
    typer.echo(message("answer_saved", opts.language(repo), path=path))
    return 0
