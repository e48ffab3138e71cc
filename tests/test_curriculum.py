"""The curriculum map (curriculum/) and each unit's page (curriculum/<unit>/), as a reader sees them.

Checked on the example network and on a small site of two stages written here, both built with the
real command line. What each page should show is worked out from mkdocs.yml and the content files
(tests/expected.py), never from the model that made the pages."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from lxml import etree

from conftest import BUILD_ENV, REPO, run_build, write_site
from expected import KINDS, Expected, published_items
from gates import common
from reading import card_titles, main, nav_links, page, text

NOW = datetime.fromtimestamp(int(BUILD_ENV["SOURCE_DATE_EPOCH"]), timezone.utc)
ATOM = "{http://www.w3.org/2005/Atom}"

SMALL_CONFIG = """site_name: Small Network
site_url: https://small.example.org/
docs_dir: docs
theme:
  name: material
plugins:
  - tessellate:
      taxonomy:
        topics: {number: Number, algebra: Algebra}
        phases: {ks3: Key Stage 3}
        resource_types: {lesson: Lesson}
      curriculum:
        - id: y7
          title: Year 7
          units:
            - {id: y7-place-value, title: Place value, term: autumn}
            - {id: y7-fractions, title: Fractions, term: spring}
            - {id: y7-algebra, title: "First algebra: <b>x</b> & \\"y\\""}
        - id: y8
          title: Year 8
          units:
            - {id: y8-ratio, title: Ratio, term: autumn}
            - {id: y8-equations, title: Equations, term: summer}
"""


def item(title: str, date: str, units: str, kind: str = "resources", extra: str = "") -> str:
    fields = {"resources": "resource_type: lesson\n", "stories": "organisation: Moorside School\n",
              "cpd": 'video: https://vimeo.com/905123456\nduration: "5:10"\n'}[kind]
    return (f"---\ntitle: \"{title}\"\nsummary: About {title}.\ndate: {date}\ntopics: [number]\nphases: [ks3]\n"
            f"units: [{units}]\n{extra}{fields}---\n\nThe body of {title}.\n"
            + ("\n## Transcript\n\nWhat the presenter says.\n" if kind == "cpd" else ""))


# Place value: two stepped resources (step 1 the newer), a stepped CPD it shares with Year 8's ratio,
# and two without a step (the older first). Fractions holds only what is withheld: a draft, an item
# dated after the build and a _-named file, so it is a gap. Equations holds nothing at all.
SMALL_DOCS = {
    "index.md": "# Small Network\n\nSee [the curriculum](curriculum/index.md) and "
                "[fractions](curriculum/y7-fractions/index.md).\n",
    "curriculum/index.md": "# Curriculum\n\nOur scheme of work, as agreed by the partner schools.\n",
    "resources/place-value-grids.md": item("Place value grids", "2026-03-01", "y7-place-value", extra="step: 2\n"),
    "resources/counting-in-tens.md": item("Counting in tens", "2026-05-01", "y7-place-value", extra="step: 1\n"),
    "cpd/place-value-counters.md": item("Place value counters", "2026-04-20", "y7-place-value, y8-ratio", "cpd",
                                        "step: 3\n"),
    "stories/moorside-place-value.md": item("Place value at Moorside", "2026-02-01", "y7-place-value", "stories"),
    "resources/rounding-puzzles.md": item("Rounding puzzles", "2026-04-01", "y7-place-value"),
    "resources/fraction-walls.md": item("Fraction walls, not ready", "2026-06-01", "y7-fractions",
                                        extra="step: 1\ndraft: true\n"),
    "resources/fractions-next-year.md": item("Fractions from next year", "2027-01-10", "y7-fractions"),
    "resources/_fraction-notes.md": item("Fraction notes for the team", "2026-06-02", "y7-fractions"),
    "resources/balance-puzzles.md": item("Balance puzzles", "2026-07-01", "y7-algebra", extra="step: 1\n"),
}


@pytest.fixture(scope="session")
def small_config(tmp_path_factory) -> Path:
    return write_site(tmp_path_factory.mktemp("curriculum-small"), SMALL_CONFIG, SMALL_DOCS)


@pytest.fixture(scope="session")
def small_site(small_config) -> Path:
    out = small_config.parent / "site"
    result = run_build("build", "-f", str(small_config), "-d", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(params=["example", "small"])
def built(request) -> tuple[Path, Path]:
    """(mkdocs.yml, built site) of each site the tests read."""
    if request.param == "example":
        return REPO / "mkdocs.yml", request.getfixturevalue("example_site")
    return request.getfixturevalue("small_config"), request.getfixturevalue("small_site")


# -- What the content files say each page should show

def settings(config: Path) -> dict:
    return yaml.safe_load(config.read_text(encoding="utf-8"))


def stages(config: Path) -> list[dict]:
    """The `curriculum:` of a site's mkdocs.yml, as written."""
    plugin = next(p["tessellate"] for p in settings(config)["plugins"] if isinstance(p, dict) and "tessellate" in p)
    return plugin["curriculum"]


