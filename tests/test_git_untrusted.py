"""git under a repository's own settings (issue 27, point 6; issue 28, point 5).

``.git/config`` and ``.git/hooks`` are repository content: a repository that
arrives as a ZIP file carries whatever its sender put there. These tests plant
programs in every place git would run one from, run the commands a coordinator
and an explorer use on real repositories with a bare remote, and check that
none ran; that a ``.git`` file sending git elsewhere is refused before anything
is written; that every revision git cannot read is a clear error; and that
``diff BASE HEAD`` and ``check --against`` compare as a pull request does.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import git
import pytest

from knelpunt.gitrepo import git_environment
from tests.conftest import VALID_BOTTLENECK

BOTTLENECK = "kp-73zgr-z3awy"  # an example bottleneck with history


def _script(path: Path, marker: Path, then: str = "") -> str:
    """A program that notes in ``marker`` that it ran (and does ``then``)."""
    path.write_text(f'#!/bin/sh\necho "$0 $*" >> "{marker}"\n{then}\n')
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def plant_programs(clone: Path, marker: Path) -> None:
    """Every program a hostile ``.git`` can name: an fsmonitor, filter drivers
    (clean, smudge, process) on every file, a textconv and an external diff,
    and hooks in ``.git/hooks`` and in a ``core.hooksPath`` of its own."""
    tools = clone.parent / "tools"
    tools.mkdir()
    filter_program = _script(tools / "filter", marker, "cat")
    hooks = tools / "hooks"
    hooks.mkdir()
    for folder in (hooks, clone / ".git" / "hooks"):
        for name in (
            "pre-commit",
            "commit-msg",
            "post-commit",
            "prepare-commit-msg",
            "pre-push",
            "post-checkout",
            "post-merge",
            "reference-transaction",
            "pre-auto-gc",
        ):
            _script(folder / name, marker)
    with git.Repo(clone).config_writer("repository") as config:
        config.set_value("core", "fsmonitor", _script(tools / "fsmonitor", marker))
        config.set_value("core", "hooksPath", str(hooks))
        config.set_value("core", "untrackedCache", "true")
        config.set_value('filter "evil"', "clean", filter_program)
        config.set_value('filter "evil"', "smudge", filter_program)
        config.set_value('filter "evil"', "required", "true")
        config.set_value('filter "proc"', "process", _script(tools / "process", marker))
        config.set_value('diff "evil"', "textconv", _script(tools / "textconv", marker, "cat"))
        config.set_value("diff", "external", _script(tools / "external", marker))
    (clone / ".git" / "info").mkdir(exist_ok=True)
    (clone / ".git" / "info" / "attributes").write_text("* filter=evil diff=evil\n")


@pytest.fixture
def hostile_clone(remote: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A clone of the example's bare remote whose .git runs programs, and the
    file each of them writes to when it runs."""
    clone = tmp_path / "laptop"
    git.Repo.clone_from(str(remote), clone)
    marker = tmp_path / "code-ran"
    plant_programs(clone, marker)
    return clone, marker


def _touch_every_record(root: Path) -> None:
    """Make git look at each file's content again (stat-dirty: the moment a
    clean filter or an fsmonitor would run)."""
    later = 2_000_000_000
    for path in (root / "data").rglob("*.yaml"):
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns + later, st.st_mtime_ns + later))


def test_git_itself_runs_the_planted_programs(hostile_clone):
    """The test's own check: plain git runs them, so a clean marker below means
    knelpunt kept them from running, not that nothing would have."""
    clone, marker = hostile_clone
    _touch_every_record(clone)
    git.Repo(clone).git.status()
    assert marker.exists()
    said = marker.read_text()
    assert "fsmonitor" in said and "filter" in said


def test_no_program_of_the_repository_runs_for_any_command(hostile_clone, run):
    clone, marker = hostile_clone
    bottleneck = clone / "data" / "bottlenecks" / "kp-bbbbb-ccccc.yaml"
    bottleneck.write_text(VALID_BOTTLENECK.replace("kp-aaaaa-bbbbb", "kp-bbbbb-ccccc"))
    commands = [
        ("diff",),
        ("diff", "main", "HEAD"),
        ("diff", "--json"),
        ("check", "--against", "main"),
        ("report", "--as-of", "HEAD"),
        ("report", "--since", "HEAD"),
        ("site", "-o", str(clone.parent / "site"), "--as-of", "HEAD"),
        ("show", BOTTLENECK),
        ("update", BOTTLENECK, "--note", "Gebeld met de gemeente.", "--by", "Ria"),
        ("submit", "--by", "Ria"),
        ("sync",),
        ("diff", "main"),
    ]
    for args in commands:
        _touch_every_record(clone)
        result = run(*args, cwd=clone)
        assert result.code in (0, 1), (args, result.err)
        assert not marker.exists(), (args, marker.read_text())
    # It did what it was asked all the same: committed and sent for review.
    branches = [ref.name for ref in git.Repo(clone).remotes.origin.refs]
    assert any(name.startswith("origin/knelpunt/ria-") for name in branches)


