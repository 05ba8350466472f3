"""atomic: files written whole or not at all, never over another by accident."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knelpunt import atomic
from knelpunt.errors import FileRefused, RecordError


def _left_behind(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_new_creates_and_refuses_an_existing_name(tmp_path: Path) -> None:
    path = tmp_path / "data" / "bottlenecks" / "kp-aaaaa-bbbbb.yaml"
    atomic.write_new(path, "title: één\n")
    assert path.read_bytes() == "title: één\n".encode()
    with pytest.raises(RecordError) as caught:
        atomic.write_new(path, "title: twee\n")
    assert caught.value.key == "record_exists"
    assert path.read_text("utf-8") == "title: één\n"
    assert _left_behind(path.parent) == []


def test_write_new_refuses_a_planted_link(tmp_path: Path) -> None:
    target = tmp_path / "elders.txt"
    target.write_text("van iemand anders")
    link = tmp_path / "record.yaml"
    link.symlink_to(target)
    with pytest.raises(RecordError):
        atomic.write_new(link, "x")
    assert target.read_text() == "van iemand anders"


def test_replace_writes_pieces_as_one_file(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("oud\n")
    atomic.replace(path, (f"{n}\n" for n in range(1000)), sync=False)
    assert path.read_text().splitlines() == [str(n) for n in range(1000)]
    assert _left_behind(tmp_path) == []


def test_a_failing_piece_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("oud")

    def pieces() -> object:
        yield "nieuw"
        raise RuntimeError("halverwege")

    with pytest.raises(RuntimeError):
        atomic.replace(path, pieces())  # type: ignore[arg-type]
    assert path.read_text() == "oud"
    assert _left_behind(tmp_path) == []


def test_replace_if_unchanged_is_a_compare_and_swap(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(b"title: a\n")
    assert not atomic.replace_if_unchanged(path, b"title: b\n", "title: c\n")
    assert path.read_bytes() == b"title: a\n"
    assert atomic.replace_if_unchanged(path, b"title: a\n", "title: c\n")
    assert path.read_bytes() == b"title: c\n"
    assert not atomic.replace_if_unchanged(tmp_path / "weg.yaml", b"", "x")
    assert _left_behind(tmp_path) == []


def test_exclusive_temporary_and_the_cleaning_of_leftovers(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    descriptor, temporary = atomic.exclusive_temporary(path, 0o600)
    os.close(descriptor)
    assert temporary.parent == tmp_path
    assert temporary.name.startswith(".r.yaml.") and temporary.name.endswith(".tmp")
    assert temporary.stat().st_mode & 0o077 == 0
    (tmp_path / "gewoon.yaml").write_text("x")
    (tmp_path / ".verborgen").write_text("x")
    assert atomic.remove_stale_temporaries(tmp_path) == [temporary]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".verborgen", "gewoon.yaml"]
    assert atomic.remove_stale_temporaries(tmp_path / "er-niet") == []


def test_write_document_asks_for_force_and_never_replaces_a_link(tmp_path: Path) -> None:
    out = tmp_path / "rapport.html"
    atomic.write_document(out, "<p>1</p>")
    with pytest.raises(FileRefused) as caught:
        atomic.write_document(out, "<p>2</p>")
    assert caught.value.key == "output_exists"
    atomic.write_document(out, "<p>2</p>", force=True)
    assert out.read_text() == "<p>2</p>"

    link = tmp_path / "link.html"
    link.symlink_to(out)
    with pytest.raises(FileRefused) as caught:
        atomic.write_document(link, "x", force=True)
    assert caught.value.key == "file_not_regular"
    for path, key in (
        (tmp_path, "output_is_folder"),
        (tmp_path / "nee" / "r.md", "output_folder_missing"),
    ):
        with pytest.raises(FileRefused) as caught:
            atomic.write_document(path, "x")
        assert caught.value.key == key
    assert out.read_text() == "<p>2</p>"
