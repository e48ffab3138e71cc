"""Social cards: what each shows, and drawing it with Pillow in each of its shapes.

A card is drawn in three shapes: `card.png`, 1200×630, the picture X, Bluesky, Mastodon, LinkedIn
and Facebook show under a link; `card-portrait.png`, 1080×1350, Instagram's feed; `card-story.png`,
1080×1920, Instagram and TikTok stories. The tall ones lay the same facts out for their shape: a
bigger title with room for more lines, the story's text kept out of the top and bottom bands where
the apps put their own controls. Keeping and placing them is easel.py's."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from PIL import Image, ImageColor, ImageDraw

from .. import charts
from . import typefaces

VERSION = 5  # raise when the drawing changes, so cached cards are redrawn


@dataclass(frozen=True)
class Shape:
    """Where a card's parts go in one picture size."""

    file: str
    width: int
    height: int
    margin: int
    band: int  # height of the brand band at the top, the network's name in it
    stripe: int  # height of the brand stripe at the foot
    brand_size: int
    kind_y: int
    kind_size: int
    title_top: int
    title_height: int
    title_sizes: tuple[int, ...]  # largest first; the last is the smallest, cut with an ellipsis
    fact_y: int
    fact_size: int


LANDSCAPE = Shape("card.png", 1200, 630, 72, 110, 16, 40, 170, 34, 220, 290, (72, 64, 56, 50, 44), 570, 34)
PORTRAIT = Shape("card-portrait.png", 1080, 1350, 84, 170, 24, 50, 280, 44, 350, 780, (112, 100, 88, 80, 72, 64), 1230, 42)
# Stories: the apps lay their own controls over about the top and bottom 250 pixels. The title's box
# is the portrait's, so it is laid out and drawn once for both.
STORY = Shape("card-story.png", 1080, 1920, 84, 340, 40, 54, 490, 44, 560, 780, (112, 100, 88, 80, 72, 64), 1560, 42)
SHAPES = (LANDSCAPE, PORTRAIT, STORY)


