"""Last touches to a rendered page where Material draws something only for pages in its navigation."""

from __future__ import annotations

import re

_EMPTY_SKIP = re.compile(r'(<div data-md-component="skip">)\s*(</div>)')
_FIRST_H1 = re.compile(r'(<article class="md-content__inner[^"]*">.*?<h1)(?![^>]*\sid=)', re.DOTALL)
_TOC_LABEL = re.compile(r'<label class="md-nav__title" for="__toc">(.*?)</label>', re.DOTALL)
SKIP_TARGET = "tx-main-heading"


def add_skip_link(html: str) -> str:
    """Material links "Skip to content" to the first heading of the page's table of contents; pages
    whose heading comes from a template have none, so link to their first <h1>."""
    if not _EMPTY_SKIP.search(html) or not _FIRST_H1.search(html):
        return html
    html = _FIRST_H1.sub(rf'\1 id="{SKIP_TARGET}"', html, count=1)
    return _EMPTY_SKIP.sub(rf'\1<a href="#{SKIP_TARGET}" class="md-skip">Skip to content</a>\2', html, count=1)


def fix_toc_label(html: str) -> str:
    """The table of contents' title is a <label> for the `__toc` checkbox, which Material draws only
    for pages in the navigation (items never are): without the checkbox it is plain text."""
    if 'id="__toc"' in html:
        return html
    return _TOC_LABEL.sub(r'<div class="md-nav__title">\1</div>', html)
