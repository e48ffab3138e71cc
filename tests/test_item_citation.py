"""Item pages say where an item sits in the curriculum, how to cite it, how to post it to a class, and
what it is in structured data: on the example network, and on a small network served from a sub-path
whose titles, names and settings are hostile text. Everything is read back from the built pages."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from conftest import BUILD_ENV, REPO, run_build, write_site
from expected import published_items
from reading import main, page, text

NOW = datetime.fromtimestamp(int(BUILD_ENV["SOURCE_DATE_EPOCH"]), timezone.utc)
ZONE = ZoneInfo("Europe/London")  # the example network's
EXAMPLE_URL = "https://maths.example.org/"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "http://purl.org/dc/elements/1.1/"

# The small network: served from a sub-path, its name, titles and people's names written to break
# out of HTML, attributes and JSON-LD if anything along the way is unescaped.
SUB_URL = "https://example.org/maths/"
NETWORK = 'Maths & "Friends" </script><script>alert(1)</script>'
TITLE = '</script><script>alert(1)</script> "Quotes" & ampersands'
AUTHORS = ("O'Brien & \"Sons\" </script><script>alert(2)</script>", "Ada Lovelace", "Bo")
UNIT_TITLE = 'Ratio & "proportion" </script>'


def q(value: str) -> str:
    return json.dumps(value)  # a YAML double-quoted scalar


SUB_CONFIG = f"""\
site_name: {q(NETWORK)}
site_url: {SUB_URL}
theme: {{name: material}}
plugins:
  - search
  - tessellate:
      licence: CC-BY-SA-4.0
      taxonomy:
        topics: {{number: Number, ratio: Ratio}}
        phases: {{ks3: Key Stage 3, ks4: Key Stage 4}}
        resource_types: {{lesson: Lesson}}
      curriculum:
        - id: y9
          title: Year 9
          units:
            - {{id: y9-ratio, title: {q(UNIT_TITLE)}}}
            - {{id: y9-data, title: Data}}
"""
SUB_FILES = {
    "index.md": "# Home\n",
    "resources/r.md": f"""---
title: {q(TITLE)}
summary: A resource with hostile text.
date: 2026-03-04
topics: [ratio, number]
phases: [ks3, ks4]
resource_type: lesson
units: [y9-ratio, y9-data]
step: 2
reviewed: 2026-09-01
licence: CC-BY-NC-4.0
authors:
  - {{name: {q(AUTHORS[0])}, organisation: Trenvallow}}
  - {q(AUTHORS[1])}
  - {q(AUTHORS[2])}
---

Body.
""",
    "cpd/c.md": """---
title: "Why do ratios confuse?"
summary: A CPD session that names no presenter.
date: 2026-05-06
topics: [ratio]
units: [y9-ratio]
video: https://www.youtube.com/watch?v=abcdefghijk
duration: "5:00"
---

Body.
""",
    "cpd/both.md": """---
title: A session written by one and presented by another
summary: A CPD session that names its authors and its presenters.
date: 2026-05-08
topics: [ratio]
video: https://www.youtube.com/watch?v=abcdefghijk
duration: "5:00"
authors: [Wynn Rider]
presenters: [Priya Shah, Tom Eva]
---

Body.
""",
    "stories/s.md": """---
title: A story in no unit
summary: A story with one author.
date: 2026-06-07
topics: [number]
authors: [Sam Okafor]
organisation: Okewater School
consent: true
---

Body.
""",
}


@pytest.fixture(scope="module")
def sub_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("citation")
    config = write_site(root, SUB_CONFIG, SUB_FILES)
    result = run_build("build", "-f", str(config), "-d", str(root / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "out"


def citation(tree) -> str:
    return main(tree).cssselect("#tx-citation")[0].text_content()


def meta_tags(tree) -> list[tuple[str, str]]:
    return [(m.get("name"), m.get("content")) for m in tree.cssselect('head meta[name^="citation_"]')]


def json_ld(tree) -> dict:
    scripts = tree.cssselect('script[type="application/ld+json"]')
    assert len(scripts) == 1 and "<" not in scripts[0].text
    return json.loads(scripts[0].text)


def units_shown(tree, url: str) -> list[tuple[str, str]]:
    """The units the page's facts name, each with the site-relative address it links to."""
    rows = [row for row in main(tree).cssselect("dl.tx-meta > div") if text(row.cssselect("dt")[0]) in ("Unit", "Units")]
    if not rows:
        return []
    return [(text(a), urljoin(f"https://site/{url}", a.get("href")).removeprefix("https://site/"))
            for a in rows[0].cssselect("dd a")]


