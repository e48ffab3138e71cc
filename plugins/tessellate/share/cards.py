"""Social cards: a 1200×630 PNG per item, drawn with Pillow, kept in a cache keyed by what it shows.

Drawing and writing a card costs about 6 ms; a bank of five thousand items would spend half a
minute of every build on pictures that did not change. The cache key is a hash of everything drawn
(text, colour, size, the drawing code's version), so an edited item gets a new card and an unchanged
one is written from the cache (store.py)."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

from ..store import Store, write_new

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
FONTS = Path(__file__).parent / "fonts"
VERSION = 3  # raise when the drawing changes, so cached cards are redrawn


@dataclass(frozen=True)
class Card:
    """What a card shows: plain text and a brand colour."""

    title: str
    kind: str
    fact: str
    brand: str
    colour: str

    @property
    def key(self) -> str:
        data = json.dumps({**asdict(self), "version": VERSION, "size": [WIDTH, HEIGHT]}, sort_keys=True)
        return hashlib.sha256(data.encode()).hexdigest()[:32]



class CardCache:
    """Cards kept in `store` by what they show; `drawn` and `reused` count this build's cards."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.drawn = 0
        self.reused = 0

    def copy_to(self, card: Card, target: Path) -> None:
        """Write `card` as the file `target`: the kept card if it is sound, else drawn and kept."""
        if self.store.place(card.key, target):
            self.reused += 1
            return
        png = io.BytesIO()
        # Light compression: a third of the time of zlib's default for a fifth more bytes (25 KB).
        draw(card).save(png, format="PNG", compress_level=3)
        self.store.write(card.key, png.getvalue())
        write_new(target, png.getvalue())
        self.drawn += 1

    def prune(self) -> None:
        """Drop cards no item showed in this build: edited and removed items leave none behind."""
        self.store.prune()


@lru_cache(maxsize=None)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


WHITE, INK, GREY = (255, 255, 255), (0x1A, 0x1A, 0x1A), (0x33, 0x33, 0x33)
SHADES = 16  # steps of a text's smoothing, from its background to its colour
BAND, STRIPE = 110, 16  # heights of the brand band at the top and its stripe at the bottom


def draw(card: Card) -> Image.Image:
    """The card: a brand band with the network's name, the kind, the title (wrapped), one key fact.

    Drawn straight into a palette image: every text lies on a flat background, so each of its pixels
    is one of SHADES steps between two known colours. No colour is guessed by quantizing a full-colour
    picture, which took twice as long as all the rest."""
    image = _background(card.brand, card.colour).copy()
    pen = _pen(image)
    width = WIDTH - 2 * MARGIN
    _text(pen, 1, [(MARGIN, 170, ellipsize(card.kind.upper(), font(34, True), width))], font(34, True), "lm")
    title_font, lines = fit_title(card.title, width, 290)
    step = int(title_font.size * 1.2)
    _text(pen, 2, [(MARGIN, 220 + n * step, line) for n, line in enumerate(lines)], title_font, "la")
    _text(pen, 3, [(MARGIN, HEIGHT - 60, ellipsize(card.fact, font(34), width))], font(34), "lm")
    return image


@lru_cache(maxsize=8)
def _background(brand: str, colour: str) -> Image.Image:
    """What every card of a network shares: the brand band with the network's name, and the stripe."""
    image = Image.new("P", (WIDTH, HEIGHT), 1 * SHADES)  # ramp 1's background: white
    image.putpalette(_palette(colour))
    image.paste(0, (0, 0, WIDTH, BAND))  # ramp 0's background: the brand colour
    image.paste(0, (0, HEIGHT - STRIPE, WIDTH, HEIGHT))
    face = font(40, True)
    _text(_pen(image), 0, [(MARGIN, BAND // 2, ellipsize(brand, face, WIDTH - 2 * MARGIN))], face, "lm")
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


def _text(pen: ImageDraw.ImageDraw, ramp: int, lines: list[tuple[int, int, str]], face: ImageFont.FreeTypeFont,
          anchor: str) -> None:
    """Draw `lines` (x, y, text) in `ramp`'s shades, over its background index laid under them."""
    boxes = [pen.textbbox((x, y), text, font=face, anchor=anchor) for x, y, text in lines]
    pen.rectangle((min(b[0] for b in boxes), min(b[1] for b in boxes),
                   max(b[2] for b in boxes), max(b[3] for b in boxes)), fill=ramp * SHADES)
    for x, y, text in lines:
        pen.text((x, y), text, font=face, fill=ramp * SHADES + SHADES - 1, anchor=anchor)


def fit_title(title: str, width: int, height: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits the box; at the smallest, its lines cut with an ellipsis."""
    for size in (72, 64, 56, 50, 44):
        lines = wrap(title, font(size, True), width)
        if len(lines) * int(size * 1.2) <= height:
            return font(size, True), lines
    face = font(44, True)
    room = height // int(44 * 1.2)
    lines = wrap(title, face, width)
    return face, lines[: room - 1] + [ellipsize(" ".join(lines[room - 1:]), face, width)]


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
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
            cut = max(1, next(n for n in range(len(word), 0, -1) if face.getlength(word[:n]) <= width))
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    return lines + [line] if line else lines or [""]


def ellipsize(text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    text = " ".join(text.split())
    if face.getlength(text) <= width:
        return text
    while text and face.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"
