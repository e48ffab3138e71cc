"""SVG drawn as PNG, for the places that show no SVG: Gmail and Outlook, so every email.

resvg (through resvg-py, a wheel with the Rust renderer inside: no browser, no Cairo, no network)
draws the SVG the engine made itself (a formula from ziamath, a chart), never a coordinator's file:
an SVG from elsewhere could name local files for resvg to read. System fonts are not loaded
(a formula's glyphs are paths already), which keeps a picture the same bytes on every machine."""

from __future__ import annotations

import math
import re
from importlib.metadata import version

_ROOT = re.compile(r"<svg\b[^>]*>")
_NUMBER = r"\s*(-?[\d.]+)"
_WIDTH = re.compile(r'\swidth="([\d.]+)"')
_HEIGHT = re.compile(r'\sheight="([\d.]+)"')
_VIEWBOX = re.compile(rf'\sviewBox="{_NUMBER}{_NUMBER}{_NUMBER}{_NUMBER}\s*"')


def renderer() -> str:
    """The renderer and its version, for the names of what it draws: a new resvg is a new picture."""
    return f"resvg-py {version('resvg-py')}"


def whole_pixels(svg: str) -> tuple[str, int, int]:
    """`svg` grown to whole CSS pixels at its right and bottom edges (nothing moves or scales), and that size."""
    root = _ROOT.search(svg)
    tag = root[0]
    width, height = math.ceil(float(_WIDTH.search(tag)[1])), math.ceil(float(_HEIGHT.search(tag)[1]))
    box = _VIEWBOX.search(tag)
    left, top = (box[1], box[2]) if box else ("0", "0")
    grown = _WIDTH.sub(f' width="{width}"', tag, count=1)
    grown = _HEIGHT.sub(f' height="{height}"', grown, count=1)
    grown = _VIEWBOX.sub("", grown, count=1).replace("<svg", f'<svg viewBox="{left} {top} {width} {height}"', 1)
    return svg[:root.start()] + grown + svg[root.end():], width, height


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
