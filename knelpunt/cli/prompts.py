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
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from knelpunt import actions, choices, drafts
from knelpunt.errors import KnelpuntError
from knelpunt.escape import terminal
from knelpunt.field_text import FieldWords
from knelpunt.fields import CONTACT_FIELDS, FieldSpec, fields_of
from knelpunt.formats import readable, typed_date, typed_date_or_text
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
#: Among ASKED: the similar bottlenecks were offered (and one declined).
SIMILAR = "__similar__"
#: In a draft of a bottleneck or workaround: the choices it was limited to
#: (the initiatives present at its meeting), so a continued draft keeps them.
LIMITS = "__limits__"
#: In the draft of a meeting: the meeting saved, and how far its bottlenecks
#: and workarounds got ({"meeting": id, "raised": [...], "stage": ...}).
FLOW = "__flow__"
#: In the draft of an edit: the record's values when the edit began.
WAS = "__was__"
#: In a draft: the field being corrected after the preview.
FIXING = "__fixing__"
#: What a person types to empty an optional field that has a value.
CLEAR = "-"
#: A current value longer than this is shown shortened.
SHOWN_CHARS = 70


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
    #: Who records this (a history note when bundling); asked when unknown,
    #: never the login name.
    by: str | None = None
    #: The id of the record being edited (``knelpunt edit``), if any.
    editing: str | None = None
    #: The drafts this run kept, to say so when it is interrupted.
    drafted: set[str] = field(default_factory=set)

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
        self,
        title: str,
        options: Sequence[tuple[str, str]],
        many: bool,
        required: bool,
        current: Sequence[str] = (),
        names: Mapping[str, Sequence[str]] | None = None,
    ) -> list[str]:
        """Choose from ``options`` (key, shown text) by number, by key or by
        any label it has (``names``; else the text shown), case and accents
        ignored. ``current``: what is chosen now, kept on Enter; a list gains
        what is chosen and loses what is typed with a ``-`` before it."""
        self.say(f"{title}:")
        for number, (_, shown) in enumerate(options, start=1):
            self.say(f"  {number}) {shown}")
        keys = [key for key, _ in options]
        known = {key: [*(names or {}).get(key, ()), shown] for key, shown in options}
        current = [key for key in current if key in known] if many else list(current[:1])
        if current:
            shown_now = ", ".join(dict(options).get(key, key) for key in current)
            self.say(self.t("prompt_current_list" if many else "prompt_current", value=shown_now))
        prompt = self.t("prompt_choose_many" if many else "prompt_choose_one")
        if not required and not current:
            prompt += f" ({self.t('prompt_skip')})"

        def one(part: str) -> str | None:
            if part.isdigit() and 1 <= int(part) <= len(options):
                return keys[int(part) - 1]
            # A key before a label: "wmo" is Wmo 2015, not "Right to Challenge (Wmo)".
            found = [key for key in keys if choices.fold(key) == choices.fold(part)]
            found = found or choices.matches(part, known)
            return found[0] if len(found) == 1 else None

        while True:
            answer = self.ask(f"{prompt}: ").strip()
            if not answer:
                if required and not current:
                    self.say(self.t("prompt_needed"))
                    continue
                return list(current)
            if not many:
                key = one(answer)
                if key is None:
                    self.say(self.t("prompt_bad_choice", answer=answer))
                    continue
                return [key]
            # A label may hold a comma ("uitvoering: regels, protocollen"): whole first.
            whole = one(answer)
            parts = [answer] if whole else [p.strip() for p in answer.split(",") if p.strip()]
            result = list(current)
            for part in parts:
                removed = part.startswith("-") and len(part) > 1
                key = one(part[1:].strip() if removed else part)
                if key is None:
                    self.say(self.t("prompt_bad_choice", answer=part))
                    break
                if removed:
                    result = [k for k in result if k != key]
                elif key not in result:
                    result.append(key)
            else:
                if required and not result:
                    self.say(self.t("prompt_needed"))
                    continue
                return result

    def search(
        self,
        title: str,
        options: Sequence[tuple[str, str]],
        target: str | None = None,
        current: Sequence[str] = (),
        names: Mapping[str, Sequence[str]] | None = None,
        on_change: Callable[[list[str]], None] | None = None,
        many: bool = True,
    ) -> list[str]:
        """Choose any number of records (one, without ``many``: a field that
        holds one, such as "referred to") from a long list by searching their names.
        One match is taken at once; an initiative not recorded yet can be
        recorded on the spot. ``current``: chosen already (kept; ``-name``
        takes one away); ``on_change`` hears every choice as it is made, so
        that an interrupted search keeps what was chosen."""
        if len(options) <= SHOW_WHOLE_LIST and target != "initiative":
            return self.pick(title, options, many, False, current, names)
        from knelpunt.similar import normalise

        self.say(f"{title}:")
        options = list(options)
        chosen: list[str] = [key for key in current if key in dict(options)]

        def names_of(keys: Sequence[str]) -> str:
            return ", ".join(shown for key, shown in options if key in keys)

        if chosen:
            self.say(self.t("prompt_current_search", value=names_of(chosen)))
        while True:
            text = self.ask(f"{self.t('prompt_search')}: ").strip()
            if not text:
                return chosen
            if text.startswith("-") and len(text) > 1 and chosen:
                gone = normalise(text[1:])
                kept = [k for k in chosen if gone not in normalise(dict(options)[k])]
                if kept == chosen:
                    self.say(self.t("prompt_no_match", text=text[1:].strip()))
                    continue
                chosen = kept
                self.say(self.t("prompt_chosen", names=names_of(chosen) or "-"))
                if on_change is not None:
                    on_change(chosen)
                continue
            found = [o for o in options if normalise(text) in normalise(o[1])]
            exact = [o for o in found if choices.matches(text, {o[0]: [o[1]]})]
            if len(exact) == 1:  # the whole name, also where it is part of another
                found = exact
            if not found:
                self.say(self.t("prompt_no_match", text=text))
                if target == "initiative" and self.yes(
                    self.t("prompt_new_initiative", name=text), default=False
                ):
                    added = self.add_on_the_spot("initiative", {"name": text})
                    if added is not None:
                        options.append(added)
                        chosen = [added[0]] if not many else [*chosen, added[0]]
                        self.say(self.t("prompt_chosen", names=added[1]))
                        if on_change is not None:
                            on_change(chosen)
                        if not many:
                            return chosen
                continue
            if len(found) == 1:
                picked = [found[0][0]]
            else:
                # One number for a field that holds one: never "11,12" of which
                # only the first would be kept without a word.
                picked = self.pick(
                    title, found[:SHOW_WHOLE_LIST], many=many, required=False, names=names
                )
            if not many and picked:
                chosen = picked[:1]
                self.say(self.t("prompt_chosen", names=names_of(chosen)))
                if on_change is not None:
                    on_change(chosen)
                return chosen
            for key in picked:
                if key not in chosen:
                    chosen.append(key)
            self.say(self.t("prompt_chosen", names=names_of(chosen)))
            if on_change is not None:
                on_change(chosen)

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

    def names_for(
        self, spec: FieldSpec, options: Sequence[tuple[str, str]]
    ) -> dict[str, list[str]]:
        """What else names each option: its labels in both languages, the
        short word of a fixed choice, a record's own name."""
        if spec.type == "reference" and spec.target:
            records = self.records.of(spec.target)
            return {key: [records[key].label()] for key, _ in options if key in records}
        if spec.type == "vocabulary" and spec.vocabulary:
            return choices.vocabulary_options(self.repo.config, spec.vocabulary)
        keys = [key for key, _ in options]
        named = choices.choice_options(keys)
        return {
            key: [*named[key], choices.short_label(key, "nl"), choices.short_label(key, "en")]
            for key in keys
        }

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
        self,
        kind: str,
        spec: FieldSpec,
        answers: dict[str, Any],
        limit_to: Sequence[str] | None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        """Ask for one field. A value it has already (an edit, a correction,
        a draft continued) is kept on Enter; a list keeps its items and gains
        the new ones."""
        title = self.field_label(spec.name)
        if spec.required:
            title += f" {self.t('prompt_required')}"
        if spec.type == "contact":
            name = self.ask_text(kind, "contact_name", answers, required=False)
            if name:
                for part in CONTACT_FIELDS[1:]:
                    self.ask_text(kind, f"contact_{part}", answers, required=False)
            else:
                for part in CONTACT_FIELDS[1:]:
                    answers.pop(f"contact_{part}", None)
            return
        now = answers.get(spec.name)
        if spec.type in ("reference", "vocabulary", "choice"):
            options = self.options_for(spec, limit_to)
            names = self.names_for(spec, options)
            current = [str(v) for v in (now if isinstance(now, list) else [now]) if v is not None]
            if spec.type == "reference":

                def keep(chosen: list[str]) -> None:
                    answers[spec.name] = list(chosen)
                    if on_change is not None:
                        on_change()

                # Among a given few (those present): a list; else a search that
                # may record a missing initiative on the spot.
                target = spec.target if limit_to is None else None
                chosen = self.search(title, options, target, current, names, keep, spec.many)
            else:
                chosen = self.pick(title, options, spec.many, spec.required, current, names)
            if spec.choices and chosen and isinstance(spec.choices[0], int):
                answers[spec.name] = int(chosen[0])
            elif spec.many:
                answers[spec.name] = chosen
            elif chosen:
                answers[spec.name] = chosen[0]
            else:
                answers.pop(spec.name, None)
            return
        if spec.type == "bool":
            answers[spec.name] = self.yes(title, default=bool(now))
            return
        if spec.type == "date":
            default = now or self.today.isoformat()
            while True:
                shown = typed_date_or_text(str(default), self.lang)
                answer = self.ask(f"{title} ({self.t('prompt_date')}) [{shown}]: ").strip()
                if answer:
                    try:
                        answers[spec.name] = choices.parse_date(answer).isoformat()
                    except KnelpuntError:
                        # Said in the order the question asks for, not the file's.
                        example = typed_date(dt.date(2026, 11, 23), self.lang)
                        self.say(self.t("prompt_date_bad", value=answer, example=example))
                        continue
                else:
                    answers[spec.name] = str(default)
                problems = self.check_field(kind, answers, spec.name)
                if not problems:
                    if kind == "meeting" and str(answers[spec.name]) > self.today.isoformat():
                        when = readable(str(answers[spec.name]), self.lang)
                        self.say(self.t("meeting_in_future", date=when))
                    return
                self.say(problems[0])
        if spec.many:  # free words, such as tags: added to those there are
            words = [str(w) for w in (now or [])]
            if words:
                self.say(self.t("prompt_current_words", value=", ".join(words)))
            while True:
                answer = self.ask(f"{title} ({self.t('prompt_skip')}): ").strip()
                typed = [w.strip() for w in answer.replace(",", " ").split() if w.strip()]
                gone = {w[1:] for w in typed if w.startswith("-") and len(w) > 1}
                new = [w for w in words if w not in gone]
                new += [w for w in typed if not w.startswith("-") and w not in new]
                answers[spec.name] = new
                problems = self.check_field(kind, answers, spec.name)
                if not problems:
                    return
                self.say(problems[0])
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
        """A text; Enter keeps the value it has (``-`` empties an optional
        one), or else takes ``default``."""
        title = self.field_label(name)
        suffix = f" {self.t('prompt_required')}" if required else f" ({self.t('prompt_skip')})"
        was = answers.get(name)
        now = "" if was is None else str(was)
        if now:
            # On a line of its own: a description can be long, and the
            # question stays the same words as when the record was added.
            shown = now if len(now) <= SHOWN_CHARS else now[: SHOWN_CHARS - 1] + "…"
            key = "prompt_current" if required else "prompt_current_clear"
            self.say(self.t(key, value=" ".join(shown.split())))
        elif default:
            suffix += f" [{terminal(default)}]"
        while True:
            answer = self.ask(f"{title}{suffix}: ").strip() or now or (default or "")
            if answer == CLEAR and now and not required:
                answer = ""
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
            if was is None:  # a wrong new answer does not replace the one there was
                answers.pop(name, None)
            else:
                answers[name] = was

    def shown_value(self, spec: FieldSpec, value: Any) -> str:
        """A field's value as show and the exports say it (``field_text``)."""
        if value in (None, [], False, ""):
            return "-"
        words = FieldWords(self.repo.config, self.lang, self.record_name)
        return ", ".join(words.items(spec.name, spec, value))

    def preview(self, record: Record) -> list[FieldSpec]:
        """Every field, numbered, so that one answer can be corrected by its number."""
        self.say("")
        self.say(f"{self.t('prompt_check')}")
        shown = [
            spec
            for spec in fields_of(record.kind)
            if spec.name != "id"
            # A field replaced by another is offered only to be emptied.
            and (spec.name not in record.superseded_fields or getattr(record, spec.name))
        ]
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
            fixing = answers.get(FIXING)  # a correction interrupted: asked again first
            if fixing in [spec.name for spec in shown]:
                answer = str([spec.name for spec in shown].index(fixing) + 1)
            else:
                answer = self.ask(f"{self.t('prompt_save_or_fix')} [{yes}]: ").strip().lower()
            if not answer or answer[0] in "jy":
                return answers
            if answer[0] == "n":
                if self.draft_kind != kind:
                    self.say(self.t("prompt_not_saved"))
                elif self.editing is None:
                    self.say(self.t("prompt_draft_kept"))
                elif changed(answers):
                    self.keep_draft(kind, answers)
                    self.say(self.t("prompt_edit_draft_kept", record_id=self.editing))
                else:
                    drafts.clear(self.repo.root, self.draft_file(kind))
                    self.say(self.t("prompt_not_saved"))
                return None
            if answer.isdigit() and 1 <= int(answer) <= len(shown):
                # The answer there is stays the default: Enter changes nothing.
                spec = shown[int(answer) - 1]
                answers[FIXING] = spec.name
                self.keep_draft(kind, answers)  # even the number chosen is kept
                self.ask_value(
                    kind, spec, answers, limits.get(spec.name),
                    on_change=lambda: self.keep_draft(kind, answers),
                )  # fmt: skip
                answers.pop(FIXING, None)
                self.keep_draft(kind, answers)
                continue
            self.say(self.t("prompt_bad_choice", answer=answer))

    def draft_file(self, kind: str) -> str:
        return f"edit-{self.editing}" if self.editing else kind

    def keep_draft(self, kind: str, answers: dict[str, Any]) -> None:
        if self.draft_kind == kind:
            drafts.save(self.repo.root, self.draft_file(kind), answers)
            self.drafted.add(self.draft_file(kind))

    def record(
        self,
        kind: str,
        prefill: dict[str, Any] | None = None,
        limits: Mapping[str, Sequence[str]] | None = None,
        on_text: Callable[[dict[str, Any]], None] | None = None,
    ) -> dict[str, Any] | None:
        """Ask for a new record; its field values, or None when not confirmed.

        ``on_text`` is called once title and description are known: for a
        bottleneck, the moment to show the ones like it. Every answer is kept
        in the draft as it is given, the prefill and limits too, so a record
        interrupted anywhere is continued where it was."""
        answers: dict[str, Any] = dict(prefill or {})
        limits = dict(limits or answers.get(LIMITS) or {})
        if limits:
            answers[LIMITS] = {name: list(keys) for name, keys in limits.items()}
        if ASKED not in answers:  # what is given is not asked (those limited are chosen)
            answers[ASKED] = sorted(name for name in answers if name not in limits)
        if prefill:  # a bottleneck of a meeting: already that choice is not lost
            self.keep_draft(kind, answers)
        self.say("")
        self.say(self.t("prompt_new", kind=self.t(f"kind_{kind}")))
        # Questions answered before (a draft continued), even with Enter, are
        # not asked again; one interrupted halfway is, with what it holds.
        asked = set(answers[ASKED])
        later = RECORD_TYPES[kind].later_fields

        def done(name: str) -> None:
            asked.add(name)
            answers[ASKED] = sorted(asked)
            self.keep_draft(kind, answers)

        for spec in fields_of(kind):
            if spec.name not in asked and spec.name not in later:
                # a later one is a coordinator's, filled in with 'knelpunt edit'
                self.ask_value(
                    kind, spec, answers, limits.get(spec.name),
                    on_change=lambda: self.keep_draft(kind, answers),
                )  # fmt: skip
                done(spec.name)
            if on_text is not None and spec.name == "description" and SIMILAR not in asked:
                on_text(answers)
                done(SIMILAR)
        return self.confirm(kind, answers, limits)

    # --- flows ------------------------------------------------------------------

    def draft_to_continue(self, kind: str) -> dict[str, Any]:
        """The answers of an unfinished add of ``kind``, if the person wants them."""
        name = self.draft_file(kind)
        found = drafts.load(self.repo.root, name)
        if found is None:
            return {}
        saved, answers = found
        what = answers.get("title") or answers.get("name") or "-"
        if self.editing:
            what = self.record_name(kind, self.editing)
        flow = answers.get(FLOW)
        if isinstance(flow, dict) and isinstance(flow.get("meeting"), str):
            what = self.record_name("meeting", flow["meeting"])
        if self.yes(self.t("prompt_draft_continue", saved=saved, what=what), default=True):
            self.drafted.add(name)
            return answers
        drafts.clear(self.repo.root, name)
        return {}

    def person(self) -> str:
        """Who is recording: as given or known to git, else asked once. Never
        the login name: that is a computer's account, not a person."""
        while not self.by:
            self.by = self.ask(f"{self.t('prompt_who')}: ").strip() or None
        return self.by

    def interrupted(self, command: str) -> None:
        """Ctrl-C: say where the answers are, if any were kept."""
        if any(drafts.load(self.repo.root, name) for name in self.drafted):
            self.say("")
            self.say(self.t("prompt_interrupted", command=command))

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
            drafts.clear(self.repo.root, self.draft_file(kind))
        self.records.records[kind][record.id] = record
        self.say(
            self.t("prompt_saved", path=self.repo.relative(self.repo.record_path(kind, record.id)))
        )
        return record

    def add_bottleneck(
        self, prefill: dict[str, Any], limits: Mapping[str, Sequence[str]]
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
                own = answers.get(LIMITS, {}).get("reported_by", limits.get("reported_by"))
                self.ask_value("bottleneck", reporters, answers, own)
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
                actions.Change(self.person(), when, note),
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

    def nested(self, kind: str, meeting_id: str, prefill: dict[str, Any]) -> dict[str, Any]:
        """The answers to start a bottleneck or workaround of the meeting with:
        its own unfinished draft, continued at once; another draft of that kind
        offered as ``add`` offers it (never overwritten unasked); else ``prefill``."""
        self.draft_kind = kind
        found = drafts.load(self.repo.root, kind)
        if found is None:
            return prefill
        answers = found[1]
        if meeting_id in (answers.get("meetings") or answers.get("shared_at") or []):
            self.drafted.add(kind)
            return answers
        return self.draft_to_continue(kind) or prefill

    def meeting_flow(self, meeting: Meeting, flow: Mapping[str, Any] | None = None) -> None:
        """After a meeting: its bottlenecks and workarounds, without retyping.
        How far it got is kept in the meeting's draft (``FLOW``), and each
        bottleneck and workaround in a draft of its own, so that Ctrl-C
        anywhere loses nothing: the next ``add meeting`` goes on from there."""
        flow = dict(flow or {})
        raised: list[str] = [b for b in flow.get("raised", []) if b in self.records.bottlenecks]
        stage = flow.get("stage", "bottleneck")
        linking = flow.get("linking")

        def keep() -> None:
            state = {"meeting": meeting.id, "raised": raised, "stage": stage, "linking": linking}
            drafts.save(self.repo.root, "meeting", {FLOW: state})
            self.drafted.add("meeting")

        keep()
        present = list(meeting.initiatives)
        own = {"meetings": [meeting.id], "reported_on": meeting.date.isoformat()}
        if stage == "bottleneck":
            first = not raised
            pending = drafts.load(self.repo.root, "bottleneck")
            while (
                pending is not None and meeting.id in (pending[1].get("meetings") or [])
            ) or self.yes(self.t("prompt_more_bottleneck"), default=first):
                first, pending = False, None
                prefill = self.nested("bottleneck", meeting.id, dict(own))
                limits = {"reported_by": present} if present else {}
                bottleneck_id = self.add_bottleneck(prefill, limits)
                if bottleneck_id and bottleneck_id not in raised:
                    raised.append(bottleneck_id)
                    keep()
            stage = "solution"
            keep()
        if linking in self.records.of("solution"):
            self.link_solution(linking, raised)
        linking = None
        keep()
        pending = drafts.load(self.repo.root, "solution")
        while (
            pending is not None and meeting.id in (pending[1].get("shared_at") or [])
        ) or self.yes(self.t("prompt_more_solution"), default=False):
            pending = None
            prefill = self.nested("solution", meeting.id, {"shared_at": [meeting.id]})
            limits = {"found_by": present} if present else {}
            answers = self.record("solution", prefill, limits)
            if answers is None:
                continue
            solution = self.save("solution", answers)
            if raised:
                linking = solution.id
                keep()
                self.link_solution(solution.id, raised)
                linking = None
                keep()
        self.draft_kind = None
        drafts.clear(self.repo.root, "meeting")
        self.say(self.t("prompt_done_meeting"))

    def link_solution(self, solution_id: str, raised: Sequence[str]) -> None:
        options = [(b, self.describe(b)) for b in raised]
        for bottleneck_id in self.pick(
            self.t("prompt_solution_helps"), options, many=True, required=False
        ):
            updated = actions.link_solution(self.repo, bottleneck_id, solution_id)
            self.records.records["bottleneck"][bottleneck_id] = updated


def changed(answers: Mapping[str, Any]) -> bool:
    """Whether an edit's answers differ from the record as it was."""
    was = answers.get(WAS) or {}
    own = {k: v for k, v in answers.items() if not k.startswith("__")}
    return bool(json.loads(json.dumps(own, default=str)) != was)


def continued_edit(now: dict[str, Any], draft: Mapping[str, Any]) -> dict[str, Any]:
    """The record as it is now with the changes of an interrupted edit made
    again: a field someone else changed meanwhile and this edit did not
    touch keeps their value."""
    was = draft.get(WAS) if isinstance(draft.get(WAS), dict) else {}
    assert isinstance(was, dict)
    answers = dict(now)
    for name in {*was, *draft}:
        if name.startswith("__") or draft.get(name) == was.get(name):
            continue
        if name in draft:
            answers[name] = draft[name]
        else:
            answers.pop(name, None)
    if FIXING in draft:
        answers[FIXING] = draft[FIXING]
    return answers


def run_interactive(repo: Repository, kind: str, lang: str, by: str | None) -> Record | None:
    from knelpunt.store import load_all

    with contextlib.suppress(ImportError):
        import readline  # noqa: F401 - arrow keys edit the line where the platform can
    # Lean: the questions name records and compare a new bottleneck with the
    # few the index finds alike; no other description is read.
    records = load_all(repo, lean=True)
    # The explorer is offered as the one git knows; never a login name.
    defaults = {"explorer": by} if by else {}
    prompter = Prompter(repo, lang, records, draft_kind=kind, defaults=defaults, by=by)
    try:
        prefill = prompter.draft_to_continue(kind)
        flow = prefill.get(FLOW)
        if isinstance(flow, dict):  # a meeting saved, its bottlenecks under way
            meeting = records.of("meeting").get(str(flow.get("meeting")))
            if isinstance(meeting, Meeting):
                prompter.meeting_flow(meeting, flow)
                return meeting
            prefill = {}
        if kind == "bottleneck":
            bottleneck_id = prompter.add_bottleneck(prefill, {})
            return prompter.records.bottlenecks.get(bottleneck_id or "")
        if kind == "ranking":  # its own questions: the agenda numbered, an order of numbers
            return ranking_flow(prompter, prefill)
        answers = prompter.record(kind, prefill)
        if answers is None:
            return None
        record = prompter.save(kind, answers)
        if isinstance(record, Meeting):
            prompter.meeting_flow(record)
        return record
    except (KeyboardInterrupt, EOFError):
        prompter.interrupted(f"knelpunt add {kind}")
        raise KeyboardInterrupt from None


def run_edit(repo: Repository, kind: str, record_id: str, lang: str) -> bool:
    """Correct a record: its answers shown numbered, changed one by one;
    True when saved. Every change is kept in a draft until it is saved."""
    from knelpunt.store import load_all

    with contextlib.suppress(ImportError):
        import readline  # noqa: F401
    # Lean: the questions name other records; the record edited is read whole
    # from its own file (read_record).
    records = load_all(repo, lean=True)
    prompter = Prompter(repo, lang, records, draft_kind=kind, editing=record_id)
    try:
        record = actions.read_record(repo, kind, record_id)
        now = actions.flat_values(record)
        _show_written_in_file(prompter, repo, kind, record)
        draft = prompter.draft_to_continue(kind)
        answers = continued_edit(now, draft) if draft else dict(now)
        answers[WAS] = now
        confirmed = prompter.confirm(kind, answers, {})
        if confirmed is None:
            return False
        actions.change_record(repo, kind, record_id, confirmed)
        drafts.clear(repo.root, prompter.draft_file(kind))
        return True
    except (KeyboardInterrupt, EOFError):
        prompter.interrupted(f"knelpunt edit {record_id}")
        raise KeyboardInterrupt from None


def _show_written_in_file(prompter: Prompter, repo: Repository, kind: str, record: Any) -> None:
    """The lists of parts an edit leaves as they are (a proposal's costs, a
    legislative track, issue 33), shown as ``show`` shows them, with where
    to change them: in the file, in the form the guide gives."""
    from knelpunt.money import cost_line, step_line

    costs, track = getattr(record, "costs", []), getattr(record, "legislation", [])
    if not costs and not track:
        return
    lang = prompter.lang
    prompter.say("")
    if costs:
        prompter.say(f"{label(FIELD_LABELS, 'costs', lang)}:")
        for cost in costs:
            payer = prompter.record_name("actor", cost.paid_by) if cost.paid_by else None
            line = cost_line(cost.amount, cost.per, cost.start, payer, cost.purpose, lang)
            prompter.say(f"  {line}")
    if track:
        prompter.say(f"{label(FIELD_LABELS, 'legislation', lang)}:")
        for step in track:
            prompter.say(f"  {step_line(step.step, step.date, lang)}")
    path = repo.relative(repo.record_path(kind, record.id))
    prompter.say(prompter.t("prompt_edit_in_file", path=path))


# --- a ranking at a meeting (issue 30) ---------------------------------------------


def parse_order(answer: str, last: int) -> tuple[list[int], str | None, dict[str, Any]]:
    """The numbers typed for an order ("3 1 5 2", commas allowed), each from 1
    to ``last`` and once; or the message key and its values saying what is
    wrong with them."""
    numbers: list[int] = []
    for part in answer.replace(",", " ").split():
        if not part.isdigit() or not 1 <= int(part) <= last:
            return [], "prompt_ranking_not_number", {"answer": part, "last": last}
        if int(part) in numbers:
            return [], "prompt_ranking_twice", {"number": int(part)}
        numbers.append(int(part))
    return numbers, None, {}


def ranking_flow(prompter: Prompter, prefill: dict[str, Any]) -> Record | None:
    """``add ranking`` on a terminal: the round (the open one by default), the
    initiative (by number, name or id), then the agenda numbered and the
    initiative's order as numbers ("3 1 5 2": item 3 most important), said
    back in words before it is saved. The rest of the agenda is saved as not
    placed, as on a form. Every answer is kept in the draft as it is given
    (the order as ids, not numbers, so a changed agenda cannot shift it)."""
    from knelpunt.ballot import agenda_items, choose_round
    from knelpunt.formats import long_date
    from knelpunt.models import Ranking

    kind = "ranking"
    config, today = prompter.repo.config, prompter.today
    answers: dict[str, Any] = dict(prefill)
    asked = set(answers.get(ASKED) or [])

    def done(name: str) -> None:
        asked.add(name)
        answers[ASKED] = sorted(asked)
        prompter.keep_draft(kind, answers)

    # Before any question: a network without a round, or with nothing on
    # the agenda, is told so at once (exit 1), not after three answers.
    default_round = choose_round(config, None, today)
    items = agenda_items(prompter.records, config, prompter.lang, prompter.repo)
    if not items:
        raise KnelpuntError("ranking_no_items")
    prompter.say("")
    prompter.say(prompter.t("prompt_new", kind=prompter.t(f"kind_{kind}")))
    rounds = [(r.name, f"{r.name} ({long_date(r.opens, prompter.lang)} - "
               f"{long_date(r.closes, prompter.lang)})") for r in config.rounds]  # fmt: skip
    if "round" not in asked:
        chosen = prompter.pick(
            prompter.field_label("round"), rounds, many=False, required=True,
            current=[str(answers.get("round") or default_round.name)],
        )  # fmt: skip
        answers["round"] = chosen[0]
        done("round")
    the_round = config.round(str(answers["round"])) or default_round
    initiatives = prompter.records.of("initiative")
    if "initiative" not in asked:
        options = sorted(
            ((i, prompter.record_name("initiative", i)) for i in initiatives),
            key=lambda option: option[1].casefold(),
        )
        names = {key: [initiatives[key].label()] for key, _ in options}
        current = [str(answers["initiative"])] if answers.get("initiative") else []
        title = f"{prompter.field_label('initiative')} {prompter.t('prompt_required')}"
        answers["initiative"] = prompter.pick(title, options, False, True, current, names)[0]
        done("initiative")
    initiative = str(answers["initiative"])
    who = prompter.record_name("initiative", initiative)
    earlier = [
        r for r in prompter.records.of("ranking").values()
        if isinstance(r, Ranking) and r.round == the_round.name and r.initiative == initiative
    ]  # fmt: skip
    if earlier and "date" not in asked:
        latest = max(earlier, key=lambda r: (r.date, r.id))
        when = long_date(latest.date, prompter.lang)
        prompter.say(prompter.t("prompt_ranking_earlier", initiative=who, date=when))
    if "date" not in asked:
        inside = the_round.opens <= today <= the_round.closes
        default = str(answers.get("date") or (today.isoformat() if inside else ""))
        while True:
            shown = f" [{typed_date_or_text(default, prompter.lang)}]" if default else ""
            typed = prompter.ask(
                f"{prompter.field_label('date')} ({prompter.t('prompt_date')}){shown}: "
            ).strip()
            try:
                day = choices.parse_date(typed) if typed else None
            except KnelpuntError:
                example = typed_date(dt.date(2026, 11, 23), prompter.lang)
                prompter.say(prompter.t("prompt_date_bad", value=typed, example=example))
                continue
            day = day or (dt.date.fromisoformat(default) if default else None)
            if day is None or not the_round.opens <= day <= the_round.closes:
                # As ``ballot --import``: a voice counts in the round it was given in.
                prompter.say(
                    prompter.t(
                        "prompt_ranking_outside",
                        round=the_round.name,
                        opens=long_date(the_round.opens, prompter.lang),
                        closes=long_date(the_round.closes, prompter.lang),
                    )
                )
                continue
            answers["date"] = day.isoformat()
            break
        done("date")
    on_agenda = [item.id for item in items]
    titles = {item.id: item.title for item in items}
    # A draft's order, kept as ids: what has left the agenda since drops out.
    order = [b for b in answers.get("order") or [] if b in titles]
    yes = "j" if prompter.lang != "en" else "y"
    again = "v" if prompter.lang != "en" else "o"
    while True:
        if not order or "order" not in asked:
            prompter.say("")
            prompter.say(prompter.t("prompt_ranking_items", round=the_round.name))
            for number, item in enumerate(items, start=1):
                prompter.say(f"  {number:>2}) {item.title}")
            while True:
                typed = prompter.ask(f"{prompter.t('prompt_ranking_order')}: ").strip()
                numbers, problem, values = parse_order(typed, len(items))
                if problem is not None:
                    prompter.say(prompter.t(problem, **values))
                elif not numbers:
                    prompter.say(prompter.t("prompt_needed"))
                else:
                    break
            order = [on_agenda[n - 1] for n in numbers]
            answers["order"] = order
            done("order")
        answers["unranked"] = [b for b in on_agenda if b not in order]
        day = dt.date.fromisoformat(str(answers["date"]))
        prompter.say("")
        prompter.say(
            prompter.t(
                "prompt_ranking_summary",
                initiative=who,
                round=the_round.name,
                date=long_date(day, prompter.lang),
            )
        )
        for place, bottleneck_id in enumerate(order, start=1):
            prompter.say(f"  {place:>2}. {titles[bottleneck_id]}")
        if answers["unranked"]:
            prompter.say(prompter.t("prompt_ranking_rest", count=len(answers["unranked"])))
        answer = prompter.ask(f"{prompter.t('prompt_ranking_save')} [{yes}]: ").strip().lower()
        if not answer or answer[0] in "jy":
            return prompter.save(kind, answers)
        if answer[0] == again:
            asked.discard("order")
            continue
        if answer[0] == "n":
            prompter.say(prompter.t("prompt_draft_kept"))
            return None
        prompter.say(prompter.t("prompt_bad_choice", answer=answer))
