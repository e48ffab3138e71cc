"""Pages for the people who run the network, outside the main navigation: the writing guide and coverage."""

from __future__ import annotations

from mkdocs.structure.files import File, Files, InclusionLevel

from ..coverage import coverage_grid, newest_by_organisation
from ..guide import GUIDE_PAGE, TITLE, guide_markdown
from ..model import Catalogue

COVERAGE_PAGE = "coverage/index.md"
COVERAGE_TEMPLATE = "tessellate/coverage.html"


def add_pages(files: Files, config, catalogue: Catalogue) -> None:
    """The guide (Markdown generated from the content model) and the coverage page, unless the site wrote its own."""
    if files.get_file_from_path(GUIDE_PAGE) is None:
        # The guide's own heading gives the page its title.
        files.append(File.generated(config, GUIDE_PAGE, content=guide_markdown(catalogue.site),
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    if files.get_file_from_path(COVERAGE_PAGE) is None:
        page = File.generated(config, COVERAGE_PAGE, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        page.tessellate_title = "Coverage"
        page.tessellate_template = COVERAGE_TEMPLATE
        files.append(page)


def context(catalogue: Catalogue, page) -> dict:
    """What the coverage template needs; nothing for other pages."""
    if getattr(page.file, "tessellate_template", None) != COVERAGE_TEMPLATE:
        return {}
    return {"coverage": coverage_grid(catalogue), "by_organisation": newest_by_organisation(catalogue)}
