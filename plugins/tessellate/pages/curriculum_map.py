"""The curriculum map (curriculum/) and a page per unit (curriculum/<unit>/), from the site's `curriculum:`.

The map shows each stage's units in teaching order with how much each holds, so coordinators see the
gaps and teachers see what is ready for the term. A page the site wrote itself at one of these
addresses keeps its own words, and the engine's list follows them, as on topic pages. Templates get
plain data from here; the items stay model items only so their cards can be drawn."""

from __future__ import annotations

from itertools import groupby

from mkdocs.structure.files import File, Files, InclusionLevel

from ..feeds import all_feeds
from ..model import KINDS, Catalogue, Item, Site, Stage, Unit
from ..model.site import CURRICULUM_PAGE as MAP_PAGE
from ..model.targets import curriculum_pages

MAP_TEMPLATE = "tessellate/curriculum.html"
UNIT_TEMPLATE = "tessellate/unit.html"


def add_pages(files: Files, config, catalogue: Catalogue) -> None:
    """The map and each unit's page when the site has a curriculum; a page the site wrote there is
    kept, and given the template."""
    site = catalogue.site
    units = _units_by_page(site)
    for src_uri in curriculum_pages(site):
        template = MAP_TEMPLATE if src_uri == MAP_PAGE else UNIT_TEMPLATE
        page = files.get_file_from_path(src_uri)
        if page is None:
            # The map is the site's to place in its nav, as topics/ is; a unit's page is reached from the map.
            inclusion = InclusionLevel.UNDEFINED if src_uri == MAP_PAGE else InclusionLevel.NOT_IN_NAV
            page = File.generated(config, src_uri, content="", inclusion=inclusion)
            page.tessellate_title = "Curriculum" if src_uri == MAP_PAGE else units[src_uri].label
            files.append(page)
        page.tessellate_template = template


def unit_pages(site: Site) -> set[str]:
    """The sources of the units' pages, which stay out of the navigation."""
    return set(curriculum_pages(site)) - {MAP_PAGE}


def context(catalogue: Catalogue, page) -> dict:
    """What the map or a unit's template needs; nothing for other pages."""
    template = getattr(page.file, "tessellate_template", None)
    if template == MAP_TEMPLATE:
        return {"curriculum": [_stage_row(catalogue, stage) for stage in catalogue.site.curriculum]}
    if template == UNIT_TEMPLATE:
        return {"unit": unit_view(catalogue, _units_by_page(catalogue.site)[page.file.src_uri])}
    return {}


def _stage_row(catalogue: Catalogue, stage: Stage) -> dict:
    units = [_unit_row(catalogue, unit, number) for number, unit in enumerate(stage.units, 1)]
    return {"id": stage.id, "title": stage.title, "units": units, "gaps": sum(unit["gap"] for unit in units)}


def _unit_row(catalogue: Catalogue, unit: Unit, number: int) -> dict:
    items = catalogue.in_unit(unit.id)
    counts = [{"kind": kind.id, "label": kind.section, "count": sum(item.kind == kind.id for item in items)}
              for kind in KINDS.values() if kind.counted]
    return {"id": unit.id, "title": unit.title, "number": number, "term": term_label(unit.term),
            "href": catalogue.site.unit_url(unit.id), "counts": counts, "gap": not any(c["count"] for c in counts)}


def unit_view(catalogue: Catalogue, unit: Unit) -> dict:
    """A unit's page: where it sits, its items grouped by step, its neighbours in the stage and its feeds."""
    site = catalogue.site
    stage = next(stage for stage in site.curriculum if stage.id == unit.stage)
    place = stage.units.index(unit)
    before = stage.units[place - 1] if place > 0 else None
    after = stage.units[place + 1] if place + 1 < len(stage.units) else None
    return {"id": unit.id, "label": unit.label, "title": unit.title, "stage": stage.title,
            "term": term_label(unit.term), "number": place + 1, "of": len(stage.units),
            "steps": steps(catalogue.in_unit(unit.id)), "prev": _neighbour(site, before),
            "next": _neighbour(site, after), "feed": _feed(catalogue, unit)}


def _neighbour(site: Site, unit: Unit | None) -> dict | None:
    return {"title": unit.title, "href": site.unit_url(unit.id)} if unit is not None else None


def _feed(catalogue: Catalogue, unit: Unit) -> dict | None:
    """The addresses of the unit's feeds; None when the site has none (no site_url)."""
    for feed in all_feeds(catalogue):
        if feed.folder + "index.md" == catalogue.site.unit_page(unit.id):
            return {"label": feed.label, "rss": feed.rss_url, "atom": feed.atom_url, "json": feed.json_url}
    return None


def steps(items: list[Item]) -> list[dict]:
    """Items in teaching order, grouped by step ("Step 2"); those with none last, as "Any time in the unit"."""
    return [{"step": step, "heading": "Any time in the unit" if step is None else f"Step {step}", "items": list(group)}
            for step, group in groupby(items, key=lambda item: item.step)]


def term_label(term: str) -> str:
    """A term as a table shows it: "autumn" as "Autumn"; "" when the unit names none."""
    return term[:1].upper() + term[1:]


def _units_by_page(site: Site) -> dict[str, Unit]:
    return {site.unit_page(unit.id): unit for unit in site.units.values()}
