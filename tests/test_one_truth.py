"""One truth in every output (issue 28): the site, every report, diff and
export say what ``show --json`` says, per problem-solver, and every table
that counts adds up or says why not.

The oracle is ``show --json`` (each addressing's own status, level and date)
and, for what an initiative is told, the rule written out here independently:
every regional and national addressing, and a local one only when it names
the initiative or, naming none, is to the initiative's own municipality.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import git
import hypothesis.strategies as st
from hypothesis import given, settings

from knelpunt.config import Config
from knelpunt.facts import told_to_initiative
from knelpunt.formats import short_date
from knelpunt.messages import CHOICE_LABELS, label
from knelpunt.models import Actor, Initiative, Update
from knelpunt.repo import Repository, open_repository
from knelpunt.report.building import build
from knelpunt.report.source import Source
from knelpunt.store import load_all
from knelpunt.workflow import derive
from tests.conftest import PROJECT

DATE = "2026-11-23"
DORPSBUS = "kp-yv0pw-4ra4g"
MECHELEN = "in-ajawk-34523"


def _text(page: str) -> str:
    """What a reader sees of a page: no tags, entities read."""
    inline = re.sub(r"</?(a|span|strong)\b[^>]*>", "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def _shown(run, record_id: str, root: Path = PROJECT) -> dict:
    result = run("show", record_id, "--json", cwd=root)
    assert result.code == 0, result.err
    return json.loads(result.out)


def _oracle(run, root: Path = PROJECT) -> tuple[Repository, dict[str, dict]]:
    repo = open_repository(root, {}, root)
    records = load_all(repo)
    return repo, {b: _shown(run, b, root) for b in sorted(records.bottlenecks)}


def _words(repo: Repository, addressing: dict) -> tuple[str, str, str, str]:
    config: Config = repo.config
    records = load_all(repo)
    actor = records.of("actor").get(addressing["actor"])
    return (
        actor.label() if actor else addressing["actor"],
        config.label("levels", addressing["level"] or "", "nl"),
        label(CHOICE_LABELS, addressing["status"], "nl"),
        short_date(dt.date.fromisoformat(addressing["since"]), "nl"),
    )


def test_every_site_page_gives_each_addressing_its_own_status_and_level(run, tmp_path):
    repo, shown = _oracle(run)
    site = tmp_path / "site"
    result = run("site", "-o", str(site), cwd=PROJECT)
    assert result.code == 0, result.err
    index = _text((site / "bottlenecks" / "index.html").read_text(encoding="utf-8"))
    checked = 0
    for bottleneck_id, data in shown.items():
        page_file = site / "bottlenecks" / f"{bottleneck_id}.html"
        if data["status"] == "merged":
            assert not page_file.exists()
            continue
        page = _text(page_file.read_text(encoding="utf-8"))
        solvers = page.split("Bij wie het ligt", 1)[1].split("Verloop", 1)[0]
        for addressing in data["addressings"]:
            name, level, status, since = _words(repo, addressing)
            assert f"{name}, {level}: {status} sinds {since}" in solvers, (bottleneck_id, name)
            assert f"{name} ({level}): {status}" in index, (bottleneck_id, name)
            checked += 1
        # No solver is given a status other than its own.
        # ("te laat sinds N dagen" is the clock of an addressing, not a status.)
        statuses = solvers.count(" sinds ") - solvers.count("te laat sinds ")
        assert statuses == len(data["addressings"]), bottleneck_id
    assert checked >= 28  # every addressing of the example


def test_the_agenda_and_final_report_give_each_solver_its_own_state(run):
    repo, shown = _oracle(run)
    for name in ("agenda", "final"):
        text = run("report", name, "--date", DATE, cwd=PROJECT).out
        for bottleneck_id, data in shown.items():
            for addressing in data["addressings"]:
                solver, level, status, since = _words(repo, addressing)
                line = f"Stand bij deze probleem-oplosser: {status} sinds {since} ({level})."
                sections = [s for s in text.split("\n### ") if s.startswith(solver + "\n")]
                if name == "agenda" and addressing["status"] not in ("routed", "in-progress"):
                    continue  # an agenda holds what is open at that solver
                if data["status"] in ("merged", "solved-locally", "reported"):
                    continue
                found = [s for s in sections if f"`{bottleneck_id}`" in s or bottleneck_id in s]
                if name == "agenda":
                    found = [s for s in text.split("\n## ") if s.startswith(solver + "\n")]
                assert any(line in s for s in found), (name, bottleneck_id, solver)


def _told(addressing: dict, initiative: Initiative, actors: dict) -> bool:
    """The rule, written out apart from the code under test."""
    if addressing["level"] != "local":
        return True
    if addressing["concerns"]:
        return initiative.id in addressing["concerns"]
    actor = actors.get(addressing["actor"])
    return not isinstance(actor, Actor) or actor.municipality in (None, initiative.municipality)


def test_no_initiative_is_told_a_step_that_is_not_its_own(run, tmp_path):
    repo, shown = _oracle(run)
    records = load_all(repo)
    actors = records.of("actor")
    text = run("report", "initiatives", "--date", DATE, cwd=PROJECT).out
    mechelen = text.split("## Dorpsraad Mechelen Zorgt")[1].split("\n## ")[0]
    assert "Hollands Kroon" not in mechelen
    assert "29 sep 2026: De dorpsbus staat nu als algemene voorziening" in mechelen
    site = tmp_path / "site"
    assert run("site", "-o", str(site), cwd=PROJECT).code == 0
    for initiative in records.of("initiative").values():
        assert isinstance(initiative, Initiative)
        page = _text((site / "initiatives" / f"{initiative.id}.html").read_text(encoding="utf-8"))
        if f"## {initiative.name} (" not in text:
            # Raised nothing: one line in the list at the end, nothing told.
            assert f"- {initiative.name} (" in text, initiative.id
            assert not re.search(r"kp-[a-z0-9]{5}-[a-z0-9]{5}", page), initiative.id
            continue
        section = text.split(f"## {initiative.name} (", 1)[1].split("\n## ")[0]
        for row in section.splitlines():
            found = re.search(r"`(kp-[a-z0-9-]+)`", row)
            if not found:
                continue
            data = shown[found.group(1)]
            history = {u["id"]: u for u in data["history"]}
            told = [a for a in data["addressings"] if _told(a, initiative, actors)]
            others = [a for a in data["addressings"] if a not in told]
            for addressing in told:
                solver, level, status, _ = _words(repo, addressing)
                assert f"{solver} ({level}): {status}" in row, (initiative.id, row)
                assert f"{solver} ({level}): {status}" in page
            for addressing in others:
                solver = _words(repo, addressing)[0]
                assert solver not in row, (initiative.id, row)
                # Its step is not told either: not its date with its note.
                step = history.get(addressing["last_step"] or "")
                if step and step.get("note"):
                    assert step["note"] not in row.replace("\\", ""), (initiative.id, row)


def test_every_table_that_counts_adds_up_or_says_why(run):
    repo = open_repository(PROJECT, {}, PROJECT)
    source = Source(repo.config, load_all(repo), "nl", dt.date(2026, 11, 23))
    progress = build("progress", source)
    assert sum(row["total"] for row in progress["by_theme"]) == progress["bottlenecks_total"]
    solved_columns = [
        i for i, key in enumerate(progress["status_keys"]) if key in ("resolved", "solved-locally")
    ]
    in_table = sum(row["counts"][i] for row in progress["by_theme"] for i in solved_columns)
    over_time = sum(row["resolved"] for row in progress["over_time"])
    assert over_time == in_table == progress["solved_total"]
    rows = sum(row["count"] for row in progress["by_level"])
    assert f"de rijen tellen samen {rows}" in progress["notes"]["by_level"]
    final = build("final", source)
    *levels, total = final["summary"]
    assert f"de niveaus tellen samen {sum(r['on_agenda'] for r in levels)}" in final["summary_note"]
    assert f"voor {total['on_agenda']} verschillende knelpunten" in final["summary_note"]
    text = run("report", "final", "--date", DATE, cwd=PROJECT).out
    assert final["summary_note"] in text
    text = run("report", "--date", DATE, cwd=PROJECT).out
    for note in progress["notes"].values():
        assert note in text


def test_diff_gives_each_solver_its_own_level(run, example):
    repository = git.Repo.init(example, initial_branch="main")
    repository.git.add(A=True)
    repository.index.commit("Voorbeeld")
    bottleneck = "kp-yv0pw-4ra4g"
    assert run("route", bottleneck, "--to", "ac-f6dtf-2x37r", "--level", "national",
               cwd=example).code == 0  # fmt: skip
    result = run("diff", "--json", cwd=example)
    assert result.code == 0, result.err
    change = next(c for c in json.loads(result.out)["changes"] if c["id"] == bottleneck)
    assert change["levels"]["ac-f6dtf-2x37r"] == "national"
    assert change["levels"]["ac-9f9ec-a45e8"] == "local"
    text = run("diff", cwd=example).out
    assert "Vereniging van Nederlandse Gemeenten (`ac-f6dtf-2x37r`) (Landelijk (macro))" in text
    assert "Gemeente Gulpen-Wittem (`ac-9f9ec-a45e8`) (Lokaal (micro))" in text


def test_export_and_show_give_the_same_addressings(run):
    result = run("export", "bottleneck", "--format", "json", cwd=PROJECT)
    assert result.code == 0, result.err
    exported = json.loads(result.out)
    rows = exported if isinstance(exported, list) else exported["bottleneck"]
    for row in rows[:30]:
        assert row["addressings"] == _shown(run, row["id"])["addressings"]


# --- generated histories ------------------------------------------------------------

SOLVERS = {
    "ac-aaaaa-aaaaa": ("local", "Dorp A"),
    "ac-bbbbb-bbbbb": ("local", "Dorp B"),
    "ac-ccccc-ccccc": ("regional", None),
    "ac-ddddd-ddddd": ("national", None),
}
VILLAGES = {"in-aaaaa-aaaaa": "Dorp A", "in-bbbbb-bbbbb": "Dorp B"}


@st.composite
def histories(draw: st.DrawFn) -> list[Update]:
    entries = [Update(id="20260101-000000-start", date=dt.date(2026, 1, 1), by="c",
                      status="on-agenda")]  # fmt: skip
    for n in range(draw(st.integers(1, 8))):
        day = dt.date(2026, 2, 1) + dt.timedelta(days=n)
        step_id = f"{day:%Y%m%d}-000000-{n:05d}"
        kind = draw(st.sampled_from(["routed", "in-progress", "declined", "resolved", "note"]))
        # A step for one solver, or (without one) for every solver it may move.
        one = draw(st.booleans())
        actor = draw(st.sampled_from(sorted(SOLVERS)))
        if kind == "routed":
            level = SOLVERS[actor][0]
            concerns = (
                draw(st.sampled_from([[], *[[v] for v in VILLAGES]])) if level == "local" else []
            )
            routed = Update(id=step_id, date=day, by="c", status="routed", level=level,
                            addressees=[actor], concerns=concerns, note=f"stap {n}")  # fmt: skip
            entries.append(routed)
        elif kind == "note":
            entries.append(Update(id=step_id, date=day, by="c", note=f"stap {n}"))
        else:
            entries.append(Update(id=step_id, date=day, by="c", status=kind,
                                  actor=actor if one else None, note=f"stap {n}"))  # fmt: skip
    return entries


@settings(max_examples=60, deadline=None)
@given(histories(), st.sampled_from(sorted(VILLAGES)))
def test_an_initiative_is_told_its_own_addressings_and_steps_only(history, village):
    state, _ = derive(history)
    actors = {
        actor: Actor(id=actor, name=actor, type="municipality", level=level, municipality=where)
        for actor, (level, where) in SOLVERS.items()
    }
    initiative = Initiative.model_construct(
        id=village, name=village, municipality=VILLAGES[village]
    )
    told = told_to_initiative(state, initiative, actors, "local")
    expected = [
        a for a in state.addressings
        if _told({"level": a.level, "concerns": list(a.concerns), "actor": a.actor},
                 initiative, actors)
    ]  # fmt: skip
    assert list(told.addressings) == expected
    others = {a.actor for a in state.addressings} - {a.actor for a in expected}
    if told.step is not None:
        assert told.step.actor not in others
        assert not (told.step.status == "routed" and set(told.step.addressees) <= others)
    for addressing in state.addressings:  # each one's last step is its own
        step = addressing.step
        assert step is not None
        assert step.actor in (None, addressing.actor)
        assert step.status is None or addressing.actor in step.addressees or step.status != "routed"
