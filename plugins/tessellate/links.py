"""Files shared between the build cache and a site by hard links, where the disk allows.

What the cache keeps (share kits, the search index) is only ever replaced whole, never edited in
place, so a site may hold the very same files: a link costs the disk one entry, where a copy writes
every byte again (5,000 search fragments took seconds to copy on a slow disk)."""

from __future__ import annotations

import os
import shutil


def link_or_copy(source: str, target: str) -> None:
    """`target` becomes the file `source`: the same file where the disk allows, else a copy."""
    try:
        os.link(source, target)
    except FileExistsError:  # never written through: the file there may be another's link
        raise
    except OSError:  # another disk, or a file system without links
        if not os.path.isfile(source):
            raise
        shutil.copyfile(source, target)


def link_tree(source: str | os.PathLike, target: str | os.PathLike) -> None:
    """The folder `source` again at `target` (which may exist), its files linked or copied."""
    shutil.copytree(source, target, copy_function=link_or_copy, dirs_exist_ok=True)
