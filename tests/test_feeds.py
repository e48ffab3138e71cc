"""Feeds: build sites with the real command line, then read every feed back as readers and validators do."""

from __future__ import annotations

import html
import os
import re
import subprocess
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
import yaml
from lxml import etree

from tessellate.feeds import all_feeds, discovery_links
from tessellate.feeds.content import absolutise, resolve
from tessellate.feeds.render import render
from tessellate.model import Site, Taxonomy, load_catalogue

import forked_builds
from expected import published_items

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 25, tzinfo=timezone.utc)
EPOCH = str(int(NOW.timestamp()))
NS = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/",
      "media": "http://search.yahoo.com/mrss/", "dc": "http://purl.org/dc/elements/1.1/"}
RFC822 = re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
                    r"\d{2}:\d{2}:\d{2} [+-]\d{4}")
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")

HOSTILE = 'Fractions <script>alert(1)</script> & "quotes"'
HOSTILE_SUMMARY = "Compare <b>fractions</b> & decimals when x < 5."
SITE_URL = "https://example.net/numeracy/"
CONFIG = f"""\
site_name: Numeracy & "Friends"
site_url: {SITE_URL}
theme: {{name: material}}
markdown_extensions: [pymdownx.mark]
plugins:
  - tessellate:
      taxonomy:
        topics: {{number: Number, algebra: Algebra, geometry: Geometry}}
        phases: {{ks3: Key Stage 3}}
        resource_types: {{lesson: Lesson}}
"""
DOCS = {
    "index.md": "# Home\n",
    "resources/fractions.md": f"""---
title: '{HOSTILE}'
summary: "{HOSTILE_SUMMARY}"
date: 2026-03-01
topics: [number, algebra]
phases: [ks3]
resource_type: lesson
authors:
  - {{name: Sam Patel, organisation: Plymstock School}}
  - Jo Bloggs
image: {{src: fractions.svg, alt: "A bar split into fifths"}}
---

## Why

See [the guide](number/guide.md), [why](#why), [the data](data.csv?v=2#top), [elsewhere](/elsewhere/)
and [a site](https://www.example.org/x).

![Fifths](fractions.svg)

<script>alert(2)</script><a href="javascript:alert(3)">bad</a>
""",
    "resources/fractions.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
    "resources/data.csv": "a,b\n1,2\n",
    "resources/number/guide.md": """---
title: A guide to number
summary: How to teach number.
date: 2026-02-01T09:30:00+01:00
updated: 2026-04-01
topics: [number]
phases: [ks3]
resource_type: lesson
---

Back to [fractions](../fractions.md), ==carefully==.
""",
    "resources/draft.md": """---
title: Draft never shown
summary: A draft.
date: 2026-01-05
topics: [number]
phases: [ks3]
resource_type: lesson
draft: true
---
""",
    "resources/future.md": """---
title: Future never shown
summary: From the future.
date: 2099-01-01
topics: [number]
phases: [ks3]
resource_type: lesson
---
""",
    "cpd/clip.md": """---
title: A self-hosted clip
summary: A short video.
date: 2026-05-01
topics: [algebra]
video: clip.mp4
duration: "4:30"
presenters: [{name: Ada Lovelace, organisation: Analytical College}]
---

## Transcript

Hello.
""",
    "cpd/hosted.md": """---
title: A hosted video
summary: On YouTube.
date: 2026-04-15
topics: [number]
video: https://www.youtube.com/watch?v=abcdefghijk
duration: "5:00"
---

## Transcript

Hi.
""",
    "stories/story.md": """---
title: A story
summary: It went well.
date: 2026-01-10
topics: [number]
organisation: Okewater School
---

A story.
""",
}
CLIP_SIZE = 2048
PUBLISHED = {  # title: (site-relative url, kind, topics), newest first
    "A self-hosted clip": ("cpd/clip/", "cpd", {"algebra"}),
    "A hosted video": ("cpd/hosted/", "cpd", {"number"}),
    HOSTILE: ("resources/fractions/", "resources", {"number", "algebra"}),
    "A guide to number": ("resources/number/guide/", "resources", {"number"}),
    "A story": ("stories/story/", "stories", {"number"}),
}


