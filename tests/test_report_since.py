"""``report --since`` lists every kind of step taken since a revision or a
date (issue 28): new, bundled, back on the agenda, routed, in progress,
declined and solved (by the problem-solvers, and locally), each under its
own heading and under no other, in Markdown and in HTML.

And no message is kept in the catalogs that nothing says any more.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import git

from knelpunt import catalog
from tests.conftest import PROJECT

DAY = "2026-11-20"  # after every step of the example's history
TODAY = "2026-11-23"


def _ok(run, *args: str, cwd: Path) -> str:
    result = run(*args, cwd=cwd)
    assert result.code == 0, (args, result.err)
    return result.out


def _commit(repository: git.Repo, message: str) -> None:
    repository.git.add(A=True)
    repository.index.commit(message)


def _every_kind_of_step(run, example: Path) -> dict[str, set[str]]:
    """One step of each kind on the example, dated ``DAY``: which bottleneck
    each section must list."""
    by = ("--by", "Annelies", "--date", DAY)
    added = json.loads(
        _ok(run, "add", "bottleneck", "--no-input", "--json", "--title",
            "Geen bus naar de dagbesteding", "--description", "d", "--theme", "cooperation",
            "--type", "implementation", "--reported-on", DAY, "--by", "Annelies", cwd=example)
    )["record"]["id"]  # fmt: skip
    _ok(run, "merge", "kp-ms8xd-8z028", "kp-be0q1-vp3h4", *by, cwd=example)
    _ok(run, "update", "kp-b86fs-5mjna", "--status", "on-agenda", *by, cwd=example)
    _ok(run, "route", "kp-5z13j-gfrn2", "--to", "ac-k8q56-g3z2c", "--level", "national", *by,
        cwd=example)  # fmt: skip
    _ok(run, "update", "kp-5ds9m-7z0jv", "--status", "in-progress", *by, cwd=example)
    _ok(run, "update", "kp-ac2nm-6731b", "--status", "declined", *by, cwd=example)
    _ok(run, "update", "kp-gf55c-xf5vr", "--status", "resolved", *by, cwd=example)
    _ok(run, "update", "kp-efc28-gkfd2", "--status", "solved-locally", *by, cwd=example)
    return {
        "Nieuw": {added},
        "Gebundeld": {"kp-ms8xd-8z028"},
        "Op de agenda": {"kp-b86fs-5mjna"},
        "Geadresseerd": {"kp-5z13j-gfrn2"},
        "In behandeling": {"kp-5ds9m-7z0jv"},
        "Afgewezen": {"kp-ac2nm-6731b"},
        "Opgelost": {"kp-gf55c-xf5vr", "kp-efc28-gkfd2"},
    }


def _markdown_sections(text: str, heading: str) -> dict[str, set[str]]:
    part = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return {
        block.split("\n", 1)[0].strip(): set(re.findall(r"\(`(kp-[a-z0-9-]+)`\)", block))
        for block in part.split("\n### ")[1:]
    }


class _Since(HTMLParser):
    """The headings of the "since" section and the ids listed under each."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, set[str]] = {}
        self.inside = False
        self.tag: list[str] = []
        self.heading: str | None = None
        self.in_id = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self.inside = dict(attrs).get("id") == "sinds"
        self.tag.append(tag)
        self.in_id = tag == "span" and dict(attrs).get("class") == "id"

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.inside = False
        self.in_id = False

    def handle_data(self, data: str) -> None:
        if not self.inside or not self.tag:
            return
        if self.tag[-1] == "h3" and data.strip():
            self.heading = data.strip()
            self.sections[self.heading] = set()
            self.tag.append("")  # read the heading once
        elif self.in_id and self.heading:
            self.sections[self.heading].add(data.strip())


def test_since_a_revision_and_a_date_list_every_kind_of_step_under_its_own_heading(example, run):
    repository = git.Repo.init(example, initial_branch="main")
    _commit(repository, "Voorbeeld")
    expected = _every_kind_of_step(run, example)
    _commit(repository, "Een stap van elke soort")
    for since, heading in (("HEAD~1", "Sinds HEAD\\~1"), (DAY, "Sinds 20 november 2026")):
        text = _ok(run, "report", "--since", since, "--date", TODAY, cwd=example)
        assert _markdown_sections(text, heading) == expected, since
        page = _ok(run, "report", "--since", since, "--date", TODAY, "--format", "html",
                   cwd=example)  # fmt: skip
        parser = _Since()
        parser.feed(page)
        assert parser.sections == expected, since
    # Each step with its own problem-solver and level.
    text = _ok(run, "report", "--since", DAY, "--date", TODAY, cwd=example)
    routed = _markdown_sections(text, "Sinds 20 november 2026")
    line = next(x for x in text.splitlines() if "(`kp-5z13j-gfrn2`)" in x)
    assert routed["Geadresseerd"] == {"kp-5z13j-gfrn2"}
    assert "Nederland Zorgt Voor Elkaar (Landelijk (macro))" in line


def test_nothing_since_says_so_under_every_heading(example, run):
    repository = git.Repo.init(example, initial_branch="main")
    _commit(repository, "Voorbeeld")
    text = _ok(run, "report", "--since", "HEAD", "--date", TODAY, cwd=example)
    sections = _markdown_sections(text, "Sinds HEAD")
    assert len(sections) == 7 and not any(sections.values())


def test_every_diff_message_in_the_catalogs_is_said_somewhere():
    """A diff names each solver with its own level (``diff_routed_each``,
    ``diff_addressing``); the one-level-for-all message is gone from both
    catalogs, and no other diff message lingers unused."""
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for path in [*(PROJECT / "knelpunt").rglob("*.py"), *(PROJECT / "templates").glob("*.j2")]
    )
    change_kinds = re.findall(r"""t\(['"]diff_['"] \+ (\w+)\)""", code)
    assert change_kinds  # diff_added, diff_changed, diff_removed: by the kind of change
    for lang in ("nl", "en"):
        keys = {key for _, key in catalog.load(lang).entries if key.startswith("diff_")}
        assert "diff_routed" not in keys
        unused = {
            k
            for k in keys
            if f'"{k}"' not in code
            and f"'{k}'" not in code
            and k.removeprefix("diff_") not in ("added", "changed", "removed")
        }
        assert unused == set(), lang
