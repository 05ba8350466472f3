"""``knelpunt search TEXT``: one search over bottlenecks, workarounds and the rest."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import Annotated

import typer

from knelpunt.cli.context import command, options


@command("search", help="search")
def search_command(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(metavar="TEXT", help="search_text")],
    kind: Annotated[
        list[str] | None, typer.Option("--kind", metavar="KIND", help="search_kind")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="search_limit")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="as_json")] = False,
) -> int:
    import json

    from knelpunt.choices import kind_from_word
    from knelpunt.errors import KnelpuntError
    from knelpunt.escape import terminal
    from knelpunt.messages import message
    from knelpunt.search import KINDS, search

    # Several words typed without quotes are one search, as with quotes.
    query = " ".join(text)
    opts = options(ctx)
    repo = opts.repository()
    lang_now = opts.language(repo)
    chosen: list[str] = []
    for word in kind or []:
        found = kind_from_word(word)
        if found not in KINDS:
            raise KnelpuntError(
                "search_kind_unknown",
                kind=word,
                allowed=", ".join(message(f"kind_{k}", lang_now) for k in KINDS),
            )
        chosen.append(found)
    results = search(repo, query, chosen, limit)
    if as_json:
        print(json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=2))
        return 0
    if not results:
        print(terminal(message("search_none", lang_now, text=query)))
        return 0
    for result in results:
        # Record text reaches a terminal: escape sequences are shown, not obeyed.
        kind_word = message(f"kind_{result.kind}", lang_now)
        print(f"{result.id}  {kind_word}  {terminal(result.title)}")
        if result.snippet:
            print(f"    {terminal(result.snippet)}")
    return 0
