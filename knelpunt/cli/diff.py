"""``knelpunt diff [BASE [HEAD]]``: what a change did, record by record."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from pathlib import Path
from typing import Annotated

import typer

from knelpunt.cli.context import command, options


@command("diff", help="diff")
def diff_command(
    ctx: typer.Context,
    base: Annotated[str | None, typer.Argument(metavar="[BASE]", help="diff_base")] = None,
    head: Annotated[str | None, typer.Argument(metavar="[HEAD]", help="diff_head")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="as_json")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="output")] = None,
    force: Annotated[bool, typer.Option("--force", help="force")] = False,
) -> int:
    import json

    from knelpunt import diff, revisions
    from knelpunt.cli.output import hand_over
    from knelpunt.messages import message

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    if base is not None and head is None:
        # One revision: what that branch adds since it left main, as a reviewer reads it.
        base_rev = revisions.default_base(repo.root, base)
        base, head = None, base
    elif base is None:
        base_rev = revisions.default_base(repo.root)
    else:
        # As a pull request compares: from where HEAD left BASE, so that what
        # arrived on BASE since is not shown as removed by this branch.
        base_rev = revisions.merge_base(repo.root, base, head)
    comparison, before, after, base_commit, head_commit = diff.between(repo, base_rev, head)
    if head_commit is None:
        head_label = message("working_tree", lang_now)
    else:
        head_label = f"{head} ({head_commit.hexsha[:8]})"
    if as_json:
        text = json.dumps(diff.as_json(comparison, lang_now), ensure_ascii=False, indent=2)
    else:
        base_label = f"{base} ({base_commit.hexsha[:8]})" if base else base_commit.hexsha[:8]
        text = diff.markdown(
            comparison, before, after, repo.config, lang_now, base_label, head_label
        )
    hand_over([text + "\n"], output, force, lang_now)
    return 0
