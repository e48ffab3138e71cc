"""Swap a finished build in place of the live site in one step, so readers never see a half-built site."""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from pathlib import Path

_RENAME_EXCHANGE = 2
STAGING_PREFIX = ".tessellate-staging-"
RETIRED_PREFIX = ".tessellate-retired-"


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
    """Put `staging` where `site_dir` is; the old site is never missing, even for an instant on Linux."""
    if site_dir.is_symlink() or site_dir.is_file():
        raise OSError(f"{site_dir} is not a folder")
    if site_dir.exists():
        if _exchange(staging, site_dir):
            shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old site
            return
        retired = Path(tempfile.mkdtemp(prefix=f"{RETIRED_PREFIX}{site_dir.name}-", dir=site_dir.parent))
        os.rename(site_dir, retired / "site")
        os.rename(staging, site_dir)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.rename(staging, site_dir)
    os.chmod(site_dir, 0o755)  # mkdtemp makes 0700; a web server must read the site


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE) where the C library offers it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        os.chmod(second, 0o755)
        return True
    return False
