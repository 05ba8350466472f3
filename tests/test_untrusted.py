"""A repository from someone's pull request is untrusted input.

Each test plays one attack on real files (and, where it matters, a real git
repository) against the commands a coordinator runs on it, and checks that it
reads nothing outside the repository, runs no code, does not hang or crash,
and cannot inject into what it prints.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import re
import subprocess
import sys
import time
from pathlib import Path

import git
import pytest

from knelpunt import ci, privacy
from knelpunt.errors import TemplateLimit
from knelpunt.templating import render_bounded
from tests.conftest import VALID_BOTTLENECK, copy_example, knelpunt_process

SECRET = "geheim-buiten-de-repository-7f3k9"
BOTTLENECK = "kp-r7x6c-wywyb"  # an open example bottleneck with history


def knelpunt(
    *args: str, cwd: Path, timeout: float = 120, **env: str
) -> subprocess.CompletedProcess:
    return knelpunt_process(args, cwd, {**os.environ, **env}, timeout)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the repository with a secret, and a file that must survive."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.yaml").write_text(f"id: {SECRET}\ntitle: {SECRET}\n")
    (folder / ".left.yaml.abcd.tmp").write_text("must not be deleted")
    return folder


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (links as their target), to compare before and after."""
    found = {}
    for path in sorted(root.rglob("*")):
        if ".git" in path.parts:
            continue
        if path.is_symlink():
            found[str(path.relative_to(root))] = os.readlink(path).encode()
        elif path.is_file():
            found[str(path.relative_to(root))] = path.read_bytes()
    return found


# --- 1. templates -------------------------------------------------------------


def test_a_template_cannot_include_a_file_through_a_link(example, run):
    templates = example / "templates"
    templates.mkdir()
    (templates / "root").symlink_to("/")
    (templates / "progress.md.j2").write_text('{% include "root/proc/self/environ" %}')
    result = run("report", cwd=example)
    assert result.code == 1
    assert "root/proc/self/environ" in result.err and "nooit gelezen" in result.err
    assert "PATH=" not in result.out + result.err


def test_a_template_folder_that_is_a_link_is_refused(example, run, outside):
    (outside / "progress.md.j2").write_text("{{ t('x') }}" + SECRET)
    (example / "templates").symlink_to(outside)
    result = run("report", cwd=example)
    assert result.code == 1 and "symbolische koppeling" in result.err
    assert SECRET not in result.out