@dataclass(frozen=True)
class Card:
    """What a card shows: plain text and a brand colour."""

    title: str
    kind: str
    fact: str
    brand: str
    colour: str
    chart: bytes = field(default=b"", repr=False)  # a story's chart as PNG: the 1200×630 card shows it

    def key(self, shape: Shape = LANDSCAPE) -> str:
        """A digest of everything drawn in `shape`, with the fallback fonts its texts are drawn in (the
        shipped font counts by VERSION, not by path: a clone elsewhere reuses the cache it restored)."""
        # Each text in the weight it is drawn in: the fact is regular, and may take a regular fallback.
        texts = ((self.title, True), (self.kind, True), (self.brand, True), (self.fact, False))
        faces = sorted({s.path for text, bold in texts if not text.isascii() for s, _ in typefaces.runs(text, bold)}
                       - {typefaces.primary(True).path, typefaces.primary(False).path})
        data = json.dumps({**asdict(self), "chart": hashlib.sha256(self.chart).hexdigest(),
                           "version": VERSION, "shape": asdict(shape), "faces": faces}, sort_keys=True)
        return hashlib.sha256(data.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Font:
    """A size of the card's typeface: DejaVu Sans, and this machine's fallback where it lacks a character."""

    size: int
    bold: bool = False

    def getlength(self, text: str) -> float:
        return sum(typefaces.face(source, self.size).getlength(run) for source, run in typefaces.runs(text, self.bold))


@lru_cache(maxsize=None)
def font(size: int, bold: bool = False) -> Font:
    return Font(size, bold)


WHITE, INK, GREY = (255, 255, 255), (0x1A, 0x1A, 0x1A), (0x33, 0x33, 0x33)
SHADES = 16  # steps of a text's smoothing, from its background to its colour


def draw(card: Card, shape: Shape = LANDSCAPE) -> Image.Image:
    """The card: a brand band with the network's name, the kind, the title (wrapped), one key fact.

    Drawn straight into a palette image: every text lies on a flat background, so each of its pixels
    is one of SHADES steps between two known colours. No colour is guessed by quantizing a full-colour
    picture, which took twice as long as all the rest."""
    image = _background(card.brand, card.colour, shape).copy()
    pen = _pen(image)
    width = shape.width - 2 * shape.margin
    charted = bool(card.chart) and shape == LANDSCAPE  # the title on the left, the chart beside it
    kind = font(shape.kind_size, True)
    _text(pen, 1, [(shape.margin, shape.kind_y, ellipsize(card.kind.upper(), kind, width))], kind, "lm")
    title_width = charts.CARD_BOX[0] - 32 - shape.margin if charted else width
    image.paste(_title(card.title, title_width, shape.title_height, shape.title_sizes), (shape.margin, shape.title_top))
    fact = font(shape.fact_size)
    _text(pen, 3, [(shape.margin, shape.fact_y, ellipsize(card.fact, fact, width))], fact, "lm")
    return charts.on_card(image, card.chart) if charted else image


@lru_cache(maxsize=4)
def _title(title: str, width: int, height: int, sizes: tuple[int, ...]) -> Image.Image:
    """The title's box, drawn once for the shapes that share its size (the portrait and the story)."""
    title_font, lines = fit_title(title, width, height, sizes)
    step = int(title_font.size * 1.2)
    box = Image.new("P", (width, height), 2 * SHADES)
    _text(_pen(box), 2, [(0, n * step, line) for n, line in enumerate(lines)], title_font, "la")
    return box


@lru_cache(maxsize=8)
def _background(brand: str, colour: str, shape: Shape) -> Image.Image:
    """What every card of a network shares: the brand band with the network's name, and the stripe;
    under each text, the background index of its ramp (all white), so no text needs its own."""
    image = Image.new("P", (shape.width, shape.height), 1 * SHADES)  # ramp 1's background: white
    image.putpalette(_palette(colour))
    image.paste(2 * SHADES, (0, shape.title_top, shape.width, shape.title_top + shape.title_height))
    image.paste(3 * SHADES, (0, shape.fact_y - shape.fact_size, shape.width, shape.height - shape.stripe))
    image.paste(0, (0, 0, shape.width, shape.band))  # ramp 0's background: the brand colour
    image.paste(0, (0, shape.height - shape.stripe, shape.width, shape.height))
    # A long name is set smaller, down to two thirds of the band's size, before it is cut: the story
    # card cut "Tamar and Teign Maths Network" to "Tamar and Teign Maths Net…".
    room, face = shape.width - 2 * shape.margin, font(shape.brand_size, True)
    if (length := face.getlength(" ".join(brand.split()))) > room:
        face = font(max(shape.brand_size * 2 // 3, int(shape.brand_size * room / length)), True)
    name = ellipsize(brand, face, room)
    _text(_pen(image), 0, [(shape.margin, shape.band // 2, name)], face, "lm")
    return image


def _palette(colour: str) -> list[int]:
    """SHADES colours from background to text for each pair a card draws: ramps 0 to 3."""
    brand = ImageColor.getrgb(colour)[:3]
    ramps = [(brand, WHITE), (WHITE, brand), (WHITE, INK), (WHITE, GREY)]
    return [round(b + (c - b) * shade / (SHADES - 1))
            for background, text in ramps for shade in range(SHADES) for b, c in zip(background, text)]


def _pen(image: Image.Image) -> ImageDraw.ImageDraw:
    pen = ImageDraw.Draw(image)
    # Smoothed text on a palette image: Pillow blends the palette indices themselves, which within
    # one ramp are its shades in order.
    pen.fontmode = "L"
    return pen


def _text(pen: ImageDraw.ImageDraw, ramp: int, lines: list[tuple[int, int, str]], face: Font, anchor: str) -> None:
    """Draw `lines` (x, y, text) in `ramp`'s shades, on its background index (laid by `_background`)."""
    for x, y, text in lines:
        for at, baseline, run, shown, how in _pieces(text, face, y, anchor):
            pen.text((x + at, baseline), run, font=shown, fill=ramp * SHADES + SHADES - 1, anchor=how)


def _pieces(text: str, face: Font, y: int, anchor: str) -> list[tuple[float, float, str, object, str]]:
    """(x offset, y, run, Pillow font, anchor) for each run of `text` drawn in one font. Runs in other
    fonts stand on the shipped font's baseline, so a line's characters sit on one line."""
    runs = typefaces.runs(text, face.bold)
    if len(runs) == 1:
        return [(0, y, text, typefaces.face(runs[0][0], face.size), anchor)]
    main = typefaces.face(typefaces.primary(face.bold), face.size)
    ascent, descent = main.getmetrics()
    baseline = y + (ascent if anchor[1] == "a" else (ascent - descent) / 2)
    pieces, at = [], 0.0
    for source, run in runs:
        shown = typefaces.face(source, face.size)
        pieces.append((at, baseline, run, shown, anchor[0] + "s"))
        at += shown.getlength(run)
    return pieces


@lru_cache(maxsize=16)  # a title is fitted for its box, then drawn there (card_png.py asks too)
def fit_title(title: str, width: int, height: int, sizes: tuple[int, ...] = LANDSCAPE.title_sizes) -> tuple[Font, list[str]]:
    """The largest size at which the title fits the box; at the smallest, its lines cut with an ellipsis."""
    for size in sizes:
        lines = wrap(title, font(size, True), width)
        if len(lines) * int(size * 1.2) <= height:
            return font(size, True), lines
    face = font(sizes[-1], True)
    room = height // int(sizes[-1] * 1.2)
    lines = wrap(title, face, width)
    return face, lines[: room - 1] + [ellipsize(" ".join(lines[room - 1:]), face, width)]


def wrap(text: str, face: Font, width: int) -> list[str]:
    """Lines no wider than `width`, broken between words; a word too long for a line is broken too."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if face.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while face.getlength(word) > width:
            cut = _longest_fitting(word, face, width)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    return lines + [line] if line else lines or [""]


def _longest_fitting(text: str, face: Font, width: int, after: str = "", least: int = 1) -> int:
    """How many of `text`'s first characters, followed by `after`, fit `width` (at least `least`), found by
    halving: trying each length from the longest down measured a 400-character word (a URL, a title in
    Chinese, which has no spaces) for seconds a card."""
    low, high = least, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if face.getlength(text[:middle] + after) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def ellipsize(text: str, face: Font, width: int) -> str:
    text = " ".join(text.split())
    if face.getlength(text) <= width:
        return text
    return text[:_longest_fitting(text, face, width, "…", 0)].rstrip() + "…"
