"""``knelpunt add KIND``: a guided prompt on a terminal, flags when unattended.

One flag per field, made from the model (``--title``, ``--reported-by`` which
may be repeated, ``--contact-name``), so a field added to a model gets a flag
without being listed here.
"""

# No "from __future__ import annotations": Typer reads these annotations at run time.

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from knelpunt.cli.context import options
from knelpunt.escape import terminal
from knelpunt.ids import PREFIXES, WRITTEN_BY_COMMANDS
from knelpunt.messages import FIELD_LABELS, help_text, label

if TYPE_CHECKING:
    from knelpunt.fields import FieldSpec

COMMON = ("no_input", "as_json", "by", "ctx")


def _parameter(name: str, annotation: Any, option: Any, default: Any = None) -> inspect.Parameter:
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=Annotated[annotation, option],
    )


def _metavar(spec: "FieldSpec", lang: str) -> str:
    if spec.type == "choice":
        from knelpunt.choices import short_label

        return "|".join(short_label(str(c), lang) for c in spec.choices)
    dutch = lang != "en"
    return {
        "reference": "ID",
        "vocabulary": "SLEUTEL" if dutch else "KEY",
        "date": "DATUM" if dutch else "DATE",
        "int": "N",
    }.get(spec.type, "TEKST" if dutch else "TEXT")


def _field_parameters(spec: "FieldSpec", lang: str) -> list[inspect.Parameter]:
    from knelpunt.fields import CONTACT_FIELDS

    text = label(FIELD_LABELS, spec.name, lang)
    if spec.vocabulary:
        text += f" (knelpunt.yaml: {spec.vocabulary})"
    if spec.type == "contact":
        return [
            _parameter(
                f"contact_{part}",
                str | None,
                typer.Option(
                    f"--contact-{part}",
                    help=label(FIELD_LABELS, f"contact_{part}", lang),
                    rich_help_panel="Contact",
                ),
            )
            for part in CONTACT_FIELDS
        ]
    if spec.type == "bool":
        flag = spec.flag
        return [
            _parameter(spec.name, bool | None, typer.Option(f"{flag}/--no-{flag[2:]}", help=text))
        ]
    if spec.many:
        option = typer.Option(spec.flag, help=text, metavar=_metavar(spec, lang))
        return [_parameter(spec.name, list[str] | None, option)]
    option = typer.Option(spec.flag, help=text, metavar=_metavar(spec, lang))
    return [_parameter(spec.name, str | None, option)]


def _command(kind: str, lang: str) -> Callable[..., int]:
    from knelpunt.fields import fields_of

    def command(**values: Any) -> int:
        ctx = values.pop("ctx")
        no_input = values.pop("no_input")
        as_json = values.pop("as_json")
        by = values.pop("by")
        return run(ctx, kind, values, no_input, as_json, by)

    parameters = [
        inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context),
    ]
    for spec in fields_of(kind):
        parameters += _field_parameters(spec, lang)
    if kind == "bottleneck":  # sources: not asked by the prompt, a flag of their own
        metavar = (
            '"TITEL; JAAR; UITGEVER; LINK"' if lang != "en" else '"TITLE; YEAR; PUBLISHER; LINK"'
        )
        option = typer.Option("--source", help=help_text("source", lang), metavar=metavar)
        parameters.append(_parameter("source", list[str] | None, option))
        metavar = (
            '"BEDRAG; PER; VANAF; BETAALD_DOOR; WAARVOOR"'
            if lang != "en"
            else '"AMOUNT; PER; FROM; PAID_BY; FOR"'
        )
        option = typer.Option("--cost", help=help_text("cost", lang), metavar=metavar)
        parameters.append(_parameter("cost", list[str] | None, option))
    parameters += [
        _parameter(
            "no_input", bool, typer.Option("--no-input", help=help_text("no_input", lang)), False
        ),
        _parameter("as_json", bool, typer.Option("--json", help=help_text("as_json", lang)), False),
        _parameter("by", str | None, typer.Option("--by", help=help_text("by", lang))),
    ]
    command.__signature__ = inspect.Signature(parameters, return_annotation=int)  # type: ignore[attr-defined]
    command.__name__ = f"add_{kind}"
    return command


def _placeholder(ctx: typer.Context) -> int:
    return 0


def register(app: typer.Typer, lang: str, full: bool = True) -> None:
    """Add ``knelpunt add KIND``. Its flags are read from the models, which
    import Pydantic; when the command line does not use ``add`` (``--help``,
    ``check``), the kinds are listed without their flags to start quickly."""
    add_app = typer.Typer(help=help_text("add", lang), no_args_is_help=True)
    for kind in PREFIXES:
        if kind in WRITTEN_BY_COMMANDS:  # a notice is what notify sent: never typed in
            continue
        command = _command(kind, lang) if full else _placeholder
        add_app.command(kind, help=help_text(f"add_{kind}", lang))(command)
    app.add_typer(add_app, name="add")


def run(
    ctx: typer.Context,
    kind: str,
    values: dict[str, Any],
    no_input: bool,
    as_json: bool,
    by: str | None,
) -> int:
    import json
    import sys

    from knelpunt import actions, choices

    opts = options(ctx)
    repo = opts.repository()
    lang = opts.language(repo)
    given = {k: v for k, v in values.items() if v not in (None, [], ())}
    if not no_input and not given and sys.stdin.isatty() and sys.stdout.isatty():
        from knelpunt.cli.prompts import run_interactive

        # Without a name git knows, the prompt asks: never the login name.
        run_interactive(repo, kind, lang, actions.known_author(repo, by))
        return 0
    if kind == "bottleneck" and "reported_on" not in given:
        given["reported_on"] = choices.parse_date(None).isoformat()
    record = actions.build(repo, kind, given)
    when = getattr(record, "date", None)
    if kind == "meeting" and when is not None and when > choices.parse_date(None):
        from knelpunt.messages import message

        print(message("meeting_in_future", lang, date=when.isoformat()), file=sys.stderr)
    similar = _similar(repo, record) if kind == "bottleneck" else []
    from knelpunt import store

    path = store.create(repo, record)
    if as_json:
        payload: dict[str, Any] = {
            "record": record.model_dump(mode="json", exclude_none=True),
            "path": repo.relative(path),
        }
        if kind == "bottleneck":
            payload["similar"] = similar
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        from knelpunt.messages import CHOICE_LABELS, label, message

        typer.echo(message("prompt_saved", lang, path=repo.relative(path)))
        if similar:
            typer.echo(message("prompt_similar", lang))
            for match in similar:
                status = label(CHOICE_LABELS, match["status"], lang)
                typer.echo(terminal(f"  {match['id']}  {match['title']} [{status}]"))
    return 0


def _similar(repo: Any, record: Any) -> list[dict[str, Any]]:
    from knelpunt.index import similar_bottlenecks
    from knelpunt.store import load_all

    records = load_all(repo, lean=True)  # what is shown of a match has no description
    found = []
    for match in similar_bottlenecks(repo, records, record):
        bottleneck = records.bottlenecks[match.id]
        found.append(
            {
                "id": match.id,
                "title": bottleneck.title,
                "theme": bottleneck.theme,
                "status": records.state(match.id).status,
                "score": match.score,
                "solutions": list(bottleneck.solutions),
            }
        )
    return found
