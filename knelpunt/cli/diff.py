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
    import sys

    from knelpunt import diff, revisions
    from knelpunt.messages import message
    from knelpunt.store import load_all

    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    if base is not None and head is None:
        # One revision: what that branch adds since it left main, as a reviewer reads it.
        base_rev = revisions.default_base(repo.root, base)
        base, head = None, base
    else:
        base_rev = base or revisions.default_base(repo.root)
    _, before, base_commit = revisions.load_at(repo, base_rev)
    if head is None:
        after, head_label = load_all(repo), message("working_tree", lang_now)
    else:
        _, after, head_commit = revisions.load_at(repo, head)
        head_label = f"{head} ({head_commit.hexsha[:8]})"
    comparison = diff.compare(before, after)
    if as_json:
        text = json.dumps(diff.as_json(comparison, lang_now), ensure_ascii=False, indent=2)
    else:
        base_label = f"{base} ({base_commit.hexsha[:8]})" if base else base_commit.hexsha[:8]
        text = diff.markdown(
            comparison, before, after, repo.config, lang_now, base_label, head_label
        )
    if output is None:
        print(text)
    else:
        from knelpunt.atomic import write_document

        write_document(output, text + "\n", force)
        print(message("written", lang_now, path=output), file=sys.stderr)
    return 0