# The example network, built by the command line.

@pytest.mark.parametrize("url, units", [
    ("resources/recipe-scaling-proportion/", [("Year 9 · Proportional reasoning, step 1", "curriculum/y9-proportion/")]),
    ("cpd/bar-models-for-ratio/", [("Year 9 · Proportional reasoning, step 2", "curriculum/y9-proportion/")]),
    ("stories/okewater-rainfall-project/", [("Year 9 · Collecting and representing data", "curriculum/y9-data/")]),
    ("resources/number/fractions-number-line/", []),
])
def test_an_item_page_names_its_units_with_their_step_and_links_them(example_site, url, units):
    assert units_shown(page(example_site, url), url) == units
    for _, address in units:
        assert (example_site / address / "index.html").is_file(), f"{address} is a page of the site"


def test_a_card_names_its_units_and_links_them(example_site):
    cards = main(page(example_site, "resources/")).cssselect(".tx-card")
    card = next(c for c in cards if c.cssselect('.tx-card__title a[href$="recipe-scaling-proportion/"]'))
    units = card.cssselect(".tx-card__units")[0]
    assert text(units) == "Unit: Year 9 · Proportional reasoning, step 1"
    assert units.cssselect("a")[0].get("href") == "../curriculum/y9-proportion/"
    unstepped = next(c for c in main(page(example_site, "stories/")).cssselect(".tx-card")
                     if c.cssselect('.tx-card__title a[href$="okewater-rainfall-project/"]'))
    assert text(unstepped.cssselect(".tx-card__units")[0]) == "Unit: Year 9 · Collecting and representing data"


def test_last_reviewed_is_shown_where_given(example_site):
    facts = main(page(example_site, "resources/number/fractions-number-line/")).cssselect("dl.tx-meta > div")
    reviewed = [row for row in facts if text(row.cssselect("dt")[0]) == "Last reviewed"]
    assert [text(row.cssselect("dd")[0]) for row in reviewed] == ["1 September 2026"]
    assert reviewed[0].cssselect("time")[0].get("datetime") == "2026-09-01"
    assert "Last reviewed" not in text(main(page(example_site, "resources/recipe-scaling-proportion/")))


@pytest.mark.parametrize("url, expected", [
    ("cpd/bar-models-for-ratio/", "Kerenza Pascoe and Ben Lutey (2026). Bar models, part 2: ratio and proportion. "
     "Tamar and Teign Maths Network. Licence: CC BY 4.0. https://maths.example.org/cpd/bar-models-for-ratio/"),
    ("resources/recipe-scaling-proportion/", "Lucy Chenoweth (2026). Scaling a scone recipe: direct proportion. "
     "Tamar and Teign Maths Network. Licence: CC BY 4.0. https://maths.example.org/resources/recipe-scaling-proportion/"),
])
def test_the_citation_names_who_when_what_where_and_the_licence(example_site, url, expected):
    tree = page(example_site, url)
    assert citation(tree) == expected
    cite = main(tree).cssselect(".tx-cite")[0]
    assert cite.cssselect(f'a[href="{EXAMPLE_URL}{url}"]') and cite.cssselect(f'a[rel~="license"][href="{CC_BY}"]')
    button = cite.cssselect("button.tx-copy__button")[0]
    assert text(button) == "Copy the citation" and button.get("type") == "button"
    assert button.get("data-tx-text") == "tx-citation" and cite.cssselect('[role="status"]')


def test_a_resource_cites_its_own_licence(example_site):
    assert "Licence: CC BY-NC 4.0." in citation(page(example_site, "resources/geometry/angles-in-polygons-tiling/"))