def build(config: Path, out: Path, epoch: str = EPOCH) -> subprocess.CompletedProcess:
    """`build.py build` in its own process, as a coordinator runs it."""
    result = forked_builds.run(["build", "-f", str(config), "-d", str(out)], REPO, {**os.environ, "SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def make_site(root: Path, config: str = CONFIG) -> Path:
    for name, text in DOCS.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    (root / "docs" / "cpd" / "clip.mp4").write_bytes(b"\0" * CLIP_SIZE)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"


def feed_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted([*site.rglob("feed.xml"), *site.rglob("feed.atom")])}


def assert_same_feeds(again: dict[str, bytes], first: dict[str, bytes]) -> None:
    assert sorted(again) == sorted(first)
    assert [path for path in first if again[path] != first[path]] == [], "these feeds changed between builds"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tiny")
    build(make_site(root), root / "out")
    return root / "out"


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example-feeds") / "site"
    build(REPO / "mkdocs.yml", out)
    return out


def expected_paths(topics: list[str], units: list[str] = ()) -> set[str]:
    folders = ["", "resources/", "cpd/", "stories/", "events/", *(f"topics/{t}/" for t in topics), *(f"curriculum/{u}/" for u in units)]
    return {f"{folder}feed.{ext}" for folder in folders for ext in ("xml", "atom")}


def with_json(paths) -> set[str]:
    """`paths` and the JSON Feed beside each RSS feed among them."""
    return {*paths, *(path.removesuffix("xml") + "json" for path in paths if path.endswith("feed.xml"))}


# --- what a validator checks -------------------------------------------------------------------------------


def absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc) or parts.scheme in ("mailto", "tel")


def html_urls(markup: str) -> list[str]:
    if not markup.strip():
        return []
    fragment = lxml.html.fragment_fromstring(markup, create_parent="div")
    return [value for element in fragment.iter() for name, value in element.attrib.items()
            if name in ("href", "src", "poster", "srcset")]


def validate_rss(document: bytes, self_url: str) -> list[str]:
    """Problems the W3C Feed Validation Service would report for RSS 2.0."""
    problems = []
    root = etree.fromstring(document)
    channel = root.find("channel")
    if root.tag != "rss" or root.get("version") != "2.0" or channel is None:
        return ["not an RSS 2.0 document"]
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel has no {name}")
    if not absolute(channel.findtext("link")):
        problems.append("channel link is not absolute")
    selves = channel.findall("atom:link[@rel='self']", NS)
    if [s.get("href") for s in selves] != [self_url] or selves[0].get("type") != "application/rss+xml":
        problems.append(f"atom:link rel=self is {[s.get('href') for s in selves]}, not {self_url}")
    for name in ("lastBuildDate", "pubDate"):
        value = channel.findtext(name)
        if value is not None and not RFC822.fullmatch(value):
            problems.append(f"channel {name} {value!r} is not RFC 822")
    guids = []
    for item in channel.findall("item"):
        link, guid = item.findtext("link"), item.find("guid")
        if not (item.findtext("title") or "").strip() or not absolute(link):
            problems.append(f"item without title or absolute link: {link}")
        if guid is None or guid.get("isPermaLink") != "true" or guid.text != link:
            problems.append(f"item {link}: guid is not its permalink")
        else:
            guids.append(guid.text)
        if not RFC822.fullmatch(item.findtext("pubDate") or ""):
            problems.append(f"item {link}: pubDate {item.findtext('pubDate')!r} is not RFC 822")
        for enclosure in item.findall("enclosure"):
            if not absolute(enclosure.get("url")) or not (enclosure.get("length") or "").isdigit() or "/" not in enclosure.get("type", ""):
                problems.append(f"item {link}: enclosure {dict(enclosure.attrib)}")
        problems += _media_problems(item, link)
        for url in html_urls(item.findtext("content:encoded", namespaces=NS) or ""):
            if not absolute(url):
                problems.append(f"item {link}: relative address {url!r} in content")
    if len(guids) != len(set(guids)):
        problems.append("guids are not unique")
    return problems


