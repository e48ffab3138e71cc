"""Swap a finished build in place of the live site in one step, so readers never see a half-built site.

On Linux, renameat2(RENAME_EXCHANGE) swaps the two folders atomically. Where that is unavailable
(another system, or a file system that refuses it) two renames do the job: the old site is moved
aside, never deleted, until the new one is in place, so a failure at any step puts it back. Between
those two renames the site folder is absent for an instant; it never holds a mix of two builds."""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: builds there are not locked against each other
    fcntl = None

_RENAME_EXCHANGE = 2
STAGING_PREFIX = ".tessellate-staging-"
RETIRED_PREFIX = ".tessellate-retired-"
LOCK_PREFIX = ".tessellate-lock-"


class BuildLocked(Exception):
    """Another build is writing the same site folder."""


@contextmanager
def exclusive(site_dir: Path) -> Iterator[None]:
    """Hold the lock on `site_dir` for one build; BuildLocked when another build holds it.

    Without it, a second build would clear the first one's staging folder as a leftover."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # The lock file stays: removing it would let a third build lock a new file while the second waits on the old.
    with open(site_dir.parent / f"{LOCK_PREFIX}{site_dir.name}", "a+", encoding="utf-8") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                owner = handle.read().strip()
                raise BuildLocked(f"process {owner}" if owner.isdigit() else "another process") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield  # the lock is released when the file is closed


def staging_dir(site_dir: Path) -> Path:
    """A fresh folder beside `site_dir` (same filesystem, so the swap is a rename)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(site_dir)
    return Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{site_dir.name}-", dir=site_dir.parent))


def clear_leftovers(site_dir: Path) -> None:
    """Remove staging folders a killed build left behind."""
    for prefix in (STAGING_PREFIX, RETIRED_PREFIX):
        for stale in site_dir.parent.glob(f"{prefix}{site_dir.name}-*"):
            shutil.rmtree(stale, ignore_errors=True)


def publish(staging: Path, site_dir: Path) -> None:
    """Put `staging` where `site_dir` is; on any failure the old site stays (or is put back) in place.
    Once replaced, the old site is removed."""
    if site_dir.is_symlink() or site_dir.is_file():
        raise OSError(f"{site_dir} is not a folder")
    os.chmod(staging, 0o755)  # mkdtemp makes 0700; a web server must read the site
    if not site_dir.exists():
        os.rename(staging, site_dir)
    elif exchange(staging, site_dir):
        discard(staging)  # staging now holds the old site
    else:
        _swap_by_renames(staging, site_dir)


def _swap_by_renames(staging: Path, site_dir: Path) -> None:
    retired = Path(tempfile.mkdtemp(prefix=f"{RETIRED_PREFIX}{site_dir.name}-", dir=site_dir.parent))
    old = retired / "site"
    os.rename(site_dir, old)
    try:
        os.rename(staging, site_dir)
    except BaseException:
        os.rename(old, site_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE) where the C library offers it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), _RENAME_EXCHANGE) == 0
