"""charts: inline SVG drawn from the reports' numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from knelpunt import charts
from knelpunt.charts import Segment

SVG = "{http://www.w3.org/2000/svg}"
NAME = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")), max_size=40)


def _rects(svg: str) -> list[ET.Element]:
    return ET.fromstring(svg).findall(f"{SVG}rect")


@given(st.lists(st.tuples(NAME, st.integers(min_value=0, max_value=10**6)), max_size=12))
def test_bars_are_in_proportion_and_inside_the_chart(rows: list[tuple[str, int]]) -> None:
    svg = charts.bars("Per niveau <&>", rows, "nl")
    root = ET.fromstring(svg)  # well-formed: every label escaped
    assert root.findtext(f"{SVG}title") == "Per niveau <&>"
    drawn = [r for r in root.findall(f"{SVG}rect")]
    values = [value for _, value in rows if value > 0]
    assert len(drawn) == len(values)
    widths = [float(r.get("width", "0")) for r in drawn]
    assert all(charts.LABEL_WIDTH + w <= charts.WIDTH for w in widths)
    if values:
        largest = max(values)
        for value, width in zip(values, widths, strict=True):
            expected = value * (charts.WIDTH - charts.LABEL_WIDTH - 50) / largest
            assert abs(width - expected) <= 0.06


def test_stacked_bars_join_segments_and_name_each_once_in_the_legend() -> None:
    rows = [
        ("Financiën", [Segment("gemeld", 2, "#111111"), Segment("opgelost", 1, "#222222")]),
        ("Samenwerking", [Segment("gemeld", 1, "#111111"), Segment("opgelost", 0, "#222222")]),
    ]
    svg = charts.stacked_bars("Per thema", rows, "nl")
    rects = _rects(svg)
    first, second = rects[0], rects[1]
    assert float(second.get("x", "0")) == float(first.get("x", "0")) + float(
        first.get("width", "0")
    )
    assert first.findtext(f"{SVG}title") == "gemeld: 2"
    legend = [r for r in rects if r.get("width") == "12"]
    assert [r.get("fill") for r in legend] == ["#111111", "#222222"]


def test_numbers_are_written_as_the_reader_writes_them() -> None:
    assert "12.500" in charts.bars("x", [("a", 12500)], "nl")
    assert "12,500" in charts.bars("x", [("a", 12500)], "en")
    assert "1.200 / 4.000" in charts.progress_bars(
        "Plan", [("Bijeenkomsten", 1200, 4000)], "nl", "gedaan"
    )


def test_a_long_label_is_shortened_and_the_chart_is_empty_without_rows() -> None:
    svg = charts.bars("x", [("Een heel lange naam van een probleem-oplosser", 1)], "nl")
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert texts[0] is not None and texts[0].endswith("…") and len(texts[0]) == 32
    assert _rects(charts.bars("x", [], "nl")) == []


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
    rects = _rects(svg)
    assert len(rects) == 2 * len(rows)
    for (done, planned), (plan, part) in zip(
        rows, zip(rects[::2], rects[1::2], strict=True), strict=True
    ):
        full = float(plan.get("width", "0"))
        width = float(part.get("width", "0"))
        assert width <= full + 0.05
        if planned and done < planned:
            assert abs(width - full * done / planned) <= 0.06
        elif done:
            assert abs(width - full) <= 0.06


def test_months_draws_two_bars_a_month_from_one_baseline() -> None:
    svg = charts.months("Per maand", [("jan", 4, 0), ("feb", 2, 1)], ("gemeld", "opgelost"), "nl")
    bars = [r for r in _rects(svg) if r.get("width") != "12"]
    assert len(bars) == 4
    bottoms = {round(float(r.get("y", "0")) + float(r.get("height", "0")), 1) for r in bars}
    assert len(bottoms) == 1
    tallest = max(float(r.get("height", "0")) for r in bars)
    assert float(bars[1].get("height", "0")) == 0.0  # nothing solved in January
    assert abs(float(bars[2].get("height", "0")) - tallest / 2) < 0.1
