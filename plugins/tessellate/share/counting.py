"""Text length as each platform counts it, so a post that fits here is not refused there.

X counts as twitter-text does (github.com/twitter/twitter-text, configuration v3): the text NFC-normalised,
each link 23 whatever its length, links without a scheme too ("nrich.maths.org", found by twitter-text's
own rules and top-level domains), each emoji sequence 2 (keycaps, flags and ZWJ families included), and
every other code point 1 in the Latin, punctuation and general ranges, 2 elsewhere. Links and emoji are
found by twitter-text-parser, a Python port that passes twitter-text's conformance cases
(tests/test_x_counting.py runs them). Its own `parse_tweet` weighs a post a character at a time and tries
some 3,800 emoji sequences at every character, 8 ms a post, and a kit counts each X post a dozen times
while fitting it; so here the port looks for links and emoji only in the stretches that could hold one,
remembering what it found in each, and the rest is weighed by regular expressions. A test holds the two
to the same answers.

Mastodon counts characters, a link as 23 and a mention by its local part. Bluesky counts graphemes (what
a reader sees as one character), which `regex`'s \\X matches."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import regex

LINK_LENGTH = 23
_LINK = regex.compile(r"https?://\S+")
_GRAPHEME = regex.compile(r"\X")
_MENTION_DOMAIN = regex.compile(r"(?<=@\w+)@[\w.-]+\w")
# A link holds no space (as twitter-text defines spaces) and at least one dot. Each stretch that could hold
# one is searched with the space before it, which twitter-text reads as what precedes a link, as it would be
# in the whole text: the stretches repeat from count to count while a post is fitted.
_SPACE = "\t-\r \x85\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_MAYBE_LINK = re.compile(f"(?:^|[{_SPACE}])[^{_SPACE}.]*\\.[^{_SPACE}]*")
# Every code point of twitter-text's emoji sequences is outside ASCII, except the digit, # or * that starts
# a keycap, before U+FE0F or U+20E3: its emoji are looked for only in such stretches.
_MAYBE_EMOJI = re.compile(r"(?:[0-9#*](?=[\ufe0f\u20e3])|[^\x00-\x7f])+")


@cache
def _port() -> ModuleType:
    """twitter-text-parser, imported on the first count: a build that reuses every kit never compiles it."""
    # The port (3.0.0, its latest) reads its emoji list with pkg_resources.resource_string, and nothing
    # else of it. Importing setuptools' pkg_resources scans every installed distribution (a quarter of a
    # second of CPU a build) and is gone from setuptools 82, so the port is given a module with that one
    # function, for its own import only: whatever imports pkg_resources later gets setuptools' own.
    stand_in = ModuleType("pkg_resources")
    stand_in.resource_string = _resource_bytes
    absent = object()
    before = sys.modules.get("pkg_resources", absent)
    sys.modules["pkg_resources"] = stand_in
    try:
        import twitter_text.config
    finally:
        if before is absent:
            del sys.modules["pkg_resources"]
        else:
            sys.modules["pkg_resources"] = before
    return twitter_text


def _resource_bytes(module: str, name: str) -> bytes:
    """pkg_resources' reading of the file `name` beside the module `module`."""
    return Path(sys.modules[module].__file__).with_name(name).read_bytes()


def x_config() -> Mapping[str, Any]:
    """twitter-text's configuration v3, the one X counts by."""
    return _port().config.config["version3"]


def x_length(text: str) -> int:
    """The weighted length X checks a post against (at most 280)."""
    return weighted_length(text, x_config())


def weighted_length(text: str, config: Mapping[str, Any]) -> int:
    """`text`'s weighted length as twitter-text counts it under `config` (one of its configurations)."""
    # twitter-text counts a Windows line end as one character
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    scale = config["scale"]
    link, emoji = config["transformed_url_length"] * scale, config["default_weight"]
    found = [(stretch.start() + start, 0, length, link)
             for stretch in _MAYBE_LINK.finditer(text) for start, length in _links(stretch.group())]
    if config.get("emoji_parsing_enabled") and not text.isascii():
        found += [(stretch.start() + start, 1, length, emoji)
                  for stretch in _MAYBE_EMOJI.finditer(text) for start, length in _emoji(stretch.group())]
    weigh = _weigher(tuple((r["start"], r["end"], r["weight"]) for r in config["ranges"]), config["default_weight"])
    total = at = 0
    for start, _, length, weight in sorted(found):  # a link before an emoji that starts at the same place
        if start >= at:  # one inside a link or emoji already counted is part of it
            total += weigh(text[at:start]) + weight
            at = start + length
    return (total + weigh(text[at:])) // scale


@lru_cache(maxsize=4096)
def _links(stretch: str) -> tuple[tuple[int, int], ...]:
    """(start, length) of each link twitter-text finds in `stretch`."""
    return tuple((u["indices"][0], len(u["url"])) for u in _port().extract_urls_with_indices(stretch))


@lru_cache(maxsize=1024)
def _emoji(stretch: str) -> tuple[tuple[int, int], ...]:
    """(start, length) of each emoji sequence twitter-text finds in `stretch`."""
    return tuple((e["indices"][0], len(e["emoji"])) for e in _port().extract_emojis_with_indices(stretch))


@cache
def _weigher(ranges: tuple[tuple[int, int, int], ...], default: int) -> Callable[[str], int]:
    """Weight of plain text: `default` per code point, or the weight of the range it is in (twitter-text's
    ranges, each (start, end, weight), never overlap)."""
    def within(spans: tuple[tuple[int, int, int], ...], negate: bool = False) -> regex.Pattern:
        return regex.compile("[" + "^" * negate + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b, _ in spans) + "]")
    weights = {weight for _, _, weight in ranges}
    if len(weights) == 1:  # twitter-text's own configurations: count the few code points outside the ranges
        (light,) = weights
        heavy = within(ranges, negate=True)
        return lambda text: light * len(text) + (default - light) * len(heavy.findall(text))
    by_weight = {weight: within(tuple(r for r in ranges if r[2] == weight)) for weight in weights}
    return lambda text: default * len(text) + sum((weight - default) * len(pattern.findall(text))
                                                  for weight, pattern in by_weight.items())


def graphemes(text: str) -> int:
    return len(_GRAPHEME.findall(text))


def mastodon_length(text: str) -> int:
    text = _MENTION_DOMAIN.sub("", text)
    return len(_LINK.sub("x" * LINK_LENGTH, text))


def characters(text: str) -> int:
    return len(text)