def test_a_template_that_loops_for_ever_is_stopped(example):
    (example / "templates").mkdir()
    (example / "templates" / "progress.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )
    started = time.monotonic()
    result = knelpunt("report", cwd=example, KNELPUNT_RENDER_SECONDS="1")
    assert result.returncode == 1, result.stderr
    assert "na 1 seconden afgebroken" in result.stderr
    assert time.monotonic() - started < 30


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ("{{ (7**10)**(10**9) }}", "meer dan 4096 bits"),
        ("{{ 9**(9**9) }}", "meer dan 4096 bits"),
        ("{{ 'x' * 10**10 }}", "meer dan 1000000 tekens"),
        ("{{ [1] * 10**10 }}", "meer dan 1000000 tekens"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "RecursionError"),
        ("{{ range(10**9)|list }}", "OverflowError"),
        ("{{ 1 // 0 }}", "ZeroDivisionError"),
    ],
)
def test_a_template_that_computes_too_much_ends_with_a_clear_error(example, template, said):
    (example / "templates").mkdir()
    (example / "templates" / "progress.md.j2").write_text(template)
    result = knelpunt("report", cwd=example, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "Het sjabloon progress.md.j2" in result.stderr and said in result.stderr
    assert result.stdout == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a memory cap needs Linux")
def test_one_huge_allocation_in_a_template_fails_cleanly(example):
    (example / "templates").mkdir()
    (example / "templates" / "progress.md.j2").write_text("{{ 'x'|center(10**11) }}")
    result = knelpunt("report", cwd=example, timeout=60)
    assert result.returncode == 1 and "MemoryError" in result.stderr


def test_the_output_of_a_template_is_bounded():
    with pytest.raises(TemplateLimit) as raised:
        render_bounded(iter(["x" * 1000] * 100), max_chars=10_000)
    assert raised.value.key == "template_output_too_large"


def test_the_bounds_grow_with_the_records_a_report_is_made_of():
    """Time and output bounds are per 10,000 bottlenecks: the final report of
    50,000 is some 70 million characters; a hostile template is stopped all
    the same. Handed to ``out``, the output is never joined."""
    from knelpunt.templating import scale_for

    assert [scale_for(n) for n in (0, 1, 10_000, 10_001, 50_000)] == [1, 1, 1, 2, 5]
    pieces: list[str] = []
    chunks = ["x" * 1000] * 15
    assert render_bounded(iter(chunks), max_chars=10_000, scale=2, out=pieces.append) == ""
    assert pieces == chunks
    with pytest.raises(TemplateLimit):
        render_bounded(iter(chunks * 2), max_chars=10_000, scale=2, out=pieces.append)


# --- 2. no code from a cache file ----------------------------------------------


def planted_pickle(marker: Path) -> bytes:
    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    return pickle.dumps(Payload())


@pytest.mark.parametrize("with_git", [False, True])
def test_a_pickle_a_repository_carries_is_never_loaded(example, run, tmp_path, with_git):
    """A tarball or ZIP of a repository can carry any file, in .git too: the
    places and names where knelpunt 0.1 kept its pickled cache are planted."""
    import hashlib

    marker = tmp_path / "code-ran"
    payload = planted_pickle(marker)
    if with_git:
        folder = example / ".git" / "knelpunt-cache"
        name = hashlib.blake2b(str(example.resolve()).encode(), digest_size=6).hexdigest()
    else:
        folder, name = example / ".knelpunt-cache", "repo"
    folder.mkdir(parents=True)
    for kind in ("index", "records"):
        (folder / f"{kind}-{name}.pickle").write_bytes(payload)
    for args in (("check",), ("list", "bottlenecks"), ("report",), ("export", "--format", "json")):
        assert run(*args, cwd=example).code in (0, 1)
    assert not marker.exists()


def test_a_cache_file_others_could_write_is_not_trusted(example, run, tmp_path):
    import sqlite3

    from knelpunt.repo import open_repository
    from knelpunt.scanning import cache_database

    assert run("check", cwd=example).code == 0
    database = cache_database(open_repository(example, {}, example)).path
    marker = tmp_path / "code-ran"
    with sqlite3.connect(database) as connection:  # every record row runs code when read
        connection.execute("UPDATE file SET record = ?", (planted_pickle(marker),))
        connection.execute("DELETE FROM memo")
    database.chmod(0o666)  # a file anyone may write is no longer ours alone
    assert run("check", cwd=example).code == 0
    assert not marker.exists()


# --- 3. deep nesting -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "id: " + "[" * 30000 + "]" * 30000 + "\n",
        "id:\n" + "- " * 30000 + "x\n",
        "id: " + "{a: " * 20000 + "}" * 20000 + "\n",
    ],
)
def test_deep_nesting_is_refused_before_parsing(example, text):
    (example / "data" / "bottlenecks" / "kp-nest0-00000.yaml").write_text(text)
    result = knelpunt("check", cwd=example)
    assert result.returncode == 1, result.stderr
    assert re.search(
        r"^data/bottlenecks/kp-nest0-00000\.yaml:\d+:\d+: .*meer dan 64 lagen diep genest",
        result.stdout,
        re.MULTILINE,
    )


def test_deep_nesting_in_many_files_and_in_the_configuration(example):
    nested = "id: " + "[" * 30000 + "]" * 30000 + "\n"
    folder = example / "data" / "bottlenecks"
    for number in range(450):  # enough for the parallel reader
        (folder / f"kp-nest0-{number:05d}.yaml").write_text(nested)
    result = knelpunt("check", cwd=example)
    assert result.returncode == 1 and result.stdout.count("lagen diep genest") == 450
    (example / "knelpunt.yaml").write_text("language: " + "[" * 30000 + "]" * 30000 + "\n")
    result = knelpunt("check", cwd=example)
    assert result.returncode == 1
    assert "knelpunt.yaml:1:" in result.stderr and "lagen diep genest" in result.stderr


# --- 4. links in data/ ------------------------------------------------------------