def test_every_filter_driver_is_named_even_from_an_included_file(tmp_path):
    repository = git.Repo.init(tmp_path / "repo", initial_branch="main")
    extra = tmp_path / "extra.cfg"
    extra.write_text('[filter "hidden.in.include"]\n\tclean = x\n')
    with repository.config_writer("repository") as config:
        config.set_value("include", "path", str(extra))
        config.set_value('filter "lfs"', "process", "y")
    own = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "user.name", "GIT_CONFIG_VALUE_0": "Ria"}
    variables = git_environment(tmp_path / "repo", {**os.environ, **own})
    pairs = {
        variables[f"GIT_CONFIG_KEY_{n}"]: variables[f"GIT_CONFIG_VALUE_{n}"]
        for n in range(1, int(variables["GIT_CONFIG_COUNT"]))
    }
    assert pairs["filter.hidden.in.include.clean"] == ""
    assert pairs["filter.lfs.process"] == ""
    assert pairs["filter.lfs.required"] == "false"
    assert pairs["core.fsmonitor"] == "false"
    assert "GIT_CONFIG_KEY_0" not in variables  # the person's own setting stays first
    assert variables["GIT_OPTIONAL_LOCKS"] == "0"


# --- a .git file that points elsewhere ---------------------------------------------


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("target", ["{victim}", "{victim}/new/folder", "../victim"])
def test_a_git_file_pointing_elsewhere_is_refused_for_writing(example, tmp_path, run, target):
    """As a repository arrives in a ZIP file: with a ``.git`` file pointing out."""
    root = example
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "notes.txt").write_text("mine")
    (root / ".git").write_text(f"gitdir: {target.format(victim=victim)}\n")
    before = listing(tmp_path)
    history = root / "data" / "updates" / BOTTLENECK
    entries = sorted(history.iterdir())
    for args in (
        ("update", BOTTLENECK, "--note", "x", "--by", "Ria"),
        ("submit", "--by", "Ria"),
        ("sync",),
    ):
        result = run(*args, cwd=root)
        assert result.code in (1, 2), (args, result.err)
        assert "Er ging iets mis" not in result.err and "Traceback" not in result.err
        # update names the .git file; submit and sync may first find no git there.
        assert ".git" in result.err or "geen git-repository" in result.err, (args, result.err)
    assert listing(tmp_path) == before
    assert sorted(history.iterdir()) == entries
    english = run("--lang", "en", "update", BOTTLENECK, "--note", "x", "--by", "R", cwd=root)
    assert "sends git to" in english.err and english.code == 1


def test_a_linked_worktree_and_a_submodule_still_write(remote, tmp_path, run):
    """git's own .git files: a linked worktree's and a submodule's folder lie
    outside the work tree, and are followed."""
    main = tmp_path / "main"
    git.Repo.clone_from(str(remote), main)
    worktree = tmp_path / "second"
    git.Repo(main).git.worktree("add", "-b", "other", str(worktree))
    result = run(
        "update", BOTTLENECK, "--note", "Vanuit een worktree.", "--by", "Ria", cwd=worktree
    )
    assert result.code == 0, result.err
    assert (main / ".git" / "worktrees" / "second" / "knelpunt.lock").exists()

    outer = tmp_path / "outer"
    repository = git.Repo.init(outer, initial_branch="main")
    repository.git.execute(
        ["git", "-c", "protocol.file.allow=always", "submodule", "add", str(remote), "records"]
    )
    inner = outer / "records"
    assert (inner / ".git").is_file()
    result = run("update", BOTTLENECK, "--note", "Vanuit een submodule.", "--by", "Ria", cwd=inner)
    assert result.code == 0, result.err


# --- revisions git cannot read ---------------------------------------------------


@pytest.fixture
def committed(example: Path) -> Path:
    repository = git.Repo.init(example, initial_branch="main")
    repository.git.add(A=True)
    repository.index.commit("Voorbeelddata")
    return example


BAD_REVISIONS = ["nosuchbranch", "HEAD~999", "..", "-x", "--bogus", "HEAD..main", "HEAD:data"]


