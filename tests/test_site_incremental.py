"""``knelpunt site -o DIR`` on a site it wrote before (issue 34, part 2):
only the pages whose content changed are written, the pages of records that
are gone are removed, and a file knelpunt did not write is never touched.
Every page has a title of its own (issue 33, part 5).

A real repository (the example, committed to git), built with the command as
people run it; what was written is told by each file's inode and time.
"""

from __future__ import annotations

import difflib
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from knelpunt import site

DATE = "2026-11-23"
OVERVIEWS = {
    "index.html",
    "bottlenecks/index.html",
    "solvers/index.html",
    "initiatives/index.html",
    "solutions/index.html",
    "questions/index.html",
}
NEW_BOTTLENECK = """\
id: kp-n3eww-aaaaa
title: Nieuw knelpunt over de huur van het dorpshuis
description: De gemeente verhoogt de huur van het dorpshuis elk jaar.
theme: finance
type: implementation
reported_on: 2026-11-02
"""


def files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file in ``folder``: its inode and time (a file written anew, even
    with the same bytes, has another inode: atomic writes rename)."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            found[path.relative_to(folder).as_posix()] = (stat.st_ino, stat.st_mtime_ns)
    return found


def texts(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in folder.rglob("*.html")
    }


def referred(example: Path, bottleneck_id: str) -> bool:
    """Whether any record but the bottleneck's own file and history names it,
    or those name another bottleneck (merged into it, say)."""
    for path in (example / "data").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.stem == bottleneck_id or path.parent.name == bottleneck_id:
            if set(re.findall(r"kp-[a-z0-9]{5}-[a-z0-9]{5}", text)) - {bottleneck_id}:
                return True
        elif bottleneck_id in text:
            return True
    return False


def title_of(example: Path, bottleneck_id: str) -> str:
    own = (example / "data" / "bottlenecks" / f"{bottleneck_id}.yaml").read_text("utf-8")
    found = re.search(r"^title: (.*)$", own, re.M)
    assert found
    return found.group(1).strip("'\"")


def committed(example: Path) -> Path:
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=example, check=True)
    subprocess.run(["git", "add", "-A"], cwd=example, check=True)
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-qm",
            "voorbeeld",
        ],
        cwd=example,
        check=True,
    )
    return example


def difference(old: str, new: str) -> str:
    lines = difflib.unified_diff(old.splitlines(True), new.splitlines(True), n=1)
    return "".join(lines)[:3000]


def first_title(text: str) -> str:
    found = re.search(r"<title>(.*?)</title>", text, re.S)
    assert found, "a page without a title"
    return html.unescape(found.group(1))


def test_a_second_run_writes_only_what_changed(example, run, tmp_path):
    committed(example)
    out = tmp_path / "site"
    result = run("site", "-o", str(out), "--date", DATE, cwd=example)
    assert result.code == 0, result.err
    first = files(out)
    before = texts(out)
    assert len(before) > 100

    # The user keeps files of their own in the folder: never touched.
    (out / "notities.txt").write_text("van mij", encoding="utf-8")
    (out / "bottlenecks" / "eigen.html").write_text("<p>eigen pagina</p>", encoding="utf-8")
    mine = files(out)

    # Nothing changed: nothing is written.
    result = run("site", "-o", str(out), "--date", DATE, cwd=example)
    assert result.code == 0, result.err
    assert files(out) == mine
    assert "0 pagina's geschreven" in result.err
    assert "notities.txt" in result.err and "bottlenecks/eigen.html" in result.err

    # One bottleneck changed, one deleted, one added.
    bottlenecks = sorted((example / "data" / "bottlenecks").glob("*.yaml"))
    alone = [p.stem for p in bottlenecks if not referred(example, p.stem)]
    assert len(alone) >= 2, "the example has bottlenecks no other record names"
    changed, deleted = alone[0], alone[-1]
    path = example / "data" / "bottlenecks" / f"{changed}.yaml"
    text = path.read_text(encoding="utf-8")
    # A page shows a record by its id (a link) or by its title.
    shown_as = [changed, deleted, "kp-n3eww-aaaaa", "huur van het dorpshuis"]
    shown_as += [title_of(example, changed), title_of(example, deleted)]
    edited = re.sub(r"^title: (.*)$", r"title: \1 (herzien)", text, count=1, flags=re.M)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    (example / "data" / "bottlenecks" / f"{deleted}.yaml").unlink()
    shutil.rmtree(example / "data" / "updates" / deleted, ignore_errors=True)
    added = "kp-n3eww-aaaaa"
    (example / "data" / "bottlenecks" / f"{added}.yaml").write_text(NEW_BOTTLENECK, "utf-8")
    assert run("check", cwd=example).code == 0

    result = run("site", "-o", str(out), "--date", DATE, cwd=example)
    assert result.code == 0, result.err
    after = texts(out)
    now = files(out)
    written = {p for p in now if p in first and now[p] != first[p]}
    assert f"bottlenecks/{changed}.html" in written
    assert "(herzien)" in after[f"bottlenecks/{changed}.html"]
    assert f"bottlenecks/{added}.html" in now and f"bottlenecks/{added}.html" not in first
    assert f"bottlenecks/{deleted}.html" not in now  # the page of a record that is gone
    # Only the pages showing those records, and the overviews they are on.
    for page in written - {".knelpunt-site"}:
        shows = any(s in html.unescape(before[page] + after[page]) for s in shown_as)
        assert page in OVERVIEWS or shows, (
            f"{page} was written, but shows none of {shown_as}:\n"
            + (difference(before[page], after[page]))
        )
    for page in set(before) & set(after):
        if before[page] != after[page]:
            assert page in written, f"{page} changed, but was not written"
    assert len(written) < len(first) / 4
    assert "bottlenecks/index.html" in written
    # The user's files: as they were.
    assert (out / "notities.txt").read_text(encoding="utf-8") == "van mij"
    assert now["notities.txt"] == mine["notities.txt"]
    assert now["bottlenecks/eigen.html"] == mine["bottlenecks/eigen.html"]

    # And once more with nothing changed: nothing written.
    again = run("site", "-o", str(out), "--date", DATE, cwd=example)
    assert again.code == 0, again.err
    assert files(out) == now
    assert "0 pagina's geschreven" in again.err


