"""Problems found in records, located at a file, line and column.

A problem carries a message key and parameters, not a finished sentence, so the
command line can render it in the reader's language, and ``--format json`` can
give machines the same facts.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from knelpunt.messages import CHOICE_LABELS, message

Severity = Literal["error", "warning"]
#: What people expect in a bottleneck file but lives in its history entries.
DERIVED_FIELDS = ("status", "level", "addressees", "history", "merged_into")
Loc = tuple[str | int, ...]


@dataclass
class Problem:
    path: str  # relative to the repository root, with forward slashes
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    record_id: str | None = None
    loc: Loc = ()  # where in the record: ("reported_by", 2)
    line: int = 1  # 1-based
    column: int = 1  # 1-based
    severity: Severity = "error"
    #: Point at the key rather than the value (unknown and duplicate fields).
    at_key: bool = False

    @property
    def field(self) -> str:
        return format_loc(self.loc)

    def text(self, lang: str) -> str:
        params = dict(self.params)
        if self.key == "field_unknown":
            # "Did you mean" is a sentence of its own, in the reader's language.
            guess = params.pop("suggestion", None)
            hint = "derived_field" if guess in DERIVED_FIELDS else "did_you_mean"
            params["hint"] = message(hint, lang, suggestion=guess) if guess else ""
        for name in ("ours_lines", "theirs_lines"):  # "regel 4" or "regels 4-6"
            if name in params:
                span = str(params[name])
                count = 1 if "-" not in span and "," not in span else 2
                params[name] = message("line_span", lang, count=count, span=span)
        if "target_kind" in params:  # "verwijst naar initiatief", not "initiative"
            params["target_kind"] = message(f"kind_{params['target_kind']}", lang)
        if self.key == "not_allowed_value" and params.get("allowed"):
            # The reader's word beside the key the file needs: "wetsvoorstel
            # (bill)", so one who wrote the word sees what to write instead.
            params["allowed"] = ", ".join(
                _with_label(key.strip(), lang) for key in str(params["allowed"]).split(",")
            )
        if "more_count" in params:  # merge conflicts: "and 2 more places"
            more = params.pop("more_count")
            params["more"] = message("merge_conflict_more", lang, count=more) if more else ""
        return message(self.key, lang, **params)

    def render(self, lang: str) -> str:
        """``path:line:column: [id] field: message``, one line."""
        head = f"{self.path}:{self.line}:{self.column}:"
        who = f" [{self.record_id}]" if self.record_id else ""
        where = f" {self.field}:" if self.loc else ""
        body = self.text(lang)
        if self.severity == "warning":
            body = f"{message('warning', lang)}: {body}"
        return f"{head}{who}{where} {body}"

    def as_json(self, lang: str) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "id": self.record_id,
            "field": self.field or None,
            "severity": self.severity,
            "code": self.key,
            "message": self.text(lang),
        }


def format_loc(loc: Loc) -> str:
    """("reported_by", 2, "name") -> "reported_by[2].name"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, dict):
        return "{...}"
    if isinstance(value, list):
        return "[...]"
    return repr(value)


#: A message lists at most this many values: a hostile knelpunt.yaml can hold
#: 100,000, and a message per record naming all of them is gigabytes.
MAX_LISTED = 10


def listing(values: Iterable[str], total: int | None = None) -> str:
    """``a, b, c`` for a message, the first ``MAX_LISTED`` and how many more."""
    shown = list(itertools.islice(values, MAX_LISTED + 1))
    count = total if total is not None else len(shown)
    if count <= MAX_LISTED and len(shown) <= MAX_LISTED:
        return ", ".join(shown)
    more = max(count, len(shown)) - MAX_LISTED
    return ", ".join(shown[:MAX_LISTED]) + f", … (+{more})"


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


_SIMPLE: dict[str, str] = {
    "string_type": "expected_text",
    "int_type": "expected_number",
    "int_parsing": "expected_number",
    "int_from_float": "expected_number",
    "bool_type": "expected_bool",
    "bool_parsing": "expected_bool",
    "list_type": "expected_list",
    "dict_type": "expected_mapping",
    "model_type": "expected_mapping",
    "model_attributes_type": "expected_mapping",
    "date_type": "invalid_date",
    "date_parsing": "invalid_date",
    "date_from_datetime_parsing": "invalid_date",
    "date_from_datetime_inexact": "invalid_date",
    "date_future": "invalid_date",
    "string_too_short": "text_empty",
}
_CUSTOM = {
    "update_empty",
    "merged_needs_target",
    "target_needs_merged",
    "routed_needs_addressee",
    "actor_needs_status",
    "concerns_needs_routed",
    "round_dates",
    "round_twice",
    "unknown_round",
    "ranking_twice",
    "ranking_empty",
    "verdict_needs_initiative",
    "initiative_needs_verdict",
    "follow_up_level",
    "answer_by_needs_routed",
    "circle_needs_topic",
    "question_needs_asker",
    "answered_needs_answer",
    "answer_needs_who",
    "link_not_web",
    # Money and the legislative track of a proposal (issue 33).
    "amount_not_euros",
    "legislation_out_of_order",
    "legislation_date_back",
}


