"""The ranking forms: made for a round, filled in offline, read back.

``knelpunt ballot`` makes the form of a ranking round: the bottlenecks on the
agenda (title, a short summary, level, problem-solvers), for an initiative to
put in its order of importance. As a spreadsheet (xlsx, for Excel and
LibreOffice), one per initiative or one with a cell for the initiative, and
as a printable HTML page for paper at a meeting.

``knelpunt ballot --import FILE...`` reads filled-in forms back into ranking
records (one per initiative per round, a new file each). A form comes from
outside, so it is read as untrusted: bounded in size, every cell checked, and
every problem named by file, sheet and cell. If any form has a problem,
nothing at all is written.

How a form knows itself: a hidden sheet ``knelpunt`` keeps the round, the
initiative (if the form is for one) and a copy of every fixed cell. A fixed
cell that no longer says what the copy says was changed by hand, and is
named. The sheet of the form is protected, so Excel and LibreOffice let
people type only where a place (or the initiative) goes.

openpyxl is imported only inside the functions that need it: ``--help`` and
every other command start without it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knelpunt import store, texts
from knelpunt.atomic import write_document
from knelpunt.config import Config, RankingRound
from knelpunt.errors import KnelpuntError
from knelpunt.facts import facts_for, levels_of
from knelpunt.formats import long_date
from knelpunt.messages import message
from knelpunt.models import Initiative, Meeting, Ranking, validate
from knelpunt.problems import Problem
from knelpunt.ranking import latest_per_initiative
from knelpunt.repo import Repository
from knelpunt.templating import page_start

#: The hidden sheet that describes the form.
META_SHEET = "knelpunt"
FORM_VERSION = 1
#: Where the form's cells are.
ROUND_CELL = "B4"
INITIATIVE_CELL = "B5"
INITIATIVE_NAME_CELL = "C5"
HEADER_ROW = 7
FIRST_ROW = 8
#: A form is read only this far: a filled-in form of a few hundred rows is
#: some tens of kilobytes; anything near these is not one.
MAX_FORM_BYTES = 5_000_000
MAX_UNPACKED_BYTES = 50_000_000
MAX_ITEMS = 2_000
#: A summary on the form: the description's first sentences, up to this long.
SUMMARY_LENGTH = 240


@dataclass(frozen=True)
class Item:
    """One bottleneck as the form shows it."""

    id: str
    title: str
    summary: str
    level: str
    solvers: str


@dataclass(frozen=True)
class Form:
    round: RankingRound
    items: tuple[Item, ...]
    #: The initiative the form is for; None for a form with a cell to fill in.
    initiative: Initiative | None = None


class FormProblem(Problem):
    """A problem in a filled-in form, at its file, sheet and cell."""

    sheet: str = ""
    cell: str = ""

    def text(self, lang: str) -> str:
        # Dates are written as the reader writes them (1 september 2026).
        dates = {k: long_date(v, lang) for k, v in self.params.items() if isinstance(v, dt.date)}
        return message(self.key, lang, **{**self.params, **dates})

    def render(self, lang: str) -> str:
        where = f"{self.sheet}!{self.cell}: " if self.cell else ""
        return f"{self.path}: {where}{self.text(lang)}"


def _problem(path: str, key: str, sheet: str = "", cell: str = "", **params: Any) -> FormProblem:
    found = FormProblem(path=path, key=key, params=params)
    found.sheet, found.cell = sheet, cell
    return found


class FormsInvalid(KnelpuntError):
    """Forms with problems: every one is named, nothing is written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("ballot_invalid", count=len(problems))
        self.problems = list(problems)


# --- the round and the agenda ---------------------------------------------------------


def choose_round(config: Config, name: str | None, today: dt.date) -> RankingRound:
    """The round asked for; else the one open ``today``; else the last opened."""
    if not config.rounds:
        raise KnelpuntError("ballot_no_round")
    if name is not None:
        found = config.round(name.strip().lower())
        if found is None:
            raise KnelpuntError(
                "unknown_round", value=name, allowed=", ".join(r.name for r in config.rounds)
            )
        return found
    open_now = [r for r in config.rounds if r.opens <= today <= r.closes]
    return max(open_now or config.rounds, key=lambda r: (r.opens, r.closes, r.name))


