"""What the share kit adds to every built page: Open Graph and Twitter Card tags, and the footer link."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..model import Item, Site
from .email import kit_path
from .kits import INDEX, SITE_CARD


def open_graph(html: str, site: Site, page_url: str, title: str, description: str, item: Item | None) -> str:
    """`html` with og: and twitter: tags in its <head>; unchanged without a site_url (they must be absolute)."""
    if not site.url or "</head>" not in html:
        return html
    image = site.absolute(kit_path(item) + "card.png" if item else SITE_CARD)
    tags = {"og:type": "article" if item else "website", "og:site_name": site.name, "og:title": title,
            "og:description": description, "og:url": site.absolute(page_url), "og:image": image,
            "og:image:width": "1200", "og:image:height": "630", "og:image:alt": title}
    twitter = {"twitter:card": "summary_large_image", "twitter:title": title, "twitter:description": description,
               "twitter:image": image}
    if handle := site.handles.get("x"):
        twitter["twitter:site"] = handle
    meta = "".join(f'<meta property="{key}" content="{escape(value)}">' for key, value in tags.items())
    meta += "".join(f'<meta name="{key}" content="{escape(value)}">' for key, value in twitter.items())
    return html.replace("</head>", meta + "</head>", 1)


def finish_page(html: str, site: Site, page_url: str, title, description, item: Item | None) -> str:
    """Open Graph tags and the footer link for a built page. `title` and `description` may be
    Markup (MkDocs pages' meta is escaped once already), and are read back to text first."""
    if item is not None:
        title, description = item.title, item.summary
    html = open_graph(html, site, page_url, _text(title) or site.name, _text(description), item)
    return footer_link(html, "../" * page_url.count("/"))


def _text(value) -> str:
    if value is None:
        return ""
    return Markup(value).unescape() if isinstance(value, Markup) else str(value)


_FOOTER = '<div class="md-footer-meta__inner md-grid">'


def footer_link(html: str, root: str) -> str:
    """A link to the share kit in the footer, for coordinators: not in the main navigation."""
    link = f'<p class="tx-footer-share"><a href="{escape(root + INDEX)}">Share kit for coordinators</a></p>'
    return html.replace(_FOOTER, _FOOTER + link, 1)
