"""Where builds keep what they can reuse (social cards, typeset formulas): `.cache/tessellate/`
beside mkdocs.yml, where Material keeps its own caches, or the folder TESSELLATE_CACHE names
(where CI keeps caches, or out of a read-only checkout)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(config_file: str | None) -> Path:
    """The cache folder for the site whose mkdocs.yml is `config_file`."""
    if folder := os.environ.get("TESSELLATE_CACHE"):
        return Path(folder)
    return (Path(config_file).parent if config_file else Path.cwd()) / ".cache" / "tessellate"
