"""SVG drawn as PNG, for the places that show no SVG: Gmail and Outlook, so every email.

resvg (through resvg-py, a wheel with the Rust renderer inside: no browser, no Cairo, no network)
draws the SVG the engine made itself (a formula from ziamath), never a coordinator's file:
an SVG from elsewhere could name local files for resvg to read. System fonts are not loaded
(a formula's glyphs are paths already), which keeps a picture the same bytes on every machine."""

from __future__ import annotations

import math
import re
from importlib.metadata import version

_ROOT = re.compile(r"<svg\b[^>]*>")
_NUMBER = r"[\s,]*(-?[\d.]+(?:[eE][-+]?\d+)?)"  # SVG separates a viewBox's numbers by spaces, commas or both
_WIDTH = re.compile(r'\swidth="([\d.]+)"')
_HEIGHT = re.compile(r'\sheight="([\d.]+)"')
_VIEWBOX = re.compile(rf'\sviewBox="{_NUMBER}{_NUMBER}{_NUMBER}{_NUMBER}[\s,]*"')


def renderer() -> str:
    """The renderer and its version, for the names of what it draws: a new resvg is a new picture."""
    return f"resvg-py {version('resvg-py')}"


def whole_pixels(svg: str) -> tuple[str, int, int]:
    """`svg` grown to whole CSS pixels at its right and bottom edges (nothing moves or scales), and that size."""
    root = _ROOT.search(svg)
    tag = root[0]
    exact_width, exact_height = float(_WIDTH.search(tag)[1]), float(_HEIGHT.search(tag)[1])
    width, height = math.ceil(exact_width), math.ceil(exact_height)
    box = _VIEWBOX.search(tag)
    left, top, box_width, box_height = box.groups() if box else ("0", "0", str(exact_width), str(exact_height))
    # The box grows by as many of its own units as the picture grows in pixels: a drawing whose units
    # are not pixels (a viewBox of 0 0 95 95 shown 9.5 wide) keeps its scale and stays in place.
    grown_width = _number(float(box_width) * width / exact_width)
    grown_height = _number(float(box_height) * height / exact_height)
    grown = _WIDTH.sub(f' width="{width}"', tag, count=1)
    grown = _HEIGHT.sub(f' height="{height}"', grown, count=1)
    grown = _VIEWBOX.sub("", grown, count=1).replace(
        "<svg", f'<svg viewBox="{left} {top} {grown_width} {grown_height}"', 1)
    return svg[:root.start()] + grown + svg[root.end():], width, height


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def png(svg: str, scale: int = 2, background: str = "#ffffff") -> tuple[bytes, int, int]:
    """`svg` as PNG bytes at `scale` times its size (grown to whole pixels first), on `background`,
    with that size in CSS pixels: the PNG is exactly `scale` times it each way."""
    import resvg_py  # only when a picture is drawn: a build whose pictures are all kept never loads it

    svg, width, height = whole_pixels(svg)
    data = bytes(resvg_py.svg_to_bytes(svg_string=svg, width=width * scale, height=height * scale,
                                       background=background, skip_system_fonts=True))
    return data, width, height


def png_size(data: bytes) -> tuple[int, int]:
    """The width and height in pixels a PNG's header gives (0, 0 for bytes that are not a PNG)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return 0, 0
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