def validate_atom(document: bytes, self_url: str) -> list[str]:
    """Problems the W3C Feed Validation Service would report for Atom 1.0."""
    problems = []
    root = etree.fromstring(document)
    if root.tag != "{http://www.w3.org/2005/Atom}feed":
        return ["not an Atom document"]
    for name in ("id", "title", "updated"):
        if not (root.findtext(f"atom:{name}", namespaces=NS) or "").strip():
            problems.append(f"feed has no {name}")
    if not absolute(root.findtext("atom:id", namespaces=NS)):
        problems.append("feed id is not an absolute IRI")
    if not RFC3339.fullmatch(root.findtext("atom:updated", namespaces=NS) or ""):
        problems.append("feed updated is not RFC 3339")
    if [s.get("href") for s in root.findall("atom:link[@rel='self']", NS)] != [self_url]:
        problems.append(f"link rel=self is not {self_url}")
    feed_has_author = root.find("atom:author/atom:name", NS) is not None
    ids = []
    for entry in root.findall("atom:entry", NS):
        entry_id = entry.findtext("atom:id", namespaces=NS)
        ids.append(entry_id)
        if not absolute(entry_id) or not (entry.findtext("atom:title", namespaces=NS) or "").strip():
            problems.append(f"entry {entry_id}: no absolute id or title")
        for name in ("updated", "published"):
            if not RFC3339.fullmatch(entry.findtext(f"atom:{name}", namespaces=NS) or ""):
                problems.append(f"entry {entry_id}: {name} is not RFC 3339")
        alternates = [l.get("href") for l in entry.findall("atom:link", NS) if l.get("rel", "alternate") == "alternate"]
        if alternates != [entry_id]:
            problems.append(f"entry {entry_id}: alternate links {alternates}")
        for enclosure in entry.findall("atom:link[@rel='enclosure']", NS):
            if not absolute(enclosure.get("href")) or not (enclosure.get("length") or "").isdigit():
                problems.append(f"entry {entry_id}: enclosure {dict(enclosure.attrib)}")
        if not feed_has_author and entry.find("atom:author/atom:name", NS) is None:
            problems.append(f"entry {entry_id}: no author, and the feed has none")
        content = entry.find("atom:content", NS)
        if content is None or content.get("type") != "html":
            problems.append(f"entry {entry_id}: no html content")
        else:
            problems += [f"entry {entry_id}: relative address {url!r} in content"
                         for url in html_urls(content.text or "") if not absolute(url)]
        problems += _media_problems(entry, entry_id)
    if len(ids) != len(set(ids)):
        problems.append("entry ids are not unique")
    return problems


def _media_problems(entry, where: str) -> list[str]:
    problems = []
    for content in entry.findall("media:content", NS):
        if content.get("url") is None and content.find("media:player", NS) is None:
            problems.append(f"{where}: media:content with neither url nor media:player")
        for url in [content.get("url"), *(p.get("url") for p in content.findall("media:player", NS))]:
            if url is not None and not absolute(url):
                problems.append(f"{where}: media address {url!r} is relative")
        if content.get("duration") is not None and not content.get("duration").isdigit():
            problems.append(f"{where}: media duration {content.get('duration')!r}")
        if content.get("medium") not in (None, "image", "audio", "video", "document", "executable"):
            problems.append(f"{where}: media medium {content.get('medium')!r}")
    return problems


def check_site_feeds(site: Path, site_url: str) -> None:
    for path, document in feed_files(site).items():
        url = site_url + path
        problems = validate_rss(document, url) if path.endswith(".xml") else validate_atom(document, url)
        assert problems == [], f"{path}: {problems}"
        parsed = feedparser.parse(document)
        assert parsed.bozo == 0, f"{path}: {parsed.get('bozo_exception')}"
        dates = [entry.published_parsed for entry in parsed.entries]
        assert dates == sorted(dates, reverse=True), f"{path}: not newest first"


# --- the synthetic site ------------------------------------------------------------------------------------


def test_every_promised_feed_is_written_and_nothing_else(tiny):
    assert set(feed_files(tiny)) == expected_paths(["number", "algebra", "geometry"])


def test_every_feed_validates_and_parses(tiny):
    check_site_feeds(tiny, SITE_URL)


@pytest.mark.parametrize("path, titles", [
    ("feed", list(PUBLISHED)),
    ("resources/feed", [HOSTILE, "A guide to number"]),
    ("cpd/feed", ["A self-hosted clip", "A hosted video"]),
    ("stories/feed", ["A story"]),
    ("topics/number/feed", ["A hosted video", HOSTILE, "A guide to number", "A story"]),
    ("topics/algebra/feed", ["A self-hosted clip", HOSTILE]),
    ("topics/geometry/feed", []),
])
@pytest.mark.parametrize("ext", ["xml", "atom"])
def test_entries_newest_first_with_titles_as_typed(tiny, path, titles, ext):
    parsed = feedparser.parse((tiny / f"{path}.{ext}").read_bytes())
    assert [entry.title for entry in parsed.entries] == titles
    assert [entry.link for entry in parsed.entries] == [SITE_URL + PUBLISHED[t][0] for t in titles]
    assert [entry.id for entry in parsed.entries] == [SITE_URL + PUBLISHED[t][0] for t in titles]


