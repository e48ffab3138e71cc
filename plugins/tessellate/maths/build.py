"""What one build does with maths, for the plugin to call from its events: add the Markdown
extension, use the cache of typeset formulas, and keep the cache."""

from __future__ import annotations

from pathlib import Path

from ..store import Store
from .cache import CACHE
from .markdown import MathsExtension


class MathsBuild:
    def use_cache(self, folder: Path) -> None:
        """Read the formulas typeset by earlier builds, kept in the cache `folder`."""
        CACHE.load(Store(folder, "maths"))

    def start(self, markdown_extensions: list) -> None:
        """Add the maths extension to the site's Markdown, unless the site chose arithmatex
        (MathJax or KaTeX in the browser) or has it already."""
        if not any(isinstance(e, MathsExtension) or e == "pymdownx.arithmatex" for e in markdown_extensions):
            markdown_extensions.append(MathsExtension())

    def finish(self) -> None:
        """Keep the typeset formulas for the next build."""
        CACHE.save()
