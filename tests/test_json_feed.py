"""JSON Feed 1.1: a feed.json beside every RSS and Atom feed, read back against the spec (gates/json_feed.py)
and against its RSS and Atom twins, which it must match item for item."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

import lxml.html
import pytest
import yaml
from lxml import etree

from conftest import BUILD_ENV, REPO, run_build
from expected import published_items
from gates.json_feed import problems

NOW = datetime.fromtimestamp(int(BUILD_ENV["SOURCE_DATE_EPOCH"]), timezone.utc)
EXAMPLE_URL = "https://maths.example.org/"
SMALL_URL = "https://example.net/numeracy/"
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
CLIP_SIZE = 4096
SMALL = {
    "mkdocs.yml": f"""\
site_name: Small & "Network"
site_url: {SMALL_URL}
theme: {{name: material, language: fr}}
plugins:
  - tessellate:
      taxonomy:
        topics: {{number: Number, data: Data <handling>}}
        phases: {{ks3: Key Stage 3}}
        resource_types: {{lesson: Lesson}}
      curriculum:
        - id: y9
          title: Year 9
          units:
            - {{id: y9-data, title: Data}}
""",
    "docs/index.md": "# Home\n",
    "docs/resources/survey.md": """---
title: 'A survey </script> & "more"'
summary: Collect data with a survey.
date: 2026-03-01
updated: 2026-04-02T10:00:00+01:00
topics: [data, number]
phases: [ks3]
units: [y9-data]
resource_type: lesson
authors: [{name: Sam Patel, organisation: Plymstock School}]
downloads:
  - {file: survey-sheet.csv, label: The survey sheet}
  - {url: "https://www.example.org/files/survey.pdf?v=2", label: The survey as a PDF}
---

See [the clip](../cpd/clip.md).

<script>alert(1)</script>
""",
    "docs/resources/survey-sheet.csv": "question,answer\n",
    "docs/resources/draft.md": """---
title: Draft never shown
summary: A draft.
date: 2026-02-01
topics: [data]
phases: [ks3]
units: [y9-data]
resource_type: lesson
draft: true
---
""",
    "docs/cpd/clip.md": """---
title: A self-hosted clip
summary: A short video.
date: 2026-05-01
topics: [number]
video: clip.mp4
duration: "4:30"
presenters: [Ada Lovelace]
---

## Transcript

