"""Finished share kits kept between builds, and linked into each new site instead of written again.

A kit is five files per item; on a bank of a thousand items, writing them is most of what the kit
costs a rebuild. A kit made from an unchanged item is the same bytes, so it is kept, finished (its
card too), in a folder named by its key, and each build hard-links its files into the new site (a copy where
links cannot be made). A kit's folder is complete or absent: it is made beside and renamed into
place. The scripts a kit page's policy allows are kept with it (`allowed`, empty for none) and
handed back to the site's policy."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

ALLOWED = "allowed"  # the inline scripts the kit's pages allow, as a JSON list; empty when none
FILES = ("social.json", "email.html", "email.txt", "index.html", "card.png")  # a kit


class KeptKits:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.hits = 0

    def place(self, key: str, target: Path) -> list[str] | None:
        """Link the kit kept under `key` into `target`; its allowed scripts, or None when none is kept."""
        if self.folder is None:
            return None
        kept = self.folder / key
        try:
            size = os.stat(kept / ALLOWED).st_size
        except OSError:
            return None
        os.makedirs(target, exist_ok=True)
        for name in FILES:
            _link(kept / name, target / name)
        self.used.add(key)
        self.hits += 1
        return json.loads((kept / ALLOWED).read_text(encoding="utf-8")) if size else []

    def keep(self, key: str | None, folder: Path, allowed: list[str]) -> None:
        """Keep the finished kit just written to `folder`; a kit that cannot be kept only costs time."""
        if self.folder is None or key is None:
            return
        self.used.add(key)
        partial = self.folder / f"{key}.{os.getpid()}.tmp"
        try:
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir(parents=True)
            for name in FILES:
                _link(folder / name, partial / name)
            (partial / ALLOWED).write_text(json.dumps(allowed) if allowed else "", encoding="utf-8")
            os.replace(partial, self.folder / key)
        except OSError:
            shutil.rmtree(partial, ignore_errors=True)

    def prune(self) -> None:
        """Drop kits this build did not place or keep."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.used:
                shutil.rmtree(path, ignore_errors=True)


def _link(source: Path, target: Path) -> None:
    try:  # kept files are only ever replaced whole (a new key), never edited, so sharing them is safe
        os.link(source, target)
    except OSError:  # another disk, or a file system without links
        shutil.copyfile(source, target)
