"""Work kept between builds, so a rebuild redoes only what changed.

Each entry is keyed by a digest of everything it was made from: the file's text, the site's settings,
and the engine itself (its code and the libraries it renders with), so a changed input or an upgraded
engine is a new key, never a stale entry. Entries live in the cache folder (`cache.py`), one small
gzipped JSON file each; a build that finishes drops the entries it did not use, so the cache tracks the site."""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.tessellate")
ENGINE = Path(__file__).parent
LIBRARIES = ("mkdocs", "properdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "nh3",
             "css-inline", "latex2mathml")


def digest(*parts: Any) -> str:
    """A stable hex digest of JSON-able parts; other objects count by their type and repr."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=_stable)
    return hashlib.sha256(text.encode()).hexdigest()


def _stable(value: Any) -> str:
    # An extension instance in markdown_extensions reprs with its address; its class is what matters.
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else f"{type(value).__qualname__}:{text}"


@lru_cache(maxsize=1)
def engine_digest() -> str:
    """The engine's own code and templates (an edited checkout counts) and the libraries' versions.
    By content, not time: a fresh clone of the same engine (a CI run) reuses a cache it restored."""
    return digest(files_digest(ENGINE), [_version(name) for name in LIBRARIES])


def files_digest(folder: Path) -> str:
    """A digest of every file under `folder`, by name and content."""
    hashed = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        hashed.update(str(path.relative_to(folder)).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return hashed.hexdigest()


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


class Store:
    """Entries of one kind (`bodies`, `pages`) under `folder`; with no folder, nothing is kept."""

    def __init__(self, folder: Path | None, remembered: dict | None = None) -> None:
        self.folder = folder
        # Entries the last build used, kept in memory by a process that builds again and again (the
        # preview): read from there, not from disk. Only the last build's, so it stays small.
        self.remembered = remembered
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def has(self, key: str) -> bool:
        """Whether an entry is kept under `key`, to be read later with `get` (which counts it reused)."""
        if self.folder is None:
            return False
        if (self.remembered is not None and key in self.remembered) or self._path(key).is_file():
            self.used.add(key)  # so a prune before it is read keeps it
            return True
        self.misses += 1
        return False

    def get(self, key: str) -> dict | None:
        if self.folder is None:
            return None
        entry = self.remembered.get(key) if self.remembered is not None else None
        if entry is None:
            try:
                entry = json.loads(gzip.decompress(self._path(key).read_bytes()))
            except (OSError, EOFError, ValueError):  # missing, or cut short by a build that was stopped
                self.misses += 1
                return None
        self._remember(key, entry)
        self.used.add(key)
        self.hits += 1
        return entry

    def put(self, key: str, entry: dict) -> None:
        """Keep `entry`; a cache that cannot be written only costs the next build time."""
        if self.folder is None:
            return
        self.used.add(key)
        # Level 1: a page's HTML shrinks fivefold for a fraction of a millisecond.
        packed = gzip.compress(json.dumps(entry, ensure_ascii=False).encode(), compresslevel=1)
        self._remember(key, entry)
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            partial.write_bytes(packed)
            partial.replace(path)  # never a half-written entry
        except OSError as error:
            log.debug(f"reuse: entry not kept ({error})")

    def prune(self) -> None:
        """Drop entries this build did not use: edited and deleted files leave nothing behind."""
        if self.remembered is not None:
            for key in self.remembered.keys() - self.used:
                del self.remembered[key]
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*.json.gz"):
            if path.name.split(".")[0] not in self.used:
                path.unlink(missing_ok=True)

    def _remember(self, key: str, entry: dict) -> None:
        if self.remembered is not None:
            self.remembered[key] = entry

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json.gz"