def published(config: Path) -> list[Expected]:
    return published_items(config.parent / settings(config)["docs_dir"], NOW)


def in_teaching_order(items: list[Expected], unit: str) -> list[Expected]:
    """A unit's items by step; those without one after them, oldest first."""
    return sorted((i for i in items if unit in i.units),
                  key=lambda i: (i.step is None, i.step or 0, i.published, i.source))


def withheld(config: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """(source, title, units) of every item file naming a unit that the site must not publish."""
    docs = config.parent / settings(config)["docs_dir"]
    shown = {i.source for i in published(config)}
    found = []
    for kind in KINDS:
        for path in sorted((docs / kind).rglob("*.md")):
            fields = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
            source = path.relative_to(docs).as_posix()
            if fields.get("units") and source not in shown and not path.name == "index.md":
                found.append((source, fields["title"], tuple(fields["units"])))
    return found


def unit_url(unit: str) -> str:
    return f"curriculum/{unit}/"


# -- The map

def map_rows(site: Path) -> list[tuple[str, list]]:
    """(stage heading, its table's body rows) in page order."""
    content = main(page(site, "curriculum"))
    return [(text(section.cssselect("h2")[0]), section.cssselect("tbody tr"))
            for section in content.cssselect("section.tx-curriculum__stage")]


def test_the_map_lists_every_unit_in_teaching_order_with_its_counts(built):
    config, site = built
    items = published(config)
    shown = map_rows(site)
    assert [heading for heading, _ in shown] == [stage["title"] for stage in stages(config)]
    for stage, (_, rows) in zip(stages(config), shown):
        assert len(rows) == len(stage["units"])
        for number, (unit, row) in enumerate(zip(stage["units"], rows), 1):
            cells = row.cssselect("td, th")
            link = row.cssselect("th a")[0]
            assert text(cells[0]) == str(number)
            assert text(link) == unit["title"]
            assert urljoin("curriculum/", link.get("href")) == unit_url(unit["id"])
            assert text(cells[2]) == (unit.get("term", "").capitalize() or "Not given")
            # Events are occasions, not teaching material: the map counts the other kinds.
            expected = [sum(1 for i in items if unit["id"] in i.units and i.kind == kind) for kind in KINDS if kind != "events"]
            assert [int(text(cell)) for cell in cells[3:]] == expected, unit["id"]
            # A gap is said in words, not marked by colour alone.
            assert ("Gap" in text(cells[1])) == (sum(expected) == 0), unit["id"]


def test_the_map_heads_its_columns_by_kind(built):
    _, site = built
    for _, rows in map_rows(site):
        table = rows[0].getparent().getparent()
        assert [text(th) for th in table.cssselect("thead th")] == [
            "Order", "Unit", "Term", "Resources", "CPD", "Success stories"]


def test_both_sites_have_a_gap_to_show(built):
    """The gap checks above would pass on a site with none; each site here has one."""
    config, _ = built
    items = published(config)
    assert any(not in_teaching_order(items, unit["id"]) for stage in stages(config) for unit in stage["units"])


def test_the_map_is_in_the_navigation_and_the_units_are_not(built):
    config, site = built
    links = {urljoin("", href) for href in nav_links(page(site, ""))}
    assert "curriculum/" in links
    units = {unit_url(unit["id"]) for stage in stages(config) for unit in stage["units"]}
    assert not links & units
    assert "curriculum/" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_page_the_site_wrote_keeps_its_words_above_the_map(small_site):
    content = main(page(small_site, "curriculum"))
    assert "Our scheme of work, as agreed by the partner schools." in text(content)
    assert [text(h1) for h1 in content.cssselect("h1")] == ["Curriculum"]  # its own heading, not a second
    assert len(content.cssselect("section.tx-curriculum__stage")) == 2


def test_unit_titles_are_text(small_site):
    """A title from mkdocs.yml is printed as text on the map, its page and its neighbours' links."""
    title = 'First algebra: <b>x</b> & "y"'
    assert title in [text(a) for a in main(page(small_site, "curriculum")).cssselect("th a")]
    unit = page(small_site, unit_url("y7-algebra"))
    assert text(main(unit).cssselect("h1")[0]) == f"Year 7 · {title}"
    assert not main(unit).cssselect("h1 b")
    assert text(main(page(small_site, unit_url("y7-fractions"))).cssselect('a[rel="next"]')[0]) == f"Next unit: {title}"


# -- Each unit's page

def units_of(config: Path) -> list[tuple[dict, dict, int]]:
    """(stage, unit, place in the stage from 0) for every unit, in teaching order."""
    return [(stage, unit, n) for stage in stages(config) for n, unit in enumerate(stage["units"])]


def test_a_unit_page_lists_exactly_its_published_items_in_teaching_order(built):
    config, site = built
    items = published(config)
    for stage, unit, n in units_of(config):
        tree = page(site, unit_url(unit["id"]))
        content = main(tree)
        assert text(content.cssselect("h1")[0]) == f"{stage['title']} · {unit['title']}"
        where = text(content.cssselect(".tx-unit__where")[0])
        assert where.startswith(f"{stage['title']}, unit {n + 1} of {len(stage['units'])}")
        assert ("Term: " + unit["term"].capitalize() in where) if unit.get("term") else "Term" not in where
        expected = in_teaching_order(items, unit["id"])
        assert card_titles(content) == [i.title for i in expected], unit["id"]
        hrefs = [urljoin(unit_url(unit["id"]), a.get("href")) for a in content.cssselect(".tx-card__title a")]
        assert hrefs == [i.url for i in expected]
        # Each step is named above its cards; items without one come last, under a heading of their own.
        headings = [text(h) for h in content.cssselect(".tx-unit__step > h3")]
        steps = list(dict.fromkeys("Any time in the unit" if i.step is None else f"Step {i.step}" for i in expected))
        assert headings == steps
        if not expected:
            assert "Gap: nothing has been published for this unit yet" in text(content)
            assert not content.cssselect(".tx-card")
        else:
            assert "Gap" not in text(content.cssselect("h1")[0].getparent())


def test_a_unit_links_to_the_units_before_and_after_it_in_its_stage(built):
    config, site = built
    for stage, unit, n in units_of(config):
        content = main(page(site, unit_url(unit["id"])))
        for rel, other, words in (("prev", n - 1, "Previous unit"), ("next", n + 1, "Next unit")):
            links = content.cssselect(f'a[rel="{rel}"]')
            if 0 <= other < len(stage["units"]):
                neighbour = stage["units"][other]
                assert [text(a) for a in links] == [f"{words}: {neighbour['title']}"]
                assert urljoin(unit_url(unit["id"]), links[0].get("href")) == unit_url(neighbour["id"])
            else:  # a stage's first unit has none before it, its last none after: never the other stage's
                assert links == []


def test_a_unit_page_is_reached_from_the_map_and_leads_back(built):
    config, site = built
    for _, unit, _ in units_of(config):
        crumbs = main(page(site, unit_url(unit["id"]))).cssselect(".tx-breadcrumbs a")
        assert [text(a) for a in crumbs] == ["Home", "Curriculum"]
        assert urljoin(unit_url(unit["id"]), crumbs[1].get("href")) == "curriculum/"


def feed_links(site: Path, unit: str) -> list[str]:
    """The addresses of every entry of a unit's RSS and Atom feeds."""
    folder = site / "curriculum" / unit
    rss = etree.parse(str(folder / "feed.xml"))
    atom = etree.parse(str(folder / "feed.atom"))
    return sorted([link.text for link in rss.iter("link") if link.getparent().tag == "item"]) + sorted(
        link.get("href") for entry in atom.iter(f"{ATOM}entry") for link in entry.iter(f"{ATOM}link")
        if link.get("rel", "alternate") == "alternate")


def test_a_unit_page_offers_and_advertises_its_feeds(built):
    config, site = built
    own = settings(config)["site_url"]
    items = published(config)
    for _, unit, _ in units_of(config):
        folder = own + unit_url(unit["id"])
        tree = page(site, unit_url(unit["id"]))
        head = {(link.get("type"), link.get("href")) for link in tree.cssselect('head link[rel="alternate"]')}
        assert {("application/rss+xml", folder + "feed.xml"), ("application/atom+xml", folder + "feed.atom")} <= head
        offered = {a.get("href") for a in main(tree).cssselect("#follow-this-unit + p a[type]")}
        assert offered == {folder + "feed.xml", folder + "feed.atom", folder + "feed.json"}
        expected = sorted(own + i.url for i in items if unit["id"] in i.units)
        assert feed_links(site, unit["id"]) == expected + expected, unit["id"]


def test_what_a_site_withholds_never_shows_for_its_unit(built):
    """Drafts, items dated after the build and _-named files that name a unit: not counted on the map,
    not on the unit's page, not in its feeds, and no page of their own."""
    config, site = built
    hidden = withheld(config)
    assert hidden, "each site here withholds an item placed in a unit"
    map_text = text(main(page(site, "curriculum")))
    for source, title, units in hidden:
        assert title not in map_text
        assert not (site / source[:-3] / "index.html").exists()
        for unit in units:
            content = main(page(site, unit_url(unit)))
            assert title not in text(content), (source, unit)
            feeds = [p for p in (site / "curriculum" / unit).glob("feed.*")]
            assert feeds and not [p.name for p in feeds if title in p.read_text(encoding="utf-8")], (source, unit)


def test_the_example_draft_is_placed_in_a_unit(example_site):
    """The example network keeps a draft in y9-data, so the test above is about something."""
    hidden = withheld(REPO / "mkdocs.yml")
    assert ("resources/statistics/cumulative-frequency-box-plots.md", "From cumulative frequency to box plots",
            ("y9-data",)) in hidden


def test_check_knows_the_curriculum_pages(small_config):
    """A link to the map or a unit's page, or a nav entry naming the map, is no broken link to `check`."""
    for config in (small_config, REPO / "mkdocs.yml"):
        result = run_build("check", "--strict", "-f", str(config))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "curriculum" not in result.stdout + result.stderr


def test_a_site_without_a_curriculum_has_no_map(foreign_site):
    assert not (foreign_site / "curriculum").exists()


# -- Printing

def test_the_map_prints_one_stage_to_a_sheet_of_a4(built):
    config, site = built
    missing = common.missing_tools("chromium", "playwright")
    if missing:
        pytest.skip(f"browser tools missing: {', '.join(missing)}")
    with common.serve(site) as local, common.browser() as chromium:
        context = common.new_context(chromium, local)
        tab = context.new_page()
        tab.goto(local + "curriculum/")
        tab.emulate_media(media="print")
        hidden = tab.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.md-tabs']
            .map(s => document.querySelector(s)).filter(e => e && getComputedStyle(e).display !== 'none').length""")
        assert hidden == 0, "the site's header, navigation and footer are left off the printed map"
        pdf = tab.pdf(prefer_css_page_size=True, print_background=False)
        context.close()
    sheets = re.findall(rb"/Type\s*/Page\b(?!s)", pdf)
    assert len(sheets) == len(stages(config))
    sizes = {tuple(round(float(n)) for n in box.split()[2:]) for box in re.findall(rb"/MediaBox\s*\[([^\]]+)\]", pdf)}
    assert sizes == {(595, 842)}, sizes  # A4 in points
