"""Git's conflict markers in a file: where they are and the two versions they hold.

A pure parser, with no knowledge of records, so that reading any file can tell
a conflict from broken YAML (``yamlio``) and ``conflicts`` can compare the
sides field by field. See ``conflicts`` for what the markers look like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knelpunt.errors import ConflictError

_START = re.compile(r"^<{7}(?: (.*))?$")
_BASE = re.compile(r"^\|{7}(?: (.*))?$")
_MIDDLE = re.compile(r"^={7}$")
_END = re.compile(r"^>{7}(?: (.*))?$")
_COMMIT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


@dataclass(frozen=True)
class Hunk:
    """One place where the two sides differ; line numbers are 1-based."""

    start: int
    middle: int
    end: int
    base: int | None
    ours_label: str
    theirs_label: str

    @property
    def ours_lines(self) -> tuple[int, int]:
        return self.start + 1, (self.base or self.middle) - 1

    @property
    def theirs_lines(self) -> tuple[int, int]:
        return self.middle + 1, self.end - 1


@dataclass
class Conflict:
    """A file with conflict markers, split into its two (or three) versions."""

    hunks: list[Hunk]
    ours: str
    theirs: str
    base: str | None

    @property
    def ours_label(self) -> str:
        return self.hunks[0].ours_label

    @property
    def theirs_label(self) -> str:
        return self.hunks[0].theirs_label


def _label(marker_text: str | None) -> str:
    """The name git wrote after a marker; ``git pull`` writes a whole commit
    id there, which is shown short, as git itself shows commits."""
    label = (marker_text or "").strip()
    return label[:8] if _COMMIT_ID.fullmatch(label) else label


def split(text: str) -> Conflict | None:
    """The versions in ``text``, or None when it holds no conflict markers.

    Raises ``ConflictError`` when the markers are broken (a start without its
    end): then only a person with an editor can tell what was meant.
    """
    ours: list[str] = []
    theirs: list[str] = []
    base: list[str] = []
    hunks: list[Hunk] = []
    every_hunk_has_base = True
    state = "both"
    start = middle = 0
    base_line: int | None = None
    ours_label = ""
    for number, line in enumerate(text.split("\n"), start=1):
        if state == "both":
            opened = _START.match(line)
            if opened:
                state, start, base_line = "ours", number, None
                ours_label = _label(opened.group(1))
                continue
            if _MIDDLE.match(line) or _END.match(line):
                raise ConflictError("conflict_markers_broken", line=number)
            ours.append(line)
            theirs.append(line)
            base.append(line)
        elif state == "ours":
            if _BASE.match(line):
                state, base_line = "base", number
            elif _MIDDLE.match(line):
                state, middle = "theirs", number
                every_hunk_has_base &= False
            elif _START.match(line) or _END.match(line):
                raise ConflictError("conflict_markers_broken", line=number)
            else:
                ours.append(line)
        elif state == "base":
            if _MIDDLE.match(line):
                state, middle = "theirs", number
            elif _START.match(line) or _END.match(line):
                raise ConflictError("conflict_markers_broken", line=number)
            else:
                base.append(line)
        else:  # theirs
            closed = _END.match(line)
            if closed:
                hunks.append(
                    Hunk(
                        start,
                        middle,
                        number,
                        base_line,
                        ours_label,
                        _label(closed.group(1)),
                    )
                )
                state = "both"
            elif _START.match(line) or _MIDDLE.match(line):
                raise ConflictError("conflict_markers_broken", line=number)
            else:
                theirs.append(line)
    if state != "both":
        raise ConflictError("conflict_markers_broken", line=start)
    if not hunks:
        return None
    return Conflict(
        hunks,
        "\n".join(ours),
        "\n".join(theirs),
        "\n".join(base) if every_hunk_has_base else None,
    )
