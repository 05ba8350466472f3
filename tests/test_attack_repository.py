"""One pull request holding every attack of the second safety round at once.

A page template that tries to script, fetch and navigate; a Markdown template
that writes escape sequences to the terminal; a history entry that hides a
``status: resolved`` behind a NEL; one-line values that used to crash every
reader; a merge key; a changed label in ``knelpunt.yaml``; a ``.git/config``
that names an fsmonitor, filter drivers, a textconv and an external diff; and a
cache folder anyone may write in. Every command answers with exit 0, 1 or 2,
no program of the repository runs, nothing outside it changes, review names
the template and the setting, and every HTML page opens in Chromium with no
script run and no request made.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import git
import pytest

from tests.conftest import knelpunt_process
from tests.test_git_untrusted import plant_programs
from tests.test_html import browse
from tests.test_page_safety import MARK, hostile_page, listener  # noqa: F401
from tests.test_untrusted import BOTTLENECK, tree

DATE = "2026-11-23"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plant_every_attack(root: Path, origin: str) -> None:
    data = root / "data"
    templates = root / "templates"
    templates.mkdir()
    (templates / "_page.html.j2").write_text(hostile_page(origin), encoding="utf-8")
    (templates / "progress.md.j2").write_text(
        '{{ "\\x1b]52;c;aGFja2Vk\\x07\\x1b[2J" }}\n# Voortgang\n', encoding="utf-8"
    )
    config = root / "knelpunt.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("finance: {nl: Financiën,", "finance: {nl: Geld,"), "utf-8")
    history = data / "updates" / BOTTLENECK
    (history / "20991231-235959-nel00.yaml").write_text(
        "date: 2026-11-20\nby: Piet\n"
        "note: Routine check-in, nothing changed\u0085status: resolved\n",
        encoding="utf-8",
    )
    actors = data / "actors"
    (actors / "ac-merge-00000.yaml").write_text(
        "<<: {a: 1}\nid: ac-merge-00000\nname: X\n", encoding="utf-8"
    )
    for number, value in enumerate(("._", "0x_", "-_", "1" * 4400)):
        (data / "bottlenecks" / f"kp-crash-0000{number}.yaml").write_text(
            f"id: kp-crash-0000{number}\ntitle: Een\nseverity: {value}\n", encoding="utf-8"
        )


def html_commands(out: Path) -> list[tuple[str, ...]]:
    return [
        ("report", "progress", "--format", "html", "--date", DATE, "-o", str(out / "p.html")),
        ("report", "agenda", "--format", "html", "--date", DATE, "-o", str(out / "a.html")),
        ("site", "-o", str(out / "site"), "--date", DATE),
    ]


def remove_broken_records(root: Path) -> None:
    """What check refuses, gone: the reports are made again, templates as they are."""
    for path in (root / "data").rglob("*.yaml"):
        if "crash" in path.name or "merge-0" in path.name or "nel00" in path.name:
            path.unlink()


@pytest.fixture
def attacked(branch_repo: tuple[Path, git.Repo], tmp_path: Path) -> tuple[Path, Path]:
    """The example on main, a branch "wijziging" to attack on, and where a
    planted program would leave its mark."""
    root, _ = branch_repo
    return root, tmp_path / "code-ran"


def test_a_pull_request_with_every_attack_of_round_two(attacked, listener, tmp_path):  # noqa: F811
    root, marker = attacked
    origin, hits = listener
    plant_every_attack(root, origin)
    repository = git.Repo(root)
    repository.git.add(A=True)
    repository.index.commit("Aanval")
    plant_programs(root, marker)
    cache = tmp_path / "gedeelde-cache"
    cache.mkdir()
    cache.chmod(0o777)  # anyone may write here: knelpunt must not
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "blijft.txt").write_text("onaangeroerd")
    out = tmp_path / "uitvoer"
    out.mkdir()
    env = {**os.environ, "KNELPUNT_CACHE_DIR": str(cache), "KNELPUNT_RENDER_SECONDS": "5"}
    before_outside = tree(outside)
    commands: list[tuple[str, ...]] = [
        ("check",),
        ("check", "--format", "github"),
        ("check", "--against", "main"),
        ("diff", "wijziging"),
        ("diff", "main", "wijziging", "--json"),
        ("diff",),
        ("report", "--date", DATE),
        ("report", "agenda", "--date", DATE),
        ("report", "initiatives", "--date", DATE),
        ("report", "final", "--date", DATE),
        ("report", "--as-of", "main", "--date", DATE),
        ("report", "--since", "HEAD@{1.year.ago}", "--date", DATE),
        *html_commands(out),
        ("export", "--format", "json"),
        ("export", "bottlenecks"),
        ("list", "bottlenecks"),
        ("prioritise", "--top", "5"),
        ("show", BOTTLENECK),
        ("update", BOTTLENECK, "--note", "Gezien", "--by", "Coördinator"),
        ("merge", "kp-crash-00000", BOTTLENECK, "--by", "Coördinator"),
    ]
    started = time.monotonic()
    said: dict[tuple[str, ...], str] = {}
    for args in commands:
        result = knelpunt_process(args, root, env, timeout=180)
        assert result.returncode in (0, 1, 2), (args, result.returncode, result.stderr[-2000:])
        assert "Traceback" not in result.stderr and "Er ging iets mis" not in result.stderr, args
        assert not CONTROL.search(result.stdout), args
        said[args] = result.stdout + result.stderr
    assert time.monotonic() - started < 300
    # No program of the repository ran, nothing outside it changed, nothing
    # was written in the folder others may write in.
    assert not marker.exists(), marker.read_text()
    assert tree(outside) == before_outside
    assert [p for p in cache.rglob("*") if p.is_file()] == []
    # Review names the template, the setting and the hidden line break.
    review = said[("check", "--against", "main")]
    assert "templates/_page.html.j2" in review and "Financiën → Geld" in review
    nel = f"data/updates/{BOTTLENECK}/20991231-235959-nel00.yaml:3:"
    assert nel in said[("check",)]
    assert "templates/_page.html.j2" in said[("diff", "wijziging")]
    # The hidden status was not read as a step.
    assert "Routine check-in" not in said[("show", BOTTLENECK)]
    # With the broken records gone the reports are made, by the hostile templates.
    remove_broken_records(root)
    for args in html_commands(out):
        result = knelpunt_process((*args, "--force"), root, env, timeout=180)
        assert result.returncode == 0, (args, result.stderr[-2000:])
    assert not marker.exists()
    # Every page opens with no script run and no request made.
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no Chromium: the pages were made, but not opened")
    pages = [p for p in (out / "p.html", out / "a.html") if p.exists()]
    site = out / "site"
    for folder in ("", "bottlenecks", "solvers", "initiatives"):
        pages += sorted((site / folder).glob("*.html"))[:1]
    # A broken record does not stop the reports: each is made of what can be read.
    assert len(pages) == 6, pages
    for page in pages:
        dom = browse(chromium, page, dom=True)
        assert MARK not in dom.split("<body", 1)[0], page
    assert hits == []