def test_check_names_every_link_in_data_and_follows_none(example, run, outside):
    data = example / "data"
    (data / "bottlenecks" / "kp-link0-00000.yaml").symlink_to(outside / "secret.yaml")
    (data / "updates" / "kp-link1-00000").symlink_to(outside)
    (data / "actors" / "ac-zero0-00000.yaml").symlink_to("/dev/zero")
    result = run("check", cwd=example)
    assert result.code == 1
    for name in (
        "data/bottlenecks/kp-link0-00000.yaml",
        "data/updates/kp-link1-00000",
        "data/actors/ac-zero0-00000.yaml",
    ):
        assert f"{name}:1:1: dit is een symbolische koppeling" in result.out
    assert SECRET not in result.out + result.err


def test_a_linked_record_folder_is_reported_and_never_written(example, run, outside):
    solutions = example / "data" / "solutions"
    for path in solutions.iterdir():
        path.rename(outside / path.name)
    solutions.rmdir()
    solutions.symlink_to(outside)
    before = tree(outside)
    assert "data/solutions:1:1: dit is een symbolische koppeling" in run("check", cwd=example).out
    result = run(
        "add", "solution", "--no-input", "--title", "Omweg", "--description", "Zo kan het",
        cwd=example,
    )  # fmt: skip
    assert result.code == 1 and "symbolische koppeling" in result.err
    assert tree(outside) == before  # nothing written, the stray .tmp not deleted


def test_history_through_a_link_is_never_written_or_followed(example, run, outside):
    history = example / "data" / "updates" / BOTTLENECK
    for path in history.iterdir():
        path.rename(outside / path.name)
    history.rmdir()
    history.symlink_to(outside)
    before = tree(outside)
    result = run("update", BOTTLENECK, "--note", "via de koppeling", cwd=example)
    assert result.code == 1 and "symbolische koppeling" in result.err
    result = run("merge", BOTTLENECK, "kp-t7wb8-dw6x4", cwd=example)
    assert result.code != 0 and result.code != 3
    assert tree(outside) == before


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/stdin", "fifo"])
def test_a_history_file_that_never_ends_does_not_hang(example, target):
    history = example / "data" / "updates" / BOTTLENECK / "20990101-000000-aaaa.yaml"
    if target == "fifo":
        os.mkfifo(history)
    else:
        history.symlink_to(target)
    before = tree(example)
    for args in (
        ("check",),
        ("update", BOTTLENECK, "--note", "een notitie"),
        ("merge", "kp-t7wb8-dw6x4", BOTTLENECK),
        ("report",),
        ("show", BOTTLENECK),
    ):
        result = knelpunt(*args, cwd=example, timeout=60)
        assert result.returncode in (0, 1), (args, result.stderr)
        assert "Er ging iets mis" not in result.stderr, args
    added = set(tree(example)) - set(before)
    assert all(name.startswith(f"data/updates/{BOTTLENECK}/") for name in added)  # the note


def test_an_unreadable_history_stops_a_merge_before_it_writes(example, run):
    """Bundling points earlier merges at the new target: all history is read
    first, so a history file that cannot be read stops the merge whole."""
    updates = example / "data" / "updates"
    child = next(p.parent.name for p in updates.rglob("*.yaml") if "merged_into:" in p.read_text())
    target = next(
        p.read_text().split("merged_into: ")[1].split()[0]
        for p in (updates / child).glob("*.yaml")
        if "merged_into:" in p.read_text()
    )
    os.mkfifo(updates / child / "20990101-000000-fifo.yaml")
    into = next(
        p.stem for p in (example / "data" / "bottlenecks").glob("*.yaml")
        if p.stem not in (child, target)
        and not (updates / p.stem).exists()
    )  # fmt: skip
    before = tree(example)
    result = run("merge", target, into, cwd=example)
    assert result.code == 1 and "geen gewoon bestand" in result.err, result.err
    assert tree(example) == before


def test_an_oversized_record_is_read_only_as_far_as_a_record_can_be(example, run):
    big = example / "data" / "bottlenecks" / "kp-big00-00000.yaml"
    big.write_bytes(b"id: kp-big00-00000\ntitle: " + b"x" * (50 * 1024 * 1024) + b"\n")
    result = run("check", cwd=example)
    assert result.code == 1 and re.search(r"het bestand is 524288\d\d bytes", result.out)


