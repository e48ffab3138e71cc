"""Social cards: a 1200×630 PNG per item, drawn with Pillow, kept in a cache keyed by what it shows.

Drawing a card costs tens of milliseconds; a bank of a thousand items would spend most of a build
on pictures that did not change. The cache key is a hash of everything drawn (text, colour, size,
the drawing code's version), so an edited item gets a new card and an unchanged one is copied."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
FONTS = Path(__file__).parent / "fonts"
VERSION = 2  # raise when the drawing changes, so cached cards are redrawn


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

    @property
    def file(self) -> str:
        """The card's name in the cache."""
        return f"{self.key}.png"


class CardCache:
    """Cards drawn into `folder` by content hash; `drawn` counts the cards drawn by this instance."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.drawn = 0
        self.reused = 0
        self.used: set[str] = set()

    def placed(self, file: str) -> None:
        """Count a card placed with its kit (share/kept_kits.py), so the cache keeps it."""
        self.used.add(file)
        self.reused += 1

    def copy_to(self, card: Card, target: Path) -> None:
        cached = self.folder / card.file
        self.used.add(cached.name)
        if cached.is_file():
            self.reused += 1
        else:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(".tmp")
            # 64 colours hold a card's flat brand colours and its text's smoothing: a third of the bytes
            # of full colour, and half the time to write.
            draw(card).quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(partial, format="PNG")
            partial.replace(cached)  # never a half-written card in the cache
            self.drawn += 1
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:  # a hard link costs nothing; cached cards are only ever replaced whole, never edited
            os.link(cached, target)
        except OSError:  # another disk, or a file system without links
            shutil.copyfile(cached, target)


    def prune(self) -> None:
        """Drop cards no item showed in this build: edited and removed items leave none behind."""
        for path in self.folder.glob("*.png"):
            if path.name not in self.used:
                path.unlink(missing_ok=True)


@lru_cache(maxsize=None)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def draw(card: Card) -> Image.Image:
    """The card: a brand band with the network's name, the kind, the title (wrapped), one key fact."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    pen = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    pen.rectangle((0, 0, WIDTH, 110), fill=card.colour)
    pen.text((MARGIN, 55), ellipsize(card.brand, font(40, True), width), font=font(40, True), fill="white", anchor="lm")
    pen.text((MARGIN, 170), ellipsize(card.kind.upper(), font(34, True), width), font=font(34, True),
             fill=card.colour, anchor="lm")
    title_font, lines = fit_title(card.title, width, 290)
    y = 220
    for line in lines:
        pen.text((MARGIN, y), line, font=title_font, fill="#1a1a1a")
        y += int(title_font.size * 1.2)
    pen.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=card.colour)
    pen.text((MARGIN, HEIGHT - 60), ellipsize(card.fact, font(34), width), font=font(34), fill="#333333", anchor="lm")
    return image


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