@pytest.mark.parametrize("item", published_items(REPO / "content", NOW), ids=lambda item: item.url)
def test_every_item_page_can_be_cited_and_shared_with_a_class(example_site, item):
    tree = page(example_site, item.url)
    address = EXAMPLE_URL + item.url
    tags = dict(meta_tags(tree))
    published = item.published.astimezone(ZONE)
    assert tags["citation_title"] == item.title
    assert tags["citation_publication_date"] == published.strftime("%Y/%m/%d")
    assert tags["citation_public_url"] == address and "citation_author" in tags
    cited = citation(tree)
    assert f" ({published.year}). {item.title}" in cited and " Tamar and Teign Maths Network. Licence: " in cited
    assert cited.endswith(f". {address}")
    links = [(text(a), a.get("href")) for a in main(tree).cssselect(".tx-class-share a")]
    assert [name for name, _ in links] == ["Share with a class: Google Classroom", "Share with a class: Microsoft Teams"]


def test_a_resource_is_a_learning_resource_in_its_units(example_site):
    data = json_ld(page(example_site, "resources/recipe-scaling-proportion/"))
    assert data["@type"] == "LearningResource" and data["learningResourceType"] == "Lesson"
    assert data["educationalLevel"] == ["Key Stage 3"] and data["about"] == ["Ratio and proportion"]
    assert data["license"] == CC_BY
    assert data["author"] == [{"@type": "Person", "name": "Lucy Chenoweth"}]
    assert [(u["@type"], u["name"], u["url"]) for u in data["isPartOf"]] == [
        ("Course", "Year 9 · Proportional reasoning", EXAMPLE_URL + "curriculum/y9-proportion/")]


@pytest.mark.parametrize("url, unit", [("cpd/bar-models-for-ratio/", "y9-proportion"),
                                       ("stories/okewater-rainfall-project/", "y9-data")])
def test_cpd_and_stories_are_part_of_their_units(example_site, url, unit):
    assert [u["url"] for u in json_ld(page(example_site, url))["isPartOf"]] == [f"{EXAMPLE_URL}curriculum/{unit}/"]


def test_an_item_in_no_unit_is_part_of_none(example_site):
    assert "isPartOf" not in json_ld(page(example_site, "resources/number/fractions-number-line/"))


# The small network on a sub-path, with hostile text.

def test_hostile_citation_reads_as_typed(sub_site):
    tree = page(sub_site, "resources/r/")
    assert citation(tree) == (f"{AUTHORS[0]}, {AUTHORS[1]} and {AUTHORS[2]} (2026). {TITLE}. {NETWORK}. "
                              f"Licence: CC BY-NC 4.0. {SUB_URL}resources/r/")
    assert meta_tags(tree) == [("citation_title", TITLE), *(("citation_author", name) for name in AUTHORS),
                               ("citation_publication_date", "2026/03/04"),
                               ("citation_public_url", SUB_URL + "resources/r/")]
    assert not tree.xpath("//script[contains(., 'alert(')][not(@type='application/ld+json')]")


def test_with_no_one_named_the_network_is_cited_with_the_site_licence(sub_site):
    tree = page(sub_site, "cpd/c/")
    assert citation(tree) == f"{NETWORK} (2026). Why do ratios confuse? {NETWORK}. Licence: CC BY-SA 4.0. {SUB_URL}cpd/c/"
    assert ("citation_author", NETWORK) in meta_tags(tree)
    assert json_ld(tree)["author"] == [{"@type": "Organization", "name": NETWORK, "url": SUB_URL}]