def test_a_revision_is_read_as_the_work_tree_is_links_and_oversized_files_refused(example, outside):
    """A revision's files are read through one ``git cat-file --batch``: a
    committed link is refused and never followed, an oversized file is read
    only as far as a record can be, and everything else is what the work tree
    holds, record for record."""
    import subprocess

    from knelpunt import revisions
    from knelpunt.repo import open_repository
    from knelpunt.store import load_all

    bottlenecks = example / "data" / "bottlenecks"
    (bottlenecks / "kp-link0-00000.yaml").symlink_to(outside / "secret.yaml")
    big = bottlenecks / "kp-big00-00000.yaml"
    big.write_bytes(b"id: kp-big00-00000\ntitle: " + b"x" * (3 * 1024 * 1024) + b"\n")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=example, check=True)
    subprocess.run(["git", "add", "-A"], cwd=example, check=True)
    subprocess.run(["git", "commit", "-qm", "aanval"], cwd=example, check=True)
    repo = open_repository(example, {}, example)
    for lean in (False, True):
        _, at_head, _ = revisions.load_at(repo, "HEAD", lean=lean)
        keys = {p.key for p in at_head.problems}
        assert {"file_symlink", "file_too_large"} <= keys
        assert SECRET not in str([p.params for p in at_head.problems])
        now = load_all(repo, lean=lean)
        for kind in ("initiative", "meeting", "bottleneck", "actor", "solution"):
            assert at_head.of(kind) == now.of(kind)
        assert at_head.updates == now.updates


# --- 5. output that cannot inject -------------------------------------------------


def test_github_annotations_cannot_be_forged(example, run):
    path = example / "data" / "bottlenecks" / f"{BOTTLENECK}.yaml"
    text = path.read_text()
    path.write_text(text + '"x\\n::warning file=README.md,line=1::vals\\r::error::nep%0A": 1\n')
    result = run("check", "--format", "github", cwd=example)
    assert result.code == 1
    lines = result.out.splitlines()
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)
    (line,) = [line for line in lines if "field_unknown" in line or "vals" in line]
    assert "%0A::warning file=README.md" in line and "%0D" in line and "%250A" in line
    place = line.split("::")[1]
    assert place == f"error file=data/bottlenecks/{BOTTLENECK}.yaml,line={_line(line)},col=1"


def _line(annotation: str) -> str:
    return re.search(r",line=(\d+),", annotation).group(1)


def test_github_properties_are_escaped():
    from knelpunt.cli.check import github_annotation
    from knelpunt.problems import Problem

    problem = Problem("data/a,b:c%.yaml", "file_empty")
    assert github_annotation(problem, "en").startswith(
        "::error file=data/a%2Cb%3Ac%25.yaml,line=1,col=1::"
    )


HOSTILE_TITLE = (
    'Vpb <img src="https://evil.example/x.png"> ![beeld](https://evil.example/y.png) '
    "@coordinatie #1 GH-2 [klik](javascript:alert(1)) \u202eniets\u202c\u200b"
)


@pytest.fixture
def hostile_branch(example: Path) -> Path:
    repository = git.Repo.init(example, initial_branch="main")
    repository.git.add(A=True)
    repository.index.commit("Voorbeelddata")
    repository.git.checkout("-b", "aanval")
    path = example / "data" / "bottlenecks" / f"{BOTTLENECK}.yaml"
    lines = path.read_text().splitlines()
    lines = [f"title: {json.dumps(HOSTILE_TITLE)}" if x.startswith("title:") else x for x in lines]
    path.write_text("\n".join(lines) + "\n")
    return example


def test_diff_neutralises_every_user_text(hostile_branch, run):
    result = run("diff", cwd=hostile_branch)
    assert result.code == 0, result.err
    out = result.out
    assert "<img" not in out and "](" not in out.replace("\\](", "")
    assert "![" not in out and "@coordinatie" not in out and "#1" not in out
    assert "GH-2" not in out and "\u202e" not in out and "\u200b" not in out
    assert "&lt;U+202E&gt;niets&lt;U+202C&gt;&lt;U+200B&gt;" in out  # shows <U+202E>
    assert "&lt;img" in out and "\\[klik\\]" in out


