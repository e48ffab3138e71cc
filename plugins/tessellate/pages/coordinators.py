"""Pages for the people who run the network: the writing guide, coverage and the items due for review.

Linked from the footer, never from the main navigation; being generated, they are out of search too,
and they are kept out of the sitemap (`listed`) and search engines' indexes (`robots`): they are the network's working papers, not its offer."""

from __future__ import annotations

from datetime import datetime

from mkdocs.structure.files import File, Files, InclusionLevel

from ..coverage import coverage_grid, newest_by_organisation
from ..guide import GUIDE_PAGE, guide_markdown
from ..model import Catalogue
from ..review import due_items, review_rows

COVERAGE_PAGE = "coverage/index.md"
COVERAGE_TEMPLATE = "tessellate/coverage.html"
REVIEW_PAGE = "review/index.md"
REVIEW_TEMPLATE = "tessellate/review.html"
_UNLISTED = "tessellate_unlisted"


def add_pages(files: Files, config, catalogue: Catalogue, now: datetime) -> None:
    """The guide (Markdown generated from the content model), the coverage page and the review page (as
    at `now`), unless the site wrote its own."""
    # The guide's own heading gives the page its title.
    _add(files, File.generated(config, GUIDE_PAGE, content=guide_markdown(catalogue.site),
                               inclusion=InclusionLevel.NOT_IN_NAV))
    _add(files, _templated(config, COVERAGE_PAGE, "Coverage", COVERAGE_TEMPLATE))
    review = _add(files, _templated(config, REVIEW_PAGE, "Due for review", REVIEW_TEMPLATE))
    if review is not None:
        # It shows the day and what is due then, which the clock changes as well as the content: a page
        # kept from an earlier build is reused only where it would show the same (pages/reused_pages.py).
        day = now.astimezone(catalogue.site.zone).date().isoformat()
        review.tessellate_shows = [day, *(item.source for item in due_items(catalogue, now))]


def _templated(config, src_uri: str, title: str, template: str) -> File:
    page = File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
    page.tessellate_title, page.tessellate_template = title, template
    return page


def _add(files: Files, page: File) -> File | None:
    """Add the engine's `page`, and keep it out of the sitemap, unless the site has a page of its own there."""
    if files.get_file_from_path(page.src_uri) is not None:
        return None
    setattr(page, _UNLISTED, True)
    files.append(page)
    return page


def robots(file) -> str:
    """What a page's head tells search engines: not to index a coordinators' page, which a link from the
    footer would otherwise bring them to; nothing for any other page."""
    return '<meta name="robots" content="noindex">' if getattr(file, _UNLISTED, False) else ""


def listed(pages) -> list:
    """The sitemap's pages, less the coordinators' ones."""
    return [file for file in pages if not getattr(file, _UNLISTED, False)]


def context(catalogue: Catalogue, page, now: datetime) -> dict:
    """What the coverage and review templates need; nothing for other pages."""
    template = getattr(page.file, "tessellate_template", None)
    if template == COVERAGE_TEMPLATE:
        return {"coverage": coverage_grid(catalogue), "by_organisation": newest_by_organisation(catalogue)}
    if template == REVIEW_TEMPLATE:
        return {"review": {"rows": review_rows(catalogue, now), "months": catalogue.site.review_after_months,
                           "now": now}}
    return {}
