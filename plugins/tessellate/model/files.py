"""Which files in the content folder are published: publishing follows the content, not the folder.

A mark scheme drafted beside an assessment, or a mock exam's answers embargoed until its date, sit in
the same folder as published material. So a file is withheld while every item that uses it is hidden
(a draft, future-dated, or `_`-named), and a `_`-named file or folder is never published. A file no
item uses is still published, as MkDocs would, but `check` says so: it is usually a leftover."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..maths.tex import FORMULA, blank_code
from .items import Item
from .kinds import KINDS
from .problems import Problem, Severity

# Addresses a Markdown body links to: [text](url), ![alt](url), [id]: url (not a footnote's [^id]:),
# and the address attributes of raw HTML tags.
_INLINE = re.compile(r"\]\(\s*(?:<([^>\n]*)>|((?:[^\s()]|\([^\s()]*\))+))")  # x(1).pdf: balanced, as Markdown reads it
_REFERENCE = re.compile(r"^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\n?[ \t]*<?([^\s>]+)", re.MULTILINE)
_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_ATTRIBUTE = re.compile(r"\s(href|src|poster|data)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")


@dataclass(frozen=True)
class Address:
    """An address as written in a body, on its line (counted from 0), and whether it shows an image."""

    text: str
    line: int
    image: bool


@dataclass
class Usage:
    """Who uses each file: sources of published and of hidden Markdown files, by docs-relative path."""

    published: dict[str, set[str]] = field(default_factory=dict)
    hidden: dict[str, set[str]] = field(default_factory=dict)

    def add(self, source: str, paths: Iterable[str], is_hidden: bool) -> None:
        users = self.hidden if is_hidden else self.published
        for path in paths:
            users.setdefault(path, set()).add(source)


# The preview reads every file again at each save, most unchanged: their links are remembered.
@functools.lru_cache(maxsize=16384)
def body_links(body: str, source: str) -> frozenset[str]:
    """Docs-relative paths of the local files a Markdown body links to (code is text, not links)."""
    return frozenset(path for address in addresses(body) if (path := local_path(address.text, source)))


@functools.lru_cache(maxsize=16384)
def addresses(body: str) -> tuple[Address, ...]:
    """Every address a Markdown body links to, in the order written. Code and formulas are text,
    not links, so they are blanked first (lines kept): `$[0,1](0.5)$` is maths, not a link."""
    if "](" not in body and "]:" not in body and "<" not in body:  # most bodies of a bank: no address at all
        return ()
    text = blank_code(body) if "`" in body or "~~~" in body else body
    if "$" in text:
        text = _blank_formulas(text)
    line = lambda offset: text.count("\n", 0, offset)  # noqa: E731 - a body has few addresses
    found = [(m.start(), Address(m.group(2) if m.group(1) is None else m.group(1), line(m.start()),
                                 _opens_image(text, m.start()))) for m in _INLINE.finditer(text)]
    found += [(m.start(1), Address(m.group(1), line(m.start(1)), False)) for m in _REFERENCE.finditer(text)]
    for tag in _TAG.finditer(text):
        for m in _ATTRIBUTE.finditer(tag.group(0)):
            at, image = tag.start() + m.start(), tag.group(0)[1:4].lower() == "img" or m.group(1).lower() == "poster"
            found.append((at, Address("".join(m.groups("")[1:]), line(at), image)))
    return tuple(address if address.image or not address.text.lower().endswith(IMAGE_TYPES)
                 else Address(address.text, address.line, True) for _, address in sorted(found, key=lambda f: f[0]))


def _blank_formulas(text: str) -> str:
    """`text` with its formulas blanked, lines kept. FORMULA is tried only where a `$` is: searched
    for across a whole body, its look-behinds cost five times the rest of finding its addresses."""
    parts, done, at = [], 0, text.find("$")
    while at != -1:
        start = at - 1 if at and text[at - 1] == "\\" else at
        match = FORMULA.match(text, start) if start >= done else None
        if match is None:
            at = text.find("$", at + 1)
            continue
        if not match["escaped"]:
            parts += [text[done:match.start()], re.sub(r"[^\n]", " ", match.group(0))]
            done = match.end()
        at = text.find("$", match.end())
    return "".join(parts) + text[done:]


def _opens_image(text: str, close: int) -> bool:
    """Whether the `]` at `close` ends the text of an image, `![alt]`, rather than of a link."""
    depth = 0
    for n in range(close, max(close - 2000, -1), -1):  # a link's text is never longer than a paragraph
        depth += {"]": 1, "[": -1}.get(text[n], 0)
        if depth == 0:
            return n > 0 and text[n - 1] == "!"
    return False


def item_files(item: Item) -> set[str]:
    """Docs-relative paths of the files an item's front matter names."""
    paths = {download.path for download in getattr(item, "downloads", ())}
    video = getattr(item, "video", None)
    paths |= {video.path if video else "", getattr(item, "captions", ""), getattr(item, "poster", "")}
    if item.image is not None and not item.image.is_url:
        paths.add(item.image.src)
    if (chart := getattr(item, "chart", None)) is not None:
        paths.add(chart.path)
    return paths - {""}


def withheld(files: Iterable[str], usage: Usage) -> set[str]:
    """Files used only by hidden content, and every `_`-named file or folder (by the top-most such name)."""
    held = set()
    for path in files:
        if path.endswith(".md"):
            continue
        held_by = underscored(path)
        if held_by:
            held.add(held_by)
        elif path in usage.hidden and path not in usage.published:
            held.add(path)
    return held


def unlinked(files: Iterable[str], usage: Usage, docs_dir: Path) -> list[Problem]:
    """A warning for each file in a kind's folder that no Markdown file links to."""
    problems = []
    for path in files:
        kind = path.split("/", 1)[0]
        if kind not in KINDS or path.endswith(".md") or underscored(path):
            continue
        if path not in usage.published and path not in usage.hidden:
            problems.append(Problem(docs_dir / path, 1, "file", f"linked by no item; it is published at {path}",
                                    "link it from an item, or remove it", Severity.WARNING))
    return problems


def named_files(fields, source: str, docs_dir: Path) -> set[str]:
    """Files named anywhere in front matter that exist beside `source`: what a `_`-named note or
    template, which is never read as an item, may hold back."""
    if isinstance(fields, dict):
        return set().union(*(named_files(value, source, docs_dir) for value in fields.values()))
    if isinstance(fields, list):
        return set().union(*(named_files(value, source, docs_dir) for value in fields))
    if isinstance(fields, str) and (path := local_path(fields, source)) and (docs_dir / path).is_file():
        return {path}
    return set()


def underscored(path: str) -> str:
    """The `_`-named part of `path` and what leads to it ("resources/_notes"), or ""."""
    parts = path.split("/")
    for n, part in enumerate(parts):
        if part.startswith("_"):
            return "/".join(parts[:n + 1])
    return ""


def local_path(address: str, source: str) -> str:
    """The docs-relative path `address` names when written in `source`, or "" for other sites and pages."""
    try:
        parts = urlsplit(address.strip())
    except ValueError:
        return ""
    if parts.scheme or parts.netloc or not parts.path:
        return ""
    path = unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(source), path)
    normal = posixpath.normpath(joined)
    return "" if normal.startswith("..") or normal == "." else normal