def test_check_warns_about_invisible_characters(hostile_branch, run):
    result = run("check", cwd=hostile_branch)
    assert "tekens die je niet ziet (U+200B, U+202C, U+202E)" in result.out


def test_a_long_diff_stays_under_githubs_limit(example, run):
    repository = git.Repo.init(example, initial_branch="main")
    repository.git.add(A=True)
    repository.index.commit("Voorbeelddata")
    folder = example / "data" / "bottlenecks"
    for number in range(700):
        text = VALID_BOTTLENECK.replace("kp-aaaaa-bbbbb", f"kp-aaaaa-{number:05d}")
        text = text.replace("Vpb voor zorgcoöperaties", "Een lange titel " * 8 + str(number))
        (folder / f"kp-aaaaa-{number:05d}.yaml").write_text(text)
    result = run("diff", cwd=example)
    assert result.code == 0, result.err
    assert len(result.out) < 65_536
    assert re.search(r"en nog \d+ regels die niet in één reactie passen", result.out)


@pytest.mark.parametrize(
    "title",
    ["[/bold] kapot", "[link=https://evil.example]onschuldig[/link]", "\x1b]52;c;cm0gLXJmIH4=\x07"],
)
def test_terminal_output_shows_markup_and_escapes_as_text(example, run, title):
    path = example / "data" / "bottlenecks" / f"{BOTTLENECK}.yaml"
    lines = path.read_text().splitlines()
    lines = [f"title: {json.dumps(title)}" if x.startswith("title:") else x for x in lines]
    path.write_text("\n".join(lines) + "\n")
    for args in (("show", BOTTLENECK), ("list", "bottlenecks"), ("prioritise",)):
        result = run(*args, cwd=example)
        assert result.code == 0, (args, result.err)
        assert "\x1b" not in result.out and "\x07" not in result.out
        if title.startswith("["):
            assert title.split("]")[0] + "]" in result.out, args
        else:
            assert "\\x1b]52;c;cm0gLXJmIH4=\\x07" in result.out, args


def test_csv_cells_are_never_formulas(example, run):
    path = example / "data" / "bottlenecks" / f"{BOTTLENECK}.yaml"
    lines = path.read_text().splitlines()
    formula = '=HYPERLINK("https://evil.example";"klik")'
    lines = [f"title: {json.dumps(formula)}" if x.startswith("title:") else x for x in lines]
    path.write_text("\n".join(lines) + "\n")
    result = run("export", "bottlenecks", cwd=example)
    assert result.code == 0
    rows = list(csv.DictReader(io.StringIO(result.out.lstrip("\ufeff")), delimiter=";"))
    (row,) = [r for r in rows if r["Id"] == BOTTLENECK]
    assert row["Titel"] == "'" + formula
    for value in (r[c] for r in rows for c in r):
        assert not value or value[0] not in "=+-@\t\r"
    # --keys is for programs, which run no formulas: the title as the record holds it.
    result = run("export", "bottlenecks", "--keys", cwd=example)
    rows = list(csv.DictReader(io.StringIO(result.out.lstrip("\ufeff")), delimiter=";"))
    (row,) = [r for r in rows if r["id"] == BOTTLENECK]
    assert row["title"] == formula


