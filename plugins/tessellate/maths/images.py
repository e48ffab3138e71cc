"""Formulas as pictures for email, where MathML is not shown, and SVG neither (Gmail, Outlook).

Each formula is laid out at build time by ziamath (pure Python, with its own STIX Two Math font, so
nothing is fetched) and drawn as a PNG at twice its size in CSS pixels (sharp on high-density
screens; the <img> says the 1× size) by the engine's rasteriser (raster.py). A picture is named by a
hash of what is drawn, so a formula used a thousand times is one file under `assets/maths/` on the
site's own host; it is kept in the `formulas` store, so an unchanged formula is never drawn again
and a warm build publishes the very bytes a cold one does."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from ..model import Site
from ..raster import png, png_size, renderer
from ..store import Store, write_new
from .mathml import MathsError, element
from .tex import Formula

FOLDER = "assets/maths"
# px: one size for the email's title (22 px Arial) and summary (16 px): STIX Two's letters at 20 px
# are as tall as Arial's at about 18, between the two.
SIZE = 20
SCALE = 2  # the PNG's pixels per CSS pixel
_VERSION = "2"  # part of the hash: a change in how formulas are drawn gives new names
_MATH = re.compile(r"<math\b(?P<attrs>[^>]*)>.*?</math>", re.DOTALL)
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


def key(formula: Formula) -> str:
    """What the picture of `formula` is made from, hashed: its name and its key in the store."""
    return hashlib.sha256(f"{made_by()}\0{formula.display}\0{formula.tex}".encode()).hexdigest()


@lru_cache(maxsize=1)
def made_by() -> str:
    # Once a process: reading the three packages' versions takes 4 ms, and every build, warm or cold,
    # names each formula of every email.
    return f"{_VERSION}/{SIZE}/{SCALE}/ziamath {version('ziamath')}/ziafont {version('ziafont')}/{renderer()}"


def draw(formula: Formula) -> bytes:
    """The PNG of `formula`, SCALE times its size in CSS pixels."""
    import ziamath  # only when a formula is drawn: importing it costs every build 0.15 s

    return png(ziamath.Math(element(formula.tex, formula.display), size=SIZE).svg(), SCALE)[0]


class FormulaPictures:
    """Formulas drawn for the emails of one build: kept in `store`, written into the built site `site_dir`.
    `drawn` and `reused` count this build's pictures; `shown` lists each formula asked for, in order."""

    def __init__(self, store: Store, site_dir: Path) -> None:
        self.store, self.site_dir = store, site_dir
        self.drawn = self.reused = 0
        self._sizes: dict[str, tuple[int, int]] = {}  # name -> CSS size of each picture written by this build
        self.shown: list[Formula] = []

    def image(self, formula: Formula, site: Site) -> FormulaImage:
        """The picture of `formula` in the site (written once a build) and where it is on the site's own host."""
        self.shown.append(formula)
        hashed = key(formula)
        name = f"{hashed[:20]}.png"
        if (size := self._sizes.get(name)) is None:
            data = self.store.read(hashed)
            if data is None or not all(png_size(data)):
                data = draw(formula)
                self.store.write(hashed, data)
                self.drawn += 1
            else:
                self.reused += 1
            write_new(self.site_dir / FOLDER / name, data)
            width, height = png_size(data)
            size = self._sizes[name] = (width // SCALE, height // SCALE)
        return FormulaImage(site.absolute(f"{FOLDER}/{name}"), formula.tex, *size)

    def for_email(self, body_html: str, site: Site) -> str:
        """`body_html` with each <math> replaced by an <img> of it."""

        def replace(match: re.Match) -> str:
            attrs = dict(_ATTR.findall(match["attrs"]))
            tex = html.unescape(attrs.get("alttext", ""))
            display = attrs.get("display") == "block"
            try:
                picture = self.image(Formula(tex, display), site).html()
            except MathsError:  # cannot happen for MathML we made; keep the source readable all the same
                return f"<code>{html.escape(tex)}</code>"
            return f'<div style="text-align: center;">{picture}</div>' if display else picture

        return _MATH.sub(replace, body_html)

    def prune(self) -> None:
        """Drop pictures no email of this build showed."""
        self.store.prune()
