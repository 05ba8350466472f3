"""One truth in every output, over generated repositories (issue 28).

Hypothesis writes histories the way coordinators make them, through the
library's own functions: bottlenecks reported by initiatives in two
municipalities, put on the agenda, routed to several problem-solvers at
several levels (a municipality locally, for one initiative or all of its own,
an insurer regionally, a ministry and an umbrella nationally), taken up,
declined and routed again, resolved by one solver, solved locally, bundled.
Every output is then rendered the way a reader gets it (the command line in
a temporary repository) and read back: JSON with ``json``, CSV with ``csv``,
Markdown tables by their pipes, HTML pages by their markup. Each state, level
and count must agree with the one derivation (``RecordSet.state``, that is
``workflow.derive``, and ``facts.levels_of``), and no initiative may be told a
step of another municipality's local addressing. The expectations are
computed here from the derived ``State`` alone, not from any output module.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import re
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import git
import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, Phase, event, given, settings

from knelpunt import actions, store
from knelpunt.errors import KnelpuntError
from knelpunt.facts import levels_of
from knelpunt.formats import short_date
from knelpunt.messages import CHOICE_LABELS, label, report_text
from knelpunt.models import Actor, Bottleneck, Initiative
from knelpunt.repo import Repository, open_repository
from knelpunt.scaffold import init_repository
from knelpunt.store import RecordSet, load_all
from knelpunt.workflow import TRANSITIONS, Addressing, State

TODAY = "2026-06-30"  # after every generated step; the charts' months hold them all

#: id: (name, type, level, municipality)
SOLVERS = {
    "ac-aaaaa-aaaaa": ("Gemeente Aadorp", "municipality", "local", "Aadorp"),
    "ac-bbbbb-bbbbb": ("Gemeente Beedorp", "municipality", "local", "Beedorp"),
    "ac-ccccc-ccccc": ("Zorgverzekeraar Cee", "insurer", "regional", None),
    "ac-ddddd-ddddd": ("Ministerie van Dee", "ministry", "national", None),
    "ac-eeeee-eeeee": ("Koepel van Ee", "umbrella", "national", None),
}
#: id: (name, municipality)
INITIATIVES = {
    "in-aaaaa-aaaaa": ("Zorgcoop Aadorp", "Aadorp"),
    "in-aaaaa-bbbbb": ("Dorpsraad Aadorp", "Aadorp"),
    "in-bbbbb-bbbbb": ("Zorgcoop Beedorp", "Beedorp"),
}
BOTTLENECKS = [f"kp-aaaaa-aaaa{n}" for n in range(2, 7)]
THEMES = ["cooperation", "regulation", "finance"]


# --- the repository at the start: solvers and initiatives, no bottleneck ------------


def _start(folder: Path) -> Path:
    """Made once: a repository whose first commit holds the problem-solvers
    and the initiatives (the empty start ``diff`` compares with)."""
    root = folder / "start"
    init_repository(root)
    repo = open_repository(root, {}, root)
    for actor_id, (name, kind, level, municipality) in SOLVERS.items():
        store.create(
            repo,
            Actor(id=actor_id, name=name, type=kind, level=level, municipality=municipality),
        )
    for initiative_id, (name, municipality) in INITIATIVES.items():
        store.create(
            repo,
            Initiative(
                id=initiative_id,
                name=name,
                legal_form="cooperative",
                municipality=municipality,
                province="limburg",
                phase=1,
            ),
        )
    repository = git.Repo(root)
    repository.git.add(A=True)
    repository.index.commit("Begin")
    return root


@pytest.fixture(scope="module")
def start(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _start(tmp_path_factory.mktemp("one-truth"))


def _fresh(start: Path) -> Path:
    """A copy of the start, git and all, for one example."""
    target = Path(tempfile.mkdtemp(dir=start.parent)) / "repo"
    shutil.copytree(start, target, symlinks=True)
    return target


# --- generated histories -------------------------------------------------------------

solver = st.sampled_from(sorted(SOLVERS))
routing = st.tuples(
    st.lists(solver, min_size=1, max_size=2, unique=True),
    st.sampled_from([None, None, "local", "regional", "national"]),
    st.sampled_from([[], [], ["in-aaaaa-aaaaa"], ["in-bbbbb-bbbbb"]]),
)
#: A step on one of a bottleneck's addressings: which one is chosen when the
#: step is taken (by its place; 3: every addressing at once).
move = st.tuples(st.sampled_from(["in-progress", "declined", "resolved"]), st.integers(0, 3))
reporters = st.lists(st.sampled_from(sorted(INITIATIVES)), min_size=1, max_size=2, unique=True)


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[tuple[str, list[str], str]], list[tuple]]:
    """Bottlenecks, and the steps taken: most are put on the agenda and
    routed, then moved per solver, declined and routed again; a few end
    solved locally or bundled into another."""
    count = draw(st.integers(2, len(BOTTLENECKS)))
    ids = BOTTLENECKS[:count]
    made = [(b, draw(reporters), draw(st.sampled_from(THEMES))) for b in ids]
    steps: list[tuple] = []
    for b in ids:
        if draw(st.integers(0, 9)) < 8:
            steps += [("agenda", b), ("route", b, draw(routing))]
    one = st.sampled_from(ids)
    steps += draw(
        st.lists(
            st.one_of(
                st.tuples(st.just("move"), one, move),
                st.tuples(st.just("move"), one, move),
                st.tuples(st.just("route"), one, routing),
                st.tuples(st.just("note"), one, st.integers(0, 3)),
                st.tuples(st.just("agenda"), one),
            ),
            max_size=10,
        )
    )
    ending = st.one_of(
        st.tuples(st.just("solve-locally"), one), st.tuples(st.just("merge"), one, one)
    )
    steps += draw(st.lists(ending, max_size=2))
    return made, steps


def _chosen(repo: Repository, bottleneck_id: str, place: int) -> str | None:
    """The addressing at ``place`` of the bottleneck now (None: all of them)."""
    addressings = actions.current_state(repo, bottleneck_id).addressings
    return addressings[place % len(addressings)].actor if addressings and place < 3 else None


def _make(repo: Repository, made: list, steps: list) -> None:
    """Write the history through the library, as the commands do; a step the
    workflow refuses is left out, as a coordinator would be told."""
    for n, (bottleneck_id, by, theme) in enumerate(made):
        store.create(
            repo,
            Bottleneck(
                id=bottleneck_id,
                title=f"Knelpunt nummer {n}",
                description="Wat er knelt.",
                theme=theme,
                type="implementation",
                reported_on=dt.date(2026, 2, 1),
                reported_by=by,
            ),
        )
    for n, (kind, bottleneck_id, *rest) in enumerate(steps):
        change = actions.Change("Coördinator", dt.date(2026, 3, 1) + dt.timedelta(days=n),
                                f"Stap {n} van {kind}")  # fmt: skip
        try:
            if kind == "agenda":
                actions.update_status(repo, bottleneck_id, "on-agenda", change)
            elif kind == "route":
                solvers, level, concerns = rest[0]
                local = (level or SOLVERS[solvers[0]][2]) == "local"
                actions.route(repo, bottleneck_id, solvers, level, None, change,
                              concerns if local else [])  # fmt: skip
            elif kind == "move":
                status, place = rest[0]
                actor = _chosen(repo, bottleneck_id, place)
                actions.update_status(repo, bottleneck_id, status, change, actor)
            elif kind == "note":
                actor = _chosen(repo, bottleneck_id, rest[0])
                actions.update_status(repo, bottleneck_id, None, change, actor)
            elif kind == "solve-locally":
                actions.update_status(repo, bottleneck_id, "solved-locally", change)
            else:
                actions.merge(repo, bottleneck_id, rest[0], change)
        except KnelpuntError:
            continue


# --- what the derivation says ----------------------------------------------------------


def _addressing(a: Addressing) -> dict:
    return {
        "actor": a.actor,
        "level": a.level,
        "status": a.status,
        "since": a.since.isoformat(),
        "rule": a.rule,
        "concerns": list(a.concerns),
        "last_step": a.step.id if a.step else None,
        "answer_by": a.answer_by.isoformat() if a.answer_by else None,
    }


def _state(state: State) -> dict:
    return {
        "status": state.status,
        "levels": list(levels_of(state)),
        "addressings": [_addressing(a) for a in state.addressings],
    }


def _told(a: Addressing, initiative: str) -> bool:
    """The rule, written out apart from the code: every regional and national
    addressing; a local one when it names the initiative, or names none and is
    to the initiative's own municipality."""
    if a.level != "local":
        return True
    if a.concerns:
        return initiative in a.concerns
    return SOLVERS[a.actor][3] in (None, INITIATIVES[initiative][1])


