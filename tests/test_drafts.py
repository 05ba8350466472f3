"""drafts: the answers of an unfinished ``add``, kept outside the work tree."""

from __future__ import annotations

import json
from pathlib import Path

from knelpunt import drafts


def test_a_draft_is_kept_per_kind_and_cleared(tmp_path: Path) -> None:
    drafts.save(tmp_path, "bottleneck", {"title": "Vpb", "themes": ["finance"]})
    found = drafts.load(tmp_path, "bottleneck")
    assert found is not None
    saved, answers = found
    assert answers == {"title": "Vpb", "themes": ["finance"]}
    assert len(saved) == len("04-12-2026 10:00")
    assert drafts.load(tmp_path, "initiative") is None
    assert list(tmp_path.iterdir()) == []  # never in the work tree
    drafts.clear(tmp_path, "bottleneck")
    assert drafts.load(tmp_path, "bottleneck") is None
    drafts.clear(tmp_path, "bottleneck")  # twice is fine


def test_a_draft_that_is_not_one_is_no_draft(tmp_path: Path) -> None:
    drafts.save(tmp_path, "meeting", {"x": 1})
    path = drafts._path(tmp_path, "meeting")
    assert path.stat().st_mode & 0o077 == 0  # only the person who typed it reads it
    for text in ("{", "[]", json.dumps({"answers": [1]}), "x" * (drafts.MAX_DRAFT_BYTES + 1)):
        path.write_text(text)
        assert drafts.load(tmp_path, "meeting") is None, text[:20]
    path.unlink()
    elsewhere = tmp_path.parent / "elders.json"
    elsewhere.write_text(json.dumps({"saved": "x", "answers": {"a": 1}}))
    path.symlink_to(elsewhere)
    assert drafts.load(tmp_path, "meeting") is None
