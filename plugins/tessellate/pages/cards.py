"""An item's card (title, summary, labels, date) as it appears in every list: rendered once per build.

An item's card shows on its kind's index, each of its topics' pages, the home page, the Related
lists of other items and the data file the filter reads. Rendering the card template once per
appearance (an `{% include %}` per card) made lists cost more the more items a site had; here each
card is rendered once per build, with stand-ins for the two things that differ between the places it
sits: the way from the page to the site's root (`base`, "../" from resources/) and the heading level.
Each appearance swaps them in. The stand-ins start with "<", which autoescaped text never holds, so
only the template's own markup can contain them.

The preview keeps the cards of its last rebuild (`kept`), each under a key that names everything the
card shows (`key`: the item as shown at the time, the templates, the settings), so a save renders
again only the cards of what it changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup

from ..model import Item

TEMPLATE = "tessellate/partials/card.html"
BASE, LEVEL = "<tx-base>", "<tx-level>"


class Cards:
    """Each item's card HTML, and the lists' data files, for one build."""

    def __init__(self, env, labels, per_page: int, kept: dict[str, str] | None = None,
                 key: Callable[[Item], str] | None = None) -> None:
        self._template = env.get_template(TEMPLATE)
        self._labels = labels  # what the card template asks: type, topic and phase labels, live sessions
        self._html: dict[str, str] = {}
        self._data: dict[str, dict[str, str]] = {}  # page (src_uri) -> its files (site path -> text)
        self.per_page = per_page
        self._kept, self._key = kept, key
        self._used: dict[str, str] = {}

    def html(self, item: Item, base: str, level: int = 2) -> Markup:
        """The card of `item` for a page `base` away from the site's root ("", "../", "../../")."""
        if item.source not in self._html:
            self._html[item.source] = self._render(item)
        return Markup(self._html[item.source].replace(BASE, base).replace(LEVEL, str(level)))

    def _render(self, item: Item) -> str:
        key = self._key(item) if self._kept is not None and self._key is not None else None
        card = self._kept.get(key) if key is not None else None
        if card is None:
            # The template autoescapes every value; the result is markup to print as is.
            card = self._template.render(card=item, base=Markup(BASE), level=Markup(LEVEL), t=self._labels).strip()
        if key is not None:
            self._used[key] = card
        return card

    def forget_unused(self) -> None:
        """Keep for the next rebuild only the cards this one showed."""
        if self._kept is not None:
            self._kept.clear()
            self._kept.update(self._used)

    def keep_data(self, page: str, path: str, text: str) -> None:
        """A list's data file (site-relative `path`), made with the page at `page`, written with the site."""
        self._data.setdefault(page, {})[path] = text

    def data_of(self, page: str) -> dict[str, str]:
        """The files made with the page at `page` (kept with it when pages are reused between builds)."""
        return self._data.get(page, {})

    def restore_data(self, page: str, files: dict[str, str]) -> None:
        """The files of a page reused from an earlier build, which were not made again."""
        self._data[page] = dict(files)

    def write_data(self, site_dir: Path) -> None:
        for files in self._data.values():
            for path, text in files.items():
                target = site_dir / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
