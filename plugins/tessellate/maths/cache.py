"""Typeset formulas kept between builds, so a rebuild converts only the formulas that changed.

Converting LaTeX costs about 3 ms a formula (and 0.6 s to import latex2mathml); a bank of 1,000
items with 10 formulas each would add half a minute to every build. The cache maps each formula to
its MathML (or to why it cannot be typeset) and is dropped whole when the converter's version or
the way Tessellate writes MathML changes."""

from __future__ import annotations

import json
import logging
from importlib.metadata import version
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.tessellate")
FORMAT = 3  # raise when mathml.py writes different MathML for the same LaTeX


class FormulaCache:
    """(LaTeX, display) -> ("mathml", markup) or ("error", reason), and LaTeX -> ("words", spoken
    form), in memory and on disk."""

    def __init__(self) -> None:
        self.entries: dict[str, list[str]] = {}
        self.path: Path | None = None
        self._changed = self._read = False

    @staticmethod
    def key(tex: str, display: bool) -> str:
        return ("D" if display else "I") + tex

    def load(self, path: Path) -> None:
        """Use the cache file at `path`, read when a formula is first asked for: a build whose pages
        are all reused (pages/reused_pages.py) asks for none, and skips reading every formula."""
        if path == self.path:
            return
        self.path, self.entries, self._changed, self._read = path, {}, False, False

    def _entries(self) -> dict[str, list[str]]:
        if not self._read and self.path is not None:
            self._read = True
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return self.entries
            if (isinstance(data, dict) and data.get("version") == _version()
                    and isinstance(data.get("formulas"), dict)):
                self.entries = {**data["formulas"], **self.entries}
        return self.entries

    def get(self, key: str) -> list[str] | None:
        return self._entries().get(key)

    def put(self, key: str, kind: str, value: str) -> None:
        self._entries()[key] = [kind, value]
        self._changed = True

    def save(self) -> None:
        """Write the cache if anything was added; a cache that cannot be written only costs time."""
        if not self._changed or self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps({"version": _version(), "formulas": self.entries}, ensure_ascii=False),
                                 encoding="utf-8")
            temporary.replace(self.path)
            self._changed = False
        except OSError as error:
            log.info(f"maths cache not saved ({error}); the next build typesets every formula again")


def _version() -> str:
    return f"{FORMAT}/latex2mathml {version('latex2mathml')}"


CACHE = FormulaCache()
