"""Answers of an unfinished ``knelpunt add``, kept until the record is saved.

A volunteer who presses Ctrl-C, answers "n" at the end, or whose laptop
battery dies, finds the answers again at the next ``knelpunt add`` of the same
kind. Drafts are JSON (data only) in the user's folder for the repository,
never in the work tree: they are not records and hold what someone typed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from knelpunt.atomic import exclusive_temporary
from knelpunt.pickles import own_folder
from knelpunt.repo import repository_state_folder

MAX_DRAFT_BYTES = 256 * 1024


def _path(root: Path, kind: str) -> Path:
    return repository_state_folder(root) / "drafts" / f"{kind}.json"


def save(root: Path, kind: str, answers: dict[str, Any]) -> None:
    """Keep ``answers`` (atomically: a draft is never half written)."""
    path = _path(root, kind)
    data = {"saved": f"{dt.datetime.now():%d-%m-%Y %H:%M}", "answers": answers}
    if not own_folder(path.parent):
        return  # another user could read or swap it: no draft
    with contextlib.suppress(OSError):  # no draft is better than no record
        descriptor, temporary = exclusive_temporary(path, 0o600)
        try:
            with open(descriptor, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(data, ensure_ascii=False, default=str))
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)


def load(root: Path, kind: str) -> tuple[str, dict[str, Any]] | None:
    """(when it was saved, the answers), or None when there is no usable draft."""
    path = _path(root, kind)
    try:
        if path.is_symlink() or path.stat().st_size > MAX_DRAFT_BYTES:
            return None
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        return None
    return str(data.get("saved", "?")), data["answers"]


def clear(root: Path, kind: str) -> None:
    _path(root, kind).unlink(missing_ok=True)
