"""A card as PNG bytes, put together from strips compressed once, not by Pillow's encoder.

Why not `Image.save`: a card is mostly flat colour (the brand band with the network's name, white
between the texts, the stripe), the same on every card of a network, and the portrait and story
cards show the same kind, title and fact strips at different heights. Pillow compresses every pixel
of every picture again: an item's three cards took 16 ms of CPU saved by Pillow against 8.5 ms for
the one card before; put together here, 12.9 ms (benchmarks/RESULTS.md, 1,000 items, 2 December 2026). PNG's pixels are one zlib stream of
rows, and deflate lets pieces compressed on their own follow one another (each ends with a full
flush, which empties the window behind it); the stream's Adler-32 is combined from the pieces' own
(zlib's adler32_combine). So a card is the network's kept flat pieces and its item's text strips,
each compressed once and used by every shape that shows it. The pixels are `cards.draw`'s, which
tests/test_cards.py checks shape by shape; a card that carries a chart is drawn and saved whole."""

from __future__ import annotations

import io
import struct
import zlib
from functools import lru_cache

from PIL import Image

from .cards import LANDSCAPE, SHADES, Card, Shape, _background, _palette, _pen, _text, _title, draw, ellipsize, fit_title, font

# zlib's run-length strategy: rows of one colour and text's runs of shades; at level 1 it is a tenth
# faster than level 3's default strategy, and smaller.
LEVEL, STRATEGY = 1, zlib.Z_RLE
_ADLER = 65521


def png(card: Card, shape: Shape) -> bytes:
    """`card` drawn in `shape`, as PNG bytes."""
    if getattr(card, "chart", b"") and shape == LANDSCAPE:
        data = io.BytesIO()
        draw(card, shape).save(data, format="PNG", compress_level=3)
        return data.getvalue()
    face, lines = fit_title(card.title, shape.width - 2 * shape.margin, shape.title_height, shape.title_sizes)
    step = int(face.size * 1.2)
    used = min(shape.title_height, len(lines) * step + step // 2)  # room below the last line for any descender
    kind_top, fact_top = shape.kind_y - shape.kind_size, shape.fact_y - shape.fact_size
    pieces = [
        _band(card.brand, card.colour, shape),
        _flat(1 * SHADES, kind_top - shape.band, shape.width),
        _line(card.kind.upper(), shape.kind_size, True, 1, shape.margin, shape.width),
        _flat(1 * SHADES, shape.title_top - shape.kind_y - shape.kind_size, shape.width),
        _title_strip(card.title, shape.margin, shape.width, shape.title_height, shape.title_sizes, used),
        _flat(2 * SHADES, shape.title_height - used, shape.width),
        _flat(1 * SHADES, fact_top - shape.title_top - shape.title_height, shape.width),
        _line(card.fact, shape.fact_size, False, 3, shape.margin, shape.width),
        _flat(3 * SHADES, shape.height - shape.stripe - shape.fact_y - shape.fact_size, shape.width),
        _flat(0, shape.stripe, shape.width),
    ]
    return _file(shape.width, shape.height, _palette(card.colour), pieces)


Piece = tuple[bytes, int, int]  # raw deflate ending in a full flush, the Adler-32 of its rows, their length


def _compressed(rows: bytes) -> Piece:
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 9, STRATEGY)
    return packer.compress(rows) + packer.flush(zlib.Z_FULL_FLUSH), zlib.adler32(rows), len(rows)


def _strip(width: int, rows: int, index: int) -> Image.Image:
    """A strip of the card, one column wider: its first, index 0, is each row's filter type (none)."""
    strip = Image.new("P", (width + 1, rows), index)
    strip.paste(0, (0, 0, 1, rows))
    return strip


@lru_cache(maxsize=64)
def _flat(index: int, rows: int, width: int) -> Piece:
    return _compressed((b"\0" + bytes([index]) * width) * max(rows, 0))


@lru_cache(maxsize=8)
def _band(brand: str, colour: str, shape: Shape) -> Piece:
    strip = _strip(shape.width, shape.band, 0)
    strip.paste(_background(brand, colour, shape).crop((0, 0, shape.width, shape.band)), (1, 0))
    return _compressed(strip.tobytes())


@lru_cache(maxsize=64)
def _line(text: str, size: int, bold: bool, ramp: int, margin: int, width: int) -> Piece:
    """One line of text, centred in a strip twice its size high, as `cards.draw` places it."""
    strip = _strip(width, 2 * size, ramp * SHADES)
    face = font(size, bold)
    _text(_pen(strip), ramp, [(margin + 1, size, ellipsize(text, face, width - 2 * margin))], face, "lm")
    return _compressed(strip.tobytes())


@lru_cache(maxsize=8)
def _title_strip(title: str, margin: int, width: int, height: int, sizes: tuple[int, ...], used: int) -> Piece:
    strip = _strip(width, used, 2 * SHADES)
    strip.paste(_title(title, width - 2 * margin, height, sizes).crop((0, 0, width - 2 * margin, used)), (margin + 1, 0))
    return _compressed(strip.tobytes())


def _file(width: int, height: int, palette: list[int], pieces: list[Piece]) -> bytes:
    adler, stream = 1, [b"\x78\x01"]  # zlib's header: deflate, 32 KB window
    for compressed, checksum, length in pieces:
        if length:
            stream.append(compressed)
            adler = _combine(adler, checksum, length)
    stream += [b"\x03\x00", struct.pack(">I", adler)]  # an empty last block, then the checksum
    return b"".join([b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)),
                     _chunk(b"PLTE", bytes(palette)), _chunk(b"IDAT", b"".join(stream)), _chunk(b"IEND", b"")])


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _combine(first: int, second: int, length: int) -> int:
    """The Adler-32 of two byte strings one after the other, from theirs and the second's length."""
    rem = length % _ADLER
    sum1 = ((first & 0xFFFF) + (second & 0xFFFF) + _ADLER - 1) % _ADLER
    sum2 = (rem * (first & 0xFFFF) + (first >> 16) + (second >> 16) + _ADLER - rem) % _ADLER
    return sum1 | (sum2 << 16)
