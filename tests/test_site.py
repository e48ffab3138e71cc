"""End to end: build the example network and a foreign site, then read the pages back."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin

import pytest
from mkdocs.config import load_config

from tessellate.model import load_catalogue
from tessellate.pages.config import site_from_config

from conftest import BUILD_ENV, FOREIGN_SITE, REPO
from expected import published_items, related
from reading import card_titles, main, nav_links, page, text
from search_index import search_records

NOW = datetime.fromtimestamp(int(BUILD_ENV["SOURCE_DATE_EPOCH"]), timezone.utc)


def catalogue_for(config_file: Path):
    config = load_config(str(config_file))
    plugin = config.plugins["tessellate"]
    return load_catalogue(site_from_config(config, plugin.config), now=NOW)


@pytest.fixture(scope="module")
def example():
    return catalogue_for(REPO / "mkdocs.yml")


@pytest.fixture(scope="module")
def expected():
    """The example's published items, newest first, read from its files without the model."""
    return published_items(REPO / "content", NOW)


@pytest.fixture(scope="module")
def foreign():
    return catalogue_for(FOREIGN_SITE / "mkdocs.yml")


def test_example_content_is_a_realistic_network(example):
    kinds = [item.kind for item in example.items]
    assert kinds.count("resources") >= 12 and kinds.count("cpd") >= 6 and kinds.count("stories") >= 6
    assert not example.problems, "\n".join(map(str, example.problems))
    assert {t for item in example.items for t in item.topics} == set(example.site.taxonomy.topics)
    assert {p for item in example.of_kind("resources") for p in item.phases} == set(example.site.taxonomy.phases)


def test_every_item_has_a_page_at_its_path(example_site, example):
    for item in example.items:
        tree = page(example_site, item.url)
        assert text(main(tree).cssselect("h1")[0]) == item.title
        assert item.url == item.source[:-3] + "/"


def test_hidden_files_appear_nowhere(example_site, example):
    assert example.hidden, "the example should show a draft and a _template"
    everything = "".join(p.read_text(errors="ignore") for p in example_site.rglob("*") if p.is_file()
                         and p.suffix in (".html", ".xml", ".json", ".atom"))
    for source in example.hidden:
        url = source[:-3] + "/" if source.endswith(".md") else source
        assert not (example_site / url).exists(), source
        assert url not in everything, f"{url} is linked or listed somewhere"


def test_item_page_shows_its_metadata(example_site, example):
    resource = next(i for i in example.of_kind("resources") if i.downloads and i.updated and i.authors)
    article = main(page(example_site, resource.url))
    panel = text(article.cssselect(".tx-meta")[0])
    taxonomy = example.site.taxonomy
    assert taxonomy.resource_types[resource.resource_type] in panel
    for topic in resource.topics:
        link = [a for a in article.cssselect(".tx-meta a") if text(a) == taxonomy.topics[topic]][0]
        assert link.get("href").endswith(f"topics/{topic}/")
    for phase in resource.phases:
        assert taxonomy.phases[phase] in panel
    assert resource.published.strftime("%B %Y") in panel and "Updated" in panel
    for person in resource.authors:
        assert person.name in panel and person.organisation in panel
    assert resource.licence == "CC-BY-4.0"
    deed = article.cssselect('.tx-meta a[rel~="license"]')[0]
    assert (text(deed), deed.get("href")) == ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    downloads = text(article.cssselect(".tx-downloads")[0])
    for download in resource.downloads:
        assert download.label in downloads
        if download.path:
            assert download.format in downloads and re.search(r"\d+(\.\d)? (bytes|KB|MB)", downloads)
            link = [a for a in article.cssselect(".tx-downloads a") if text(a) == download.label][0]
            assert (example_site / resource.url / link.get("href")).resolve().is_file()


def test_licence_defaults_to_the_site_and_can_be_overridden(example_site, example):
    licences = {item.licence for item in example.of_kind("resources")}
    assert example.site.licence in licences and len(licences) > 1


def test_related_items_share_a_topic_newest_first(example_site, expected):
    for item in expected:
        shown = [card_titles(section) for section in main(page(example_site, item.url)).cssselect(".tx-related")]
        assert shown == ([[r.title for r in related(item, expected)]] if related(item, expected) else []), item.url
    assert any(len(related(item, expected)) == 5 for item in expected)


def test_the_example_is_in_the_expected_order(example, expected):
    assert [i.source for i in example.items] == [e.source for e in expected] and len(expected) > 20


def test_section_indexes_list_newest_first(example_site, expected):
    for kind in ("resources", "stories"):
        titles = card_titles(main(page(example_site, f"{kind}/")))
        assert titles == [i.title for i in expected if i.kind == kind]


def test_topic_pages_list_every_kind(example_site, example, expected):
    for topic, label in example.site.taxonomy.topics.items():
        article = main(page(example_site, f"topics/{topic}/"))
        assert text(article.cssselect("h1")[0]) == label
        assert sorted(card_titles(article)) == sorted(i.title for i in expected if topic in i.topics)
    headings = [text(h) for h in main(page(example_site, "topics/number/")).cssselect("h2")]
    assert len(headings) >= 2