class Words:
    """How a Dutch reader sees a solver's state."""

    def __init__(self, repo: Repository) -> None:
        self.config = repo.config

    def level(self, key: str | None) -> str:
        return self.config.label("levels", key or "", "nl")

    @staticmethod
    def status(key: str) -> str:
        return label(CHOICE_LABELS, key, "nl")

    def stand(self, a: Addressing) -> str:
        """The line the agenda, the final report and a solver's page give it."""
        return (
            f"Stand bij deze probleem-oplosser: {self.status(a.status)} sinds "
            f"{short_date(a.since, 'nl')} ({self.level(a.level)})."
        )

    def brief(self, a: Addressing) -> str:
        return f"{SOLVERS[a.actor][0]} ({self.level(a.level)}): {self.status(a.status)}"


# --- reading outputs back -------------------------------------------------------------


def _ok(run, *args: str, cwd: Path) -> str:
    result = run(*args, cwd=cwd)
    assert result.code == 0, (args, result.err)
    return result.out


def _text(page: str) -> str:
    """What a reader sees of a page: no tags, entities read."""
    inline = re.sub(r"</?(a|span|strong|em|code)\b[^>]*>", "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def _table(markdown: str, heading: str) -> dict[str, list[str]]:
    """The Markdown table under ``### heading``: first cell -> the others,
    with the header row under the key ""."""
    part = markdown.split(f"\n### {heading}\n", 1)[1].split("\n#", 1)[0]
    rows = [line for line in part.splitlines() if line.startswith("|")]
    cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
    table = {row[0]: row[1:] for row in cells[2:]}
    table[""] = cells[0][1:]
    return table


def _number(cell: str) -> int:
    return int(cell.replace(".", ""))


# --- the test -------------------------------------------------------------------------


@settings(
    max_examples=15,
    deadline=None,
    # Each example is a repository rendered whole: shrinking one takes minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(histories())
def test_every_output_says_what_the_derivation_says(run, start, history):
    made, steps = history
    root = _fresh(start)
    repo = open_repository(root, {}, root)
    _make(repo, made, steps)
    records = load_all(repo)
    assert not records.problems, records.problems
    states = {b: records.state(b) for b in records.bottlenecks}
    for state in states.values():  # what the examples hold (--hypothesis-show-statistics)
        event(f"status {state.status}")
        event(f"{len(levels_of(state))} levels")
        event(f"{len({a.status for a in state.addressings})} solver statuses")
    words = Words(repo)
    _check_json(run, root, states)
    _check_exports(run, root, states)
    _check_progress(run, root, records, states, words)
    _check_solvers(run, root, states, words)
    _check_initiatives(run, root, records, states, words)
    _check_site(run, root, states, words)


def _check_json(run, root: Path, states: dict[str, State]) -> None:
    for bottleneck_id, state in states.items():
        shown = json.loads(_ok(run, "show", bottleneck_id, "--json", cwd=root))
        assert {k: shown[k] for k in ("status", "levels", "addressings")} == _state(state)
    listed = json.loads(_ok(run, "list", "bottlenecks", "--json", cwd=root))
    assert {r["id"] for r in listed} == set(states)
    for row in listed:
        assert {k: row[k] for k in ("status", "levels", "addressings")} == _state(states[row["id"]])
    ranked = json.loads(_ok(run, "prioritise", "--json", "--date", TODAY, cwd=root))
    assert {r["id"] for r in ranked} == {b for b, s in states.items() if s.is_open}
    for row in ranked:
        assert {k: row[k] for k in ("status", "levels", "addressings")} == _state(states[row["id"]])
    # The same again from the lean index, which the first listing wrote.
    again = json.loads(_ok(run, "prioritise", "--json", "--top", "2", "--date", TODAY, cwd=root))
    assert again == ranked[:2]
    changes = json.loads(_ok(run, "diff", "--json", cwd=root))["changes"]
    for change in changes:
        if change["id"] in states:
            state = states[change["id"]]
            assert change["levels"] == {a.actor: a.level for a in state.addressings}


def _check_exports(run, root: Path, states: dict[str, State]) -> None:
    exported = json.loads(_ok(run, "export", "bottleneck", "--format", "json", cwd=root))
    rows = exported if isinstance(exported, list) else exported["bottleneck"]
    assert {r["id"] for r in rows} == set(states)
    for row in rows:
        assert {k: row[k] for k in ("status", "levels", "addressings")} == _state(states[row["id"]])
    text = _ok(run, "export", "bottleneck", "--format", "csv", "--keys", cwd=root)
    for row in csv.DictReader(text.lstrip("\ufeff").splitlines(), delimiter=";"):
        state = states[row["id"]]
        assert row["status"] == state.status
        assert row["levels"] == ", ".join(levels_of(state))
        assert row["addressings"] == ", ".join(
            f"{a.actor}:{a.level}:{a.status}" for a in state.addressings
        )


def _check_progress(
    run, root: Path, records: RecordSet, states: dict[str, State], words: Words
) -> None:
    """The counting tables of the progress report: each cell what the
    derivation gives (merged ones are counted where they went)."""
    current = {b: s for b, s in states.items() if s.status != "merged"}
    text = _ok(run, "report", "progress", "--date", TODAY, cwd=root)
    themes = _table(text, report_text("by_theme", "nl"))
    header = themes.pop("")
    for theme in THEMES:
        in_theme = Counter(
            s.status for b, s in current.items() if records.bottlenecks[b].theme == theme
        )
        row = themes.get(repo_label(root, "themes", theme), ["0"] * len(header))
        for status_label, cell in zip(header[:-1], row[:-1], strict=True):
            key = next(k for k in TRANSITIONS if words.status(k) == status_label)
            assert _number(cell) == in_theme[key], (theme, key)
        assert _number(row[-1]) == sum(in_theme.values())
    levels = Counter(level for s in current.values() for level in levels_of(s))
    if levels:
        table = _table(text, report_text("by_level", "nl"))
        assert {k: _number(v[0]) for k, v in table.items() if k} == {
            words.level(k): n for k, n in levels.items()
        }
        solvers = _table(text, report_text("by_solver", "nl"))
        for actor, (name, *_) in SOLVERS.items():
            mine = [a for s in current.values() for a in s.addressings if a.actor == actor]
            if mine:
                assert solvers[name] == [str(sum(a.is_open for a in mine)), str(len(mine))]
            else:
                assert name not in solvers
    solved = sum(s.status in ("resolved", "solved-locally") for s in current.values())
    over_time = _table(text, report_text("over_time", "nl"))
    over_time.pop("")
    assert sum(_number(row[1]) for row in over_time.values()) == solved


def repo_label(root: Path, vocabulary: str, key: str) -> str:
    return open_repository(root, {}, root).config.label(vocabulary, key, "nl")


def _check_solvers(run, root: Path, states: dict[str, State], words: Words) -> None:
    """The agenda (Markdown and HTML) and the final report: each solver's own
    state under that solver, and nothing of another's."""
    open_at: dict[str, list[Addressing]] = {}
    for state in states.values():
        if state.status != "merged":
            for a in state.addressings:
                if a.is_open:
                    open_at.setdefault(a.actor, []).append(a)
    agenda = _ok(run, "report", "agenda", "--date", TODAY, cwd=root)
    page = _text(_ok(run, "report", "agenda", "--date", TODAY, "--format", "html", cwd=root))
    for actor, (name, *_) in SOLVERS.items():
        mine = open_at.get(actor, [])
        sections = [s for s in agenda.split("\n## ")[1:] if s.startswith(name + "\n")]
        assert len(sections) == (1 if mine else 0), name
        if mine:
            lines = re.findall(r"Stand bij deze probleem-oplosser: [^\n]*?\)\.", sections[0])
            assert sorted(lines) == sorted(words.stand(a) for a in mine), name
        for a in mine:
            assert words.stand(a) in page
    assert page.count("Stand bij deze probleem-oplosser") == sum(map(len, open_at.values()))
    final = _ok(run, "report", "final", "--date", TODAY, cwd=root)
    final_page = _text(_ok(run, "report", "final", "--date", TODAY, "--format", "html", cwd=root))
    for state in states.values():
        if state.status in ("merged", "solved-locally", "reported"):
            continue
        for a in state.addressings:
            assert words.stand(a) in final, (a, final)
            assert words.stand(a) in final_page


def _check_initiatives(
    run, root: Path, records: RecordSet, states: dict[str, State], words: Words
) -> None:
    """The initiatives report: each initiative hears its own addressings,
    with their own status and level, and no other municipality's local one."""
    text = _ok(run, "report", "initiatives", "--date", TODAY, cwd=root)
    page = _text(_ok(run, "report", "initiatives", "--date", TODAY, "--format", "html", cwd=root))
    for initiative_id, (name, _) in INITIATIVES.items():
        if f"## {name} (" not in text:
            continue
        section = text.split(f"## {name} (", 1)[1].split("\n## ")[0]
        for row in section.splitlines():
            found = re.search(r"`(kp-[a-z0-9-]+)`", row)
            if not found:
                continue
            state = states[found.group(1)]
            history = {u.id: u for u in state.history}
            for a in state.addressings:
                if _told(a, initiative_id):
                    assert words.brief(a) in row, (name, row)
                    assert words.brief(a) in page
                else:
                    assert SOLVERS[a.actor][0] not in row, (name, row)
                    step = history.get(a.step.id) if a.step else None
                    if step is not None and step.note and step.actor == a.actor:
                        assert step.note not in row, (name, row)


def _check_site(run, root: Path, states: dict[str, State], words: Words) -> None:
    site = root.parent / "site"
    _ok(run, "site", "-o", str(site), "--force", cwd=root)
    index = _text((site / "bottlenecks" / "index.html").read_text(encoding="utf-8"))
    for bottleneck_id, state in states.items():
        page_file = site / "bottlenecks" / f"{bottleneck_id}.html"
        if state.status == "merged":
            assert not page_file.exists()
            continue
        page = _text(page_file.read_text(encoding="utf-8"))
        assert words.status(state.status) in page
        if not state.addressings:
            assert "Bij wie het ligt" not in page or " sinds " not in page.split("Verloop")[0]
            continue
        solvers = page.split("Bij wie het ligt", 1)[1].split("Verloop", 1)[0]
        for a in state.addressings:
            name = SOLVERS[a.actor][0]
            own = f"{name}, {words.level(a.level)}: {words.status(a.status)} sinds"
            assert f"{own} {short_date(a.since, 'nl')}" in solvers, (bottleneck_id, own)
            assert f"{name} ({words.level(a.level)}): {words.status(a.status)}" in index
        # ("te laat sinds N dagen" is an addressing's clock, not a status.)
        statuses = solvers.count(" sinds ") - solvers.count("te laat sinds ")
        assert statuses == len(state.addressings), bottleneck_id
    # A solver's page: its own open addressings, each with its own state.
    for actor in SOLVERS:
        page_file = site / "solvers" / f"{actor}.html"
        mine = [
            a
            for s in states.values()
            if s.status != "merged"
            for a in s.addressings
            if a.actor == actor and a.is_open
        ]
        if not page_file.exists():
            assert not mine, actor
            continue
        page = _text(page_file.read_text(encoding="utf-8"))
        assert sorted(re.findall(r"Stand bij deze probleem-oplosser: .*?\)\.", page)) == sorted(
            words.stand(a) for a in mine
        ), actor
    # An initiative's page: what concerns it, and only that.
    for initiative_id in INITIATIVES:
        page_file = site / "initiatives" / f"{initiative_id}.html"
        if not page_file.exists():
            continue
        page = _text(page_file.read_text(encoding="utf-8"))
        told = set()
        untold = set()
        for bottleneck_id, state in states.items():
            if bottleneck_id not in page:
                continue
            for a in state.addressings:
                (told if _told(a, initiative_id) else untold).add(words.brief(a))
        for phrase in told:
            assert phrase in page, (initiative_id, phrase)
        for phrase in untold - told:
            assert phrase not in page, (initiative_id, phrase)
