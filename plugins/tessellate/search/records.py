"""What Pagefind reads for each page: a small HTML document made for the index, not the built page.

Made rather than read back from `site/`: only the text worth finding goes in (no menus, cards of
other items or share links), each formula stands as its LaTeX and its spoken words (MathML would
index as `x2+5x+6`), and an item carries its kind, topics, phases and curriculum units as words, so
"ks3", "Key Stage 3", "algebra" and "Proportional reasoning" find it. Metadata sits outside the
indexed body: the result shows it, a search does not match it a second time."""

from __future__ import annotations

import re
from html import escape

from .. import maths
from ..maths.search import searchable
from ..model import KIND_LABELS, Item, Site

# Between labels in the `labels` metadata; search.js splits on it to show each as a tag.
LABEL_SEPARATOR = " · "
# A heading's permalink (its "¶") and any element's id: a result links to its page, never to a
# section, so Pagefind need not keep each page's anchors in the text a result downloads.
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')
_ID = re.compile(r'(<[a-zA-Z][^>]*?)\sid="[^"]*"')


def item_labels(item: Item, site: Site) -> list[str]:
    """The labels a result shows: the item's topics, then its phases, by the names readers see."""
    taxonomy = site.taxonomy
    return ([taxonomy.topics.get(t, t) for t in item.topics] + [taxonomy.phases.get(p, p) for p in item.phases])


def item_words(item: Item, site: Site) -> list[str]:
    """Words that find the item beyond its text: its kind, and each topic, phase, resource type and
    curriculum unit by label ("Year 9 · Proportional reasoning") and by id."""
    taxonomy = site.taxonomy
    words = [KIND_LABELS[item.kind]]
    for ids, labels in ((item.topics, taxonomy.topics), (item.phases, taxonomy.phases),
                        ((getattr(item, "resource_type", ""),), taxonomy.resource_types),
                        (item.units, site.choices("units"))):
        for key in filter(None, ids):
            words += [labels.get(key, key), key]
    if where := getattr(item, "where", ""):  # an event is found by its place
        words.append(where)
    return words


def item_record(item: Item, body_html: str, site: Site, language: str) -> str:
    """The document Pagefind indexes for `item`, whose rendered body is `body_html`."""
    title, summary = maths.plain_text(item.title), maths.plain_text(item.summary)
    meta = {"title": title, "kind": KIND_LABELS[item.kind], "summary": summary,
            "labels": LABEL_SEPARATOR.join(item_labels(item, site))}
    body = (f"<h1>{escape(title)}</h1>\n<p>{escape(summary)}</p>\n"
            f"<p data-pagefind-weight=\"3\">{escape(' '.join(item_words(item, site)))}</p>\n"
            f"{_without_anchors(searchable(body_html))}")
    return _document(language, meta, body)


def page_record(title: str, content_html: str, language: str) -> str:
    """The document Pagefind indexes for a page the network wrote (about, join...)."""
    return _document(language, {"title": title}, _without_anchors(searchable(content_html)))


def _without_anchors(html: str) -> str:
    return _ID.sub(r"\1", _PERMALINK.sub("", html))


def _document(language: str, meta: dict[str, str], body: str) -> str:
    fields = "".join(f'<span data-pagefind-meta="{key}">{escape(value)}</span>\n' for key, value in meta.items() if value)
    return (f'<!doctype html>\n<html lang="{escape(language)}"><head><meta charset="utf-8"></head><body>\n'
            f"{fields}<main data-pagefind-body>\n{body}\n</main>\n</body></html>\n")