@pytest.mark.skipif(not Path("/usr/bin/soffice").exists(), reason="LibreOffice is not installed")
def test_libreoffice_shows_the_formula_as_text(example, run, tmp_path):
    test_csv_cells_are_never_formulas(example, run)
    out = tmp_path / "export.csv"
    assert run("export", "bottlenecks", "-o", str(out), cwd=example).code == 0
    subprocess.run(
        # Semicolons, double quotes, UTF-8, from line 1: as Dutch Excel users open it.
        [
            "soffice",
            "--headless",
            "--infilter=CSV:59,34,76,1",
            "--convert-to",
            "html",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    html = (tmp_path / "export.html").read_text(errors="replace")
    assert "=HYPERLINK(&quot;https://evil.example&quot;;&quot;klik&quot;)" in html
    assert "<a href" not in html.lower()  # shown as the text it is, not run


# --- 6. hostile sizes ------------------------------------------------------------


def test_a_huge_vocabulary_is_refused_and_a_large_one_stays_cheap(example, run):
    config = (example / "knelpunt.yaml").read_text()
    many = "\n".join(f"    t{i:05d}: {{nl: T, en: T}}" for i in range(100_000))
    (example / "knelpunt.yaml").write_text(
        config.replace("  themes:\n", "  themes:\n" + many + "\n", 1)
    )
    result = run("check", cwd=example)
    assert result.code == 1 and "een record is hooguit" not in result.err
    assert "knelpunt.yaml:1:1: het bestand is" in result.err
    some = "\n".join(f"    t{i:05d}: {{nl: T, en: T}}" for i in range(6_000))
    (example / "knelpunt.yaml").write_text(
        config.replace("  themes:\n", "  themes:\n" + some + "\n", 1)
    )
    for path in (example / "data" / "bottlenecks").glob("*.yaml"):
        path.write_text(re.sub(r"(?m)^theme: .*$", "theme: onbekend", path.read_text()))
    result = run("check", cwd=example)
    assert result.code == 1
    lines = [line for line in result.out.splitlines() if "'onbekend'" in line]
    assert lines and all(len(line) < 400 for line in lines)
    assert all(", … (+5993)" in line for line in lines)


@pytest.mark.parametrize(
    "text", ["a" * 200_000 + "@", "a@" * 100_000, "a." * 100_000 + "@x", "@" + "a-" * 100_000]
)
def test_the_email_scan_takes_linear_time(text):
    started = time.monotonic()
    list(privacy.findings(text))
    assert time.monotonic() - started < 5  # the old pattern took minutes on these


# --- 7. ordinary faults ------------------------------------------------------------


def test_output_files_are_never_overwritten_without_force(example, run, tmp_path):
    config = (example / "knelpunt.yaml").read_bytes()
    for args in (("report",), ("export", "bottlenecks")):
        result = run(*args, "-o", "knelpunt.yaml", cwd=example)
        assert result.code == 1 and "bestaat al" in result.err and "--force" in result.err
        assert (example / "knelpunt.yaml").read_bytes() == config
    assert run("report", "-o", "data", cwd=example).code == 1
    result = run("report", "-o", str(tmp_path / "nergens" / "r.md"), cwd=example)
    assert result.code == 1 and "bestaat niet" in result.err
    target = tmp_path / "rapport.md"
    assert run("report", "-o", str(target), cwd=example).code == 0
    target.write_text("oud")
    assert run("report", "-o", str(target), "--force", cwd=example).code == 0
    assert target.read_text(encoding="utf-8").startswith("# Voortgangsrapportage")
    result = run("report", "-o", "/dev/null", "--force", cwd=example)
    assert result.code == 1 and Path("/dev/null").is_char_device()


@pytest.mark.parametrize("revision", ["@{-1}", "@{-99}", "HEAD@{99}", "main^{tree}"])
def test_odd_revisions_are_clear_errors(example, run, revision):
    repository = git.Repo.init(example, initial_branch="main")
    repository.git.add(A=True)
    repository.index.commit("Voorbeelddata")
    for args in (
        ("report", "--as-of", revision),
        ("diff", revision),
        ("check", "--against", revision),
    ):
        result = run(*args, cwd=example)
        assert result.code in (0, 1), (args, result.err)
        assert "Er ging iets mis" not in result.err


@pytest.mark.parametrize("bad_id", ["../../etc", "../updates/x", "kp-73zgr-z3awy/../../x", "/etc"])
def test_ids_from_the_command_line_never_become_paths(example, run, bad_id):
    before = tree(example)
    for args in (
        ("update", bad_id, "--note", "x"),
        ("update", bad_id, "--status", "on-agenda"),
        ("show", bad_id),
        ("merge", bad_id, BOTTLENECK),
        ("route", bad_id, "--to", "ac-4aj5z-qg1aa"),
        ("resolve", bad_id),
    ):
        result = run(*args, cwd=example)
        assert result.code == 1, (args, result.err)
        assert "Er ging iets mis" not in result.err
    assert tree(example) == before


def test_a_stale_git_lock_is_explained_and_nothing_changes(remote, tmp_path, run):
    clone = tmp_path / "laptop"
    git.Repo.clone_from(str(remote), clone)
    flags = ["--name", "Nieuw", "--municipality", "Ee", "--legal-form", "cooperative"]
    flags += ["--province", "limburg"]
    assert run("add", "initiative", "--no-input", *flags, cwd=clone).code == 0
    (clone / ".git" / "index.lock").touch()
    result = run("submit", cwd=clone)
    assert result.code == 1 and "index.lock" in result.err and "niets veranderd" in result.err
    assert [h.name for h in git.Repo(clone).heads] == ["main"]


def _mount_tmpfs(folder: Path, options: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "knelpunt-test", str(folder)],
        capture_output=True,
    )
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path):
    folder = tmp_path / "disk"
    if os.geteuid() != 0 or not _mount_tmpfs(folder, "size=4m"):
        pytest.skip("mounting a small disk needs root and mount rights")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_is_a_clear_message(small_disk, tmp_path):
    root = copy_example(small_disk / "netwerk")
    filler = small_disk / "rest"
    try:
        with open(filler, "wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
    except OSError:
        pass
    result = knelpunt("report", "-o", str(root / "rapport.md"), cwd=root,
                      KNELPUNT_CACHE_DIR=str(tmp_path / "c"))  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "schijf is vol" in result.stderr
    assert not (root / "rapport.md").exists()
    result = knelpunt("update", BOTTLENECK, "--note", "vol", cwd=root,
                      KNELPUNT_CACHE_DIR=str(tmp_path / "c"))  # fmt: skip
    assert result.returncode == 1 and "schijf is vol" in result.stderr
    assert not list((root / "data").rglob(".*.tmp"))


def test_a_read_only_repository_is_a_clear_message(small_disk, tmp_path):
    root = copy_example(small_disk / "netwerk")
    git.Repo.init(root)
    if subprocess.run(["mount", "-o", "remount,ro", str(small_disk)]).returncode != 0:
        pytest.skip("cannot make the disk read-only")
    env = {"KNELPUNT_CACHE_DIR": str(tmp_path / "c")}
    assert knelpunt("check", cwd=root, **env).returncode == 0
    result = knelpunt("update", BOTTLENECK, "--note", "x", cwd=root, **env)
    assert result.returncode == 1 and "alleen-lezen" in result.stderr


# --- 8. CI templates --------------------------------------------------------------

COMMIT = "0123456789abcdef0123456789abcdef01234567"
SPEC = f"knelpunt @ git+https://example.org/netwerk/knelpunt@{COMMIT}"


@pytest.mark.parametrize(
    ("provider", "path", "schema"),
    [
        ("github", ".github/workflows/knelpunt.yml", "vendor.github-workflows"),
        ("gitlab", ".gitlab-ci.yml", "vendor.gitlab-ci"),
    ],
)
def test_ci_files_are_valid_and_install_from_the_named_source(
    tmp_path, run, provider, path, schema
):
    root = tmp_path / "r"
    result = run("init", str(root), "--ci", provider, "--install", SPEC, cwd=tmp_path)
    assert result.code == 0, result.err
    assert SPEC in result.out
    written = root / path
    checked = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(written)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    text = written.read_text()
    assert "knelpunt==" not in text and json.dumps(SPEC) in text
    assert "<!-- knelpunt-diff -->" in text  # one comment, found again and updated
    from knelpunt import yamlio

    data = yamlio.fast_load(text)
    if provider == "github":
        for name in ("pull_request", "push"):
            assert data["on"][name]["paths"] == list(ci.WATCHED)
        for job in data["jobs"].values():
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), step
        comment = data["jobs"]["diff"]["steps"][-1]
        assert "head.repo.full_name == github.repository" in comment["if"]
        assert "check" not in data.get("permissions", {}) and data["permissions"] == {
            "contents": "read"
        }
        scripts = [step["run"] for job in data["jobs"].values() for step in job["steps"]
                   if "run" in step]  # fmt: skip
    else:
        for job in ("knelpunt-check", "knelpunt-diff"):
            assert all(rule.get("changes") == list(ci.WATCHED) for rule in data[job]["rules"])
        scripts = [
            line for job in ("knelpunt-check", "knelpunt-diff") for line in data[job]["script"]
        ]
    for script in scripts:  # every shell script parses
        parsed = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True)
        assert parsed.returncode == 0, (script, parsed.stderr)


