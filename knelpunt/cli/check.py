"""``knelpunt check``: validate every record and report every problem."""

# No "from __future__ import annotations" here: Typer reads these annotations
# at run time.

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from knelpunt.cli.context import command, options

if TYPE_CHECKING:
    from knelpunt.problems import Problem


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@command("check", help="check")
def check_command(
    ctx: typer.Context,
    output_format: Annotated[Format, typer.Option("--format", help="check_format")] = Format.text,
    against: Annotated[
        str | None,
        typer.Option("--against", metavar="REV", help="check_against"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="check_json")] = False,
) -> int:
    # --json as every other command has it: the same as --format json.
    return run(ctx, Format.json if as_json else output_format, against)


def github_annotation(problem: "Problem", lang: str) -> str:
    """A workflow command that GitHub shows at the file's line. Every part is
    escaped as GitHub's toolkit does, so a record's text cannot end the
    command early or forge a second one."""
    from knelpunt.escape import github_data, github_property

    level = "error" if problem.severity == "error" else "warning"
    place = ",".join(
        f"{name}={github_property(value)}"
        for name, value in (("file", problem.path), ("line", problem.line), ("col", problem.column))
    )
    text = f"{problem.record_id or ''} {problem.field}: {problem.text(lang)}".strip()
    return f"::{level} {place}::{github_data(text)}"


def run(ctx: typer.Context, output_format: Format, against: str | None = None) -> int:
    from knelpunt.escape import terminal
    from knelpunt.memo import remembered_check
    from knelpunt.messages import message
    from knelpunt.scanning import scan

    opts = options(ctx)
    repo = opts.repository()
    lang = opts.language(repo)
    scanned = scan(repo)
    known = remembered_check(scanned)  # nothing changed: no record is loaded
    checked = None
    if known is not None:
        from knelpunt.journal import merge_problems

        problems, files = [*merge_problems(repo), *known[0]], known[1]
    else:
        from knelpunt.checks import check_repository

        result = check_repository(repo, scanned=scanned, keep=against is not None)
        problems, files, checked = result.problems, result.files, result.records
    if against is not None:
        from knelpunt import diff, revisions

        # From where HEAD left REV, as a pull request compares: a record that
        # arrived on REV since is not this change removing it.
        base = revisions.merge_base(repo.root, against)
        # The set just checked, if one was read: two were over 400 MB at 50,000.
        comparison = diff.between(repo, base, None, checked)[0]
        # What readers get beyond the records (templates, settings): warnings.
        problems.extend([*comparison.problems, *comparison.readers])
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if output_format is Format.json:
        payload = {
            "files": files,
            "errors": len(errors),
            "warnings": len(warnings),
            "problems": [p.as_json(lang) for p in problems],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    elif output_format is Format.github:
        for problem in problems:
            print(github_annotation(problem, lang))
    else:
        for problem in problems:
            print(terminal(problem.render(lang)))
        if errors:
            print(
                message(
                    "check_failed",
                    lang,
                    count=len(errors),
                    files=len({p.path for p in errors}),
                    checked=files,
                ),
                file=sys.stderr,
            )
        else:
            print(message("check_ok", lang, count=files), file=sys.stderr)
        if warnings:
            print(message("check_warnings", lang, count=len(warnings)), file=sys.stderr)
    return 1 if errors else 0