def test_the_page_and_every_feed_credit_the_same_people(sub_site):
    """A CPD session credits its presenters (not whoever wrote its notes) in its citation, its structured
    data and each of its feeds alike: a reader meets one answer to who made it."""
    url, presenters = "cpd/both/", ["Priya Shah", "Tom Eva"]
    tree = page(sub_site, url)
    assert citation(tree).startswith("Priya Shah and Tom Eva (2026).")
    assert [name for key, name in meta_tags(tree) if key == "citation_author"] == presenters
    assert [a["name"] for a in json_ld(tree)["author"]] == presenters
    address = SUB_URL + url
    for folder in ("", "cpd/"):
        rss = etree.fromstring((sub_site / folder / "feed.xml").read_bytes())
        entry = next(e for e in rss.iter("item") if e.findtext("link") == address)
        assert [e.text for e in entry.iter(f"{{{DC}}}creator")] == presenters
        atom = etree.fromstring((sub_site / folder / "feed.atom").read_bytes())
        entry = next(e for e in atom.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id") == address)
        assert [e.findtext(f"{ATOM}name") for e in entry.iter(f"{ATOM}author")] == presenters
        feed = json.loads((sub_site / folder / "feed.json").read_bytes())
        entry = next(e for e in feed["items"] if e["id"] == address)
        assert [a["name"] for a in entry["authors"]] == presenters


@pytest.mark.parametrize("url", ["resources/r/", "cpd/c/", "stories/s/"])
def test_share_links_carry_the_absolute_address_encoded(sub_site, url):
    links = main(page(sub_site, url)).cssselect(".tx-class-share a")
    address = SUB_URL + url
    encoded = address.replace(":", "%3A").replace("/", "%2F")
    expected = [("classroom.google.com", "/share", "url"), ("teams.microsoft.com", "/share", "href")]
    assert len(links) == len(expected)
    for link, (host, path, key) in zip(links, expected):
        href = urlsplit(link.get("href"))
        assert (href.scheme, href.netloc, href.path) == ("https", host, path)
        assert href.query == f"{key}={encoded}" and parse_qs(href.query) == {key: [address]}
        assert link.get("rel") == "noopener" and link.get("target") is None
    # Plain links: nothing from those hosts is fetched or run before a reader follows one.
    tree = page(sub_site, url)
    fetched = [e.get("src") or "" for e in tree.iter() if isinstance(e.tag, str) and e.get("src")]
    assert not [src for src in fetched if "google" in src or "microsoft" in src]


def test_hostile_json_ld_parses_and_names_the_units(sub_site):
    data = json_ld(page(sub_site, "resources/r/"))
    assert data["name"] == TITLE and data["license"] == "https://creativecommons.org/licenses/by-nc/4.0/"
    assert [a["name"] for a in data["author"]] == list(AUTHORS)
    assert data["learningResourceType"] == "Lesson" and data["educationalLevel"] == ["Key Stage 3", "Key Stage 4"]
    assert data["about"] == ["Ratio", "Number"]
    assert [(u["name"], u["url"]) for u in data["isPartOf"]] == [
        (f"Year 9 · {UNIT_TITLE}", SUB_URL + "curriculum/y9-ratio/"), ("Year 9 · Data", SUB_URL + "curriculum/y9-data/")]
    assert "isPartOf" not in json_ld(page(sub_site, "stories/s/"))


def test_units_on_a_sub_path_are_named_with_the_step_and_linked(sub_site):
    assert units_shown(page(sub_site, "resources/r/"), "resources/r/") == [
        (f"Year 9 · {UNIT_TITLE}, step 2", "curriculum/y9-ratio/"), ("Year 9 · Data, step 2", "curriculum/y9-data/")]
    assert units_shown(page(sub_site, "cpd/c/"), "cpd/c/") == [(f"Year 9 · {UNIT_TITLE}", "curriculum/y9-ratio/")]
    assert units_shown(page(sub_site, "stories/s/"), "stories/s/") == []


def test_last_reviewed_on_a_sub_path(sub_site):
    time = main(page(sub_site, "resources/r/")).xpath("//dt[.='Last reviewed']/following-sibling::dd/time")[0]
    assert (time.get("datetime"), text(time)) == ("2026-09-01", "1 September 2026")


def test_the_copy_button_copies_the_citation_from_the_keyboard(example_site):
    """In Chromium: Enter on the focused button puts the citation, as the page shows it, on the clipboard;
    loading the page asked nothing of the platforms the share links lead to."""
    from gates import common
    from test_share_browser import need_browser, settled
    need_browser()
    url = "cpd/bar-models-for-ratio/"
    expected = citation(page(example_site, url))
    with common.serve(example_site) as local, common.browser() as chromium:
        base = common.origin_for(example_site, local)
        context = common.new_context(chromium, local, base, permissions=["clipboard-read", "clipboard-write"])
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        tab = context.new_page()
        assert tab.goto(base + url, wait_until="networkidle").ok
        button = tab.get_by_role("button", name="Copy the citation")
        button.focus()
        tab.keyboard.press("Enter")
        copied = settled(tab, lambda: tab.evaluate("() => navigator.clipboard.readText()"), lambda t: t == expected)
        assert copied == expected
        assert text_of(tab.locator(".tx-cite .tx-copy__status")) == "Copied."
        assert tab.get_by_role("link", name="Share with a class: Google Classroom").count() == 1
        assert not [r for r in requests if "google" in r or "microsoft" in r]
        context.close()


def text_of(locator) -> str:
    return " ".join((locator.text_content() or "").split())