def summary(description: str) -> str:
    """The first sentences of a description, up to ``SUMMARY_LENGTH``: what
    the bottleneck is about, in the words of whoever wrote it."""
    text = " ".join(description.split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    kept = ""
    for sentence in sentences:
        if len(kept) + len(sentence) + 1 > SUMMARY_LENGTH:
            break
        kept = f"{kept} {sentence}".strip()
    return kept or text[: SUMMARY_LENGTH - 1].rstrip() + "…"


def agenda_items(
    records: store.RecordSet, config: Config, lang: str, repo: Repository | None = None
) -> tuple[Item, ...]:
    """The bottlenecks on the agenda: open, past intake (not merely reported),
    not bundled into another. In order of theme and title, never of score,
    so the form suggests no order of its own. From a lean set (``repo`` given),
    only the agenda's descriptions are read back, for their summaries."""
    actors = records.of("actor")
    themes = list(config.vocabularies.themes)
    chosen = [
        f
        for f in facts_for(records).values()
        if f.state.is_open and f.state.status != "reported" and f.state.merged_into is None
    ]
    chosen.sort(
        key=lambda f: (
            themes.index(f.bottleneck.theme) if f.bottleneck.theme in themes else len(themes),
            f.bottleneck.title.casefold(),
            f.id,
        )
    )
    if records.lean and repo is not None:
        texts.with_long_text(repo, records, [f.id for f in chosen], history=False)
    return tuple(
        Item(
            id=f.id,
            title=f.bottleneck.title,
            summary=summary(f.bottleneck.description),
            level=", ".join(config.label("levels", level, lang) for level in levels_of(f.state)),
            solvers=", ".join(actors[a].label() if a in actors else a for a in f.state.addressees),
        )
        for f in chosen
    )


def heard_initiatives(records: store.RecordSet) -> list[Initiative]:
    """The initiatives heard at the explorers' meetings: those the forms go out to."""
    heard: dict[str, None] = {}
    for meeting in records.of("meeting").values():
        if isinstance(meeting, Meeting) and meeting.type == "explorer":
            heard.update(dict.fromkeys(meeting.initiatives))
    found = [records.of("initiative").get(i) for i in heard]
    return sorted((i for i in found if isinstance(i, Initiative)), key=lambda i: i.name.casefold())


# --- making the forms -----------------------------------------------------------------


def _texts(form: Form, lang: str) -> dict[str, str]:
    def t(key: str, **params: Any) -> str:
        return message(key, lang, **params)

    return {
        "sheet": t("ballot_sheet"),
        "title": t("ballot_title", round=form.round.name),
        "instructions": t(
            "ballot_instructions",
            opens=long_date(form.round.opens, lang),
            closes=long_date(form.round.closes, lang),
        ),
        "order": t("ballot_order_note"),
        "round": t("ballot_round"),
        "initiative": t("ballot_initiative"),
        "blank": t("ballot_initiative_blank"),
        "place": t("ballot_col_place"),
        "id": t("ballot_col_id"),
        "bottleneck": t("ballot_col_title"),
        "summary": t("ballot_col_summary"),
        "level": t("ballot_col_level"),
        "solvers": t("ballot_col_solvers"),
    }


def fixed_cells(form: Form, lang: str) -> dict[str, str]:
    """Every cell of the form sheet that is not to be filled in, and its text."""
    words = _texts(form, lang)
    cells = {
        "A1": words["title"],
        "A2": words["instructions"],
        "A3": words["order"],
        "A4": words["round"],
        ROUND_CELL: form.round.name,
        "A5": words["initiative"],
    }
    if form.initiative is not None:
        cells[INITIATIVE_CELL] = form.initiative.id
        cells[INITIATIVE_NAME_CELL] = form.initiative.name
    else:
        cells[INITIATIVE_NAME_CELL] = words["blank"]
    for column, key in zip(
        "ABCDEF", ("place", "id", "bottleneck", "summary", "level", "solvers"), strict=True
    ):
        cells[f"{column}{HEADER_ROW}"] = words[key]
    for row, item in enumerate(form.items, start=FIRST_ROW):
        cells[f"B{row}"] = item.id
        cells[f"C{row}"] = item.title
        cells[f"D{row}"] = item.summary
        cells[f"E{row}"] = item.level
        cells[f"F{row}"] = item.solvers
    return cells


def write_xlsx(form: Form, lang: str, path: Path) -> None:
    """The form as a spreadsheet at ``path`` (a new file, written whole)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    words = _texts(form, lang)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = words["sheet"]
    cells = fixed_cells(form, lang)
    for cell, text in cells.items():
        sheet[cell] = text
        # Text, never a formula, whatever a title starts with ("=", "+", ...).
        sheet[cell].data_type = "s"
        sheet[cell].alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=14)
    for column in "ABCDEF":
        sheet[f"{column}{HEADER_ROW}"].font = Font(bold=True)
    for column, width in zip("ABCDEF", (11, 17, 40, 60, 18, 30), strict=True):
        sheet.column_dimensions[column].width = width
    last = FIRST_ROW + len(form.items) - 1
    # Only the places (and a blank form's initiative) can be typed in.
    open_cells = [f"A{row}" for row in range(FIRST_ROW, last + 1)]
    if form.initiative is None:
        open_cells.append(INITIATIVE_CELL)
    for cell in open_cells:
        sheet[cell].protection = Protection(locked=False)
    sheet.protection.sheet = True
    if form.items:
        places = DataValidation(
            type="whole",
            operator="between",
            formula1="1",
            formula2=str(len(form.items)),
            allow_blank=True,
            showErrorMessage=True,
            error=message("form_place_range", lang, value="?", count=len(form.items)),
        )
        sheet.add_data_validation(places)
        places.add(f"A{FIRST_ROW}:A{last}")
    sheet.freeze_panes = f"A{FIRST_ROW}"
    meta = book.create_sheet(META_SHEET)
    meta.append(["form", FORM_VERSION])
    meta.append(["sheet", words["sheet"]])
    meta.append(["round", form.round.name])
    meta.append(["initiative", form.initiative.id if form.initiative else ""])
    meta.append(["items", len(form.items)])
    for cell, text in cells.items():
        meta.append([cell, text])
    for row in meta.iter_rows(min_col=2, max_col=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    meta.sheet_state = "veryHidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    book.save(temporary)
    temporary.replace(path)


_STYLE = """
body { font-family: system-ui, sans-serif; font-size: 11pt; margin: 1.5em; }
section { page-break-after: always; break-after: page; }
section:last-child { page-break-after: auto; break-after: auto; }
h1 { font-size: 15pt; margin-bottom: .3em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #555; padding: .35em .5em; vertical-align: top; text-align: left; }
tr { page-break-inside: avoid; break-inside: avoid; }
td.place { width: 3.5em; height: 2.2em; }
.line { border-bottom: 1px solid #000; display: inline-block; min-width: 18em; }
.small { font-size: 9pt; color: #333; }
@page { size: A4; margin: 15mm; }
"""


def html_page(forms: Sequence[Form], lang: str) -> str:
    """The forms as one printable HTML page, a sheet of paper per form: plain
    escaped HTML under knelpunt's own head (its Content-Security-Policy)."""

    def e(text: str) -> str:
        return html.escape(text, quote=True)

    parts = [page_start(lang), f"<title>{e(message('ballot_sheet', lang))}</title>\n"]
    parts.append(f"<style>{_STYLE}</style>\n</head>\n<body>\n")
    for form in forms:
        words = _texts(form, lang)
        who = (
            f"{e(form.initiative.name)} <span class='small'>({e(form.initiative.id)})</span>"
            if form.initiative is not None
            else "<span class='line'>&nbsp;</span>"
        )
        parts.append("<section>\n")
        parts.append(f"<h1>{e(words['title'])}</h1>\n<p>{e(words['instructions'])}</p>\n")
        parts.append(f"<p class='small'>{e(words['order'])}</p>\n")
        parts.append(
            f"<p><strong>{e(words['round'])}:</strong> {e(form.round.name)}<br>"
            f"<strong>{e(words['initiative'])}:</strong> {who}</p>\n"
        )
        header = "".join(
            f"<th>{e(words[k])}</th>"
            for k in ("place", "bottleneck", "summary", "level", "solvers")
        )
        parts.append(f"<table>\n<thead><tr>{header}</tr></thead>\n<tbody>\n")
        for item in form.items:
            parts.append(
                "<tr><td class='place'></td>"
                f"<td><strong>{e(item.title)}</strong><br>"
                f"<span class='small'>{e(item.id)}</span></td>"
                f"<td>{e(item.summary)}</td><td>{e(item.level)}</td><td>{e(item.solvers)}</td></tr>\n"
            )
        parts.append("</tbody>\n</table>\n</section>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def _file_name(form: Form, suffix: str) -> str:
    who = form.initiative.id if form.initiative is not None else "leeg"
    return f"{form.round.name}-{who}.{suffix}"


def make_forms(
    repo: Repository,
    round_name: str | None,
    today: dt.date,
    lang: str,
    initiative_ids: Sequence[str] = (),
    each: bool = False,
) -> list[Form]:
    """The forms of a round: one for each initiative asked (``initiative_ids``),
    one for each initiative heard (``each``), or one to fill in the initiative."""
    records = store.load_all(repo)
    chosen = choose_round(repo.config, round_name, today)
    items = agenda_items(records, repo.config, lang)
    if not items:
        raise KnelpuntError("ballot_nothing_on_agenda")
    initiatives = records.of("initiative")
    who: list[Initiative | None] = []
    for typed in initiative_ids:
        found = find_initiative(initiatives.values(), typed)
        if found is None:
            raise KnelpuntError("ballot_initiative_unknown", value=typed)
        who.append(found)
    if each:
        who += heard_initiatives(records)
    if not who:
        who = [None]
    unique = {(w.id if w else ""): w for w in who}
    return [Form(chosen, items, w) for w in unique.values()]


def write_forms(
    forms: Sequence[Form], fmt: str, target: Path, lang: str, force: bool
) -> list[Path]:
    """Write ``forms``: as xlsx, one file each (in the folder ``target`` when
    there are several), or as one HTML page. Never over a file without ``force``."""
    if fmt == "html" or (len(forms) == 1 and target.suffix.lower() == ".xlsx"):
        paths = [target]
    else:
        paths = [target / _file_name(f, "xlsx") for f in forms]
    if not force:
        for path in paths:
            if path.exists() or path.is_symlink():
                raise KnelpuntError("output_exists", path=str(path))
    if fmt == "html":
        write_document(target, iter([html_page(forms, lang)]), force=True)
        return paths
    for form, path in zip(forms, paths, strict=True):
        write_xlsx(form, lang, path)
    return paths


# --- reading them back ----------------------------------------------------------------


def find_initiative(initiatives: Iterable[Any], typed: str) -> Initiative | None:
    """The initiative whose id or name is ``typed`` (any case, spaces as typed)."""
    wanted = " ".join(typed.split()).casefold()
    if not wanted:
        return None
    for initiative in initiatives:
        if isinstance(initiative, Initiative) and wanted in (
            initiative.id,
            " ".join(initiative.name.split()).casefold(),
        ):
            return initiative
    return None


def _show(value: Any) -> str:
    """A cell's value as a message quotes it: text in quotes, at most 80 characters."""
    text = "" if value is None else str(value)
    text = text if len(text) <= 80 else text[:79] + "…"
    return f"'{text}'" if not isinstance(value, int | float) else text


def _same(one: Any, other: Any) -> bool:
    def norm(value: Any) -> str:
        text = "" if value is None else str(value)
        return " ".join(text.replace("\r\n", "\n").split())

    return norm(one) == norm(other)


@dataclass
class ReadForm:
    """What one form says, once every cell is checked."""

    path: str
    round: str
    initiative: str
    order: list[str]
    unranked: list[str]
    problems: list[FormProblem] = field(default_factory=list)


def _open(path: Path, shown: str) -> tuple[Any, list[FormProblem]]:
    """The workbook at ``path``, bounded, or the problem that it is not one."""
    if not path.exists():
        return None, [_problem(shown, "form_missing", file=shown)]
    if not path.is_file():
        return None, [_problem(shown, "form_not_file", file=shown)]
    try:
        size = path.stat().st_size
        if size > MAX_FORM_BYTES:
            return None, [_problem(shown, "form_too_large", size=size, limit=MAX_FORM_BYTES)]
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            return None, [
                _problem(shown, "form_too_large", size=unpacked, limit=MAX_UNPACKED_BYTES)
            ]
        import warnings

        from openpyxl import load_workbook

        with warnings.catch_warnings():  # openpyxl's remarks on styles it drops
            warnings.simplefilter("ignore")
            return load_workbook(path, data_only=True), []
    except Exception as failure:  # any damaged file is a message, never a crash
        error = f"{type(failure).__name__}: {failure}"[:200]
        return None, [_problem(shown, "form_unreadable", error=error)]


def read_form(
    path: Path, shown: str, records: store.RecordSet, round_name: str, config: Config
) -> ReadForm:
    """Read one filled-in form and check every cell that matters."""
    result = ReadForm(shown, "", "", [], [])
    book, problems = _open(path, shown)
    if book is None:
        result.problems = problems
        return result
    problems = result.problems
    if META_SHEET not in book.sheetnames:
        problems.append(_problem(shown, "form_not_knelpunt"))
        return result
    meta: dict[str, Any] = {}
    for row in book[META_SHEET].iter_rows(max_col=2, values_only=True):
        if row and isinstance(row[0], str):
            meta[row[0]] = row[1] if len(row) > 1 else None
    sheet_name = str(meta.get("sheet") or "")
    if meta.get("form") != FORM_VERSION or sheet_name not in book.sheetnames:
        problems.append(_problem(shown, "form_not_knelpunt"))
        return result
    sheet = book[sheet_name]
    fixed = {k: v for k, v in meta.items() if re.fullmatch(r"[A-F][0-9]{1,5}", k)}
    items = meta.get("items")
    if not isinstance(items, int) or not 0 < items <= MAX_ITEMS:
        problems.append(_problem(shown, "form_not_knelpunt"))
        return result

    def at(cell: str, key: str, **params: Any) -> None:
        problems.append(_problem(shown, key, sheet_name, cell, **params))

    for cell, text in fixed.items():
        if not _same(sheet[cell].value, text):
            at(cell, "form_fixed_changed", before=_show(text), after=_show(sheet[cell].value))
    form_round = str(meta.get("round") or "")
    result.round = form_round
    if config.round(form_round) is None:
        at(
            ROUND_CELL,
            "unknown_round",
            value=_show(form_round),
            allowed=", ".join(r.name for r in config.rounds) or "-",
        )
    elif form_round != round_name:
        at(ROUND_CELL, "form_other_round", form_round=form_round, round=round_name)
    # The initiative: fixed on a form for one, typed in on a blank form.
    typed = meta.get("initiative") or sheet[INITIATIVE_CELL].value
    typed_text = "" if typed is None else str(typed)
    initiative = find_initiative(records.of("initiative").values(), typed_text)
    if not typed_text.strip():
        at(INITIATIVE_CELL, "form_initiative_missing")
    elif initiative is None:
        at(INITIATIVE_CELL, "form_initiative_unknown", value=_show(typed_text))
    else:
        result.initiative = initiative.id
    # The places.
    placed: dict[int, tuple[str, str]] = {}
    seen: dict[int, str] = {}
    unranked: list[str] = []
    for row in range(FIRST_ROW, FIRST_ROW + items):
        item = str(sheet[f"B{row}"].value or "").strip()
        if item not in records.bottlenecks:
            at(f"B{row}", "form_bottleneck_unknown", value=_show(item))
        value = sheet[f"A{row}"].value
        cell = f"A{row}"
        if value is None or (isinstance(value, str) and not value.strip()):
            unranked.append(item)
            continue
        place = _place(value)
        if place is None:
            at(cell, "form_place_not_number", value=_show(value), count=items)
            continue
        if not 1 <= place <= items:
            at(cell, "form_place_range", value=place, count=items)
            continue
        if place in seen:
            at(cell, "form_place_twice", value=place, other=f"{sheet_name}!{seen[place]}")
            continue
        seen[place] = cell
        placed[place] = (item, cell)
    below = sheet.max_row
    for row in range(FIRST_ROW + items, min(below, FIRST_ROW + items + MAX_ITEMS) + 1):
        if sheet[f"A{row}"].value not in (None, ""):
            at(f"A{row}", "form_place_outside", value=_show(sheet[f"A{row}"].value))
    if not placed and not problems:
        at(f"A{FIRST_ROW}", "form_no_place")
    result.order = [placed[p][0] for p in sorted(placed)]
    result.unranked = unranked
    return result


def _place(value: Any) -> int | None:
    """A place typed in a cell: a whole number, as a number or as text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


@dataclass
class Imported:
    round: str
    written: list[Path]
    #: Forms whose ranking was read in before, identical: (file, existing path).
    already: list[tuple[str, str]]
    #: What a form read in does to its initiative's earlier or later ranking in
    #: the round: the later one counts (``ranking.latest_per_initiative``).
    notices: list[FormProblem] = field(default_factory=list)


def import_forms(
    repo: Repository,
    files: Sequence[Path],
    round_name: str | None,
    today: dt.date,
    shown: Sequence[str] | None = None,
) -> Imported:
    """Read ``files`` into ranking records of the round; all or nothing."""
    chosen = choose_round(repo.config, round_name, today)
    records = store.load_all(repo)
    names = list(shown) if shown is not None else [str(f) for f in files]
    problems: list[Problem] = []
    read: list[ReadForm] = []
    first_of: dict[str, str] = {}
    for path, name in zip(files, names, strict=True):
        form = read_form(path, name, records, chosen.name, repo.config)
        problems += form.problems
        if form.initiative and not form.problems:
            if form.initiative in first_of:
                problems.append(
                    _problem(
                        name,
                        "form_twice",
                        initiative=form.initiative,
                        other=first_of[form.initiative],
                    )
                )
            first_of.setdefault(form.initiative, name)
        read.append(form)
    if not chosen.opens <= today <= chosen.closes:
        problems.append(
            _problem(
                ", ".join(names),
                "form_outside_round",
                round=chosen.name,
                opens=chosen.opens,
                closes=chosen.closes,
                date=today,
            )
        )
    if problems:
        raise FormsInvalid(problems)
    existing = [r for r in records.of("ranking").values() if isinstance(r, Ranking)]
    made: list[Ranking] = []
    read_from: list[str] = []
    already: list[tuple[str, str]] = []
    for form in read:
        same = next(
            (
                r
                for r in existing
                if (r.round, r.initiative, r.order, r.unranked)
                == (chosen.name, form.initiative, form.order, form.unranked)
            ),
            None,
        )
        if same is not None:
            already.append((form.path, records.paths[("ranking", same.id)]))
            continue
        data = {
            "id": store.unused_id(repo, "ranking"),
            "round": chosen.name,
            "initiative": form.initiative,
            "date": today,
            "order": form.order,
            "unranked": form.unranked,
        }
        record = validate("ranking", data, repo.config)
        assert isinstance(record, Ranking)
        made.append(record)
        read_from.append(form.path)
    notices = _which_counts(records, existing, list(zip(made, read_from, strict=True)))
    written = [store.create(repo, record) for record in made]
    return Imported(chosen.name, written, already, notices)


def _which_counts(
    records: store.RecordSet,
    existing: Sequence[Ranking],
    made: Sequence[tuple[Ranking, str]],
) -> list[FormProblem]:
    """Say, for each new ranking, which of its initiative's rankings in the
    round counts: the later one. A form read in with an earlier date than one
    already there counts for nothing, and that is told, not left to be found."""
    notices: list[FormProblem] = []
    for record, file in made:
        before = latest_per_initiative(existing, record.round).get(record.initiative)
        if before is None:
            continue
        after = latest_per_initiative([*existing, record], record.round)[record.initiative]
        initiative = records.of("initiative").get(record.initiative)
        params: dict[str, Any] = {
            "initiative": getattr(initiative, "name", None) or record.initiative,
            "round": record.round,
            "date": record.date,
            "other_date": before.date,
            "other": records.paths[("ranking", before.id)],
        }
        key = "ballot_replaces" if after is record else "ballot_not_counted"
        notices.append(_problem(file, key, **params))
    return notices
