"""safeio: reading and writing repository content that came from strangers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knelpunt import safeio
from knelpunt.errors import FileRefused


def test_read_regular_reads_at_most_one_byte_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(b"x" * 100)
    assert safeio.read_regular(path, 1000) == b"x" * 100
    assert safeio.read_regular(path, 10) == b"x" * 11  # the caller sees it is too large
    assert safeio.read_regular(str(path), 99) == b"x" * 100


@pytest.mark.parametrize("what", ["link", "folder", "fifo", "device", "missing"])
def test_read_regular_refuses_what_is_no_regular_file(tmp_path: Path, what: str) -> None:
    path = tmp_path / "r.yaml"
    expected = "file_not_regular"
    if what == "link":
        (tmp_path / "echt.yaml").write_text("x")
        path.symlink_to(tmp_path / "echt.yaml")
        expected = "file_symlink"
    elif what == "folder":
        path.mkdir()
    elif what == "fifo":
        os.mkfifo(path)  # a read would block forever
    elif what == "device":
        path.symlink_to("/dev/zero")  # a read would never end
        expected = "file_symlink"
    else:
        expected = "file_unreadable"
    with pytest.raises(FileRefused) as caught:
        safeio.read_regular(path, 1024)
    assert caught.value.key == expected
    assert caught.value.path == str(path)


def test_a_link_on_the_way_is_found_and_refused(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "data" / "updates").mkdir(parents=True)
    outside = tmp_path / "elders"
    outside.mkdir()
    (root / "data" / "updates" / "kp-x").symlink_to(outside)
    target = root / "data" / "updates" / "kp-x" / "nieuw.yaml"
    assert safeio.link_on_the_way(root, target) == root / "data" / "updates" / "kp-x"
    with pytest.raises(FileRefused) as caught:
        safeio.refuse_links(root, target)
    assert caught.value.key == "path_through_symlink"
    assert caught.value.path == "data/updates/kp-x"
    assert not safeio.is_inside(root, target)

    fine = root / "data" / "bottlenecks" / "nog-niet-daar.yaml"
    assert safeio.link_on_the_way(root, fine) is None
    safeio.refuse_links(root, fine)
    assert safeio.is_inside(root, fine) and safeio.is_inside(root, root)
    # a path outside the root, or one that climbs out, is refused too
    assert safeio.link_on_the_way(root, outside) == outside
    assert safeio.link_on_the_way(root, root / ".." / "x") is not None
    assert not safeio.is_inside(root, tmp_path / "repo-ernaast")
