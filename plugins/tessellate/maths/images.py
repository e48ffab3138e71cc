"""Formulas as pictures, for email and social cards, where MathML is not shown.

Each formula is drawn at build time by ziamath (pure Python, with its own STIX Two Math font, so
nothing is fetched) as an SVG under `assets/maths/` of the built site, named by a hash of what is
drawn, so a formula used a thousand times is one file, and an unchanged one is never redrawn."""

from __future__ import annotations

import hashlib
import html
import math
import re
from dataclasses import dataclass
from pathlib import Path

from ..model import Site
from .mathml import MathsError, element
from .tex import Formula

FOLDER = "assets/maths"
SIZE = 20  # px: body text in the email template
_VERSION = "1"  # part of the hash: a change in how formulas are drawn gives new names
_MATH = re.compile(r"<math\b(?P<attrs>[^>]*)>.*?</math>", re.DOTALL)
_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')
_ATTR = re.compile(r'\s(alttext|display)="([^"]*)"')


@dataclass(frozen=True)
class FormulaImage:
    """A drawn formula: its public address, text alternative and size in CSS pixels."""

    url: str
    alt: str
    width: int
    height: int

    def html(self) -> str:
        return (f'<img src="{html.escape(self.url)}" alt="{html.escape(self.alt)}" width="{self.width}" '
                f'height="{self.height}" style="vertical-align: middle; border: 0;">')


def image(formula: Formula, site: Site, out_dir: Path) -> FormulaImage:
    """Draw `formula` into `out_dir`/assets/maths/ (once) and say where it is on the site's own host."""
    name = hashlib.sha256(f"{_VERSION}\0{formula.display}\0{formula.tex}".encode()).hexdigest()[:20] + ".svg"
    target = out_dir / FOLDER / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        import ziamath  # only when a formula is drawn: importing it costs every build 0.15 s

        target.write_text(ziamath.Math(element(formula.tex, formula.display), size=SIZE).svg(), encoding="utf-8")
    svg = target.read_text(encoding="utf-8")
    size = _SIZE.search(svg[:svg.find(">") + 1])  # the drawing's own size, rounded up to whole pixels
    width, height = math.ceil(float(size[1])), math.ceil(float(size[2]))
    return FormulaImage(site.absolute(f"{FOLDER}/{name}"), formula.tex, width, height)


def for_email(body_html: str, site: Site, out_dir: Path) -> str:
    """`body_html` with each <math> replaced by an <img> of it, drawn into `out_dir` (the built site)."""

    def replace(match: re.Match) -> str:
        attrs = dict(_ATTR.findall(match["attrs"]))
        tex = html.unescape(attrs.get("alttext", ""))
        display = attrs.get("display") == "block"
        try:
            picture = image(Formula(tex, display), site, out_dir).html()
        except MathsError:  # cannot happen for MathML we made; keep the source readable all the same
            return f"<code>{html.escape(tex)}</code>"
        return f'<div style="text-align: center;">{picture}</div>' if display else picture

    return _MATH.sub(replace, body_html)
