"""Merge conflicts in records: named by check, resolved field by field.

Real git throughout: a bare remote, two explorers' clones that change the same
bottleneck, and a coordinator who pulls both and meets the conflict.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import git
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knelpunt import conflicts
from knelpunt.conflicts import split
from knelpunt.errors import ConflictError
from tests.conftest import Runner
from tests.pty_driver import Terminal

BOTTLENECK = "kp-be0q1-vp3h4"
PATH = f"data/bottlenecks/{BOTTLENECK}.yaml"


def _edit(root: Path, old: str, new: str) -> None:
    path = root / PATH
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _explorer(
    remote: Path, folder: Path, branch: str, run: Runner, edits: list[tuple[str, str]], note: str
) -> None:
    clone = git.Repo.clone_from(str(remote), folder)
    clone.git.checkout("-b", branch)
    for old, new in edits:
        _edit(folder, old, new)
    date = "2026-11-19" if branch == "anne" else "2026-11-20"
    assert (
        run("--repo", str(folder), "update", BOTTLENECK, "--note", note, "--date", date).code == 0
    )
    clone.git.add(A=True)
    clone.index.commit(f"Werk van {branch}")
    clone.remote("origin").push(branch)


@pytest.fixture
def conflicted(remote: Path, tmp_path: Path, run: Runner) -> Path:
    """A coordinator's clone in the middle of a merge with a conflict in PATH.

    Anne renames the bottleneck and adds a reporter; Bert renames it otherwise
    and adds another reporter; each writes a history note.
    """
    _explorer(
        remote,
        tmp_path / "anne",
        "anne",
        run,
        [
            ("title: Right to Challenge onbekend", "title: Right to Challenge nog onbekend"),
            ("reported_by:\n", "reported_by:\n  - in-14ntd-11jwh\n"),
        ],
        "Notitie van Anne",
    )
    _explorer(
        remote,
        tmp_path / "bert",
        "bert",
        run,
        [
            ("title: Right to Challenge onbekend", "title: Right to Challenge is onbekend"),
            ("reported_by:\n", "reported_by:\n  - in-4yhan-8djms\n"),
        ],
        "Notitie van Bert",
    )
    coordinator = git.Repo.clone_from(str(remote), tmp_path / "coordinator")
    coordinator.git.checkout("-b", "samenvoegen")
    coordinator.git.merge("origin/anne", "--no-edit")
    with pytest.raises(git.GitCommandError):
        coordinator.git.merge("origin/bert", "--no-edit")
    return tmp_path / "coordinator"


def test_check_names_the_file_the_lines_and_both_sides(conflicted: Path, run: Runner) -> None:
    result = run("--repo", str(conflicted), "check")
    assert result.code == 1
    lines = [line for line in result.out.splitlines() + result.err.splitlines() if PATH in line]
    assert len(lines) == 1, result.out + result.err
    text = (conflicted / PATH).read_text(encoding="utf-8").split("\n")
    start = next(n for n, line in enumerate(text, 1) if line.startswith("<<<<<<<"))
    assert lines[0].startswith(f"{PATH}:{start}:1:")
    assert "'HEAD' (deze kant)" in lines[0]
    assert "'origin/bert' (de binnenkomende kant)" in lines[0]
    assert f"knelpunt resolve {BOTTLENECK}" in lines[0]
    # The updates of the conflicted bottleneck are not reported as orphans too.
    assert "bestaat niet" not in result.out + result.err
    english = run("--repo", str(conflicted), "--lang", "en", "check")
    assert "'origin/bert' (the incoming side)" in english.out + english.err


def test_resolve_without_choices_and_without_terminal_explains(
    conflicted: Path, run: Runner
) -> None:
    before = (conflicted / PATH).read_bytes()
    result = run("--repo", str(conflicted), "resolve", "--no-input")
    assert result.code == 1
    assert "title" in result.err and "reported_by" in result.err and "--field" in result.err
    assert (conflicted / PATH).read_bytes() == before


def test_resolve_field_by_field_keeps_both_sides_and_their_history(
    conflicted: Path, run: Runner
) -> None:
    result = run(
        "--repo",
        str(conflicted),
        "resolve",
        BOTTLENECK,
        "--field",
        "title=theirs",
        "--field",
        "reported_by=both",
    )
    assert result.code == 0, result.err
    assert "Opgelost" in result.out
    repository = git.Repo(conflicted)
    assert repository.git.ls_files("--unmerged") == ""  # staged for git
    text = (conflicted / PATH).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and text.startswith("# yaml-language-server")
    assert run("--repo", str(conflicted), "check").code == 0
    shown = json.loads(run("--repo", str(conflicted), "show", BOTTLENECK, "--json").out)
    assert shown["record"]["title"].startswith("Right to Challenge is onbekend")
    reporters = shown["record"]["reported_by"]
    assert reporters.index("in-14ntd-11jwh") < reporters.index("in-4yhan-8djms")
    notes = [entry.get("note") for entry in shown["history"]]
    assert notes.index("Notitie van Anne") < notes.index("Notitie van Bert")
    dates = [entry["date"] for entry in shown["history"]]
    assert dates == sorted(dates)
    # submit finishes the merge: a commit with both branches as parents.
    submitted = run("--repo", str(conflicted), "submit", "--by", "Coördinator")
    assert submitted.code == 0, submitted.err
    assert len(repository.head.commit.parents) == 2
    assert not (Path(repository.git_dir) / "MERGE_HEAD").exists()


def test_submit_refuses_while_git_waits_for_a_file(conflicted: Path, run: Runner) -> None:
    result = run("--repo", str(conflicted), "submit")
    assert result.code == 1
    assert PATH in result.out + result.err


def test_resolve_whole_side_and_dry_run(conflicted: Path, run: Runner) -> None:
    before = (conflicted / PATH).read_bytes()
    dry = run("--repo", str(conflicted), "resolve", "--ours", "--dry-run")
    assert dry.code == 0
    assert "title: Right to Challenge nog onbekend" in dry.out
    assert (conflicted / PATH).read_bytes() == before
    assert run("--repo", str(conflicted), "resolve", "--ours").code == 0
    text = (conflicted / PATH).read_text(encoding="utf-8")
    assert "in-14ntd-11jwh" in text and "in-4yhan-8djms" not in text


def test_both_is_refused_for_a_text_field(conflicted: Path, run: Runner) -> None:
    result = run("--repo", str(conflicted), "resolve", "--field", "title=both", "--theirs")
    assert result.code == 1
    assert "lijst" in result.err


def test_resolve_through_a_terminal(conflicted: Path) -> None:
    terminal = Terminal(["resolve"], cwd=conflicted)
    try:
        # Every number the question offers is explained in it.
        scalar = "kies 1 (deze kant) of 2 (de binnenkomende kant)"
        screen = terminal.answer(scalar, "3")  # not a choice for a title
        assert "Right to Challenge nog onbekend" in screen
        assert "Right to Challenge is onbekend" in screen
        terminal.answer(scalar, "1")
        terminal.answer("kies 1 (deze kant), 2 (de binnenkomende kant) of 3 (beide", "beide")
        terminal.read_until("Opgelost")
        assert terminal.wait() == 0
    finally:
        terminal.close()
    assert "'3' is geen keuze" in terminal.screen
    text = (conflicted / PATH).read_text(encoding="utf-8")
    assert "Right to Challenge nog onbekend" in text
    assert "in-14ntd-11jwh" in text and "in-4yhan-8djms" in text


def test_with_the_common_ancestor_one_sided_changes_need_no_question(
    remote: Path, tmp_path: Path, run: Runner
) -> None:
    """With diff3 markers, a field only one side changed is taken from that side."""
    _explorer(
        remote,
        tmp_path / "anne",
        "anne",
        run,
        [("theme: cooperation", "theme: regulation")],
        "Anne",
    )
    _explorer(
        remote,
        tmp_path / "bert",
        "bert",
        run,
        [("type: implementation", "type: hard")],
        "Bert",
    )
    coordinator = git.Repo.clone_from(str(remote), tmp_path / "coordinator")
    root = tmp_path / "coordinator"
    coordinator.git.config("merge.conflictStyle", "diff3")
    coordinator.git.merge("origin/anne", "--no-edit")
    # Adjacent lines make one hunk: git cannot merge them by itself.
    with pytest.raises(git.GitCommandError):
        coordinator.git.merge("origin/bert", "--no-edit")
    assert "|||||||" in (root / PATH).read_text(encoding="utf-8")
    result = run("--repo", str(root), "resolve", "--no-input")
    assert result.code == 0, result.err
    final = (root / PATH).read_text(encoding="utf-8")
    assert "theme: regulation" in final and "type: hard" in final
    assert "alleen" in result.out


# --- the splitter ------------------------------------------------------------


def test_split_two_hunks_with_labels_and_base() -> None:
    text = "\n".join(
        [
            "id: kp-aaaaa-bbbbb",
            "<<<<<<< HEAD",
            "title: A",
            "||||||| base",
            "title: O",
            "=======",
            "title: B",
            ">>>>>>> feature",
            "theme: finance",
            "<<<<<<< HEAD",
            "type: hard",
            "||||||| base",
            "type: hard",
            "=======",
            "type: culture",
            ">>>>>>> feature",
            "",
        ]
    )
    conflict = split(text)
    assert conflict is not None
    assert [h.start for h in conflict.hunks] == [2, 10]
    assert conflict.hunks[0].ours_lines == (3, 3) and conflict.hunks[0].theirs_lines == (7, 7)
    assert (conflict.ours_label, conflict.theirs_label) == ("HEAD", "feature")
    assert conflict.ours == "id: kp-aaaaa-bbbbb\ntitle: A\ntheme: finance\ntype: hard\n"
    sides = conflicts.compare(conflict)
    automatic = {d.name: d.automatic for d in sides.differences}
    assert automatic == {"title": None, "type": "theirs"}


@pytest.mark.parametrize(
    "lines",
    [
        ["<<<<<<< HEAD", "a: 1", "======="],
        ["a: 1", "=======", "b: 2"],
        ["<<<<<<< HEAD", "<<<<<<< HEAD", "=======", ">>>>>>> x"],
        ["a: 1", ">>>>>>> x"],
    ],
)
def test_broken_markers_are_refused(lines: list[str]) -> None:
    with pytest.raises(ConflictError):
        split("\n".join(lines))


def test_broken_markers_in_check(example: Path, run: Runner) -> None:
    path = example / PATH
    path.write_text("<<<<<<< HEAD\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("--repo", str(example), "check")
    assert result.code == 1
    assert f"{PATH}:1:1:" in result.out + result.err
    assert "kapotte" in result.out + result.err


_line = st.text(alphabet="abcxyz: -", max_size=12).filter(
    lambda s: not s.startswith(("<<<<<<<", "=======", ">>>>>>>", "|||||||"))
)


@given(st.lists(_line, max_size=12), st.lists(_line, max_size=12))
@settings(max_examples=300, deadline=None)
def test_split_recovers_both_versions(ours: list[str], theirs: list[str]) -> None:
    """Whatever two versions git marks up, split gives back exactly those two."""
    marked: list[str] = []
    matcher = difflib.SequenceMatcher(a=ours, b=theirs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            marked += ours[i1:i2]
        else:
            marked += ["<<<<<<< HEAD", *ours[i1:i2], "=======", *theirs[j1:j2], ">>>>>>> x"]
    conflict = split("\n".join(marked))
    if ours == theirs:
        assert conflict is None
    else:
        assert conflict is not None
        assert conflict.ours == "\n".join(ours)
        assert conflict.theirs == "\n".join(theirs)


def test_contact_details_stay_hidden_unless_asked(example: Path, run: Runner) -> None:
    """A conflict in a contact block: both sides hidden on screen and in a dry
    run; --personal shows them and says so."""
    path = example / "data" / "initiatives" / "in-6s1q8-mkyjc.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  email: info@zorgcooperatie-hoogeloon.voorbeeld.nl\n"
    assert old in text
    path.write_text(
        text.replace(
            old,
            "<<<<<<< HEAD\n" + old + "=======\n  email: toos@voorbeeld.nl\n>>>>>>> bert\n",
        ),
        encoding="utf-8",
    )
    hidden = run("--repo", str(example), "resolve", "--theirs", "--dry-run", "--no-input")
    assert hidden.code == 0, hidden.err
    assert "@" not in hidden.out and "06-" not in hidden.out
    assert "persoonsgegevens verborgen" in hidden.out
    assert "persoonsgegevens" not in hidden.err
    shown = run(
        "--repo", str(example), "resolve", "--theirs", "--dry-run", "--no-input", "--personal"
    )
    assert "toos@voorbeeld.nl" in shown.out
    assert "Let op: hier staan persoonsgegevens" in shown.err
    saved = run("--repo", str(example), "resolve", "--theirs", "--no-input")
    assert saved.code == 0, saved.err
    assert "@" not in saved.out
    assert "  email: toos@voorbeeld.nl\n" in path.read_text(encoding="utf-8")
    assert run("--repo", str(example), "check").code == 0


def test_a_deleted_record_that_the_other_side_changed_is_explained(
    remote: Path, tmp_path: Path, run: Runner
) -> None:
    """A modify/delete conflict leaves no markers: resolve says what git waits for."""
    _explorer(
        remote,
        tmp_path / "anne",
        "anne",
        run,
        [("title: Right to Challenge onbekend", "title: Right to Challenge nog onbekend")],
        "Notitie van Anne",
    )
    bert = git.Repo.clone_from(str(remote), tmp_path / "bert")
    bert.git.checkout("-b", "bert")
    bert.git.rm("--", PATH)
    bert.index.commit("Weg ermee")
    bert.remote("origin").push("bert")
    coordinator = git.Repo.clone_from(str(remote), tmp_path / "coordinator")
    coordinator.git.merge("origin/anne", "--no-edit")
    with pytest.raises(git.GitCommandError):
        coordinator.git.merge("origin/bert", "--no-edit")
    result = run("--repo", str(tmp_path / "coordinator"), "resolve")
    assert result.code == 1
    assert f"git wacht nog op {PATH}" in result.err
    assert "git add PAD" in result.err and "git rm PAD" in result.err
    refused = run("--repo", str(tmp_path / "coordinator"), "submit")
    assert refused.code == 1 and PATH in refused.err
    coordinator.git.add("--", PATH)  # keep Anne's version, as the message says
    assert run("--repo", str(tmp_path / "coordinator"), "resolve").code == 0


def test_a_commit_id_as_label_is_shown_short() -> None:
    """``git pull`` labels the incoming side with a whole commit id."""
    commit = "84e6cbf0c83bd395dd92805e812c1ae5fcd4e760"
    conflict = split(f"<<<<<<< HEAD\ntitle: A\n=======\ntitle: B\n>>>>>>> {commit}\n")
    assert conflict is not None and conflict.theirs_label == "84e6cbf0"


def test_an_unknown_id_while_another_record_is_conflicted(conflicted: Path, run: Runner) -> None:
    result = run("--repo", str(conflicted), "resolve", "kp-zzzzz-zzzzz")
    assert result.code == 1
    assert "Geen samenvoegconflict in record 'kp-zzzzz-zzzzz'" in result.err
    assert "git wacht nog op" not in result.err


def test_ours_and_theirs_together_is_a_usage_error(conflicted: Path, run: Runner) -> None:
    result = run("--repo", str(conflicted), "resolve", "--ours", "--theirs")
    assert result.code == 2
    assert "Kies --ours of --theirs, niet allebei" in result.err
