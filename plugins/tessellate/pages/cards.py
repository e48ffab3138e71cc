"""An item's card (title, summary, labels, date) as it appears in every list: rendered once per build.

An item's card shows on its kind's index, each of its topics' pages, the home page and the data file
the filter reads. Rendering the card template once per appearance (an `{% include %}` per card) made
lists cost more the more items a site had; here each card is rendered once per build for each place
it can sit (how far that page is from the site's root, and the heading level), then reused. The
addresses in a card are relative to the site's root through `base` ("../" from resources/), so one
rendering serves every page at the same depth."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ..model import Item

TEMPLATE = "tessellate/partials/card.html"


class Cards:
    """Card HTML by (item, base, heading level), and the lists' data files, for one build."""

    def __init__(self, env, labels, per_page: int) -> None:
        self._template = env.get_template(TEMPLATE)
        self._labels = labels  # what the card template asks: type, topic and phase labels, live sessions
        self._html: dict[tuple[str, str, int], Markup] = {}
        self._data: dict[str, str] = {}
        self.per_page = per_page

    def html(self, item: Item, base: str, level: int = 2) -> Markup:
        """The card of `item` for a page `base` away from the site's root ("", "../", "../../")."""
        key = (item.source, base, level)
        if key not in self._html:
            # The template autoescapes every value; the result is markup to print as is.
            self._html[key] = Markup(self._template.render(card=item, base=base, level=level, t=self._labels).strip())
        return self._html[key]

    def keep_data(self, path: str, text: str) -> None:
        """A list's data file (site-relative `path`), written with the site."""
        self._data[path] = text

    def write_data(self, site_dir: Path) -> None:
        for path, text in self._data.items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