def test_ci_without_a_known_source_says_so_and_makes_nothing(tmp_path, run):
    root = tmp_path / "r"
    result = run("init", str(root), "--ci", "github", cwd=tmp_path)
    # This test suite runs knelpunt from its checkout: no source a CI machine can use.
    assert result.code == 1 and "--install" in result.err
    assert not root.exists()
    result = run("init", str(root), "--ci", "github", "--install", "x\n  run: evil", cwd=tmp_path)
    assert result.code == 1 and not root.exists()


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        (
            {"url": "https://github.com/netwerk/knelpunt", "vcs_info": {"vcs": "git",
             "commit_id": COMMIT, "requested_revision": "main"}},
            f"knelpunt @ git+https://github.com/netwerk/knelpunt@{COMMIT}",
        ),
        (
            {"url": "https://example.org/knelpunt-0.2.0-py3-none-any.whl",
             "archive_info": {"hashes": {"sha256": "ab" * 32}}},
            "knelpunt @ https://example.org/knelpunt-0.2.0-py3-none-any.whl#sha256=" + "ab" * 32,
        ),
        ({"url": "file:///home/verkenner/knelpunt", "dir_info": {"editable": True}}, None),
    ],
)  # fmt: skip
def test_the_source_of_the_running_knelpunt_comes_from_pep_610(
    tmp_path, monkeypatch, direct_url, expected
):
    info = tmp_path / "site" / "knelpunt-0.2.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: knelpunt\nVersion: 0.2.0\n")
    (info / "direct_url.json").write_text(json.dumps(direct_url))
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    assert ci.installed_from() == expected


