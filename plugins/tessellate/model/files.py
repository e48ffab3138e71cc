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

from .items import KINDS, Item
from .problems import Problem, Severity

# Addresses a Markdown body links to: [text](url), ![alt](url), [id]: url, and raw HTML attributes.
_INLINE = re.compile(r"\]\(\s*(?:<([^>\n]*)>|([^\s)]+))")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)", re.MULTILINE)
_ATTRIBUTE = re.compile(r"\s(?:href|src|poster|data)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
_FENCE = re.compile(r"^\s*(```|~~~).*?^\s*\1[^\n]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


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
    text = _CODE_SPAN.sub("", _FENCE.sub("", body))
    found = {a or b for a, b in _INLINE.findall(text)} | set(_REFERENCE.findall(text))
    found |= {"".join(groups) for groups in _ATTRIBUTE.findall(text)}
    return frozenset(path for address in found if (path := _local_path(address, source)))


def item_files(item: Item) -> set[str]:
    """Docs-relative paths of the files an item's front matter names."""
    paths = {download.path for download in getattr(item, "downloads", ())}
    video = getattr(item, "video", None)
    paths |= {video.path if video else "", getattr(item, "captions", ""), getattr(item, "poster", "")}
    if item.image is not None and not item.image.is_url:
        paths.add(item.image.src)
    return paths - {""}


def withheld(files: Iterable[str], usage: Usage) -> set[str]:
    """Files used only by hidden content, and every `_`-named file or folder (by the top-most such name)."""
    held = set()
    for path in files:
        if path.endswith(".md"):
            continue
        underscored = _underscored(path)
        if underscored:
            held.add(underscored)
        elif path in usage.hidden and path not in usage.published:
            held.add(path)
    return held


def unlinked(files: Iterable[str], usage: Usage, docs_dir: Path) -> list[Problem]:
    """A warning for each file in a kind's folder that no Markdown file links to."""
    problems = []
    for path in files:
        kind = path.split("/", 1)[0]
        if kind not in KINDS or path.endswith(".md") or _underscored(path):
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
    if isinstance(fields, str) and (path := _local_path(fields, source)) and (docs_dir / path).is_file():
        return {path}
    return set()


def _underscored(path: str) -> str:
    """The `_`-named part of `path` and what leads to it ("resources/_notes"), or ""."""
    parts = path.split("/")
    for n, part in enumerate(parts):
        if part.startswith("_"):
            return "/".join(parts[:n + 1])
    return ""


def _local_path(address: str, source: str) -> str:
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