def test_cpd_and_story_pages(example_site, example):
    cpd = next(i for i in example.of_kind("cpd") if i.video and i.chapters)
    article = main(page(example_site, cpd.url))
    assert article.cssselect(f'a[href="{cpd.video.url}"]')
    assert f"{cpd.duration // 60}:{cpd.duration % 60:02d}" in text(article)
    chapters = [text(li) for li in article.cssselect(".tx-chapters li")]
    assert chapters == [f"{c.at // 60}:{c.at % 60:02d} {c.title}" for c in cpd.chapters]
    story = next(i for i in example.of_kind("stories") if i.quote and i.impact)
    article = main(page(example_site, story.url))
    assert story.organisation in text(article.cssselect(".tx-meta")[0])
    assert story.quote.text in text(article.cssselect("blockquote")[0])
    impact = text(article.cssselect(".tx-impact")[0])
    assert all((entry.text or entry.after) in impact for entry in story.impact)


def test_home_shows_featured_first_then_newest_of_each_kind(example_site, expected):
    article = main(page(example_site, ""))
    sections = article.cssselect("section")
    assert text(sections[0].cssselect("h2")[0]) == "Featured"
    assert card_titles(sections[0]) == [i.title for i in expected if i.featured]
    newest = {text(s.cssselect("h2")[0]): card_titles(s) for s in sections[1:]}
    for kind, heading in (("resources", "Newest resources"), ("cpd", "Newest CPD"), ("stories", "Newest success stories")):
        assert newest[heading] == [i.title for i in expected if i.kind == kind][:3]


def test_navigation_holds_sections_not_items(example_site, example):
    item_urls = {item.url for item in example.items}
    for url in ["", "resources/", example.items[0].url]:
        tree = page(example_site, url)
        targets = {urljoin(f"https://site/{url}", link).removeprefix("https://site/") for link in nav_links(tree)}
        assert {"resources/", "cpd/", "stories/", "topics/"} <= targets
        assert not targets & item_urls
    crumbs = page(example_site, example.items[0].url).cssselect(".tx-breadcrumbs a")
    assert [text(a) for a in crumbs] == ["Home", {"resources": "Resources", "cpd": "CPD",
                                                   "stories": "Success stories"}[example.items[0].kind]]


def test_no_third_party_request_at_page_load(example_site):
    for html in example_site.rglob("*.html"):
        tree = page(html.parent, "") if html.name == "index.html" else None
        if tree is None:
            continue
        for element in tree.iter("script", "img", "link", "iframe", "video", "source", "audio"):
            address = element.get("src") or (element.get("href") if element.tag == "link"
                                              and element.get("rel") not in ("canonical", "alternate") else None)
            assert not address or not re.match(r"(https?:)?//", address), f"{html}: {address}"


def test_search_index_has_no_hidden_items(example_site, example):
    locations = {record["url"] for record in search_records(example_site)}
    assert {item.url for item in example.items} <= locations
    assert not {s[:-3] + "/" for s in example.hidden} & locations


def test_a_site_nobody_here_wrote(foreign_site, foreign):
    assert foreign_site.is_dir()
    assert any(item.source.count("/") >= 2 for item in foreign.items), "items in sub-folders"
    for item in foreign.items:
        tree = page(foreign_site, item.url)
        canonical = tree.cssselect('link[rel="canonical"]')[0].get("href")
        assert canonical == f"https://example.net/numeracy/{item.url}"
    expected = published_items(FOREIGN_SITE / "docs", NOW)
    for kind in ("resources", "cpd", "stories"):
        assert card_titles(main(page(foreign_site, f"{kind}/"))) == [i.title for i in expected if i.kind == kind]
    for topic in foreign.site.taxonomy.topics:
        assert (foreign_site / "topics" / topic / "index.html").is_file()
    for source in foreign.hidden:
        assert not (foreign_site / (source[:-3] + "/")).exists()
    assert foreign.of_kind("resources")[0].licence == "CC-BY-SA-4.0"
    deed = main(page(foreign_site, foreign.of_kind("resources")[0].url)).cssselect('a[rel~="license"]')[0]
    assert (text(deed), deed.get("href")) == ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/")
    # No nav in its mkdocs.yml: MkDocs builds one from the files, and items must still stay out of it.
    here = f"https://site/{foreign.items[0].url}"
    targets = {urljoin(here, link).removeprefix("https://site/") for link in nav_links(page(foreign_site, foreign.items[0].url))}
    assert {"resources/", "cpd/", "stories/"} <= targets
    assert not {item.url for item in foreign.items} & targets


def test_embeds_load_only_when_a_reader_asks(example_site, example):
    with_embed = [i for i in example.items if "<iframe" in i.body]
    assert with_embed, "the example should show an embedded activity"
    article = main(page(example_site, with_embed[0].url))
    assert not article.cssselect("iframe")
    holder = article.cssselect(".tx-embed")[0]
    assert holder.get("data-tx-src").startswith("https://www.geogebra.org/")
    assert holder.cssselect("button.tx-embed__load") and holder.cssselect(f'a[href="{holder.get("data-tx-src")}"]')
