"""Typeset formulas kept between builds, so a rebuild converts only the formulas that changed.

Converting LaTeX costs about 3 ms a formula (and 0.6 s to import latex2mathml); a bank of 1,000
items with 10 formulas each would add half a minute to every build. The cache maps each formula to
its MathML (or to why it cannot be typeset) and is dropped whole when the converter's version or
the way Tessellate writes MathML changes."""

from __future__ import annotations

import json
from importlib.metadata import version

from ..store import Store

KEY = "formulas"
FORMAT = 3  # raise when mathml.py writes different MathML for the same LaTeX


class FormulaCache:
    """(LaTeX, display) -> ("mathml", markup) or ("error", reason), and LaTeX -> ("words", spoken
    form), in memory and on disk."""

    def __init__(self) -> None:
        self.entries: dict[str, list[str]] = {}
        self.store: Store | None = None
        self._changed = self._read = False

    @staticmethod
    def key(tex: str, display: bool) -> str:
        return ("D" if display else "I") + tex

    def load(self, store: Store) -> None:
        """Use the formulas kept in `store`, read when a formula is first asked for: a build whose pages
        are all reused (pages/reused_pages.py) asks for none, and skips reading every formula."""
        if self.store is not None and store.folder == self.store.folder:
            return
        self.store, self.entries, self._changed, self._read = store, {}, False, False

    def _entries(self) -> dict[str, list[str]]:
        if not self._read and self.store is not None:
            self._read = True
            try:
                data = json.loads(self.store.read(KEY) or b"{}")
            except ValueError:
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
        """Keep the formulas if any was added; a cache that cannot be written only costs time."""
        if not self._changed or self.store is None:
            return
        self.store.write(KEY, json.dumps({"version": _version(), "formulas": self.entries}, ensure_ascii=False).encode())
        self._changed = False


def _version() -> str:
    return f"{FORMAT}/latex2mathml {version('latex2mathml')}"


CACHE = FormulaCache()
