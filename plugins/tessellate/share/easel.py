"""Social cards kept between builds, and drawn on every core when a build has many to draw.

An item's three cards take about 13 ms of CPU (card_png.py), against 8.5 ms for the one card before
the tall ones: four seconds more on a cold build of a thousand items, while a build spends most of
its time laying out pages in one process. So a cold build (many cards missing from the store) starts
drawing them as soon as it knows the items, in worker processes forked for it (one fewer than the
cores: the build's own process has the pages), which keep each card in the store (store.py) as they
go; when the share kit is written, each card is placed from there. A batch no worker has begun by
then is drawn by the build itself, so every core draws to the end. A warm build finds every card
kept and starts nothing. The cache key is a digest of everything drawn (text, colour, shape, fonts,
the drawing code's version), so an edited item gets new cards."""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from PIL import PngImagePlugin  # noqa: F401  loaded before a fork, so no worker imports it

from ..store import Store, write_new
from .card_png import png
from .cards import LANDSCAPE, Card, Shape

log = logging.getLogger("mkdocs.plugins.tessellate")
LEAST = 150  # fewer cards to draw than this: drawn in the build's own process (starting workers costs more)
BATCH = 24  # cards a worker draws per task: few tasks, and the build can take over a batch not begun


class CardCache:
    """Cards kept in `store` by what they show; `drawn` and `reused` count this build's cards."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.drawn = 0
        self.reused = 0
        self._pool: ProcessPoolExecutor | None = None
        self._batches: dict[str, tuple[Future, list[tuple[Card, Shape]]]] = {}  # key -> its batch, being drawn
        self._painted: set[str] = set()  # keys the workers drew for this build

    def start(self, cards: Iterable[tuple[Card, Shape]], workers: int | None = None) -> None:
        """Begin drawing the `cards` the store does not keep, on other cores, when they are many."""
        cores = _cores()
        workers = max(1, cores - 1) if workers is None else workers
        missing = [(card, shape) for card, shape in dict.fromkeys(cards) if not self.store.has(card.key(shape))]
        if self.store.folder is None or cores < 2 or len(missing) < LEAST:
            return
        # Forked: the workers start at once, with the drawing code and fonts already loaded; the
        # build is one thread (the preview, which has more, draws in its own process). The build's
        # objects are frozen out of the workers' garbage collections, which would otherwise walk,
        # and so copy, every page of memory the fork shares: seven seconds of CPU on a thousand items.
        gc.freeze()
        try:
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
            for start in range(0, len(missing), BATCH):
                batch = missing[start:start + BATCH]
                future = self._pool.submit(_paint, str(self.store.folder), batch)
                for card, shape in batch:
                    self._batches[card.key(shape)] = (future, batch)
        finally:
            gc.unfreeze()

    def copy_to(self, card: Card, target: Path, shape: Shape = LANDSCAPE) -> None:
        """Write `card` in `shape` as the file `target`: the kept card if it is sound, else drawn and kept."""
        key = card.key(shape)
        self._wait_for(key)
        if self.store.place(key, target):
            if key in self._painted:  # drawn for this build: counted once, another item showing it reuses it
                self._painted.discard(key)
                self.drawn += 1
            else:
                self.reused += 1
            return
        data = png(card, shape)
        self.store.write(key, data)
        write_new(target, data)
        self.drawn += 1

    def close(self) -> None:
        """Stop the workers; a batch not begun is left undrawn."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._batches.clear()

    def prune(self) -> None:
        """Drop cards no item showed in this build: edited and removed items leave none behind."""
        self.store.prune()

    def _wait_for(self, key: str) -> None:
        if (batch := self._batches.get(key)) is None:
            return
        future, cards = batch
        if future.cancel():  # no worker has begun it: drawn here, rather than waited for
            drawn = _paint(str(self.store.folder), cards)
        else:
            try:
                drawn = future.result()
            except Exception as error:  # a worker that died: its cards are drawn here, one by one
                log.debug(f"social cards: a drawing process failed ({error!r}); drawn in the build instead")
                drawn = []
        self._painted.update(drawn)
        for card, shape in cards:
            self._batches.pop(card.key(shape), None)


def _cores() -> int:
    """The cores this build may use: a CI runner or container pinned to one (taskset, cpuset) still
    reports the machine's count in os.cpu_count, and forking a worker for each would crowd that one."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # macOS and Windows have no affinity
        return os.cpu_count() or 1


def _paint(folder: str, cards: list[tuple[Card, Shape]]) -> list[str]:
    """Draw `cards` into the store at `folder`; the keys kept (none when the store cannot be written)."""
    store = Store(Path(folder).parent, Path(folder).name)
    kept = []
    for card, shape in cards:
        key = card.key(shape)
        store.write(key, png(card, shape))
        if store.folder is not None and (store.folder / key[:2] / key).is_file():
            kept.append(key)
    return kept
