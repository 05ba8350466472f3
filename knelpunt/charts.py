"""Charts as inline SVG, drawn from the reports' own data.

The HTML reports travel as one file to readers without GitHub (the ministry,
municipalities, the initiatives): no JavaScript and nothing fetched, so the
charts are SVG written here. Every text in them (a theme's label, a
problem-solver's name) comes from the records and is escaped; numbers are
written as the reader writes them. Each chart has a ``<title>`` and a text
alternative, and its data is also in a table beside it, for screen readers.

Each chart is drawn twice: wide (``chart-wide``, a desktop and print, the label
left of its bar) and narrow (``chart-narrow``, a phone, the label above its
bar); the page's style shows one of them.
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
#: The chart a phone shows instead (issue 33): as wide as its screen, the
#: label above its bar, so that its text is 13 px there, not 7.
NARROW = 360
NARROW_ROW = 40


@dataclass(frozen=True)
class Segment:
    label: str
    value: int
    colour: str


def _svg(height: int, title: str, body: str, width: int = WIDTH, kind: str = "wide") -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart chart-{kind}" '
        f'font-family="{FONT}" font-size="13">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _label(
    x: float, y: float, text: str, anchor: str = "start", fill: str = "#222", limit: int = 32
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" '
        f'dominant-baseline="middle">{escape(_shorten(text, limit))}</text>'
    )


def _shorten(text: str, limit: int = 32) -> str:
    """At most ``limit`` characters, cut between words (the whole name is in
    the table beside the chart): "Vereniging van Nederlandse…", never "Geme…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-–/(") + "…"


def stacked_bars(
    title: str, rows: Sequence[tuple[str, Sequence[Segment]]], lang: str, legend: bool = True
) -> Markup:
    """One horizontal bar per row, split into coloured segments (theme × status)."""
    return _stacked(title, rows, lang, legend, narrow=False) + _stacked(
        title, rows, lang, legend, narrow=True
    )


def _stacked(
    title: str,
    rows: Sequence[tuple[str, Sequence[Segment]]],
    lang: str,
    legend: bool,
    narrow: bool,
) -> Markup:
    width = NARROW if narrow else WIDTH
    left = 0 if narrow else LABEL_WIDTH
    row = NARROW_ROW if narrow else ROW
    largest = max((sum(s.value for s in segments) for _, segments in rows), default=0) or 1
    scale = (width - left - 50) / largest
    parts = []
    y = 8
    for name, segments in rows:
        if narrow:
            parts.append(_label(0, y + 7, name, limit=48))
            top = y + 16
        else:
            parts.append(_label(0, y + ROW / 2 - 3, name))
            top = y
        x = float(left)
        for segment in segments:
            if segment.value <= 0:
                continue
            size = segment.value * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{top}" width="{size:.1f}" height="{ROW - 8}" '
                f'fill="{segment.colour}"><title>{escape(segment.label)}: '
                f"{integer(segment.value, lang)}</title></rect>"
            )
            x += size
        total = sum(s.value for s in segments)
        parts.append(_label(x + 6, top + ROW / 2 - 3, integer(total, lang)))
        y += row
    if legend:
        seen: dict[str, str] = {}
        for _, segments in rows:
            for segment in segments:
                if segment.value > 0:
                    seen.setdefault(segment.label, segment.colour)
        x = 0.0
        y += 6
        for name, colour in seen.items():
            size = 22 + 7.2 * len(name)
            if x + size > width:
                x, y = 0.0, y + 20
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{colour}"/>')
            parts.append(_label(x + 17, y + 6, name))
            x += size + 12
        y += 20
    return _svg(y + 6, title, "".join(parts), width, "narrow" if narrow else "wide")


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
    return _progress(title, rows, lang, done_word, narrow=False) + _progress(
        title, rows, lang, done_word, narrow=True
    )


def _progress(
    title: str, rows: Sequence[tuple[str, int, int]], lang: str, done_word: str, narrow: bool
) -> Markup:
    parts = []
    y = 8
    width = NARROW if narrow else WIDTH
    left = 0 if narrow else LABEL_WIDTH
    usable = width - left - 90
    for name, done, planned in rows:
        if narrow:
            parts.append(_label(0, y + 7, name, limit=48))
            top = y + 16
        else:
            parts.append(_label(0, y + ROW / 2 - 3, name))
            top = y
        share = min(done / planned, 1.0) if planned else (1.0 if done else 0.0)
        parts.append(
            f'<rect x="{left}" y="{top}" width="{usable}" height="{ROW - 8}" fill="{PLANNED}"/>'
        )
        parts.append(
            f'<rect x="{left}" y="{top}" width="{usable * share:.1f}" height="{ROW - 8}" '
            f'fill="{SECOND}"><title>{escape(name)}: {escape(done_word)} '
            f"{integer(done, lang)} / {integer(planned, lang)}</title></rect>"
        )
        text = f"{integer(done, lang)} / {integer(planned, lang)}"
        parts.append(_label(left + usable + 8, top + ROW / 2 - 3, text))
        y += NARROW_ROW if narrow else ROW
    return _svg(y + 4, title, "".join(parts), width, "narrow" if narrow else "wide")


def months(
    title: str,
    rows: Sequence[tuple[str, int, int]],
    names: tuple[str, str],
    lang: str,
) -> Markup:
    """Two bars per month, side by side: reported and resolved."""
    return _months(title, rows, names, lang, narrow=False) + _months(
        title, rows, names, lang, narrow=True
    )


def _months(
    title: str,
    rows: Sequence[tuple[str, int, int]],
    names: tuple[str, str],
    lang: str,
    narrow: bool,
) -> Markup:
    width = NARROW if narrow else WIDTH
    # On a phone the months' names stand aslant below their bars, at 12 px.
    height = 260 if narrow else 220
    bottom = height - (86 if narrow else 46)
    largest = max((max(a, b) for _, a, b in rows), default=0) or 1
    step = (width - 40) / max(len(rows), 1)
    bar = max(min(step / 2 - 3, 28), 2)
    parts = [f'<line x1="32" y1="{bottom}" x2="{width}" y2="{bottom}" stroke="#888"/>']
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
            if narrow:
                parts.append(
                    f'<text x="{x + bar:.1f}" y="{bottom + 12}" text-anchor="end" '
                    f'transform="rotate(-50 {x + bar:.1f} {bottom + 12})" '
                    f'fill="#222" font-size="12">{escape(month)}</text>'
                )
            else:
                parts.append(
                    f'<text x="{x + bar:.1f}" y="{bottom + 14}" text-anchor="middle" '
                    f'fill="#222" font-size="11">{escape(month)}</text>'
                )
    y = height - 16
    second_x = 186 if narrow else 236
    for x, colour, name in ((36, BAR, names[0]), (second_x, SECOND, names[1])):
        parts.append(f'<rect x="{x}" y="{y - 6}" width="12" height="12" fill="{colour}"/>')
        parts.append(_label(x + 17, y, name))
    return _svg(height, title, "".join(parts), width, "narrow" if narrow else "wide")
