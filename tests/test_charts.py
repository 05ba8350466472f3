"""charts: inline SVG drawn from the reports' numbers, wide and narrow."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from knelpunt import charts
from knelpunt.charts import Segment

SVG = "{http://www.w3.org/2000/svg}"
NAME = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")), max_size=40)
#: Each drawing: its class, its width and where its bars start.
SHAPES = {
    "chart chart-wide": (charts.WIDTH, charts.LABEL_WIDTH),
    "chart chart-narrow": (charts.NARROW, 0),
}


def _drawings(svg: str) -> list[ET.Element]:
    """The wide and the narrow drawing of a chart (every text in them escaped:
    else this parse fails)."""
    drawings = list(ET.fromstring(f"<charts>{svg}</charts>"))
    assert [d.get("class") for d in drawings] == list(SHAPES)
    for drawing in drawings:
        width, _ = SHAPES[drawing.get("class", "")]
        assert drawing.get("viewBox", "").startswith(f"0 0 {width} ")
    return drawings


def _rects(drawing: ET.Element) -> list[ET.Element]:
    return drawing.findall(f"{SVG}rect")


def _number(element: ET.Element, name: str) -> float:
    return float(element.get(name, "0"))


@given(st.lists(st.tuples(NAME, st.integers(min_value=0, max_value=10**6)), max_size=12))
def test_bars_are_in_proportion_and_inside_the_chart(rows: list[tuple[str, int]]) -> None:
    values = [value for _, value in rows if value > 0]
    for drawing in _drawings(charts.bars("Per niveau <&>", rows, "nl")):
        assert drawing.findtext(f"{SVG}title") == "Per niveau <&>"
        width, left = SHAPES[drawing.get("class", "")]
        drawn = _rects(drawing)
        assert len(drawn) == len(values)
        for rect in drawn:
            assert _number(rect, "x") == left and left + _number(rect, "width") <= width
        if values:
            largest = max(values)
            for value, rect in zip(values, drawn, strict=True):
                expected = value * (width - left - 50) / largest
                assert abs(_number(rect, "width") - expected) <= 0.06


def test_stacked_bars_join_segments_and_name_each_once_in_the_legend() -> None:
    rows = [
        ("Financiën", [Segment("gemeld", 2, "#111111"), Segment("opgelost", 1, "#222222")]),
        ("Samenwerking", [Segment("gemeld", 1, "#111111"), Segment("opgelost", 0, "#222222")]),
    ]
    for drawing in _drawings(charts.stacked_bars("Per thema", rows, "nl")):
        rects = _rects(drawing)
        first, second = rects[0], rects[1]
        assert _number(second, "x") == _number(first, "x") + _number(first, "width")
        assert first.findtext(f"{SVG}title") == "gemeld: 2"
        legend = [r for r in rects if r.get("width") == "12"]
        assert [r.get("fill") for r in legend] == ["#111111", "#222222"]


def test_numbers_are_written_as_the_reader_writes_them() -> None:
    assert "12.500" in charts.bars("x", [("a", 12500)], "nl")
    assert "12,500" in charts.bars("x", [("a", 12500)], "en")
    shown = charts.progress_bars("Plan", [("Bijeenkomsten", 1200, 4000)], "nl", "gedaan")
    assert shown.count("1.200 / 4.000") == 4  # in each drawing: beside the bar and in its title


def test_a_long_label_is_cut_between_words() -> None:
    name = "Vereniging van Nederlandse Gemeenten en nog veel meer woorden"
    wide, narrow = _drawings(charts.bars("x", [(name, 1)], "nl"))
    wide_label = wide.findtext(f"{SVG}text") or ""
    assert wide_label == "Vereniging van Nederlandse…" and len(wide_label) <= 32
    narrow_label = narrow.findtext(f"{SVG}text") or ""
    assert narrow_label.endswith("…") and len(narrow_label) <= 48
    assert name.startswith(narrow_label[:-1]) and narrow_label[-2] != " "
    assert [_rects(d) for d in _drawings(charts.bars("x", [], "nl"))] == [[], []]


@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=500), st.integers(min_value=0, max_value=500)),
        max_size=6,
    )
)
def test_progress_bars_never_run_past_the_plan(rows: list[tuple[int, int]]) -> None:
    svg = charts.progress_bars(
        "Plan", [(f"r{i}", d, p) for i, (d, p) in enumerate(rows)], "nl", "gedaan"
    )
    for drawing in _drawings(svg):
        rects = _rects(drawing)
        assert len(rects) == 2 * len(rows)
        pairs = zip(rects[::2], rects[1::2], strict=True)
        for (done, planned), (plan, part) in zip(rows, pairs, strict=True):
            full, width = _number(plan, "width"), _number(part, "width")
            assert width <= full + 0.05
            if planned and done < planned:
                assert abs(width - full * done / planned) <= 0.06
            elif done:
                assert abs(width - full) <= 0.06


def test_months_draws_two_bars_a_month_from_one_baseline() -> None:
    svg = charts.months("Per maand", [("jan", 4, 0), ("feb", 2, 1)], ("gemeld", "opgelost"), "nl")
    for drawing in _drawings(svg):
        bars = [r for r in _rects(drawing) if r.get("width") != "12"]
        assert len(bars) == 4
        bottoms = {round(_number(r, "y") + _number(r, "height"), 1) for r in bars}
        assert len(bottoms) == 1
        tallest = max(_number(r, "height") for r in bars)
        assert _number(bars[1], "height") == 0.0  # nothing solved in January
        assert abs(_number(bars[2], "height") - tallest / 2) < 0.1
