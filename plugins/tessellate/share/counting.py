"""Text length as each platform counts it, so a post that fits here is not refused there.

X follows twitter-text's v3 configuration (config/v3.json in github.com/twitter/twitter-text): every
code point weighs 2 unless it falls in the Latin, punctuation and general ranges that weigh 1, an
emoji weighs 2 however many code points it has, text is NFC-normalised first, and each link counts
23 whatever its length. Mastodon counts characters, a link as 23 and a mention by its local part.
Bluesky counts graphemes (what a reader sees as one character), which `regex`'s \\X matches."""

from __future__ import annotations

import unicodedata

import regex

LINK_LENGTH = 23
_LINK = regex.compile(r"https?://\S+")
_GRAPHEME = regex.compile(r"\X")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}")
_MENTION_DOMAIN = regex.compile(r"(?<=@\w+)@[\w.-]+\w")
# twitter-text v3: (first, last, weight) in hundredths; everything else weighs 200.
_X_RANGES = ((0, 4351, 100), (8192, 8205, 100), (8208, 8223, 100), (8242, 8247, 100))
_X_HEAVY = regex.compile(r"[^\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")


def x_length(text: str) -> int:
    text = unicodedata.normalize("NFC", text)
    links = _LINK.findall(text)
    if not _EMOJI.search(text):  # the common case: one weight per code point, counted in C
        rest = _LINK.sub("", text)
        return len(rest) + len(_X_HEAVY.findall(rest)) + LINK_LENGTH * len(links)
    weight = 0
    for piece in _LINK.split(text):
        for grapheme in _GRAPHEME.findall(piece):
            weight += 200 if _EMOJI.search(grapheme) else sum(_x_weight(ord(c)) for c in grapheme)
    return weight // 100 + LINK_LENGTH * len(links)


def _x_weight(code: int) -> int:
    return next((w for first, last, w in _X_RANGES if first <= code <= last), 200)


def graphemes(text: str) -> int:
    return len(_GRAPHEME.findall(text))


def mastodon_length(text: str) -> int:
    text = _MENTION_DOMAIN.sub("", text)
    return len(_LINK.sub("x" * LINK_LENGTH, text))


def characters(text: str) -> int:
    return len(text)
