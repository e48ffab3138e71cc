"""Pages the engine adds to a site: an index per kind, a page per topic, and its own assets."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files, InclusionLevel

from ..model import KINDS, SECTION_LABELS, Catalogue
from .listing import page_path, pages

ASSETS = Path(__file__).parent / "assets"
CSS = "assets/tessellate/tessellate.css"
BRAND_CSS = "assets/tessellate/brand.css"
SCRIPT = "assets/tessellate/tessellate.js"
FILTER_SCRIPT = "assets/tessellate/filter.js"

# Which template renders a page, by its source path; item pages are added per item.
SECTION_TEMPLATE = "tessellate/section.html"
TOPIC_TEMPLATE = "tessellate/topic.html"
TOPICS_TEMPLATE = "tessellate/topics.html"
ITEM_TEMPLATE = "tessellate/item.html"
HOME_TEMPLATE = "tessellate/home.html"
SUBSCRIBE_TEMPLATE = "tessellate/subscribe.html"


def add_generated_pages(files: Files, config, catalogue: Catalogue, per_page: int) -> None:
    """Section indexes (with their further pages) and topic pages, unless the site wrote its own."""
    for kind in KINDS:
        _add(files, config, f"{kind}/index.md", SECTION_LABELS[kind], InclusionLevel.UNDEFINED)
        for number in range(2, pages(len(catalogue.of_kind(kind)), per_page) + 1):
            _add(files, config, f"{page_path(kind, number)}index.md", f"{SECTION_LABELS[kind]}, page {number}",
                 InclusionLevel.NOT_IN_NAV)
    _add(files, config, "topics/index.md", "Topics", InclusionLevel.UNDEFINED)
    _add(files, config, "subscribe/index.md", "Subscribe", InclusionLevel.UNDEFINED)
    for topic, label in catalogue.site.taxonomy.topics.items():
        _add(files, config, f"topics/{topic}/index.md", label, InclusionLevel.NOT_IN_NAV)


def add_assets(files: Files, config, brand_colour: str | None) -> None:
    files.append(File.generated(config, CSS, abs_src_path=str(ASSETS / "tessellate.css")))
    files.append(File.generated(config, SCRIPT, abs_src_path=str(ASSETS / "tessellate.js")))
    files.append(File.generated(config, FILTER_SCRIPT, abs_src_path=str(ASSETS / "filter.js")))
    if brand_colour:
        css = (f":root > * {{ --md-primary-fg-color: {brand_colour}; --md-primary-fg-color--light: {brand_colour};"
               f" --md-primary-fg-color--dark: {brand_colour}; --md-accent-fg-color: {brand_colour}; }}\n")
        files.append(File.generated(config, BRAND_CSS, content=css))


def template_for(src_uri: str) -> str | None:
    """The engine template for a generated or section page, if it is one."""
    parts = src_uri.split("/")
    if len(parts) == 2 and parts[0] in KINDS and parts[1] == "index.md":
        return SECTION_TEMPLATE
    if len(parts) == 4 and parts[0] in KINDS and parts[1] == "page" and parts[2].isdigit() and parts[3] == "index.md":
        return SECTION_TEMPLATE
    if src_uri == "subscribe/index.md":
        return SUBSCRIBE_TEMPLATE
    if src_uri == "topics/index.md":
        return TOPICS_TEMPLATE
    if len(parts) == 3 and parts[0] == "topics" and parts[2] == "index.md":
        return TOPIC_TEMPLATE
    return None


def _add(files: Files, config, src_uri: str, title: str, inclusion: InclusionLevel) -> None:
    if files.get_file_from_path(src_uri) is None:
        # Titles come from mkdocs.yml (trusted), but are still escaped where pages print them.
        files.append(File.generated(config, src_uri, content="", inclusion=inclusion))
        files.get_file_from_path(src_uri).tessellate_title = title


def add_files(files: Files, config, contents: dict[str, bytes | Path]) -> None:
    """Files an output makes (site-relative path to bytes, or to the file to copy)."""
    for path, content in contents.items():
        if isinstance(content, Path):
            files.append(File.generated(config, path, abs_src_path=str(content)))
        else:
            files.append(File.generated(config, path, content=content))
