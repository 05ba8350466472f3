"""``knelpunt show ID``: one record, its history, its links and its git changes."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from typing import Annotated, Any

import typer

from knelpunt.cli.context import options
from knelpunt.messages import help_text


def register(app: typer.Typer, lang: str) -> None:
    @app.command("show", help=help_text("show", lang))
    def show_command(
        ctx: typer.Context,
        record_id: Annotated[str, typer.Argument(metavar="ID", help=help_text("show_id", lang))],
        personal: Annotated[
            bool, typer.Option("--personal", help=help_text("personal", lang))
        ] = False,
        as_json: Annotated[bool, typer.Option("--json", help=help_text("as_json", lang))] = False,
    ) -> int:
        import datetime as dt
        import json

        from knelpunt.cli.tables import print_table
        from knelpunt.errors import RecordError
        from knelpunt.facts import facts_for
        from knelpunt.fields import fields_of
        from knelpunt.formats import number, readable, short_date
        from knelpunt.messages import CHOICE_LABELS, FIELD_LABELS, label, message
        from knelpunt.priority import score
        from knelpunt.queries import git_history, public_data
        from knelpunt.store import load_all

        opts = options(ctx)
        repo = opts.repository()
        lang_now = opts.language(repo)
        records = load_all(repo)
        found = records.find(record_id)
        if found is None:
            raise RecordError("record_not_found", record_id=record_id)
        kind, record = found
        paths = [repo.record_path(kind, record_id)]
        facts = facts_for(records).get(record_id) if kind == "bottleneck" else None
        if facts is not None:
            paths.append(repo.folder("update") / record_id)
        commits = git_history(repo.root, paths)
        data = public_data(record, personal)
        if personal and any(getattr(record, name) is not None for name in record.personal_fields):
            import sys

            print(message("personal_shown", lang_now), file=sys.stderr)

        if as_json:
            payload: dict[str, Any] = {"kind": kind, "record": data}
            if facts is not None:
                payload |= {
                    "status": facts.state.status,
                    "level": facts.state.level,
                    "addressees": list(facts.state.addressees),
                    "rule": facts.state.rule,
                    "merged_into": facts.state.merged_into,
                    "merged_from": list(facts.merged_from),
                    "reporters": list(facts.reporters),
                    "score": score(facts, repo.config.priority, dt.date.today()).total,
                    "history": [
                        u.model_dump(mode="json", exclude_none=True) for u in facts.state.history
                    ],
                }
            payload["git"] = [vars(c) for c in commits]
            print(json.dumps(payload, ensure_ascii=False, indent=2))
            return 0

        def name(target_kind: str, target: str) -> str:
            linked = records.of(target_kind).get(target)
            return f"{linked.label()} ({target})" if linked else target

        specs = {spec.name: spec for spec in fields_of(kind)}
        rows = []
        for field_name, value in data.items():
            if value in ([], "", None):
                continue
            spec = specs.get(field_name)
            values = value if isinstance(value, list) else [value]
            if spec is not None and spec.type == "reference" and spec.target:
                shown = "\n".join(name(spec.target, v) for v in values)
            elif spec is not None and spec.type == "vocabulary" and spec.vocabulary:
                shown = ", ".join(repo.config.label(spec.vocabulary, v, lang_now) for v in values)
            elif spec is not None and spec.type == "choice":
                shown = label(CHOICE_LABELS, str(value), lang_now)
            elif isinstance(value, dict):
                shown = ", ".join(str(v) for v in value.values())
            else:
                shown = ", ".join(readable(v, lang_now) for v in values)
            rows.append([label(FIELD_LABELS, field_name, lang_now), shown])
        if facts is not None:
            state = facts.state
            rows.append(
                [message("col_status", lang_now), label(CHOICE_LABELS, state.status, lang_now)]
            )
            if state.addressees:
                rows.append(
                    [
                        message("col_level", lang_now),
                        repo.config.label("levels", state.level or "", lang_now),
                    ]
                )
                rows.append(
                    [
                        message("col_solver", lang_now),
                        "\n".join(name("actor", a) for a in state.addressees),
                    ]
                )
            if state.merged_into:
                rows.append(
                    [
                        label(CHOICE_LABELS, "merged", lang_now),
                        name("bottleneck", state.merged_into),
                    ]
                )
            if facts.merged_from:
                rows.append(
                    [
                        message("show_merged_from", lang_now),
                        "\n".join(name("bottleneck", b) for b in facts.merged_from),
                    ]
                )
            rows.append(
                [
                    message("col_score", lang_now),
                    number(score(facts, repo.config.priority, dt.date.today()).total, lang_now),
                ]
            )
        hidden = [f for f in record.personal_fields if getattr(record, f) is not None]
        if hidden and not personal:
            rows.append(["", message("show_personal_hidden", lang_now)])
        print_table(["", ""], rows, title=f"{record_id}  {record.label()}")
        if facts is not None and facts.state.history:
            headers = [
                message(k, lang_now) for k in ("col_date", "col_by", "col_status", "col_note")
            ]
            history = [
                [
                    short_date(u.date, lang_now),
                    u.by,
                    label(CHOICE_LABELS, u.status, lang_now) if u.status else "",
                    u.note or "",
                ]
                for u in facts.state.history
            ]
            print_table(headers, history, title=message("show_history", lang_now))
        if commits:
            headers = [
                message(k, lang_now) for k in ("col_commit", "col_date", "col_by", "col_note")
            ]
            print_table(
                headers,
                [[c.sha, readable(c.date, lang_now), c.author, c.summary] for c in commits],
                title=message("show_git", lang_now),
            )
        return 0
