"""``knelpunt diff [BASE [HEAD]]``: what a change did, record by record."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import Annotated

import typer

from knelpunt.cli.context import options
from knelpunt.messages import help_text


def register(app: typer.Typer, lang: str) -> None:
    @app.command("diff", help=help_text("diff", lang))
    def diff_command(
        ctx: typer.Context,
        base: Annotated[
            str | None, typer.Argument(metavar="[BASE]", help=help_text("diff_base", lang))
        ] = None,
        head: Annotated[
            str | None, typer.Argument(metavar="[HEAD]", help=help_text("diff_head", lang))
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help=help_text("as_json", lang))] = False,
    ) -> int:
        import json

        from knelpunt import diff, revisions
        from knelpunt.messages import message
        from knelpunt.store import load_all

        opts = options(ctx)
        repo = opts.repository()
        lang_now = opts.language(repo)
        base_rev = base or revisions.default_base(repo.root)
        _, before, base_commit = revisions.load_at(repo, base_rev)
        if head is None:
            after, head_label = load_all(repo), message("working_tree", lang_now)
        else:
            _, after, head_commit = revisions.load_at(repo, head)
            head_label = f"{head} ({head_commit.hexsha[:8]})"
        comparison = diff.compare(before, after)
        if as_json:
            print(json.dumps(diff.as_json(comparison, lang_now), ensure_ascii=False, indent=2))
        else:
            base_label = f"{base} ({base_commit.hexsha[:8]})" if base else base_commit.hexsha[:8]
            print(
                diff.markdown(
                    comparison, before, after, repo.config, lang_now, base_label, head_label
                )
            )
        return 0
