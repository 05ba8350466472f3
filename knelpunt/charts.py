"""Charts as inline SVG, drawn from the reports' own data.

The HTML reports travel as one file to readers without GitHub (the ministry,
municipalities, the initiatives): no JavaScript and nothing fetched, so the
charts are SVG written here. Every text in them (a theme's label, a
problem-solver's name) comes from the records and is escaped; numbers are
written as the reader writes them. Each chart has a ``<title>`` and a text
alternative, and its data is also in a table beside it, for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from knelpunt.formats import integer

#: One colour per workflow status, in the order of the workflow; chosen to stay
#: apart in print and for the common kinds of colour blindness.
STATUS_COLOURS = {
    "reported": "#9e9e9e",
    "on-agenda": "#f2b701",
    "routed": "#3969ac",
    "in-progress": "#7f3c8d",
    "declined": "#e73f74",
    "solved-locally": "#80ba5a",
    "resolved": "#11a579",
    "merged": "#cccccc",
}
BAR = "#3969ac"
SECOND = "#11a579"
PLANNED = "#d9d9d9"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
WIDTH = 640
ROW = 26
LABEL_WIDTH = 240


@dataclass(frozen=True)
class Segment:
    label: str
    value: int
    colour: str


def _svg(height: int, title: str, body: str) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart" '
        f'font-family="{FONT}" font-size="13">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _label(x: float, y: float, text: str, anchor: str = "start", fill: str = "#222") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" '
        f'dominant-baseline="middle">{escape(_shorten(text))}</text>'
    )


def _shorten(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def stacked_bars(
    title: str, rows: Sequence[tuple[str, Sequence[Segment]]], lang: str, legend: bool = True
) -> Markup:
    """One horizontal bar per row, split into coloured segments (theme × status)."""
    largest = max((sum(s.value for s in segments) for _, segments in rows), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - 50) / largest
    parts = []
    y = 8
    for name, segments in rows:
        parts.append(_label(0, y + ROW / 2 - 3, name))
        x = float(LABEL_WIDTH)
        for segment in segments:
            if segment.value <= 0:
                continue
            width = segment.value * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{ROW - 8}" '
                f'fill="{segment.colour}"><title>{escape(segment.label)}: '
                f"{integer(segment.value, lang)}</title></rect>"
            )
            x += width
        total = sum(s.value for s in segments)
        parts.append(_label(x + 6, y + ROW / 2 - 3, integer(total, lang)))
        y += ROW
    if legend:
        seen: dict[str, str] = {}
        for _, segments in rows:
            for segment in segments:
                if segment.value > 0:
                    seen.setdefault(segment.label, segment.colour)
        x = 0.0
        y += 6
        for name, colour in seen.items():
            width = 22 + 7.2 * len(name)
            if x + width > WIDTH:
                x, y = 0.0, y + 20
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{colour}"/>')
            parts.append(_label(x + 17, y + 6, name))
            x += width + 12
        y += 20
    return _svg(y + 6, title, "".join(parts))


def bars(title: str, rows: Sequence[tuple[str, int]], lang: str, colour: str = BAR) -> Markup:
    """One horizontal bar per row (bottlenecks per level, per problem-solver)."""
    return stacked_bars(
        title, [(name, [Segment(name, value, colour)]) for name, value in rows], lang, legend=False
    )


def progress_bars(
    title: str, rows: Sequence[tuple[str, int, int]], lang: str, done_word: str
) -> Markup:
    """Done against planned, per measure of the plan: a grey bar for the plan
    with the part done over it, and "13 / 400" beside it."""
    parts = []
    y = 8
    usable = WIDTH - LABEL_WIDTH - 90
    for name, done, planned in rows:
        parts.append(_label(0, y + ROW / 2 - 3, name))
        share = min(done / planned, 1.0) if planned else (1.0 if done else 0.0)
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{usable}" height="{ROW - 8}" '
            f'fill="{PLANNED}"/>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{usable * share:.1f}" height="{ROW - 8}" '
            f'fill="{SECOND}"><title>{escape(name)}: {escape(done_word)} '
            f"{integer(done, lang)} / {integer(planned, lang)}</title></rect>"
        )
        text = f"{integer(done, lang)} / {integer(planned, lang)}"
        parts.append(_label(LABEL_WIDTH + usable + 8, y + ROW / 2 - 3, text))
        y += ROW
    return _svg(y + 4, title, "".join(parts))


def months(
    title: str,
    rows: Sequence[tuple[str, int, int]],
    names: tuple[str, str],
    lang: str,
) -> Markup:
    """Two bars per month, side by side: reported and resolved."""
    height = 220
    bottom = height - 46
    largest = max((max(a, b) for _, a, b in rows), default=0) or 1
    step = (WIDTH - 40) / max(len(rows), 1)
    bar = max(min(step / 2 - 3, 28), 2)
    parts = [f'<line x1="32" y1="{bottom}" x2="{WIDTH}" y2="{bottom}" stroke="#888"/>']
    parts.append(_label(28, bottom, "0", "end", "#555"))
    parts.append(_label(28, 14, integer(largest, lang), "end", "#555"))
    for index, (month, first, second) in enumerate(rows):
        x = 36 + index * step
        for offset, value, colour, name in (
            (0, first, BAR, names[0]),
            (bar + 2, second, SECOND, names[1]),
        ):
            h = (bottom - 14) * value / largest
            parts.append(
                f'<rect x="{x + offset:.1f}" y="{bottom - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" fill="{colour}"><title>{escape(month)}, {escape(name)}: '
                f"{integer(value, lang)}</title></rect>"
            )
        if len(rows) <= 12 or index % max(len(rows) // 12, 1) == 0:
            parts.append(
                f'<text x="{x + bar:.1f}" y="{bottom + 14}" text-anchor="middle" '
                f'fill="#222" font-size="11">{escape(month)}</text>'
            )
    y = height - 16
    for x, colour, name in ((36, BAR, names[0]), (236, SECOND, names[1])):
        parts.append(f'<rect x="{x}" y="{y - 6}" width="12" height="12" fill="{colour}"/>')
        parts.append(_label(x + 17, y, name))
    return _svg(height, title, "".join(parts))
