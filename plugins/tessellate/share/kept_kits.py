"""Finished share kits kept between builds, and linked into each new site instead of written again.

A kit is five files per item; on a bank of a thousand items, writing them is most of what the kit
costs a rebuild. A kit made from an unchanged item is the same bytes, so it is kept, finished (its
card too), in a folder named by its key, and each build hard-links its files into the new site (a
copy where links cannot be made). What else a kept kit needs, the inline scripts its pages' policy
allows and the card it shows, is listed in one manifest read once per build, so placing a kit costs
a folder and five links. A kit's folder is complete or absent (it is made beside and renamed into
place), and the manifest lists only kits whose folder was complete when it was written.

Making a folder is the dearest of those steps on a slow disk, and a build that replaces a site
removes the old site's copy of every kit just after making the new one. So a build that publishes
over an earlier site (`moving`) moves each kept kit's folder into the new site instead, and takes the
old site's copy back into the cache before that site is removed: two renames per kit, nothing made
or removed. A copy is taken back only when its files are the very files moved (the same inodes);
when a build fails, the kits go back from the discarded folder.

The preview (`pointing`) serves its site from where it builds it, and every rebuild makes a new one:
there each kit is a symbolic link to the kept folder, one call instead of a folder and five copies
(its site is in memory, where the cache's files cannot be linked)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import NamedTuple

from ..links import link_or_copy

FILES = ("social.json", "email.html", "email.txt", "index.html", "card.png")  # a kit
MANIFEST = "kits.json"


class Kept(NamedTuple):
    allowed: list[str]  # the inline scripts the kit's pages allow
    card: str  # the card's file name in the card cache


class KeptKits:
    def __init__(self, folder: Path | None, moving: bool = False, pointing: bool = False) -> None:
        self.folder = folder
        self.moving = moving
        self.pointing = pointing
        self.listed = self._read_manifest()
        self.used: dict[str, Kept] = {}
        self.moved: dict[str, str] = {}  # kit folder in the site (relative) -> key, for kits moved out of the cache
        self.hits = 0
        self._folders: set[str] = set()  # parent folders this build has made in the site

    def place(self, key: str, site_dir: Path, folder: str) -> Kept | None:
        """Put the kit kept under `key` at `folder` of the site (a folder not yet made): what it needs,
        or None when no such kit is kept (then nothing is left there)."""
        kept = self.listed.get(key)
        if kept is None or self.folder is None:
            return None
        folder = folder.rstrip("/")  # a kit's address ends in a slash; its parent is the folder above
        source, target = os.path.join(self.folder, key), os.path.join(site_dir, folder)
        if self.moving and self._move(source, target):
            self.moved[folder] = key
        elif not (self.pointing and self._point(source, target)):
            try:
                self._make(target)
                for name in FILES:
                    link_or_copy(os.path.join(source, name), os.path.join(target, name))
            except OSError:  # a kit deleted from the cache by hand: made again
                shutil.rmtree(target, ignore_errors=True)
                return None
        self.used[key] = kept
        self.hits += 1
        return kept

    def take_back(self, old_site: Path, new_site: Path | None = None) -> None:
        """Return the moved kits to the cache from `old_site`, a site about to be removed: the site a
        build replaced (`new_site` being the one that replaced it), or a failed build's folder."""
        if self.folder is None:
            return
        for folder, key in self.moved.items():
            kept, old = os.path.join(self.folder, key), os.path.join(old_site, folder)
            if os.path.exists(kept):  # kept again meanwhile, by another build sharing the cache
                continue
            if new_site is None or _same_files(old, os.path.join(new_site, folder)):
                self._move(old, kept)
            else:  # the old site had another kit there: the cache keeps links to the new site's instead
                self.keep(key, new_site / folder, self.used[key])
        self.moved.clear()

    def _move(self, source: str, target: str) -> bool:
        try:
            self._make_parent(target)
            os.rename(source, target)
            return True
        except OSError:  # not kept after all, or another disk: linked or written instead
            return False

    def _point(self, source: str, target: str) -> bool:
        if not os.path.isdir(source):  # deleted from the cache meanwhile: made again
            return False
        try:
            self._make_parent(target)
            os.symlink(os.path.abspath(source), target, target_is_directory=True)
            return True
        except OSError:  # a system without symbolic links: linked or copied instead
            return False

    def _make_parent(self, folder: str) -> None:
        parent = os.path.dirname(folder)
        if parent not in self._folders:
            os.makedirs(parent, exist_ok=True)
            self._folders.add(parent)

    def keep(self, key: str | None, folder: Path, kept: Kept) -> None:
        """Keep the finished kit just written to `folder`; a kit that cannot be kept only costs time."""
        if self.folder is None or key is None:
            return
        partial = self.folder / f"{key}.{os.getpid()}.tmp"
        try:
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir(parents=True)
            for name in FILES:
                link_or_copy(os.fspath(folder / name), os.fspath(partial / name))
            shutil.rmtree(self.folder / key, ignore_errors=True)
            os.replace(partial, self.folder / key)
        except OSError:
            shutil.rmtree(partial, ignore_errors=True)
            return
        self.used[key] = kept

    def prune(self) -> None:
        """Drop kits this build did not place or keep, and list the rest for the next build."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.used and path.name != MANIFEST:
                shutil.rmtree(path, ignore_errors=True)
        partial = self.folder / f"{MANIFEST}.{os.getpid()}.tmp"
        try:
            partial.write_text(json.dumps({key: kept._asdict() for key, kept in self.used.items()}), encoding="utf-8")
            os.replace(partial, self.folder / MANIFEST)
        except OSError:  # the next build makes the kits again
            partial.unlink(missing_ok=True)

    def _read_manifest(self) -> dict[str, Kept]:
        if self.folder is None:
            return {}
        try:
            listed = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
            return {key: Kept(list(entry["allowed"]), str(entry["card"])) for key, entry in listed.items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):  # none yet, or damaged: kits are made again
            return {}

    def _make(self, folder: str) -> None:
        self._make_parent(folder)
        try:
            os.mkdir(folder)
        except FileExistsError:  # a site folder built into again: never link over, or write through, old files
            shutil.rmtree(folder)
            os.mkdir(folder)


def _same_files(first: str, second: str) -> bool:
    """Whether two kit folders hold the same files, not copies: the same names and inodes."""
    try:
        with os.scandir(first) as a, os.scandir(second) as b:
            files = {entry.name: entry.inode() for entry in a}
            return sorted(files) == sorted(FILES) and files == {entry.name: entry.inode() for entry in b}
    except OSError:
        return False
