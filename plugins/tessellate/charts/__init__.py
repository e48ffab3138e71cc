"""Stories' progress charts: drawn once per chart (charts/draw.py), kept in the build cache, and read
by the story's page (inline SVG and a table), its email and card (PNG) and its feed entry.

A chart is kept (store.py) under a digest of what it shows (labels, values, goals, title), the brand
colour, the drawing code's version and matplotlib's: a warm build draws none, and publishes the
bytes the cold one did."""

from __future__ import annotations

import io
from dataclasses import asdict
from functools import lru_cache

from ..model import Item, Site
from ..model.items import Chart
from ..store import Store, digest, library_version, pack, unpack

PNG_WIDTH, PNG_HEIGHT = 552, 345  # as an email shows the PNG (drawn at twice that)
FILE = "chart.png"
CARD_BOX = (640, 200, 1128, 505)  # where a 1200×630 social card shows the chart: its right half, beside the title
_recent: dict[str, bytes] = {}  # this process's latest PNGs: a card takes the one its build just kept


class Charts:
    """Charts kept in `store`; `drawn` counts those this process drew for it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.drawn = 0

    def pictures(self, chart: Chart, colour: str) -> tuple[str, bytes]:
        """The chart as an SVG element for its page and as a PNG: kept ones if sound, else drawn and kept."""
        key = chart_key(chart, colour)
        if (payload := self.store.read(key)) is not None and (files := unpack(payload)) and set(files) == {"svg", "png"}:
            _remember(key, files["png"])
            return files["svg"].decode(), files["png"]
        from .draw import draw  # matplotlib, only for a chart that must be drawn
        from .svg import inline_svg
        svg, png = draw(chart, colour)
        element = inline_svg(svg, describe(chart))
        self.store.write(key, pack({"svg": element.encode(), "png": png}))
        self.drawn += 1
        _remember(key, png)
        return element, png

    def png(self, chart: Chart, colour: str) -> bytes:
        return self.pictures(chart, colour)[1]


def _remember(key: str, png: bytes) -> None:
    _recent[key] = png
    while len(_recent) > 64:
        del _recent[next(iter(_recent))]


def card_png(item: Item, colour: str) -> bytes:
    """The story's chart as PNG for its social card (b"" without one): the one its build kept, else drawn."""
    chart = getattr(item, "chart", None)
    if chart is None:
        return b""
    return _recent.get(chart_key(chart, colour)) or Charts(Store(None, "charts")).png(chart, colour)


def on_card(image, png: bytes):
    """A drawn 1200×630 card with the chart `png` in its CARD_BOX, on white: an RGB image."""
    from PIL import Image  # noqa: PLC0415 - the card's module has it loaded already

    left, top, right, bottom = CARD_BOX
    chart = Image.open(io.BytesIO(png)).convert("RGB")
    chart.thumbnail((right - left, bottom - top), Image.Resampling.LANCZOS)
    picture = image.convert("RGB")
    picture.paste(chart, (right - chart.width, top + (bottom - top - chart.height) // 2))
    return picture


def chart_key(chart: Chart, colour: str) -> str:
    from .draw import VERSION  # noqa: PLC0415 - draw.py imports no matplotlib until it draws
    shown = {name: value for name, value in asdict(chart).items() if name != "path"}
    return digest("chart", VERSION, shown, colour, _matplotlib())


@lru_cache(maxsize=1)
def _matplotlib() -> str:
    # Once a process: a story's chart is named for its page, its card and the site's files alike.
    return library_version("matplotlib")


def chart_path(item: Item) -> str:
    """`stories/<name>/chart.png`: the site-relative address of the story's chart as a picture."""
    return item.url.removesuffix(".html").strip("/") + "/" + FILE


def number(value: float | None) -> str:
    """12, 12.5: as a coordinator wrote it ("" for a row without a goal)."""
    return "" if value is None else f"{value:g}"


def describe(chart: Chart) -> str:
    """The chart in one sentence, for an image's alt text: its title, where it starts and ends, the goal."""
    first, last = chart.labels[0], chart.labels[-1]
    text = (f"{chart.title}: {chart.columns[1]} {number(chart.values[0])} ({first}) "
            f"to {number(chart.values[-1])} ({last})")
    goals = [goal for goal in chart.goals if goal is not None]
    return text + (f", goal {number(goals[-1])}" if goals else "")


def page_chart(item: Item, charts: Charts, colour: str) -> dict | None:
    """What the story's page shows of its chart: the SVG, and the numbers as table rows."""
    chart = getattr(item, "chart", None)
    if chart is None:
        return None
    svg, _ = charts.pictures(chart, colour)
    goals = chart.goals or (None,) * len(chart.values)
    return {"svg": svg, "title": chart.title, "columns": list(chart.columns),
            "rows": [(label, number(value), number(goal)) for label, value, goal in zip(chart.labels, chart.values, goals)]}


def site_files(items: tuple[Item, ...], charts: Charts, colour: str) -> dict[str, bytes]:
    """Each chart's PNG, at `chart_path`: what emails, cards and feed readers show."""
    return {chart_path(item): charts.png(item.chart, colour) for item in items if getattr(item, "chart", None)}


def picture(item: Item, site: Site) -> tuple[str, str, int, int] | None:
    """The chart as email and feed readers show it: its PNG's absolute address on the site, alt text, width, height."""
    chart = getattr(item, "chart", None)
    return None if chart is None else (site.absolute(chart_path(item)), describe(chart), PNG_WIDTH, PNG_HEIGHT)
