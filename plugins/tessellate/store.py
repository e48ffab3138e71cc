"""Everything builds keep between runs, and the one policy they are all kept by.

What is kept: each file's checked front matter (`reads`), typeset formulas (`maths`), compiled
templates (`templates`), each page's Markdown rendering (`bodies`), each laid-out page (`pages`),
social cards (`cards`), stories' charts (`charts`), share kits (`kits`, and the preview's own,
`kits-preview`) and the search index (`search`). Each is a `Store` under the cache folder:
`.cache/tessellate/` beside mkdocs.yml, where Material keeps its own caches, or the folder
TESSELLATE_CACHE names.

The policy, the same for every store:
- Keys: an entry's key is a digest of everything it was made from (`digest`), the engine's own code
  and libraries included (`engine_digest`), so a changed input is a new key, never a stale entry.
- Verification: an entry is its bytes after a header holding their SHA-256. Reading checks it; an
  entry that fails (truncated, a flipped byte, a bad restore of the workflow's cache) is dropped,
  said once at --verbose, and made again as if it had never been kept. Nothing damaged is used.
- Atomic writes: an entry is written to a temporary file beside it, then renamed into place, so a
  stopped build leaves a whole entry or none.
- Placing into the site: always new files written with the verified bytes, never a link. A tool that
  edits the published site in place (a minifier, `sed -i`) can change nothing the next build reads.
- Pruning: a finished build drops the entries it did not use, except those another build or preview
  sharing the folder used since this one began (reading an entry touches it).
- A cache folder that cannot be written costs the next build time, never this build: it is said once.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import logging
import os
import tempfile
import time
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache

log = logging.getLogger("mkdocs.plugins.tessellate")
# Said to the coordinator at every level, but not one of MkDocs' warnings: --strict is about the site.
told = logging.getLogger("tessellate.store")
ENGINE = Path(__file__).parent
LIBRARIES = ("mkdocs", "properdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "nh3",
             "css-inline", "latex2mathml", "twitter-text-parser",  # this one weighs the kits' X posts
             "matplotlib")  # draws stories' charts, which pages keep inline
MAGIC = b"TSL1"  # then the payload's SHA-256, then the payload
_HEADER = len(MAGIC) + 32
_unwritable: set[str] = set()  # cache folders already said to be unwritable, once per process


def cache_dir(config_file: str | None) -> Path:
    """The cache folder for the site whose mkdocs.yml is `config_file`."""
    if folder := os.environ.get("TESSELLATE_CACHE"):
        return Path(folder)
    return (Path(config_file).parent if config_file else Path.cwd()) / ".cache" / "tessellate"


def digest(*parts: Any) -> str:
    """A stable hex digest of JSON-able parts; other objects count by their type and repr."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=_stable)
    return hashlib.sha256(text.encode()).hexdigest()


def _stable(value: Any) -> str:
    # An extension instance in markdown_extensions reprs with its address; its class is what matters.
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else f"{type(value).__qualname__}:{text}"


@lru_cache(maxsize=1)
def engine_digest() -> str:
    """The engine's own code and templates (an edited checkout counts) and the libraries' versions.
    By content, not time: a fresh clone of the same engine (a CI run) reuses a cache it restored."""
    return digest(files_digest(ENGINE), [library_version(name) for name in LIBRARIES])