# --- 9. everything at once -------------------------------------------------------


def test_a_repository_holding_every_attack_at_once(tmp_path, outside):
    root = copy_example(tmp_path / "aanval")
    repository = git.Repo.init(root, initial_branch="main")
    repository.git.add(A=True)
    repository.index.commit("Voorbeelddata")
    repository.git.checkout("-b", "aanval")
    data = root / "data"
    (data / "bottlenecks" / "kp-nest0-00000.yaml").write_text("id: " + "[" * 30000 + "]" * 30000)
    (data / "bottlenecks" / "kp-link0-00000.yaml").symlink_to(outside / "secret.yaml")
    (data / "updates" / "kp-link1-00000").symlink_to(outside)
    (data / "updates" / BOTTLENECK / "20990101-000000-aaaa.yaml").symlink_to("/dev/zero")
    os.mkfifo(data / "actors" / "ac-fifo0-00000.yaml")
    (root / "templates").mkdir()
    (root / "templates" / "root").symlink_to("/")
    (root / "templates" / "progress.md.j2").write_text(
        '{% include "root' + str(outside / "secret.yaml") + '" %}'
    )
    (root / "templates" / "agenda.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
    )
    (root / ".knelpunt-cache").mkdir()
    (root / ".knelpunt-cache" / "index-repo.pickle").write_bytes(
        planted_pickle(tmp_path / "code-ran")
    )
    path = data / "bottlenecks" / f"{BOTTLENECK}.yaml"
    lines = path.read_text().splitlines()
    lines = [f"title: {json.dumps(HOSTILE_TITLE)}" if x.startswith("title:") else x for x in lines]
    path.write_text("\n".join(lines) + '\n"a\\n::error::x": 1\n')
    repository.git.add(A=True)
    repository.index.commit("Aanval")
    before = tree(root)
    outside_before = tree(outside)
    started = time.monotonic()
    for args in (
        ("check",),
        ("check", "--format", "github"),
        ("check", "--against", "main"),
        ("diff", "aanval"),
        ("diff", "main", "aanval", "--json"),
        ("report",),
        ("report", "agenda"),
        ("report", "initiatives"),
        ("export", "--format", "json"),
        ("export", "bottlenecks"),
        ("list", "bottlenecks"),
        ("show", BOTTLENECK),
    ):
        result = knelpunt(*args, cwd=root, timeout=120, KNELPUNT_RENDER_SECONDS="3")
        assert result.returncode in (0, 1, 2), (args, result.returncode, result.stderr)
        assert "Er ging iets mis" not in result.stderr, args
        assert SECRET not in result.stdout + result.stderr, args
        assert "PATH=" not in result.stdout, args
    assert time.monotonic() - started < 90
    assert tree(root) == before and tree(outside) == outside_before
    assert not (tmp_path / "code-ran").exists()