@pytest.mark.parametrize("revision", [*BAD_REVISIONS, "HEAD@{1.year.ago}", "HEAD@{yesterday}"])
def test_every_revision_is_read_by_git_or_refused_clearly(committed, run, revision):
    commands = [
        ("diff", revision),
        ("diff", revision, "HEAD"),
        ("diff", "HEAD", revision),
        ("check", "--against", revision),
        ("report", "--as-of", revision),
        ("report", "--since", revision),
        ("site", "-o", str(committed.parent / "site"), "--force", "--as-of", revision),
    ]
    for args in commands:
        result = run(*args, cwd=committed)
        assert result.code in (0, 1, 2), (args, result.err)
        assert "Er ging iets mis" not in result.err and "Traceback" not in result.err, args
        if revision in BAD_REVISIONS:
            assert result.code in (1, 2), (args, result.out)
            # "-x" before "--" is an unknown option of the command: a usage error.
            assert revision in result.err or result.code == 2, (args, result.err)
    assert not (committed / "x").exists()


def test_a_reflog_date_is_read_as_git_reads_it(committed, run):
    result = run("report", "--as-of", "HEAD@{1.year.ago}", cwd=committed)
    assert result.code == 0, result.err
    assert result.out.startswith("# ")


# --- merge-base semantics --------------------------------------------------------


def _commit_file(root: Path, relative: str, text: str, message: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    repository = git.Repo(root)
    repository.git.add("--", relative)
    repository.index.commit(message)


@pytest.fixture
def main_moved_on(remote: Path, tmp_path: Path) -> Path:
    """A branch with one new bottleneck; after it left main, a coordinator's
    clone put another bottleneck on main and pushed it; the branch's clone
    fetched it. ``main`` and ``origin/main`` are both ahead of the merge base."""
    coordinator = tmp_path / "coordinator"
    git.Repo.clone_from(str(remote), coordinator)
    explorer = tmp_path / "explorer"
    git.Repo.clone_from(str(remote), explorer)
    git.Repo(explorer).git.checkout("-b", "knelpunt/ria")
    own = VALID_BOTTLENECK.replace("kp-aaaaa-bbbbb", "kp-bbbbb-ccccc")
    own = own.replace("Vpb voor zorgcoöperaties", "Eigen knelpunt van de branch")
    _commit_file(explorer, "data/bottlenecks/kp-bbbbb-ccccc.yaml", own, "eigen")
    arrived = VALID_BOTTLENECK.replace("kp-aaaaa-bbbbb", "kp-ddddd-eeeee")
    arrived = arrived.replace("Vpb voor zorgcoöperaties", "Later op main gekomen")
    _commit_file(coordinator, "data/bottlenecks/kp-ddddd-eeeee.yaml", arrived, "later")
    git.Repo(coordinator).remotes.origin.push("main")
    repository = git.Repo(explorer)
    repository.remotes.origin.fetch()
    repository.heads.main.commit = repository.commit("origin/main")
    return explorer


@pytest.mark.parametrize("base", ["main", "origin/main"])
def test_diff_base_head_shows_only_the_branch_own_changes(main_moved_on, run, base):
    result = run("diff", base, "HEAD", "--json", cwd=main_moved_on)
    assert result.code == 0, result.err
    changes = json.loads(result.out)["changes"]
    assert [(c["change"], c["id"]) for c in changes] == [("added", "kp-bbbbb-ccccc")]
    markdown = run("diff", base, "HEAD", cwd=main_moved_on).out
    assert "Eigen knelpunt van de branch" in markdown
    assert "Later op main gekomen" not in markdown and "Verwijderd" not in markdown
    # One revision (what that branch adds since it left main) says the same.
    alone = json.loads(run("diff", "HEAD", "--json", cwd=main_moved_on).out)["changes"]
    assert [(c["change"], c["id"]) for c in alone] == [("added", "kp-bbbbb-ccccc")]


def test_check_against_compares_from_where_the_branch_left(main_moved_on, run):
    result = run("check", "--against", "origin/main", "--format", "json", cwd=main_moved_on)
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["errors"] == 0, payload["problems"]
    # Removing a bottleneck is refused by review: the one that arrived on main
    # would have been taken for removed by this branch, and now is not.
    assert not any("kp-ddddd-eeeee" in json.dumps(p) for p in payload["problems"])


def test_check_against_still_sees_what_the_branch_removes(main_moved_on, run):
    gone = main_moved_on / "data" / "bottlenecks" / f"{BOTTLENECK}.yaml"
    gone.unlink()
    result = run("check", "--against", "main", "--format", "json", cwd=main_moved_on)
    payload = json.loads(result.out)
    assert result.code == 1 and any(BOTTLENECK in json.dumps(p) for p in payload["problems"])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_help_of_diff_and_check_says_merge_base(run, lang):
    word = "merge-base" if lang == "nl" else "merge base"
    for command in ("diff", "check"):
        page = run("--lang", lang, command, "--help").out
        assert word in " ".join(page.split()), (command, page)