def files_digest(folder: Path) -> str:
    """A digest of every file under `folder`, by name and content."""
    hashed = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        hashed.update(str(path.relative_to(folder)).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return hashed.hexdigest()


def library_version(name: str) -> str:
    """The installed version of the library `name` ("" when it is not installed): part of the keys of what
    it makes."""
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


class Store:
    """The entries of one kind (`name`) under the cache folder `root`; with no root, nothing is kept.

    `remembered`: decoded entries the last build used, held in memory by a process that builds again
    and again (the preview) and read from there, not from disk. Only the last build's, so it stays small."""

    def __init__(self, root: Path | None, name: str, remembered: dict | None = None) -> None:
        self.folder = None if root is None else Path(root) / name
        self.remembered = remembered
        self.used: set[str] = set()
        self.hits = self.misses = 0
        self.started = time.time()

    # Bytes: the verified payload of an entry.

    def read(self, key: str) -> bytes | None:
        """The entry kept under `key`, or None when there is none or it failed its check (then dropped)."""
        if self.folder is None:
            return None
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        payload = data[_HEADER:]
        if data[:len(MAGIC)] != MAGIC or hashlib.sha256(payload).digest() != data[len(MAGIC):_HEADER]:
            log.debug(f"cache: {path} failed its check (damaged or cut short): dropped, and made again")
            with contextlib.suppress(OSError):  # a cache that cannot be written: the entry is only not used
                path.unlink(missing_ok=True)
            self.misses += 1
            return None
        self._touch(path)
        self.used.add(key)
        self.hits += 1
        return payload

    def write(self, key: str, payload: bytes) -> None:
        """Keep `payload` under `key`: written beside, then renamed into place, with its digest."""
        if self.folder is None:
            return
        self.used.add(key)
        try:
            write_whole(self._path(key), MAGIC + hashlib.sha256(payload).digest() + payload)
        except OSError as error:
            self._unwritable(error)

    def has(self, key: str) -> bool:
        """Whether an entry is kept under `key`, to be read later (a prune before then keeps it).
        Not verified until read: a reader of `has` must accept None from `get`."""
        if self.folder is None:
            return False
        if self.remembered is not None and key in self.remembered:
            self.used.add(key)
            return True
        if self._path(key).is_file():
            self.used.add(key)
            self._touch(self._path(key))  # so another build's prune spares it until it is read
            return True
        self.misses += 1
        return False

    def place(self, key: str, target: Path) -> bool:
        """Write the entry kept under `key` as the new file `target` (never a link into the store);
        False, and nothing written, when there is no sound entry."""
        payload = self.read(key)
        if payload is None:
            return False
        write_new(target, payload)
        return True

    # Dicts: JSON, gzipped (a page's HTML shrinks fivefold for a fraction of a millisecond).

    def get(self, key: str) -> dict | None:
        """The dict kept under `key`, from memory or the verified entry; None when there is none."""
        entry = self.remembered.get(key) if self.remembered is not None else None
        if entry is not None:
            self.used.add(key)
            self.hits += 1
            return entry
        payload = self.read(key)
        if payload is None:
            return None
        try:
            entry = json.loads(gzip.decompress(payload))
        except (OSError, EOFError, ValueError):  # sound bytes of another format: an older engine's
            self.misses += 1
            return None
        self._remember(key, entry)
        return entry

    def put(self, key: str, entry: dict) -> None:
        self._remember(key, entry)
        if self.folder is not None:
            self.write(key, gzip.compress(json.dumps(entry, ensure_ascii=False).encode(), compresslevel=1))

    def prune(self) -> None:
        """Drop entries this build did not use, unless another build sharing the folder used them since
        this one began: edited and deleted files leave nothing behind."""
        if self.remembered is not None:
            for key in self.remembered.keys() - self.used:
                del self.remembered[key]
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*"):
            key = path.name.split(".")[0]
            if key in self.used:
                continue
            with contextlib.suppress(OSError):  # removed meanwhile by another build, or not writable
                if path.stat().st_mtime < self.started:
                    path.unlink()

    def _remember(self, key: str, entry: dict) -> None:
        if self.remembered is not None:
            self.remembered[key] = entry

    def _touch(self, path: Path) -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written: only its prune is less exact
            os.utime(path)

    def _unwritable(self, error: OSError) -> None:
        root = str(self.folder.parent)
        if root not in _unwritable:
            _unwritable.add(root)
            why = os.strerror(error.errno) if error.errno else str(error)
            told.warning(f"The cache folder {root} cannot be written ({why.lower()}): this build keeps nothing "
                     f"for the next one, which will take longer. Set TESSELLATE_CACHE to a folder that can be written.")

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key


def write_new(target: Path | str, payload: bytes) -> None:
    """`payload` as the file `target`, a new file: whatever was there (a link, another build's file)
    is replaced, never written through. Tried first as a new file in a folder that exists, which is
    what a build writing into an empty site meets: a system call per file, not three."""
    try:
        stream = open(target, "xb")
    except FileExistsError:
        os.unlink(target)
        stream = open(target, "xb")
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        stream = open(target, "xb")
    with stream:
        stream.write(payload)


def write_whole(path: Path, data: bytes) -> None:
    """`data` as the file `path`, whole or not at all: written to a new temporary file beside it (made
    with O_EXCL, so never through a link planted there), then renamed into place."""
    os.makedirs(path.parent, exist_ok=True)
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.chmod(partial, 0o644)  # mkstemp makes it private; a site's files are read by its web server
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise


def pack(files: dict[str, bytes]) -> bytes:
    """Several files as one entry: a JSON line of names and sizes, then their bytes in order."""
    header = json.dumps([[name, len(data)] for name, data in files.items()]).encode()
    return header + b"\n" + b"".join(files.values())


def unpack(payload: bytes) -> dict[str, bytes] | None:
    """The files `pack` made, or None for bytes it did not make."""
    try:
        end = payload.index(b"\n")
        sizes = json.loads(payload[:end])
        files, at = {}, end + 1
        for name, size in sizes:
            if name.startswith("/") or ".." in name.split("/"):  # placed under a folder, never above it
                return None
            files[str(name)] = payload[at:at + size]
            at += size
        return files if at == len(payload) else None
    except (ValueError, TypeError):
        return None


class TemplateCache(BytecodeCache):
    """Jinja's compiled templates, kept in a store: a damaged entry is compiled again, never run.
    Jinja keys each by the template's name and checks its source, so an edited template compiles anew."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def load_bytecode(self, bucket) -> None:
        if (payload := self.store.read(bucket.key)) is not None:
            bucket.bytecode_from_string(payload)

    def dump_bytecode(self, bucket) -> None:
        self.store.write(bucket.key, bucket.bytecode_to_string())