def test_drafts_and_future_items_appear_in_no_feed(tiny):
    for path, document in feed_files(tiny).items():
        text = document.decode()
        for hidden in ("Draft never shown", "Future never shown", "resources/draft", "resources/future"):
            assert hidden not in text, f"{path} mentions {hidden}"


def test_the_hostile_entry_reads_back_exactly(tiny):
    for ext in ("xml", "atom"):
        document = (tiny / f"resources/feed.{ext}").read_bytes()
        entry = feedparser.parse(document).entries[0]
        assert entry.title == HOSTILE and entry.title_detail.type == "text/plain"
        # RSS readers read <description> as HTML, so the plain summary arrives escaped for HTML.
        summary = html.unescape(entry.summary) if entry.summary_detail.type == "text/html" else entry.summary
        assert summary == HOSTILE_SUMMARY
        assert sorted(tag.get("label") or tag.term for tag in entry.tags) == ["Algebra", "Number"]
        assert [a.name for a in entry.authors] == ["Sam Patel (Plymstock School)", "Jo Bloggs"]
        content = entry.content[0].value
        assert "alert(" not in content and "javascript:" not in content


def test_content_addresses_resolve_like_the_page(tiny):
    root = etree.parse(str(tiny / "resources/feed.atom")).getroot()
    content = root.find("atom:entry/atom:content", NS).text
    urls = html_urls(content)
    page = SITE_URL + "resources/fractions/"
    assert urls == [SITE_URL + "resources/fractions.svg",  # the lead image
                    SITE_URL + "resources/number/guide/", page + "#why", SITE_URL + "resources/data.csv?v=2#top",
                    "https://example.net/elsewhere/", "https://www.example.org/x",
                    SITE_URL + "resources/fractions.svg"]
    back = root.findall("atom:entry", NS)[1].find("atom:content", NS).text
    assert html_urls(back) == [SITE_URL + "resources/fractions/"]
    # Every address the built pages link to exists, so the feed points at real files.
    for url in urls:
        if url.startswith(SITE_URL):
            path = urlsplit(url).path[len("/numeracy/"):]
            assert (tiny / path).exists() or (tiny / path / "index.html").exists(), url


def test_entries_carry_the_body_as_the_site_renders_it(tiny):
    """The feed shows what the page shows: the site's own Markdown extensions reach it (==x== is pymdownx.mark)."""
    page = lxml.html.parse(str(tiny / "resources/number/guide/index.html")).getroot()
    assert [m.text for m in page.cssselect(".tx-body mark")] == ["carefully"]
    rss = etree.parse(str(tiny / "resources/feed.xml")).getroot().findall("channel/item")[1]
    atom = etree.parse(str(tiny / "resources/feed.atom")).getroot().findall("atom:entry", NS)[1]
    # Read raw: feedparser's own sanitiser drops <mark>, which feed readers show.
    for content in (rss.findtext("content:encoded", namespaces=NS), atom.findtext("atom:content", namespaces=NS)):
        body = lxml.html.fragment_fromstring(content, create_parent="div")
        assert [m.text for m in body.iter("mark")] == ["carefully"]
        assert "==" not in body.text_content()


def test_dates_carry_time_zones(tiny):
    rss = etree.parse(str(tiny / "resources/feed.xml")).getroot()
    atom = etree.parse(str(tiny / "resources/feed.atom")).getroot()
    guide_rss = rss.findall("channel/item")[1]
    assert parsedate_to_datetime(guide_rss.findtext("pubDate")) == datetime(2026, 2, 1, 8, 30, tzinfo=timezone.utc)
    guide = atom.findall("atom:entry", NS)[1]
    published = datetime.fromisoformat(guide.findtext("atom:published", namespaces=NS))
    assert published == datetime(2026, 2, 1, 8, 30, tzinfo=timezone.utc)
    assert guide.findtext("atom:updated", namespaces=NS) == "2026-04-01T00:00:00+01:00"
    # The feed changed when its newest change happened: the guide's update, not the newest date.
    assert atom.findtext("atom:updated", namespaces=NS) == "2026-04-01T00:00:00+01:00"
    assert rss.findtext("channel/lastBuildDate") == "Wed, 01 Apr 2026 00:00:00 +0100"