def from_validation_error(
    error: ValidationError,
    path: str,
    record_id: str | None,
    fields: Sequence[str],
    model: type[BaseModel] | None = None,
) -> list[Problem]:
    """Reword each Pydantic error for a person: what is wrong and what to do."""
    problems: list[Problem] = []
    for err in error.errors(include_url=False):
        kind = err["type"]
        loc: Loc = tuple(err["loc"])
        value = err.get("input")
        ctx: dict[str, Any] = dict(err.get("ctx") or {})
        params: dict[str, Any] = {"value": _show(value), "field": format_loc(loc)}
        at_key = False
        if kind == "missing":
            key = "field_missing"
            params["field"] = str(loc[-1]) if loc else ""
        elif kind == "extra_forbidden":
            key, at_key = "field_unknown", True
            name = str(loc[-1]) if loc else ""
            allowed = _allowed_fields(fields, loc, model)
            guess = (
                suggest(name, [*allowed, *DERIVED_FIELDS])
                if "merged_into" not in allowed
                else suggest(name, allowed)
            )
            params.update(
                field=name,
                allowed=listing(allowed),
                suggestion=guess,
            )
        elif kind in _SIMPLE:
            key = _SIMPLE[kind]
        elif kind == "literal_error":
            key = "not_allowed_value"
            # Pydantic says "'a', 'b' or 'c'"; list them the same way as vocabularies.
            expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
            params["allowed"] = expected
        elif kind == "vocabulary":
            allowed = ctx.get("allowed") or []
            key = "vocabulary" if allowed else "vocabulary_empty"
            params.update(
                vocabulary=ctx.get("vocabulary"),
                allowed=listing(allowed, ctx.get("allowed_count")),
            )
        elif kind == "string_pattern_mismatch":
            key = "invalid_id"
        elif kind == "string_too_long":
            key = "text_too_long"
            params["max_length"] = ctx.get("max_length")
        elif kind in ("greater_than_equal", "greater_than"):
            key = "number_too_small"
            params["limit"] = ctx.get("ge", ctx.get("gt"))
        elif kind in ("less_than_equal", "less_than"):
            key = "number_too_large"
            params["limit"] = ctx.get("le", ctx.get("lt"))
        elif kind in _CUSTOM:
            key = kind
            # What the check names (the round, the bottleneck twice) goes in the message.
            params.update({k: v for k, v in ctx.items() if k not in params})
        else:
            key = "invalid_value"
            params["detail"] = err["msg"]
        problems.append(
            Problem(path=path, key=key, params=params, record_id=record_id, loc=loc, at_key=at_key)
        )
    return problems


def _allowed_fields(fields: Sequence[str], loc: Loc, model: type[BaseModel] | None) -> list[str]:
    """The fields allowed where an unknown key stood: those of the nested
    block it is in (``plan.team[0]``, ``contact``), else the record's own."""
    if len(loc) >= 2 and loc[0] == "contact":
        return ["name", "role", "email", "phone"]
    current = model
    for part in loc[:-1]:
        if current is None or isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        current = _model_in(info.annotation) if info is not None else None
        if current is None:
            return list(fields)
    if current is None:
        return list(fields)
    # As the file spells them: a cost's 'from' and 'for', not start and purpose.
    return [info.alias or name for name, info in current.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds: itself, or inside Optional, list or dict."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for inner in getattr(annotation, "__args__", ()) or ():
        found = _model_in(inner)
        if found is not None:
            return found
    return None


def _with_label(key: str, lang: str) -> str:
    """A fixed choice's key, with its label where it has one of its own."""
    if key not in CHOICE_LABELS:
        return key
    # The label's first words: "hard: vraagt een wetswijziging" is "hard".
    word = CHOICE_LABELS.text(key, lang).split(":")[0].strip()
    return key if word.casefold() == key.casefold() else f"{word} ({key})"
