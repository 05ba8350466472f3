"""The guided prompt of ``knelpunt add``: one question per field, in Dutch.

Plain ``input()`` and ``print()``: it works in any terminal, on Windows too,
and a test can drive it through a pseudo-terminal like a person would. Every
answer is checked against the model when it is given; a wrong answer is
explained and asked again. Records are chosen by name from a list, never by
typing ids.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from knelpunt import actions, choices, drafts
from knelpunt.choices import iso_date
from knelpunt.escape import terminal
from knelpunt.fields import CONTACT_FIELDS, FieldSpec, fields_of
from knelpunt.formats import readable, typed_date_or_text
from knelpunt.messages import CHOICE_LABELS, FIELD_LABELS, label, message
from knelpunt.models import RECORD_TYPES, Meeting, Record, validate
from knelpunt.problems import from_validation_error
from knelpunt.repo import Repository
from knelpunt.store import RecordSet

#: Lists this long or shorter are shown whole; longer ones are searched.
SHOW_WHOLE_LIST = 12
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.)")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def clean(answer: str) -> str:
    """An answer without escape sequences and control characters."""
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", answer))


#: In a draft's answers: the questions already answered, even with Enter.
ASKED = "__asked__"


class Bundled(Exception):
    """The bottleneck being typed was bundled into an existing one."""

    def __init__(self, into: str) -> None:
        super().__init__(into)
        self.into = into


@dataclass
class Prompter:
    repo: Repository
    lang: str
    records: RecordSet
    ask: Callable[[str], str] = input
    #: Record text reaches the terminal only through ``escape.terminal``.
    say: Callable[[str], None] = lambda text: print(terminal(text))
    today: dt.date = field(default_factory=dt.date.today)
    #: Keep every answer as a draft of this kind, for a next ``add`` to continue.
    draft_kind: str | None = None
    #: What Enter means for a text question (the explorer: your own name).
    defaults: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        typed = self.ask
        # What a person types is text: arrow keys without line editing send
        # escape codes, which must never end up in a record.
        self.ask = lambda prompt: clean(typed(prompt))

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

    def search(
        self, title: str, options: Sequence[tuple[str, str]], target: str | None = None
    ) -> list[str]:
        """Choose any number of records from a long list by searching their names.
        One match is taken at once; an initiative not recorded yet can be
        recorded on the spot."""
        if len(options) <= SHOW_WHOLE_LIST and target != "initiative":
            return self.pick(title, options, many=True, required=False)
        from knelpunt.similar import normalise

        self.say(f"{title}:")
        options = list(options)
        chosen: list[str] = []
        while True:
            text = self.ask(f"{self.t('prompt_search')}: ").strip()
            if not text:
                return chosen
            found = [o for o in options if normalise(text) in normalise(o[1])]
            if not found:
                self.say(self.t("prompt_no_match", text=text))
                if target == "initiative" and self.yes(
                    self.t("prompt_new_initiative", name=text), default=False
                ):
                    added = self.add_on_the_spot("initiative", {"name": text})
                    if added is not None:
                        options.append(added)
                        chosen.append(added[0])
                        self.say(self.t("prompt_chosen", names=added[1]))
                continue
            if len(found) == 1:
                picked = [found[0][0]]
            else:
                picked = self.pick(title, found[:SHOW_WHOLE_LIST], many=True, required=False)
            for key in picked:
                if key not in chosen:
                    chosen.append(key)
            names = ", ".join(shown for key, shown in options if key in chosen)
            self.say(self.t("prompt_chosen", names=names))

    def add_on_the_spot(self, kind: str, prefill: dict[str, Any]) -> tuple[str, str] | None:
        """Record a missing record in the middle of another; (id, name) or None."""
        outer = self.draft_kind
        self.draft_kind = None  # the draft of the outer record stays as it is
        try:
            answers = self.record(kind, prefill)
            if answers is None:
                return None
            record = self.save(kind, answers)
        finally:
            self.draft_kind = outer
        return record.id, self.record_name(kind, record.id)

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
            records = self.records.of(spec.target)
            if limit_to is not None:
                ids = list(limit_to)
            elif spec.target == "meeting":  # the one just held comes first
                ids = sorted(records, key=lambda i: (records[i].date, i), reverse=True)  # type: ignore[attr-defined]
            else:
                ids = sorted(records, key=lambda i: records[i].label().lower())
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
                # Among a given few (those present): a list; else a search that
                # may record a missing initiative on the spot.
                chosen = self.search(title, options, spec.target if limit_to is None else None)
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
                shown = typed_date_or_text(str(default), self.lang)
                answer = self.ask(f"{title} ({self.t('prompt_date')}) [{shown}]: ").strip()
                answers[spec.name] = iso_date(answer) if answer else str(default)
                problems = self.check_field(kind, answers, spec.name)
                if not problems:
                    if kind == "meeting" and str(answers[spec.name]) > self.today.isoformat():
                        when = readable(str(answers[spec.name]), self.lang)
                        self.say(self.t("meeting_in_future", date=when))
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
        self.ask_text(
            kind, spec.name, answers, spec.required, number=spec.type == "int",
            default=self.defaults.get(spec.name),
        )  # fmt: skip

    def ask_text(
        self,
        kind: str,
        name: str,
        answers: dict[str, Any],
        required: bool,
        number: bool = False,
        default: str | None = None,
    ) -> str:
        title = self.field_label(name)
        suffix = f" {self.t('prompt_required')}" if required else f" ({self.t('prompt_skip')})"
        if default:
            suffix += f" [{default}]"
        while True:
            answer = self.ask(f"{title}{suffix}: ").strip() or (default or "")
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

    def shown_value(self, spec: FieldSpec, value: Any) -> str:
        if value in (None, [], False, ""):
            return "-"
        values = value if isinstance(value, list) else [value]
        if spec.type == "reference" and spec.target:
            return ", ".join(self.record_name(spec.target, v) for v in values)
        if spec.type == "vocabulary" and spec.vocabulary:
            return ", ".join(self.repo.config.label(spec.vocabulary, v, self.lang) for v in values)
        if spec.type == "choice":
            return label(CHOICE_LABELS, str(value), self.lang)
        if spec.type == "contact":
            return ", ".join(str(v) for v in value.model_dump(exclude_none=True).values())
        return ", ".join(readable(v, self.lang) for v in values)

    def preview(self, record: Record) -> list[FieldSpec]:
        """Every field, numbered, so that one answer can be corrected by its number."""
        self.say("")
        self.say(f"{self.t('prompt_check')}")
        shown = [spec for spec in fields_of(record.kind) if spec.name != "id"]
        for number, spec in enumerate(shown, start=1):
            value = self.shown_value(spec, getattr(record, spec.name))
            self.say(f"  {number:>2}. {self.field_label(spec.name)}: {value}")
        return shown

    def confirm(
        self, kind: str, answers: dict[str, Any], limits: Mapping[str, Sequence[str]]
    ) -> dict[str, Any] | None:
        """Show the record; save it, correct one answer by its number, or keep
        it as a draft. Returns the answers to save, or None."""
        yes = "j" if self.lang != "en" else "y"
        while True:
            record = actions.build(self.repo, kind, answers)
            shown = self.preview(record)
            answer = self.ask(f"{self.t('prompt_save_or_fix')} [{yes}]: ").strip().lower()
            if not answer or answer[0] in "jy":
                return answers
            if answer[0] == "n":
                kept = self.draft_kind == kind
                self.say(self.t("prompt_draft_kept" if kept else "prompt_not_saved"))
                return None
            if answer.isdigit() and 1 <= int(answer) <= len(shown):
                spec = shown[int(answer) - 1]
                for name in [spec.name, *(f"contact_{part}" for part in CONTACT_FIELDS)]:
                    if name == spec.name or spec.type == "contact":
                        answers.pop(name, None)
                self.ask_value(kind, spec, answers, limits.get(spec.name))
                self.keep_draft(kind, answers)
                continue
            self.say(self.t("prompt_bad_choice", answer=answer))

    def keep_draft(self, kind: str, answers: dict[str, Any]) -> None:
        if self.draft_kind == kind:
            drafts.save(self.repo.root, kind, answers)

    def record(
        self,
        kind: str,
        prefill: dict[str, Any] | None = None,
        limits: Mapping[str, Sequence[str]] | None = None,
        on_text: Callable[[dict[str, Any]], None] | None = None,
    ) -> dict[str, Any] | None:
        """Ask for a new record; its field values, or None when not confirmed.

        ``on_text`` is called once title and description are known: for a
        bottleneck, the moment to show the ones like it."""
        answers: dict[str, Any] = dict(prefill or {})
        limits = limits or {}
        self.say("")
        self.say(self.t("prompt_new", kind=self.t(f"kind_{kind}")))
        # Questions answered before (a draft continued), even with Enter, are not asked again.
        asked = set(answers.get(ASKED, []))
        later = RECORD_TYPES[kind].later_fields
        for spec in fields_of(kind):
            if spec.name in asked or (spec.name in answers and spec.name not in limits):
                continue
            if spec.name in later:  # a coordinator's, filled in later with 'knelpunt edit'
                continue
            if spec.type == "date" and spec.name in answers:
                continue
            self.ask_value(kind, spec, answers, limits.get(spec.name))
            asked.add(spec.name)
            answers[ASKED] = sorted(asked)
            self.keep_draft(kind, answers)
            if on_text is not None and spec.name == "description":
                on_text(answers)
        return self.confirm(kind, answers, limits)

    # --- flows ------------------------------------------------------------------

    def draft_to_continue(self, kind: str) -> dict[str, Any]:
        """The answers of an unfinished add of ``kind``, if the person wants them."""
        found = drafts.load(self.repo.root, kind)
        if found is None:
            return {}
        saved, answers = found
        what = answers.get("title") or answers.get("name") or "-"
        if self.yes(self.t("prompt_draft_continue", saved=saved, what=what), default=True):
            return answers
        drafts.clear(self.repo.root, kind)
        return {}

    def similar_to(self, answers: dict[str, Any]) -> list[str]:
        from types import SimpleNamespace

        from knelpunt.index import similar_bottlenecks

        new = SimpleNamespace(**{k: answers.get(k) for k in ("title", "description", "theme")})
        new.laws, new.tags = answers.get("laws") or [], answers.get("tags") or []
        return [m.id for m in similar_bottlenecks(self.repo, self.records, new)]

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
        if self.draft_kind == kind:
            drafts.clear(self.repo.root, kind)
        self.records.records[kind][record.id] = record
        self.say(
            self.t("prompt_saved", path=self.repo.relative(self.repo.record_path(kind, record.id)))
        )
        return record

    def add_bottleneck(
        self, prefill: dict[str, Any], limits: Mapping[str, Sequence[str]], by: str
    ) -> str | None:
        """A new bottleneck, or an existing one it was bundled into. The ones
        like it are shown as soon as its title and description are known."""

        def offer_bundle(answers: dict[str, Any]) -> None:
            matches = self.similar_to(answers)
            if not matches:
                return
            self.say(self.t("prompt_similar"))
            chosen = self.pick(
                self.t("prompt_bundle"),
                [(m, self.describe(m)) for m in matches],
                many=False,
                required=False,
            )
            if not chosen:
                return
            into = chosen[0]
            reporters = next(s for s in fields_of("bottleneck") if s.name == "reported_by")
            if not answers.get("reported_by"):
                self.ask_value("bottleneck", reporters, answers, limits.get("reported_by"))
            # What was typed is not lost: it becomes a note in the history,
            # dated the day it was said (the meeting's date).
            typed = f"{answers.get('title', '')}: {answers.get('description', '')}"
            note = f"{self.t('bundle_note')} {typed}"
            when = choices.parse_date(str(answers.get("reported_on") or "") or None, self.today)
            actions.bundle(
                self.repo,
                into,
                list(answers.get("reported_by") or []),
                list(answers.get("meetings") or []),
                actions.Change(by, when, note),
            )
            raise Bundled(into)

        try:
            answers = self.record("bottleneck", prefill, limits, on_text=offer_bundle)
        except Bundled as bundled:
            drafts.clear(self.repo.root, "bottleneck")
            title = self.records.bottlenecks[bundled.into].title
            self.say(self.t("prompt_bundled", record_id=bundled.into, title=title))
            return bundled.into
        if answers is None:
            return None
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

    with contextlib.suppress(ImportError):
        import readline  # noqa: F401 - arrow keys edit the line where the platform can
    # Lean: the questions name records and compare a new bottleneck with the
    # few the index finds alike; no other description is read.
    records = load_all(repo, lean=True)
    prompter = Prompter(repo, lang, records, draft_kind=kind, defaults={"explorer": by})
    prefill = prompter.draft_to_continue(kind)
    if kind == "bottleneck":
        bottleneck_id = prompter.add_bottleneck(prefill, {}, by)
        return prompter.records.bottlenecks.get(bottleneck_id or "")
    answers = prompter.record(kind, prefill)
    if answers is None:
        return None
    record = prompter.save(kind, answers)
    if isinstance(record, Meeting):
        prompter.draft_kind = None  # what follows is saved as it goes
        prompter.meeting_flow(record, by)
    return record


def run_edit(repo: Repository, kind: str, record_id: str, lang: str) -> bool:
    """Correct a record: its answers shown numbered, changed one by one;
    True when saved."""
    from knelpunt.store import load_all

    with contextlib.suppress(ImportError):
        import readline  # noqa: F401
    # Lean: the questions name other records; the record edited is read whole
    # from its own file (read_record).
    records = load_all(repo, lean=True)
    prompter = Prompter(repo, lang, records)
    current = actions.flat_values(actions.read_record(repo, kind, record_id))
    answers = prompter.confirm(kind, current, {})
    if answers is None:
        return False
    actions.change_record(repo, kind, record_id, answers)
    return True
