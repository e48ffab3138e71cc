"""A story's chart drawn at build time with matplotlib: an SVG for its page, a PNG for email and cards.

matplotlib draws without a browser, is kept up by a large project, and writes both formats from one
figure, so the page and the email show the same chart. Importing it costs about 1.1 s of CPU
(1.7 to 5 s of wall time on this busy 2-core machine) and a chart about 0.3 s, so it is imported
only when a chart must be drawn: never by a site without charts, nor by a warm build. Only its
object API with the Agg canvas is used: no pyplot, no display, no global figure. The SVG writes its text
as paths (`svg.fonttype: path`): no font to load, so no request and nothing for the page's policy to
allow. A fixed `svg.hashsalt` and no date make the same chart the same bytes, build after build."""

from __future__ import annotations

import io
import math
import threading

from ..model.items import Chart

VERSION = 2  # raise when the drawing changes, so kept charts are drawn again
WIDTH, HEIGHT = 4.0, 2.5  # inches: 288 × 180 units, so on a 320 px phone (about 288 px of text) a unit is a pixel
PNG_DPI = 276  # 1104 × 690: twice the 552 × 345 an email shows
MAX_TICKS = 4  # labels under the chart: four of "Week 10" fit side by side at 320 px
INK, GRID, GOAL = "#1a1a1a", "#d0d0d0", "#4d4d4d"
_STYLE = {
    "svg.fonttype": "path", "svg.hashsalt": "tessellate-chart", "font.family": "DejaVu Sans", "font.size": 13,
    "axes.edgecolor": GRID, "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK,
    "xtick.labelsize": 12.5, "ytick.labelsize": 12.5, "path.simplify": False,
    # Text between two $ is matplotlib's formula language: a CSV's "$5 to $10" lost its dollars, and a
    # label it could not parse stopped the build. A chart's words are drawn as the coordinator typed them.
    "text.parse_math": False,
}
# rcParams are the library's globals: one chart at a time, whichever thread asks (the preview's).
_LOCK = threading.Lock()


def draw(chart: Chart, colour: str) -> tuple[bytes, bytes]:
    """The chart as SVG and as PNG: values by label in `colour`, the goal dashed when there is one."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with _LOCK, matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(WIDTH, HEIGHT))
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        xs = range(len(chart.values))
        axes.plot(xs, chart.values, color=colour, linewidth=2.5, marker="o", markersize=4.5,
                  label=chart.columns[1], zorder=3)
        if chart.goals:
            goals = [math.nan if goal is None else goal for goal in chart.goals]
            axes.plot(xs, goals, color=GOAL, linewidth=1.75, linestyle=(0, (5, 3)), label=chart.columns[2], zorder=2)
            axes.legend(loc="lower right", frameon=False, fontsize=12, handlelength=2.2)
        step = max(1, math.ceil(len(chart.labels) / MAX_TICKS))
        shown = list(range(0, len(chart.labels), step))
        axes.set_xticks(shown, [chart.labels[n] for n in shown])
        if len(shown) * max(len(chart.labels[n]) for n in shown) > 32:  # side by side, they would touch
            axes.tick_params(axis="x", labelrotation=30)
            for label in axes.get_xticklabels():
                label.set_horizontalalignment("right")
        whole = all(float(value).is_integer() for value in (*chart.values, *(g for g in chart.goals if g is not None)))
        axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=whole))
        axes.set_ylim(bottom=min(0, *chart.values))
        axes.grid(axis="y", color=GRID, linewidth=0.8)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.tick_params(length=0, pad=4)
        figure.tight_layout(pad=0.4)
        svg, png = io.BytesIO(), io.BytesIO()
        figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        figure.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return svg.getvalue(), png.getvalue()
