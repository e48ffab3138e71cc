"""Finished share kits kept between builds, and written into each new site instead of made again.

A kit is seven files per item; on a bank of a thousand items, making them is most of what the kit
costs a rebuild. A kit made from an unchanged item is the same bytes, so its four texts are kept
finished, as one entry of the `kits` store, with the inline scripts its pages' policy allows and the
formulas its email shows as pictures (placed again with the kit: they are the `formulas` store's); its
three cards are the card store's. Placing a kit writes its files from the verified entry: new files, never
links, so an edit to the published site cannot reach the next build (store.py says why)."""

from __future__ import annotations

import json

from ..maths.images import FormulaPictures
from ..maths.tex import Formula
from ..model import Site
from ..store import Store, pack, unpack, write_new
from .cards import SHAPES

TEXTS = ("social.json", "email.html", "email.txt", "index.html")  # a kit, besides its cards
FILES = (*TEXTS, *(shape.file for shape in SHAPES))
_ALLOWED = "allowed.json"  # the inline scripts the kit's pages allow, kept with its texts
_FORMULAS = "formulas.json"  # [TeX, display] of each formula its email shows as a picture


class KeptKits:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.hits = 0

    def place(self, key: str, folder, pictures: FormulaPictures, site: Site) -> list[str] | None:
        """Write the kit kept under `key` into `folder`, and its email's formulas as `pictures`: the scripts
        its pages allow, or None when no sound kit is kept (then nothing is written)."""
        files = unpack(self.store.read(key) or b"")
        if files is None or sorted(files) != sorted((*TEXTS, _ALLOWED, _FORMULAS)):
            return None
        allowed = json.loads(files.pop(_ALLOWED))
        for tex, display in json.loads(files.pop(_FORMULAS)):
            pictures.image(Formula(tex, display), site)  # kept in its own store, or drawn again
        for name, data in files.items():
            write_new(folder / name, data)
        self.hits += 1
        return allowed

    def keep(self, key: str, texts: dict[str, str], allowed: list[str], formulas: list[Formula]) -> None:
        """Keep a kit just made; a kit that cannot be kept only costs the next build time."""
        self.store.write(key, pack({**{name: texts[name].encode() for name in TEXTS},
                                    _ALLOWED: json.dumps(allowed).encode(),
                                    _FORMULAS: json.dumps([[f.tex, f.display] for f in formulas]).encode()}))

    def prune(self) -> None:
        """Drop kits this build did not place or keep."""
        self.store.prune()
