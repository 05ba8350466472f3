"""markers: git's conflict markers parsed into the versions they hold."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knelpunt import markers
from knelpunt.errors import ConflictError

# Lines that are no markers (a marker is 7 of '<', '|', '=' or '>' at the start).
LINE = st.text(alphabet="abc: -=<>|", max_size=12).filter(
    lambda line: not line.startswith(("<<<<<<<", "|||||||", "=======", ">>>>>>>"))
)
LINES = st.lists(LINE, max_size=3)


@given(
    st.lists(st.tuples(LINES, LINES, LINES, LINES), min_size=1, max_size=4), LINES, st.booleans()
)
def test_split_gives_back_each_side(
    parts: list[tuple[list[str], list[str], list[str], list[str]]],
    tail: list[str],
    with_base: bool,
) -> None:
    text: list[str] = []
    ours: list[str] = []
    theirs: list[str] = []
    base: list[str] = []
    for common, our, their, old in parts:
        text += [*common, "<<<<<<< HEAD", *our]
        if with_base:
            text += ["||||||| basis", *old]
        text += ["=======", *their, ">>>>>>> wijziging"]
        ours += common + our
        theirs += common + their
        base += common + old
    text += tail
    conflict = markers.split("\n".join(text))
    assert conflict is not None
    assert conflict.ours == "\n".join(ours + tail)
    assert conflict.theirs == "\n".join(theirs + tail)
    assert conflict.base == ("\n".join(base + tail) if with_base else None)
    assert len(conflict.hunks) == len(parts)
    assert (conflict.ours_label, conflict.theirs_label) == ("HEAD", "wijziging")
    first = conflict.hunks[0]
    assert text[first.start - 1].startswith("<<<<<<<") and text[first.end - 1].startswith(">>>>>>>")


@given(st.lists(LINE))
def test_text_without_markers_is_no_conflict(lines: list[str]) -> None:
    assert markers.split("\n".join(lines)) is None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a\n<<<<<<< HEAD\nb\n", 2),
        ("a\n=======\nb", 2),
        ("<<<<<<< HEAD\nb\n=======\nc\n<<<<<<< x\n", 5),
        ("<<<<<<< HEAD\nb\n>>>>>>> x\n", 3),
    ],
)
def test_broken_markers_name_their_line(text: str, line: int) -> None:
    with pytest.raises(ConflictError) as caught:
        markers.split(text)
    assert caught.value.key == "conflict_markers_broken"
    assert caught.value.params["line"] == line


def test_a_conflict_git_wrote(tmp_path: Path) -> None:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=tmp_path, capture_output=True, text=True)
        return done.stdout

    git("init", "-q", "-b", "main")
    record = tmp_path / "r.yaml"
    record.write_text("id: kp-aaaaa-bbbbb\ntitle: oud\n")
    git("add", "r.yaml")
    git("commit", "-qm", "begin")
    git("checkout", "-qb", "ander")
    record.write_text("id: kp-aaaaa-bbbbb\ntitle: hun titel\n")
    git("commit", "-qam", "hunne")
    git("checkout", "-q", "main")
    record.write_text("id: kp-aaaaa-bbbbb\ntitle: onze titel\n")
    git("commit", "-qam", "onze")
    git("-c", "merge.conflictStyle=diff3", "merge", "-q", "ander")
    conflict = markers.split(record.read_text())
    assert conflict is not None
    assert conflict.ours == "id: kp-aaaaa-bbbbb\ntitle: onze titel\n"
    assert conflict.theirs == "id: kp-aaaaa-bbbbb\ntitle: hun titel\n"
    assert conflict.base == "id: kp-aaaaa-bbbbb\ntitle: oud\n"
    assert (conflict.ours_label, conflict.theirs_label) == ("HEAD", "ander")


def test_a_whole_commit_id_is_shown_short() -> None:
    commit = "0123456789abcdef0123456789abcdef01234567"
    conflict = markers.split(f"<<<<<<< HEAD\na\n=======\nb\n>>>>>>> {commit}")
    assert conflict is not None and conflict.theirs_label == "01234567"
    assert conflict.hunks[0].ours_lines == (2, 2) and conflict.hunks[0].theirs_lines == (4, 4)