def test_an_empty_topic_feed_is_valid_and_dated_by_the_site(tiny):
    atom = etree.parse(str(tiny / "topics/geometry/feed.atom")).getroot()
    assert atom.findall("atom:entry", NS) == []
    assert atom.findtext("atom:updated", namespaces=NS) == "2026-05-01T00:00:00+01:00"
    assert feedparser.parse((tiny / "topics/geometry/feed.xml").read_bytes()).feed.title == 'Numeracy & "Friends": Geometry'


def test_cpd_entries_carry_video_and_duration(tiny):
    rss = etree.parse(str(tiny / "cpd/feed.xml")).getroot()
    clip, hosted = rss.findall("channel/item")
    enclosure = clip.find("enclosure")
    assert dict(enclosure.attrib) == {"url": SITE_URL + "cpd/clip.mp4", "length": str(CLIP_SIZE), "type": "video/mp4"}
    assert clip.find("media:content", NS).get("duration") == "270"
    assert hosted.find("enclosure") is None
    media = hosted.find("media:content", NS)
    assert media.get("duration") == "300" and media.get("medium") == "video"
    assert media.find("media:player", NS).get("url") == "https://www.youtube-nocookie.com/embed/abcdefghijk"
    assert [c.text for c in clip.findall("dc:creator", NS)] == ["Ada Lovelace (Analytical College)"]
    atom = feedparser.parse((tiny / "cpd/feed.atom").read_bytes())
    assert [(e.href, e.length, e.type) for e in atom.entries[0].enclosures] == [(SITE_URL + "cpd/clip.mp4", str(CLIP_SIZE), "video/mp4")]


def test_an_item_image_is_media_content(tiny):
    for ext in ("xml", "atom"):
        root = etree.parse(str(tiny / f"resources/feed.{ext}")).getroot()
        media = root.find(".//media:content", NS)
        assert dict(media.attrib) == {"url": SITE_URL + "resources/fractions.svg", "medium": "image", "type": "image/svg+xml"}


def test_generator_carries_no_version(tiny):
    rss = etree.parse(str(tiny / "feed.xml")).getroot()
    atom = etree.parse(str(tiny / "feed.atom")).getroot()
    assert rss.findtext("channel/generator") == "Tessellate"
    generator = atom.find("atom:generator", NS)
    assert generator.text == "Tessellate" and dict(generator.attrib) == {}


def test_a_rebuild_on_another_day_gives_identical_feeds(tiny, tmp_path):
    later = str(int(NOW.timestamp()) + 3 * 86400)
    build(tiny.parent / "mkdocs.yml", tmp_path / "again", epoch=later)
    assert_same_feeds(feed_files(tmp_path / "again"), feed_files(tiny))


def test_every_page_advertises_the_site_feeds(tiny):
    # The share kit's pages and the editor are coordinators' tools (noindex, outside navigation and feeds),
    # not readers' pages.
    pages = sorted(p for p in tiny.rglob("index.html") if not p.relative_to(tiny).as_posix().startswith(("share/", "admin/")))
    assert len(pages) > 10
    for path in pages:
        links = {(l.get("type"), l.get("href")) for l in lxml.html.parse(str(path)).getroot().cssselect("head link[rel=alternate]")}
        assert {("application/rss+xml", SITE_URL + "feed.xml"), ("application/atom+xml", SITE_URL + "feed.atom")} <= links, path


@pytest.mark.parametrize("page, folder", [("resources/", "resources/"), ("cpd/", "cpd/"), ("stories/", "stories/"),
                                          ("topics/number/", "topics/number/"), ("topics/geometry/", "topics/geometry/"),
                                          ("cpd/clip/", "cpd/")])
def test_kind_topic_and_item_pages_advertise_their_own_feeds(tiny, page, folder):
    head = lxml.html.parse(str(tiny / page / "index.html")).getroot().cssselect("head link[rel=alternate]")
    hrefs = [l.get("href") for l in head]
    assert SITE_URL + folder + "feed.xml" in hrefs and SITE_URL + folder + "feed.atom" in hrefs
    titles = [l.get("title") for l in head]
    assert all(titles) and len(set(titles)) == len(titles)


