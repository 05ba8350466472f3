"""The guided prompt of ``knelpunt add``: one question per field, in Dutch.

Plain ``input()`` and ``print()``: it works in any terminal, on Windows too,
and a test can drive it through a pseudo-terminal like a person would. Every
answer is checked against the model when it is given; a wrong answer is
explained and asked again. Records are chosen by name from a list, never by
typing ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from knelpunt import actions
from knelpunt.escape import terminal
from knelpunt.fields import CONTACT_FIELDS, FieldSpec, fields_of
from knelpunt.messages import CHOICE_LABELS, FIELD_LABELS, label, message
from knelpunt.models import RECORD_TYPES, Meeting, Record, validate
from knelpunt.problems import from_validation_error
from knelpunt.repo import Repository
from knelpunt.store import RecordSet

#: Lists this long or shorter are shown whole; longer ones are searched.
SHOW_WHOLE_LIST = 12


@dataclass
class Prompter:
    repo: Repository
    lang: str
    records: RecordSet
    ask: Callable[[str], str] = input
    #: Record text reaches the terminal only through ``escape.terminal``.
    say: Callable[[str], None] = lambda text: print(terminal(text))
    today: dt.date = field(default_factory=dt.date.today)

    # --- small questions ------------------------------------------------------

    def t(self, key: str, **params: Any) -> str:
        return message(key, self.lang, **params)

    def yes(self, question: str, default: bool) -> bool:
        hint = self.t("prompt_yes_no")
        shown = "j" if default else "n"
        if self.lang == "en":
            shown = "y" if default else "n"
        while True:
            answer = self.ask(f"{question} ({hint}) [{shown}]: ").strip().lower()
            if not answer:
                return default
            if answer[0] in "jy":
                return True
            if answer[0] == "n":
                return False

    def pick(
        self, title: str, options: Sequence[tuple[str, str]], many: bool, required: bool
    ) -> list[str]:
        """Choose from ``options`` (key, shown text) by number or by key."""
        self.say(f"{title}:")
        for number, (_, shown) in enumerate(options, start=1):
            self.say(f"  {number}) {shown}")
        prompt = self.t("prompt_choose_many" if many else "prompt_choose_one")
        if not required:
            prompt += f" ({self.t('prompt_skip')})"
        keys = [key for key, _ in options]
        while True:
            answer = self.ask(f"{prompt}: ").strip()
            if not answer:
                if required:
                    self.say(self.t("prompt_needed"))
                    continue
                return []
            chosen = [part.strip() for part in answer.split(",") if part.strip()]
            if not many and len(chosen) > 1:
                self.say(self.t("prompt_bad_choice", answer=answer))
                continue
            result = []
            for part in chosen:
                if part.isdigit() and 1 <= int(part) <= len(options):
                    result.append(keys[int(part) - 1])
                elif part in keys:
                    result.append(part)
                else:
                    self.say(self.t("prompt_bad_choice", answer=part))
                    break
            else:
                return list(dict.fromkeys(result))

    def search(self, title: str, options: Sequence[tuple[str, str]]) -> list[str]:
        """Choose any number of records from a long list by searching their names."""
        if len(options) <= SHOW_WHOLE_LIST:
            return self.pick(title, options, many=True, required=False)
        from knelpunt.similar import normalise

        self.say(f"{title}:")
        chosen: list[str] = []
        while True:
            text = self.ask(f"{self.t('prompt_search')}: ").strip()
            if not text:
                return chosen
            found = [o for o in options if normalise(text) in normalise(o[1])]
            if not found:
                self.say(self.t("prompt_no_match", text=text))
                continue
            for key in self.pick(title, found[:SHOW_WHOLE_LIST], many=True, required=False):
                if key not in chosen:
                    chosen.append(key)
            names = ", ".join(shown for key, shown in options if key in chosen)
            self.say(self.t("prompt_chosen", names=names))

    # --- one record -------------------------------------------------------------

    def field_label(self, name: str) -> str:
        return label(FIELD_LABELS, name, self.lang)

    def record_name(self, kind: str, record_id: str) -> str:
        record = self.records.of(kind).get(record_id)
        if record is None:
            return record_id
        extra = getattr(record, "municipality", None) or getattr(record, "date", None)
        return f"{record.label()} ({extra})" if extra else record.label()

    def options_for(self, spec: FieldSpec, limit_to: Sequence[str] | None) -> list[tuple[str, str]]:
        if spec.type == "reference" and spec.target:
            ids = (
                limit_to
                if limit_to is not None
                else sorted(
                    self.records.of(spec.target),
                    key=lambda i: self.records.of(spec.target or "")[i].label().lower(),
                )
            )
            return [(i, self.record_name(spec.target, i)) for i in ids]
        if spec.type == "vocabulary" and spec.vocabulary:
            entries = getattr(self.repo.config.vocabularies, spec.vocabulary)
            return [(key, f"{entry.text(self.lang)} ({key})") for key, entry in entries.items()]
        return [(str(c), f"{label(CHOICE_LABELS, str(c), self.lang)} ({c})") for c in spec.choices]

    def check_field(self, kind: str, answers: dict[str, Any], name: str) -> list[str]:
        """Problems with the answer for ``name``, checked against the model now."""
        data = {"id": f"{kind[:2]}-aaaaa-aaaaa", **actions.record_data(kind, answers)}
        try:
            validate(kind, data, self.repo.config)
        except ValidationError as exc:
            fields = list(RECORD_TYPES[kind].model_fields)
            problems = from_validation_error(exc, "", None, fields)
            own = name.split("_")[0] if name.startswith("contact_") else name
            return [
                p.text(self.lang)
                for p in problems
                if p.loc and p.loc[0] == own and p.key != "field_missing"
            ]
        return []

    def ask_value(
        self, kind: str, spec: FieldSpec, answers: dict[str, Any], limit_to: Sequence[str] | None
    ) -> None:
        title = self.field_label(spec.name)
        if spec.required:
            title += f" {self.t('prompt_required')}"
        if spec.type == "contact":
            name = self.ask_text(kind, "contact_name", answers, required=False)
            if name:
                for part in CONTACT_FIELDS[1:]:
                    self.ask_text(kind, f"contact_{part}", answers, required=False)
            return
        if spec.type in ("reference", "vocabulary", "choice"):
            options = self.options_for(spec, limit_to)
            if spec.type == "reference":
                chosen = self.search(title, options)
            else:
                chosen = self.pick(title, options, spec.many, spec.required)
            if spec.choices and chosen and isinstance(spec.choices[0], int):
                answers[spec.name] = int(chosen[0])
            elif spec.many:
                answers[spec.name] = chosen
            elif chosen:
                answers[spec.name] = chosen[0]
            return
        if spec.type == "bool":
            answers[spec.name] = self.yes(title, default=False)
            return
        if spec.type == "date":
            default = answers.get(spec.name) or self.today.isoformat()
            while True:
                answer = self.ask(f"{title} ({self.t('prompt_date')}) [{default}]: ").strip()
                answers[spec.name] = answer or str(default)
                problems = self.check_field(kind, answers, spec.name)
                if not problems:
                    return
                self.say(problems[0])
        if spec.many:  # free words, such as tags
            answer = self.ask(f"{title} ({self.t('prompt_skip')}): ").strip()
            answers[spec.name] = [w.strip() for w in answer.replace(",", " ").split() if w]
            problems = self.check_field(kind, answers, spec.name)
            while problems:
                self.say(problems[0])
                answer = self.ask(f"{title} ({self.t('prompt_skip')}): ").strip()
                answers[spec.name] = [w.strip() for w in answer.replace(",", " ").split() if w]
                problems = self.check_field(kind, answers, spec.name)
            return
        self.ask_text(kind, spec.name, answers, spec.required, number=spec.type == "int")

    def ask_text(
        self, kind: str, name: str, answers: dict[str, Any], required: bool, number: bool = False
    ) -> str:
        title = self.field_label(name)
        suffix = f" {self.t('prompt_required')}" if required else f" ({self.t('prompt_skip')})"
        while True:
            answer = self.ask(f"{title}{suffix}: ").strip()
            if not answer:
                if required:
                    self.say(self.t("prompt_needed"))
                    continue
                answers.pop(name, None)
                return ""
            answers[name] = int(answer) if number and answer.lstrip("-").isdigit() else answer
            problems = self.check_field(kind, answers, name)
            if not problems:
                return answer
            self.say(problems[0])

    def preview(self, record: Record) -> None:
        self.say("")
        self.say(f"{self.t('prompt_check')}")
        specs = {spec.name: spec for spec in fields_of(record.kind)}
        for name in type(record).model_fields:
            value = getattr(record, name)
            if name == "id" or value in (None, [], False):
                continue
            spec = specs[name]
            if spec.type == "reference" and spec.target:
                values = value if isinstance(value, list) else [value]
                shown = ", ".join(self.record_name(spec.target, v) for v in values)
            elif spec.type == "vocabulary" and spec.vocabulary:
                values = value if isinstance(value, list) else [value]
                shown = ", ".join(
                    self.repo.config.label(spec.vocabulary, v, self.lang) for v in values
                )
            elif spec.type == "choice":
                shown = label(CHOICE_LABELS, str(value), self.lang)
            elif spec.type == "contact":
                shown = ", ".join(str(v) for v in value.model_dump(exclude_none=True).values())
            elif isinstance(value, list):
                shown = ", ".join(str(v) for v in value)
            else:
                shown = str(value)
            self.say(f"  {self.field_label(name)}: {shown}")

    def record(
        self,
        kind: str,
        prefill: dict[str, Any] | None = None,
        limits: Mapping[str, Sequence[str]] | None = None,
    ) -> dict[str, Any] | None:
        """Ask for a new record; its field values, or None when not confirmed."""
        answers: dict[str, Any] = dict(prefill or {})
        self.say("")
        self.say(self.t("prompt_new", kind=self.t(f"kind_{kind}")))
        for spec in fields_of(kind):
            if spec.name in answers and spec.name not in (limits or {}):
                continue
            if spec.type == "date" and spec.name in answers:
                continue
            self.ask_value(kind, spec, answers, (limits or {}).get(spec.name))
        record = actions.build(self.repo, kind, answers)
        self.preview(record)
        if not self.yes(self.t("prompt_save"), default=True):
            self.say(self.t("prompt_not_saved"))
            return None
        return answers

    # --- flows ------------------------------------------------------------------

    def similar_to(self, answers: dict[str, Any]) -> list[str]:
        from knelpunt.similar import Candidate, similar

        candidates = [
            Candidate(b.id, b.title, b.description, b.theme)
            for b in self.records.bottlenecks.values()
            if self.records.state(b.id).status != "merged"
        ]
        matches = similar(
            str(answers.get("title", "")),
            str(answers.get("description", "")),
            answers.get("theme"),
            candidates,
        )
        return [m.id for m in matches]

    def describe(self, bottleneck_id: str) -> str:
        bottleneck = self.records.bottlenecks[bottleneck_id]
        status = label(CHOICE_LABELS, self.records.state(bottleneck_id).status, self.lang)
        text = f"{bottleneck.title} [{status}]"
        workarounds = [self.record_name("solution", s) for s in bottleneck.solutions]
        if workarounds:
            text += " - " + self.t("prompt_workarounds", names="; ".join(workarounds))
        return text

    def save(self, kind: str, answers: dict[str, Any]) -> Record:
        record = actions.add(self.repo, kind, answers)
        self.records.records[kind][record.id] = record
        self.say(
            self.t("prompt_saved", path=self.repo.relative(self.repo.record_path(kind, record.id)))
        )
        return record

    def add_bottleneck(
        self, prefill: dict[str, Any], limits: Mapping[str, Sequence[str]], by: str
    ) -> str | None:
        """A new bottleneck, or an existing one it was bundled into."""
        answers = self.record("bottleneck", prefill, limits)
        if answers is None:
            return None
        matches = self.similar_to(answers)
        if matches:
            self.say(self.t("prompt_similar"))
            chosen = self.pick(
                self.t("prompt_bundle"),
                [(m, self.describe(m)) for m in matches],
                many=False,
                required=False,
            )
            if chosen:
                into = chosen[0]
                change = actions.Change(by, self.today, self.t("bundle_note"))
                actions.bundle(
                    self.repo,
                    into,
                    list(answers.get("reported_by") or []),
                    list(answers.get("meetings") or []),
                    change,
                )
                title = self.records.bottlenecks[into].title
                self.say(self.t("prompt_bundled", record_id=into, title=title))
                return into
        return self.save("bottleneck", answers).id

    def meeting_flow(self, meeting: Meeting, by: str) -> None:
        """After a meeting: its bottlenecks and workarounds, without retyping."""
        raised: list[str] = []
        present = list(meeting.initiatives)
        first = True
        while self.yes(self.t("prompt_more_bottleneck"), default=first):
            first = False
            prefill = {"meetings": [meeting.id], "reported_on": meeting.date.isoformat()}
            limits = {"reported_by": present} if present else {}
            bottleneck_id = self.add_bottleneck(prefill, limits, by)
            if bottleneck_id:
                raised.append(bottleneck_id)
        while self.yes(self.t("prompt_more_solution"), default=False):
            prefill = {"shared_at": [meeting.id]}
            limits = {"found_by": present} if present else {}
            answers = self.record("solution", prefill, limits)
            if answers is None:
                continue
            solution = self.save("solution", answers)
            if raised:
                options = [(b, self.describe(b)) for b in raised]
                for bottleneck_id in self.pick(
                    self.t("prompt_solution_helps"), options, many=True, required=False
                ):
                    updated = actions.link_solution(self.repo, bottleneck_id, solution.id)
                    self.records.records["bottleneck"][bottleneck_id] = updated
        self.say(self.t("prompt_done_meeting"))


def run_interactive(repo: Repository, kind: str, lang: str, by: str) -> Record | None:
    from knelpunt.store import load_all

    prompter = Prompter(repo, lang, load_all(repo))
    if kind == "bottleneck":
        bottleneck_id = prompter.add_bottleneck({}, {}, by)
        return prompter.records.bottlenecks.get(bottleneck_id or "")
    answers = prompter.record(kind)
    if answers is None:
        return None
    record = prompter.save(kind, answers)
    if isinstance(record, Meeting):
        prompter.meeting_flow(record, by)
    return record