Hello.
""",
}


def build(root: Path, out: Path, epoch: str = BUILD_ENV["SOURCE_DATE_EPOCH"]) -> Path:
    result = run_build("build", "-f", str(root / "mkdocs.yml"), "-d", str(out), env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("small-json")
    for name, text in SMALL.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "docs" / "cpd" / "clip.mp4").write_bytes(b"\0" * CLIP_SIZE)
    return build(root, root / "out")


def json_feeds(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("feed.json"))}


def load(site: Path, path: str) -> dict:
    return json.loads((site / path).read_bytes())


def folders(site: Path, name: str) -> set[str]:
    return {path.parent.relative_to(site).as_posix() for path in site.rglob(name)}


# --- the spec ----------------------------------------------------------------------------------------------


def test_every_example_json_feed_follows_the_spec(example_site):
    found = json_feeds(example_site)
    assert len(found) > 10
    for path, document in found.items():
        assert problems(document) == [], path
        feed = json.loads(document)
        assert feed["feed_url"] == EXAMPLE_URL + path and feed["language"] == "en"
        urls = [feed["home_page_url"], *(item["url"] for item in feed["items"]),
                *(a["url"] for item in feed["items"] for a in item.get("attachments", []))]
        assert all(url.startswith("https://") for url in urls), path


def test_a_json_feed_sits_beside_every_rss_and_atom_feed(example_site):
    assert folders(example_site, "feed.json") == folders(example_site, "feed.xml") == folders(example_site, "feed.atom")


@pytest.mark.parametrize("plant, reported", [
    (lambda feed: feed.pop("version"), "version is None"),
    (lambda feed: feed.update(version="https://jsonfeed.org/version/1"), "not 'https://jsonfeed.org/version/1.1'"),
    (lambda feed: feed.pop("title"), "the feed has no title"),
    (lambda feed: feed.pop("items"), "items is missing or not a list"),
    (lambda feed: feed["items"][0].pop("content_html"), "item 1: has neither content_html nor content_text"),
    (lambda feed: feed["items"][0].update(id=7), "item 1: id is missing or not a non-empty string"),
    (lambda feed: feed["items"][0].update(url="resources/x/"), "item 1: url 'resources/x/' is not an absolute URL"),
    (lambda feed: feed["items"][0].update(date_published="1 March 2026"), "item 1: date_published '1 March 2026'"),
    (lambda feed: feed["items"][0].update(tags="Number"), "item 1: tags is not a list of strings"),
    (lambda feed: feed["items"][0].update(category="x"), "item 1: category not defined by JSON Feed 1.1"),
    (lambda feed: feed["items"][0]["attachments"][0].pop("mime_type"), "attachment 1: mime_type None"),
    (lambda feed: feed["items"][0]["attachments"][0].update(size_in_bytes="4096"), "size_in_bytes '4096'"),
    (lambda feed: feed.update(authors=[{"email": "a@example.org"}]), "an author has none of name, url or avatar"),
    (lambda feed: feed["items"].append(feed["items"][0]), "item ids are not unique"),
])
def test_a_planted_defect_fails_the_checker(small, plant, reported):
    feed = load(small, "cpd/feed.json")
    assert problems(json.dumps(feed).encode()) == []
    plant(feed)
    found = problems(json.dumps(feed).encode())
    assert any(reported in problem for problem in found), found


@pytest.mark.parametrize("document, reported", [
    (b'{"version": "https://jsonfeed.org/version/1.1", "title": "a\x01b", "items": []}', "not strict UTF-8 JSON"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "title": "a", "title": "b", "items": []}', "given twice"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "title": "\xff", "items": []}', "not strict UTF-8 JSON"),
    (b'[]', "is not a JSON object"),
])
def test_text_json_cannot_read_strictly_fails_the_checker(document, reported):
    assert any(reported in problem for problem in problems(document))


# --- the same feed as RSS and Atom -------------------------------------------------------------------------


def test_every_json_feed_holds_its_rss_and_atom_entries_in_order(example_site):
    for path in sorted(example_site.rglob("feed.json")):
        feed = json.loads(path.read_bytes())
        rss = etree.parse(str(path.with_name("feed.xml"))).getroot().find("channel")
        atom = etree.parse(str(path.with_name("feed.atom"))).getroot()
        assert feed["title"] == rss.findtext("title") == atom.findtext("atom:title", namespaces=ATOM)
        assert feed["description"] == atom.findtext("atom:subtitle", namespaces=ATOM)
        assert feed["home_page_url"] == rss.findtext("link")
        items, entries = feed["items"], atom.findall("atom:entry", ATOM)
        assert [item["id"] for item in items] == [guid.text for guid in rss.findall("item/guid")], path
        assert [item["id"] for item in items] == [entry.findtext("atom:id", namespaces=ATOM) for entry in entries]
        for item, rss_item, entry in zip(items, rss.findall("item"), entries):
            assert item["url"] == item["id"] == rss_item.findtext("link")
            assert item["title"] == rss_item.findtext("title")
            assert item["summary"] == entry.findtext("atom:summary", namespaces=ATOM)
            # The same sanitised HTML, to the character: one entry body, three formats.
            assert item["content_html"] == entry.findtext("atom:content", namespaces=ATOM)
            assert datetime.fromisoformat(item["date_published"]) == parsedate_to_datetime(rss_item.findtext("pubDate"))
            assert item.get("date_modified", item["date_published"]) == entry.findtext("atom:updated", namespaces=ATOM)
            assert item.get("tags", []) == [c.get("label") for c in entry.findall("atom:category", ATOM)]
            assert [a["name"] for a in item.get("authors", [])] == entry.xpath("atom:author/atom:name/text()", namespaces=ATOM)


def test_unit_feeds_hold_exactly_the_unit_s_published_items(example_site):
    units = [unit["id"] for stage in _curriculum() for unit in stage["units"]]
    items = published_items(REPO / "content", NOW)
    assert len(units) > 3
    for unit in units:
        feed = load(example_site, f"curriculum/{unit}/feed.json")
        expected = [EXAMPLE_URL + item.url for item in items if unit in _units_of(item.source)][:50]
        assert [item["id"] for item in feed["items"]] == expected, unit
        assert feed["feed_url"] == f"{EXAMPLE_URL}curriculum/{unit}/feed.json"
    # A draft lesson of y9-data (still being trialled) is in no feed at all.
    assert _front_matter("resources/statistics/cumulative-frequency-box-plots.md")["draft"] is True
    for path, document in json_feeds(example_site).items():
        assert b"cumulative-frequency-box-plots" not in document, path


def _curriculum() -> list[dict]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    (settings,) = [p["tessellate"] for p in config["plugins"] if isinstance(p, dict) and "tessellate" in p]
    return settings["curriculum"]


def _front_matter(source: str) -> dict:
    return yaml.safe_load((REPO / "content" / source).read_text(encoding="utf-8").split("---\n")[1])


def _units_of(source: str) -> list[str]:
    return _front_matter(source).get("units", [])


# --- a small site under a sub-path -------------------------------------------------------------------------


def test_a_sub_path_site_keeps_its_path_everywhere(small):
    for path, document in json_feeds(small).items():
        assert problems(document) == [], path
        feed = json.loads(document)
        assert feed["feed_url"] == SMALL_URL + path
        assert feed["home_page_url"].startswith(SMALL_URL)
        assert all(item["url"].startswith(SMALL_URL) and item["id"] == item["url"] for item in feed["items"]), path
    site = load(small, "feed.json")
    assert site["home_page_url"] == SMALL_URL and site["language"] == "fr"  # the theme's language
    assert site["authors"] == [{"name": 'Small & "Network"', "url": SMALL_URL}]


def test_an_entry_carries_its_text_as_typed_and_its_html_sanitised(small):
    (survey,) = load(small, "resources/feed.json")["items"]
    assert survey["title"] == 'A survey </script> & "more"'
    assert survey["tags"] == ["Data <handling>", "Number"]
    assert survey["authors"] == [{"name": "Sam Patel (Plymstock School)"}]
    assert survey["date_published"] == "2026-03-01T00:00:00+00:00"
    assert survey["date_modified"] == "2026-04-02T10:00:00+01:00"
    body = lxml.html.fragment_fromstring(survey["content_html"], create_parent="div")
    assert not body.xpath("//script") and "alert(" not in survey["content_html"]
    assert body.xpath("//a/@href") == [SMALL_URL + "cpd/clip/"]


def test_downloads_and_a_local_video_are_attachments(small):
    (survey,) = load(small, "resources/feed.json")["items"]
    assert survey["attachments"] == [
        {"url": SMALL_URL + "resources/survey-sheet.csv", "mime_type": "text/csv", "title": "The survey sheet",
         "size_in_bytes": len("question,answer\n")},
        {"url": "https://www.example.org/files/survey.pdf?v=2", "mime_type": "application/pdf",
         "title": "The survey as a PDF"}]
    assert (small / "resources" / "survey-sheet.csv").exists()
    (clip,) = load(small, "cpd/feed.json")["items"]
    assert clip["attachments"] == [{"url": SMALL_URL + "cpd/clip.mp4", "mime_type": "video/mp4", "title": "Video",
                                    "size_in_bytes": CLIP_SIZE, "duration_in_seconds": 270}]
    assert clip["authors"] == [{"name": "Ada Lovelace"}]


def test_a_unit_feed_leaves_out_the_unit_s_draft(small):
    feed = load(small, "curriculum/y9-data/feed.json")
    assert [item["url"] for item in feed["items"]] == [SMALL_URL + "resources/survey/"]
    assert all(b"Draft never shown" not in document for document in json_feeds(small).values())


def test_a_rebuild_on_another_day_gives_identical_bytes(small, tmp_path):
    later = str(int(BUILD_ENV["SOURCE_DATE_EPOCH"]) + 3 * 86400)
    again = build(small.parent, tmp_path / "again", epoch=later)
    first = json_feeds(small)
    assert len(first) == 1 + 4 + 2 + 1  # the site, each kind, each topic, the unit
    assert json_feeds(again) == first
    assert all(document.endswith(b"\n") and b"\r" not in document for document in first.values())


# --- where the feeds are advertised ------------------------------------------------------------------------


@pytest.mark.parametrize("page, folder", [("", ""), ("resources/", "resources/"), ("topics/number/", "topics/number/"),
                                          ("cpd/clip/", "cpd/"), ("subscribe/", "")])
def test_pages_advertise_json_feeds_beside_rss_and_atom(small, page, folder):
    links = lxml.html.parse(str(small / page / "index.html")).getroot().cssselect("head link[rel=alternate]")
    advertised = {(link.get("type"), link.get("href")): link.get("title") for link in links}
    assert advertised[("application/feed+json", SMALL_URL + folder + "feed.json")].endswith(" (JSON Feed)")
    assert ("application/feed+json", SMALL_URL + "feed.json") in advertised
    assert len([kind for kind, _ in advertised if kind == "application/feed+json"]) == \
        len([kind for kind, _ in advertised if kind == "application/rss+xml"])
    assert not any(link.get("hreflang") for link in links)  # what keeps Material's language switcher off them


def test_the_subscribe_page_gives_a_json_feed_address_for_every_rss_one(small):
    article = lxml.html.parse(str(small / "subscribe/index.html")).getroot().cssselect("article")[0]
    addresses = {field.get("value"): field for field in article.cssselect("input.tx-feed__address")}
    rss = [address for address in addresses if address.endswith("/feed.xml")]
    assert len(rss) == 1 + 4 + 2 + 1  # the site, its kinds, its topics and its unit
    for address in rss:
        field = addresses[address.removesuffix("feed.xml") + "feed.json"]
        (label,) = article.cssselect(f"label[for='{field.get('id')}']")
        assert label.text_content().startswith("JSON Feed address for ")
        assert article.cssselect(f"a[href='{field.get('value')}'][type='application/feed+json']")