def test_the_subscribe_page_lists_every_feed_with_labelled_addresses(tiny):
    article = lxml.html.parse(str(tiny / "subscribe/index.html")).getroot().cssselect("article")[0]
    values = {}
    for field in article.cssselect("input.tx-feed__address"):
        assert field.get("readonly") is not None
        labels = article.cssselect(f"label[for='{field.get('id')}']")
        assert len(labels) == 1 and labels[0].text_content().strip(), field.get("id")
        values[field.get("value")] = labels[0].text_content()
    assert set(values) == {SITE_URL + path for path in with_json(expected_paths(["number", "algebra", "geometry"]))}
    links = {a.get("href") for a in article.cssselect("a")}
    assert set(values) <= links
    assert not article.cssselect("script")
    text = " ".join(article.text_content().split())
    for needed in ("What is a feed?", "feed reader", "Microsoft Teams", "Outlook", "Slack"):
        assert needed in text


# --- a site without site_url --------------------------------------------------------------------------------


def test_without_site_url_no_feeds_and_a_warning(tmp_path):
    config = make_site(tmp_path, CONFIG.replace(f"site_url: {SITE_URL}\n", ""))
    result = build(config, tmp_path / "out")
    assert feed_files(tmp_path / "out") == {}
    assert "site_url" in result.stderr
    home = lxml.html.parse(str(tmp_path / "out" / "index.html")).getroot()
    assert home.cssselect("head link[rel=alternate]") == []


# --- the example network ---------------------------------------------------------------------------------


def test_the_example_feeds_validate(example):
    units = [unit["id"] for stage in example_settings()["curriculum"] for unit in stage["units"]]
    assert len(units) == 9
    assert set(feed_files(example)) == expected_paths(["number", "algebra", "ratio", "geometry", "statistics", "probability"],
                                                      units)
    check_site_feeds(example, "https://maths.example.org/")


def test_the_example_feeds_hold_every_published_item(example):
    items = published_items(REPO / "content", NOW)
    topics = {topic for item in items for topic in item.topics}
    units = {unit for item in items for unit in item.units}
    assert "y9-data" in units
    expected = {"feed": items, **{f"{kind}/feed": [i for i in items if i.kind == kind] for kind in ("resources", "cpd", "stories", "events")},
                **{f"topics/{topic}/feed": [i for i in items if topic in i.topics] for topic in topics},
                **{f"curriculum/{unit}/feed": [i for i in items if unit in i.units] for unit in units}}
    for path, entries in expected.items():
        for ext in ("xml", "atom"):
            parsed = feedparser.parse((example / f"{path}.{ext}").read_bytes())
            assert [e.link for e in parsed.entries] == ["https://maths.example.org/" + i.url for i in entries[:50]], path
    assert len(items) > 20