def test_the_build_reports_what_it_wrote_and_removed(example, run, tmp_path):
    """The counter ``site.build`` gives back: a page the user removed is made
    again, a page they changed is made again, nothing else."""
    import datetime

    from knelpunt.repo import open_repository
    from knelpunt.report.building import open_source

    repo = open_repository(example, {}, example)

    def build() -> site.Site:
        source = open_source(repo, "nl", datetime.date(2026, 11, 23), None, None)
        return site.build(source, repo.root / "templates", tmp_path / "site")

    whole = build()
    assert len(whole.written) == whole.pages > 100 and not whole.removed
    assert build().written == ()
    some = sorted(p for p in whole.written if p.startswith("bottlenecks/kp-"))[:2]
    (tmp_path / "site" / some[0]).unlink()
    (tmp_path / "site" / some[1]).write_text("gewijzigd", encoding="utf-8")
    again = build()
    assert sorted(again.written) == some
    assert again.foreign == () and again.removed == ()


def test_a_manifest_never_reaches_outside_the_folder(example, run, tmp_path):
    """The manifest is a file in the folder, which anyone could edit: a path in
    it that is not one of a page is not removed, not even when it is gone."""
    out = tmp_path / "site"
    assert run("site", "-o", str(out), "--date", DATE, cwd=example).code == 0
    outside = tmp_path / "elsewhere.html"
    outside.write_text("keep me", encoding="utf-8")
    marker = out / site.MARKER
    first, _, rest = marker.read_text(encoding="utf-8").partition("\n")
    data = json.loads(rest)
    entry = next(iter(data["pages"].values()))
    data["pages"]["../elsewhere.html"] = entry
    data["pages"]["bottlenecks/../../elsewhere.html"] = entry
    data["pages"]["notes.txt"] = entry
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    marker.write_text(f"{first}\n{json.dumps(data)}\n", encoding="utf-8")
    result = run("site", "-o", str(out), "--date", DATE, cwd=example)
    assert result.code == 0, result.err
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    "broken",
    [
        "not json",
        '{"version": 1, "pages": {"index.html": {"key": 1, "sha": "", "size": 0, "mtime": 0}}}',
        '{"version": 1, "pages": {"index.html": {"key": null, "sha": "", "size": 0, '
        '"mtime": 0, "links": {"bottleneck": "kp"}, "plain": {}}}}',
        '{"version": 1, "pages": []}',
    ],
)
def test_a_broken_manifest_makes_the_site_anew(example, run, tmp_path, broken):
    """A manifest edited by hand into something else: the folder is made anew,
    as before issue 34, never a traceback."""
    out = tmp_path / "site"
    assert run("site", "-o", str(out), "--date", DATE, cwd=example).code == 0
    (out / site.MARKER).write_text(f"knelpunt site\n{broken}\n", encoding="utf-8")
    result = run("site", "-o", str(out), "--date", DATE, cwd=example)
    assert result.code == 0, result.err
    assert site.read_manifest(out / site.MARKER) is not None
    assert (out / "index.html").is_file()


def test_a_site_of_an_earlier_knelpunt_is_made_anew(example, run, tmp_path):
    """A marker without a manifest (knelpunt before issue 34): the folder was
    all its own, and is made anew; the next run is incremental."""
    out = tmp_path / "site"
    (out / "bottlenecks").mkdir(parents=True)
    (out / site.MARKER).write_text("knelpunt site\n", encoding="utf-8")
    (out / "bottlenecks" / "kp-gone-00000.html").write_text("old page", encoding="utf-8")
    assert run("site", "-o", str(out), "--date", DATE, cwd=example).code == 0
    assert not (out / "bottlenecks" / "kp-gone-00000.html").exists()
    result = run("site", "-o", str(out), "--date", DATE, cwd=example)
    assert "0 pagina's geschreven" in result.err


@pytest.mark.parametrize(
    ("lang", "bottleneck", "solver"),
    [("nl", "Knelpunt: ", "Agenda van "), ("en", "Bottleneck: ", "Agenda of ")],
)
def test_every_page_has_a_title_of_its_own(example, run, tmp_path, lang, bottleneck, solver):
    out = tmp_path / "site"
    result = run("--lang", lang, "site", "-o", str(out), "--date", DATE, cwd=example)
    assert result.code == 0, result.err
    titles: dict[str, str] = {}
    for page, text in texts(out).items():
        titles[page] = first_title(text)
    seen: dict[str, str] = {}
    for page, title in sorted(titles.items()):
        assert title.strip(), page
        assert title not in seen, f"{page} and {seen.get(title)} have the title {title!r}"
        seen[title] = page
    from knelpunt.messages import report_text
    from knelpunt.repo import open_repository

    repo = open_repository(example, {}, example)
    network = getattr(repo.config, "name", None) or report_text("site_title", lang)
    for page, title in titles.items():
        assert network in title, (page, title)
        folder, _, name = page.partition("/")
        record_id = name.removesuffix(".html")
        if folder == "bottlenecks" and record_id != "index":
            own_title = title_of(example, record_id)
            assert title.startswith(bottleneck) and own_title[:20] in title, (page, title)
        if folder == "solvers" and record_id != "index":
            assert title.startswith(solver), (page, title)
