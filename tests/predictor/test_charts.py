"""The card's charts: well-formed SVG a screen reader can name, every point inside the plot
area, and nothing the site's style policy would block."""

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from mlcore import evaluate
from predictor.templatetags import bars, charts

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def scores():
    """Made-up labels and probabilities (fixed seed) that rank better than chance."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 2_000)
    p = np.clip(0.3 * y + rng.random(2_000) * 0.7, 0, 1)
    return y, p


@pytest.fixture(scope="module")
def drawn(scores) -> dict[str, str]:
    y, p = scores
    curves, calibration = evaluate.curves(y, p), evaluate.calibration(y, p)
    return {
        "roc": charts.roc_chart(curves["roc"], roc_auc=curves["roc_auc"]),
        "pr": charts.pr_chart(curves["pr"], average_precision=curves["average_precision"], base_rate=float(y.mean())),
        "calibration": charts.calibration_chart(calibration["bins"], ece=calibration["ece"]),
    }


def points_of(root: ET.Element) -> list[tuple[float, float]]:
    points = []
    for line in root.iter(f"{SVG}polyline"):
        points += [tuple(map(float, pair.split(","))) for pair in line.get("points").split()]
    points += [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{SVG}circle")]
    return points


@pytest.mark.parametrize("name", ["roc", "pr", "calibration"])
def test_each_chart_is_well_formed_svg_named_for_screen_readers(drawn, name):
    root = ET.fromstring(drawn[name])
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    named = {element.get("id"): element for element in root.iter() if element.get("id")}
    title_id, desc_id = root.get("aria-labelledby"), root.get("aria-describedby")
    assert named[title_id].tag == f"{SVG}title" and named[title_id].text
    assert named[desc_id].tag == f"{SVG}desc" and named[desc_id].text


@pytest.mark.parametrize("name", ["roc", "pr", "calibration"])
def test_every_point_lands_inside_the_plot_area(drawn, name):
    points = points_of(ET.fromstring(drawn[name]))
    assert points
    for x, y in points:
        assert charts.LEFT <= x <= charts.RIGHT and charts.TOP <= y <= charts.BOTTOM, (x, y)


@pytest.mark.parametrize("name", ["roc", "pr", "calibration"])
def test_no_inline_style_anywhere(drawn, name):
    root = ET.fromstring(drawn[name])
    assert all(element.get("style") is None for element in root.iter())
    assert not list(root.iter(f"{SVG}style")) and not list(root.iter(f"{SVG}script"))


def test_the_roc_curve_runs_corner_to_corner_through_every_point(scores, drawn):
    roc = evaluate.curves(*scores)["roc"]
    line = ET.fromstring(drawn["roc"]).find(f".//{SVG}polyline[@class='chart-line']")
    drawn_points = line.get("points").split()
    assert len(drawn_points) == len(roc)
    assert drawn_points[0] == f"{charts.LEFT:.1f},{charts.BOTTOM:.1f}"
    assert drawn_points[-1] == f"{charts.RIGHT:.1f},{charts.TOP:.1f}"


def test_the_calibration_chart_marks_each_nonempty_bin_and_skips_empty_ones(scores):
    y, p = scores
    p = np.where(p > 0.5, p, 0.05)  # leaves bins 0.1 to 0.5 empty
    calibration = evaluate.calibration(y, p)
    root = ET.fromstring(charts.calibration_chart(calibration["bins"], ece=calibration["ece"]))
    assert len(list(root.iter(f"{SVG}circle"))) == sum(1 for b in calibration["bins"] if b["n"])
    assert f"{calibration['ece']:.3f}" in root.find(f"{SVG}desc").text


def test_descriptions_state_the_figures(scores, drawn):
    curves = evaluate.curves(*scores)
    assert f"{curves['roc_auc']:.3f}" in ET.fromstring(drawn["roc"]).find(f"{SVG}desc").text
    assert f"{curves['average_precision']:.3f}" in ET.fromstring(drawn["pr"]).find(f"{SVG}desc").text


def test_text_is_escaped(scores):
    roc = evaluate.curves(*scores)["roc"]
    root = ET.fromstring(charts.roc_chart(roc, roc_auc=0.5, id='x" onload="alert(1)'))
    assert root.get("onload") is None and root.find(f"{SVG}title").get("id") == 'x" onload="alert(1)-title'


def y_axis(root: ET.Element) -> tuple[ET.Element, list[ET.Element]]:
    """The y-axis title (the turned label) and the y-axis tick labels (those set flush right)."""
    title = next(t for t in root.iter(f"{SVG}text") if t.get("transform", "").startswith("rotate"))
    ticks = [t for t in root.iter(f"{SVG}text") if t.get("class") == "chart-tick" and t.get("text-anchor") == "end"]
    return title, ticks


@pytest.mark.parametrize("largest", [1, 950, 48_000, 7_654_321])
def test_the_y_axis_title_clears_its_tick_labels_and_stays_in_the_drawing(drawn, largest):
    """Measured with DejaVu Sans, Debian's sans-serif and the widest of the usual faces: a
    digit is 0.636 of the size, the descent 0.236 and the ascent 0.76 (its caps and ascenders)."""
    counts = bars.bar_chart(
        id="counts",
        title="Counts",
        desc="Counts.",
        x_label="Probability",
        y_label="Predictions",
        labels=["0", "0.5", "1"],
        series=[("chart-bar", [largest // 3, largest])],
    )
    for svg in [*drawn.values(), counts]:
        title, ticks = y_axis(ET.fromstring(svg))
        baseline = float(title.get("x"))
        assert baseline - 0.76 * charts.TITLE_SIZE >= 0
        for tick in ticks:
            tick_left = float(tick.get("x")) - len(tick.text) * 0.636 * charts.TICK_SIZE
            assert baseline + 0.236 * charts.TITLE_SIZE < tick_left, (title.text, tick.text)
