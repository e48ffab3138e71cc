"""Items read by earlier builds, reused while their file and every file they name are unchanged.

Reading front matter (parsing, checking every field, checking the body) is most of what loading a
large bank costs. An entry is keyed by the file's path and a hash of its bytes, the site's settings
and the engine; it also holds what each file the fields named looked like (where it leads, whether
it is a file, its size), checked again before the entry is used. Files with errors are never kept:
their messages can point at neighbours, which no entry could follow.

The entries are one pickle in the site's cache (`store.py`), which only the people who can edit the
site can write: that is what makes unpickling it safe. Its digest, checked first, catches damage
(a truncated file, a bad restore), not tampering."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from ..store import Store
from .items import Item
from .problems import Problem

KEY = "catalogue"
READ = (".csv",)  # files an item reads into itself, not only names: a story's chart


class KeptReads:
    """Reads by key, loaded from `store` (None: keep nothing), saved with only the entries used."""

    def __init__(self, store: Store | None, settings: str) -> None:
        self.store, self.settings = store, settings
        self._entries: dict[str, tuple] = {}
        self._used: dict[str, tuple] = {}
        self.hits = 0
        if store is not None and (payload := store.read(KEY)) is not None:
            try:
                loaded = pickle.loads(payload)
                self._entries = loaded if isinstance(loaded, dict) else {}
            except Exception:  # from another version of the engine: read everything again
                self._entries = {}

    def key(self, source_name: str, kind: str, data: bytes) -> str:
        return hashlib.sha256(f"{self.settings}\0{source_name}\0{kind}\0".encode() + data).hexdigest()

    def get(self, key: str) -> tuple[Item, list[Problem]] | None:
        entry = self._entries.get(key)
        if entry is None or any(_looks(Path(path)) != looked for path, looked in entry[2]):
            return None
        self._used[key] = entry
        self.hits += 1
        return entry[0], entry[1]

    def put(self, key: str, item: Item, problems: list[Problem], looked_at: list[Path]) -> None:
        if self.store is not None and not any(p.is_error for p in problems):
            self._used[key] = (item, list(problems), [(str(path), _looks(path)) for path in looked_at])

    def save(self) -> None:
        """Keep this load's entries; a cache that cannot be written only costs the next load time."""
        if self.store is None:
            return
        try:
            payload = pickle.dumps(self._used, protocol=pickle.HIGHEST_PROTOCOL)
        except pickle.PicklingError:  # an item holding something that cannot be kept: read again next time
            return
        self.store.write(KEY, payload)


def _looks(path: Path) -> tuple:
    """What a named file looks like to the fields: where it leads, whether it is a file, its size, and
    for a file whose content the item holds (a chart's CSV) a digest of that content: an edit that
    keeps the size (12 to 13 attendees) must still be read again."""
    try:
        resolved = path.resolve()
        if not resolved.is_file():
            return str(resolved), False, -1
        content = hashlib.sha256(resolved.read_bytes()).hexdigest() if resolved.suffix.lower() in READ else ""
        return str(resolved), True, resolved.stat().st_size, content
    except (OSError, RuntimeError):
        return ("", False, -1)