def example_settings() -> dict:
    """The example's tessellate block, as written in mkdocs.yml."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    return next(p["tessellate"] for p in config["plugins"] if isinstance(p, dict) and "tessellate" in p)


def test_the_example_rebuilds_byte_identically(example, tmp_path):
    build(REPO / "mkdocs.yml", tmp_path / "again")
    assert_same_feeds(feed_files(tmp_path / "again"), feed_files(example))


def test_the_example_subscribe_page_lists_every_feed(example):
    article = lxml.html.parse(str(example / "subscribe/index.html")).getroot().cssselect("article")[0]
    values = {field.get("value") for field in article.cssselect("input.tx-feed__address")}
    assert values == {"https://maths.example.org/" + p for p in with_json(feed_files(example))}


# --- the model to feed, without MkDocs -------------------------------------------------------------------


def small_site(tmp_path: Path, **options) -> Site:
    make_site(tmp_path)
    return Site(name="Small", docs_dir=tmp_path / "docs", url=SITE_URL,
                taxonomy=Taxonomy(topics={"number": "Number", "algebra": "Algebra", "geometry": "Geometry"},
                                  phases={"ks3": "Key Stage 3"}, resource_types={"lesson": "Lesson"}), **options)


def test_feed_size_keeps_the_newest(tmp_path):
    catalogue = load_catalogue(small_site(tmp_path, feed_size=2), now=NOW)
    feeds = {feed.rss_path: feed for feed in all_feeds(catalogue)}
    assert [i.title for i in feeds["feed.xml"].items] == ["A self-hosted clip", "A hosted video"]
    assert [i.title for i in feeds["topics/number/feed.xml"].items] == ["A hosted video", HOSTILE]


def test_a_formula_in_a_summary_reaches_both_feeds_in_its_plain_form(tmp_path):
    """A summary is plain text in a feed: `$x^2$` arrives as readers type it, x², never as TeX source."""
    site = small_site(tmp_path)
    (site.docs_dir / "resources" / "squares.md").write_text(
        "---\ntitle: Squares\nsummary: Why $x^2$ is never negative.\ndate: 2026-06-01\ntopics: [number]\n"
        "phases: [ks3]\nresource_type: lesson\n---\n\nBody.\n", encoding="utf-8")
    catalogue = load_catalogue(site, now=NOW)
    (feed,) = [feed for feed in all_feeds(catalogue) if feed.rss_path == "resources/feed.xml"]
    rss, atom = render(feed, site, lambda item: "<p>Body.</p>")
    for document in (rss, atom):
        entry = feedparser.parse(document).entries[0]
        assert entry.title == "Squares"
        # RSS readers read <description> as HTML, so the plain summary arrives escaped for HTML.
        summary = html.unescape(entry.summary) if entry.summary_detail.type == "text/html" else entry.summary
        assert summary == "Why x² is never negative."
    # Read raw too: the text in the documents themselves, not only what feedparser makes of it.
    description = etree.fromstring(rss).find("channel/item").findtext("description")
    atom_summary = etree.fromstring(atom).find("atom:entry", NS).find("atom:summary", NS)
    assert description == "Why x² is never negative." and atom_summary.text == "Why x² is never negative."
    assert atom_summary.get("type") == "text"
    assert "x^2" not in rss.decode() and "x^2" not in atom.decode() and "$" not in description


def test_no_site_url_means_no_feeds_and_no_links(tmp_path):
    site = small_site(tmp_path)
    catalogue = load_catalogue(Site(name=site.name, docs_dir=site.docs_dir, taxonomy=site.taxonomy), now=NOW)
    assert all_feeds(catalogue) == [] and discovery_links(catalogue, "index.md") == []


def test_discovery_links_put_a_page_s_own_feeds_first(tmp_path):
    catalogue = load_catalogue(small_site(tmp_path), now=NOW)
    assert [href for _, href, _ in discovery_links(catalogue, "topics/algebra/index.md")] == [
        SITE_URL + f"{folder}feed.{ext}" for folder in ("topics/algebra/", "") for ext in ("xml", "atom", "json")]
    assert [kind for _, _, kind in discovery_links(catalogue, "about.md")] == [
        "application/rss+xml", "application/atom+xml", "application/feed+json"]


def test_absolutise_keeps_structure_and_drops_srcset(tmp_path):
    site = small_site(tmp_path)
    item = load_catalogue(site, now=NOW).by_source("resources/fractions.md")
    # Addresses as the built page holds them: MkDocs has already made links relative to the page.
    markup = ('<video controls><source src="v.mp4" type="video/mp4"><track src="c.vtt" kind="captions"></video>'
              '<img src="../fractions.svg" srcset="a.png 1x, b.png 2x" alt="a &amp; b">&lt;tag&gt; &amp; text')
    assert absolutise(markup, item, site) == (
        f'<video controls><source src="{SITE_URL}resources/fractions/v.mp4" type="video/mp4">'
        f'<track src="{SITE_URL}resources/fractions/c.vtt" kind="captions"></video>'
        f'<img src="{SITE_URL}resources/fractions.svg" alt="a &amp; b">&lt;tag&gt; &amp; text')


@pytest.mark.parametrize("url, expected", [
    ("../number/guide/#top", SITE_URL + "resources/number/guide/#top"),
    ("../../", SITE_URL),
    ("#why", SITE_URL + "resources/fractions/#why"),
    ("missing/page/", SITE_URL + "resources/fractions/missing/page/"),
    ("../../../etc/passwd", "https://example.net/etc/passwd"),
    ("mailto:a@example.org", "mailto:a@example.org"),
    ("//cdn.example.org/x.png", "https://cdn.example.org/x.png"),
])
def test_resolve(tmp_path, url, expected):
    site = small_site(tmp_path)
    item = load_catalogue(site, now=NOW).by_source("resources/fractions.md")
    assert resolve(url, item, site) == expected
