"""The share kit of the example site and of a small site under a sub-path: email snippets that survive
being pasted, social posts within each platform's count, digests that hold the right items, social
cards drawn once, Open Graph tags on every page. Expectations come from the content files and from
counts written here, never from the share kit's own functions."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from pathlib import Path

import lxml.html
import pytest
import yaml
from PIL import Image

from conftest import BUILD_ENV, REPO, run_build
from gates.share_kit import check_card, check_email, check_kept_out
from reading import main, page, text
from test_x_counting import x_weight

BUILT_AT = datetime.fromtimestamp(int(BUILD_ENV["SOURCE_DATE_EPOCH"]), timezone.utc)
SITE = "https://maths.example.org/"
URL = re.compile(r"https?://\S+")


# -- What the content files say, read here with plain YAML.

def published(docs: Path) -> dict[str, dict]:
    """{site-relative page address: front matter} of every item that should be published."""
    found = {}
    for path in sorted(docs.glob("*/**/*.md")):
        rel = path.relative_to(docs).as_posix()
        kind = rel.split("/")[0]
        if kind not in ("resources", "cpd", "stories", "events") or rel.endswith("index.md") or "/_" in rel:
            continue
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        day = meta["date"] if isinstance(meta["date"], date) else date.fromisoformat(str(meta["date"])[:10])
        if meta.get("draft") or day > BUILT_AT.date():
            continue
        found[rel[:-3] + "/"] = {**meta, "day": day, "kind": kind}
    return found


@pytest.fixture(scope="module")
def items() -> dict[str, dict]:
    return published(REPO / "content")


def kits(site: Path) -> list[Path]:
    return sorted(p.parent for p in (site / "share").rglob("social.json"))


def emails(site: Path) -> list[Path]:
    return sorted((site / "share").rglob("email.html"))


# -- Every item has a kit, linked from its page; the index lists them newest first.

def test_every_published_item_has_a_complete_kit(example_site, items):
    assert {p.relative_to(example_site / "share").as_posix() + "/" for p in kits(example_site)} == set(items)
    for address in items:
        folder = example_site / "share" / address
        for name in ("email.html", "email.txt", "social.json", "index.html", "card.png", "card-portrait.png",
                     "card-story.png"):
            assert (folder / name).is_file(), f"share/{address}{name}"
        link = main(page(example_site, address)).xpath(".//a[starts-with(normalize-space(.), 'Share this')]")
        assert link and link[0].get("href") == "../" * address.count("/") + f"share/{address}"
    # Each item's social card and the site's own (share/card.png, for pages that are not items).
    cards = [example_site / "share" / "card.png", *(example_site / "share" / address / "card.png" for address in items)]
    assert [problem for card in cards for problem in check_card(card, card.relative_to(example_site).as_posix())] == []


def test_the_share_index_lists_every_item_newest_first_and_is_linked_from_the_footer(example_site, items):
    index = lxml.html.parse(str(example_site / "share" / "index.html")).getroot()
    listed = [a.get("href") for a in index.cssselect("ul a")]
    newest_first = sorted(items, key=lambda a: (items[a]["day"], a), reverse=True)
    assert [items_address for items_address in listed] == newest_first
    for url in ("", "about/", "resources/", items and next(iter(items))):
        footer = page(example_site, url).cssselect("footer a")
        assert "../" * url.count("/") + "share/" in [a.get("href") for a in footer], url


def test_share_pages_stay_out_of_search_nav_feeds_and_sitemap(example_site):
    assert list((example_site / "share").rglob("*.html"))
    assert check_kept_out(example_site) == []


# -- Email snippets.

def test_every_email_snippet_is_safe_to_paste(example_site):
    assert len(emails(example_site)) >= 30
    problems = [problem for path in emails(example_site)
                for problem in check_email(path, SITE, path.relative_to(example_site).as_posix())]
    assert problems == []


def test_no_email_holds_svg_which_gmail_and_outlook_do_not_show(example_site):
    assert example_site / "share" / "digest" / "email.html" in emails(example_site)
    for path in emails(example_site):
        source = path.read_text(encoding="utf-8").lower()
        assert "<svg" not in source and ".svg" not in source, path


def test_an_items_svg_image_and_formulas_reach_its_email_as_png(example_site):
    # expanding-brackets-area-model has an SVG image: and formulas in its summary.
    email = example_site / "share" / "resources" / "algebra" / "expanding-brackets-area-model" / "email.html"
    images = {img.get("alt"): img for img in lxml.html.parse(str(email)).getroot().iter("img")}
    card = images.pop("Resource: Expanding brackets with the area model")
    assert card.get("src") == SITE + "share/resources/algebra/expanding-brackets-area-model/card.png"
    images.pop("")  # the network's logo, its PNG twin
    assert sorted(images) == ["(x + 3)(x + 2)", "x^2 + 5x + 6"]
    for img in images.values():
        assert img.get("src").startswith(SITE + "assets/maths/")
        with Image.open(example_site / img.get("src").removeprefix(SITE)) as png:
            assert png.format == "PNG" and png.size == (2 * int(img.get("width")), 2 * int(img.get("height")))


def test_an_email_holds_the_summary_key_facts_and_a_call_to_action_but_no_transcript(example_site, items):
    address = "cpd/bar-models-for-fractions/"
    tree = lxml.html.parse(str(example_site / "share" / address / "email.html")).getroot()
    shown = text(tree.body)
    assert items[address]["summary"] in shown
    assert items[address]["presenters"][0]["name"] in shown if isinstance(items[address]["presenters"][0], dict) \
        else items[address]["presenters"][0] in shown
    minutes = round(sum(int(x) * 60 ** n for n, x in enumerate(reversed(str(items[address]["duration"]).split(":")))) / 60)
    cta = tree.xpath(f".//a[normalize-space(.)='Watch the {minutes}-minute video']")
    assert cta and cta[0].get("href") == SITE + address
    body = (REPO / "content" / "cpd" / "bar-models-for-fractions.md").read_text().split("---", 2)[2]
    transcript_line = max((line for line in body.splitlines() if not line.startswith("#")), key=len)
    assert transcript_line.strip() and transcript_line.strip() not in shown
    assert "#1b5e8a" in (tree.xpath(".//a[starts-with(., 'Watch')]/..")[0].get("style") or "")
    plain = (example_site / "share" / address / "email.txt").read_text()
    assert items[address]["summary"] in plain and f"Watch the {minutes}-minute video: {SITE}{address}" in plain


def test_the_kit_page_previews_the_email_and_counts_each_post(example_site):
    kit = lxml.html.parse(str(example_site / "share" / "stories" / "okewater-rainfall-project" / "index.html")).getroot()
    social = json.loads((example_site / "share/stories/okewater-rainfall-project/social.json").read_text())
    assert kit.cssselect("#email-preview table")
    buttons = [" ".join(b.text_content().split()) for b in kit.cssselect("button")]
    assert buttons[:2] == ["Copy for email", "Copy HTML"]
    assert buttons[2:] == ["Copy for X", "Copy for Bluesky", "Copy for Mastodon", "Copy for LinkedIn", "Copy for Instagram"]
    counts = [" ".join(c.text_content().split()) for c in kit.cssselect(".tx-share__count")]
    assert counts[0] == f"{x_count(social['x'])} of 280 characters"
    assert counts[1] == f"{graphemes(social['bluesky'])} of 300 graphemes"


# -- Social posts, counted here as each platform counts.

def x_count(post: str) -> int:
    """As X counts: twitter-text's weighted length, by the referee test_x_counting.py holds to its conformance cases."""
    return x_weight(post)


def graphemes(post: str) -> int:
    import regex
    return len(regex.findall(r"\X", post))


def mastodon_count(post: str) -> int:
    return len(URL.sub("x" * 23, re.sub(r"(@\w+)@[\w.-]+\w", r"\1", post)))


LIMITS = {"x": (x_count, 280), "bluesky": (graphemes, 300), "mastodon": (mastodon_count, 500),
          "linkedin": (len, 3000), "instagram": (len, 2200)}


def check_posts(posts: dict[str, str], address: str, site_url: str) -> None:
    assert set(posts) == set(LIMITS)
    for platform, (count, limit) in LIMITS.items():
        assert count(posts[platform]) <= limit, (address, platform, count(posts[platform]))
    assert "http" not in posts["instagram"] and "link in bio" in posts["instagram"].lower()
    for platform in ("x", "bluesky", "mastodon", "linkedin"):
        assert URL.findall(posts[platform])[0].split("?")[0] == site_url + address, platform


def test_every_post_of_the_example_site_fits_its_platform(example_site, items):
    for address in items:
        posts = json.loads((example_site / "share" / address / "social.json").read_text(encoding="utf-8"))
        check_posts(posts, address, SITE)
        assert "#MathsChat" in posts["x"] and "@tamarteignmaths" in posts["x"]
        assert "@tamarteignmaths.bsky.social" in posts["bluesky"]
        labels = {"number": "#Number", "algebra": "#Algebra", "ratio": "#RatioAndProportion", "geometry": "#GeometryAndMeasures",
                  "statistics": "#Statistics", "probability": "#Probability"}
        for topic in items[address].get("topics", ()):  # an event may have none
            assert labels[topic] in posts["linkedin"], (address, topic)


# -- A small site under a sub-path, with the longest title and summary the contract allows.

LONG_TITLE = ("Fractions, decimals and percentages: 漢字 a sequence of rich tasks " * 3)[:120].strip()
LONG_SUMMARY = ("Students compare representations, reason about equivalence and explain their thinking "
                "to a partner before the whole class discusses the most efficient methods. ") * 3
LONG_SUMMARY = LONG_SUMMARY[:300].strip()
SMALL_CONFIG = """\
site_name: Small network
site_url: https://example.org/sub/
theme: {name: material}
plugins:
  - tessellate:
      taxonomy:
        topics: {number: Number, ratio: Ratio and proportion}
        phases: {ks3: Key Stage 3}
        resource_types: {rich-task: Rich task}
      social:
        hashtags: [MathsChat]
        handles: {x: "@small", mastodon: "@small@mastodon.example"}
      newsletter: {utm: spring-2026, unsubscribe: "{{unsubscribe}}"}
      brand: {colour: "#7a1b5e"}
"""


def small_item(title: str, summary: str, day: str, kind: str = "resources") -> str:
    extra = "resource_type: rich-task\n" if kind == "resources" else "organisation: Small School\nconsent: true\n"
    return (f"---\ntitle: {json.dumps(title)}\nsummary: {json.dumps(summary)}\ndate: {day}\n"
            f"topics: [number, ratio]\nphases: [ks3]\n{extra}---\n\nBody.\n")


BESIDE_CONFIG = {"TESSELLATE_CACHE": ""}  # the default: .cache/tessellate/ beside mkdocs.yml


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("small")
    files = {"index.md": "# Small\n", "resources/long.md": small_item(LONG_TITLE, LONG_SUMMARY, "2026-03-02"),
             "resources/short.md": small_item("Short", "A short one.", "2026-02-27"),
             "stories/win.md": small_item("A win", "It worked.", "2026-03-20", kind="stories")}
    for name, content in files.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(content, encoding="utf-8")
    (root / "mkdocs.yml").write_text(SMALL_CONFIG)
    result = run_build("build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "out"), env=BESIDE_CONFIG)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def test_long_titles_are_cut_at_a_word_with_an_ellipsis_and_fit(small_site):
    assert len(LONG_TITLE) == 120 and len(LONG_SUMMARY) == 300
    posts = json.loads((small_site / "out/share/resources/long/social.json").read_text(encoding="utf-8"))
    check_posts(posts, "resources/long/", "https://example.org/sub/")
    for platform in ("x", "bluesky"):
        head = posts[platform].split("\n\nhttps://")[0]
        assert head.endswith("…") and (LONG_TITLE + "\n\n" + LONG_SUMMARY).startswith(head[:-1]), platform
        rest = (LONG_TITLE + "\n\n" + LONG_SUMMARY)[len(head) - 1:]
        assert re.match(r"[,;:.]*\s", rest), f"{platform}: cut inside a word: {rest[:20]!r}"
    assert posts["linkedin"].startswith(LONG_TITLE + "\n\n" + LONG_SUMMARY)
    assert "#RatioAndProportion" in posts["linkedin"] and "via @small@mastodon.example" in posts["mastodon"]


def test_links_honour_the_sub_path_and_carry_utm_per_channel(small_site):
    out = small_site / "out"
    email = lxml.html.parse(str(out / "share/resources/long/email.html")).getroot()
    cta = email.xpath(".//a[normalize-space(.)='Read the task']")[0].get("href")
    assert cta == "https://example.org/sub/resources/long/?utm_source=email&utm_medium=email&utm_campaign=spring-2026"
    assert email.xpath(".//img")[-1].get("src") == "https://example.org/sub/share/resources/long/card.png"
    assert email.xpath(".//td[@style]")[0].get("style").endswith("#7a1b5e")
    posts = json.loads((out / "share/resources/long/social.json").read_text(encoding="utf-8"))
    assert "utm_source=x&utm_medium=social" in posts["x"] and "utm_source=mastodon" in posts["mastodon"]
    tree = page(out, "resources/long/")
    og = {m.get("property") or m.get("name"): m.get("content") for m in tree.cssselect("meta[property], meta[name^='twitter:']")}
    assert og["og:url"] == "https://example.org/sub/resources/long/"
    assert og["og:image"] == "https://example.org/sub/share/resources/long/card.png"
    assert og["og:title"] == LONG_TITLE and og["twitter:card"] == "summary_large_image"


def test_cards_are_1200_by_630_and_an_unchanged_item_is_not_redrawn(small_site):
    cache = small_site / ".cache" / "tessellate" / "cards"
    before = {p.name: p.stat().st_mtime_ns for p in cache.glob("*/*")}
    assert len(before) == 10  # three items' three shapes and the site's own card
    assert check_card(small_site / "out/share/resources/long/card.png") == []
    with Image.open(small_site / "out/share/resources/long/card.png") as card:
        shown = card.convert("RGB")
    assert (small_site / "out/share/resources/long/card.png").stat().st_size < 40_000
    brand, white, ink = (0x7A, 0x1B, 0x5E), (255, 255, 255), (0x1A, 0x1A, 0x1A)

    def colours(box):
        return {colour for _, colour in shown.crop(box).getcolors(1200 * 630)}
    # The brand band holds the network's name in white, smoothed towards the brand colour; the title
    # below is dark text on white; the stripe at the foot is the brand colour alone.
    band, title, stripe = colours((0, 0, 1200, 110)), colours((0, 220, 1200, 500)), colours((0, 614, 1200, 630))
    assert {brand, white} < band and stripe == {brand}
    assert {white, ink} < title and brand not in title
    assert all(abs(r - g) < 3 and abs(g - b) < 3 for r, g, b in title)  # greys only: no stray colour
    assert len(title) > 8  # smoothed edges, not a jagged two-colour text
    result = run_build("build", "-v", "-f", str(small_site / "mkdocs.yml"), "-d", str(small_site / "again"), env=BESIDE_CONFIG)
    assert result.returncode == 0, result.stderr
    assert {p.name: p.read_bytes() for p in cache.glob("*/*")}.keys() == before.keys()
    assert "0 social card(s) drawn, 10 unchanged" in result.stderr
    # An edited title is a new card in each shape, drawn once; the others are still reused.
    short = small_site / "docs/resources/short.md"
    short.write_text(short.read_text().replace("title: \"Short\"", "title: \"Shorter\""))
    result = run_build("build", "-v", "-f", str(small_site / "mkdocs.yml"), "-d", str(small_site / "third"), env=BESIDE_CONFIG)
    assert "3 social card(s) drawn, 7 unchanged" in result.stderr
    # The old title's card is no longer kept: the cache holds what the site shows, nothing more.
    after = {p.name for p in cache.glob("*/*")}
    assert len(after) == 10 and len(set(before) - after) == 3 and len(after - set(before)) == 3
    short.write_text(short.read_text().replace("title: \"Shorter\"", "title: \"Short\""))


def test_a_wrong_utm_campaign_is_a_clear_message(tmp_path, small_site):
    (tmp_path / "mkdocs.yml").write_text(SMALL_CONFIG.replace("utm: spring-2026", "utm: \"spring 2026?\"")
                                         .replace("site_url", f"docs_dir: {small_site / 'docs'}\nsite_url"))
    result = run_build("build", "-f", str(tmp_path / "mkdocs.yml"), "-d", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "newsletter.utm: 'spring 2026?' is not a campaign name" in result.stderr


# -- Open Graph on every page.

def test_every_page_has_open_graph_and_twitter_tags(example_site):
    # The editor (admin/) is a coordinators' tool, kept out of search engines: nothing to share.
    pages = [p for p in example_site.rglob("index.html")
             if not p.relative_to(example_site).as_posix().startswith(("share/", "search/", "admin/"))]
    assert len(pages) > 40
    for path in pages:
        tree = lxml.html.parse(str(path)).getroot()
        tags = {m.get("property") or m.get("name"): m.get("content") for m in tree.cssselect("head meta")}
        where = path.relative_to(example_site).as_posix()
        canonical = tree.cssselect('link[rel="canonical"]')[0].get("href")
        assert tags["og:url"] == canonical, where
        assert tags["og:title"] and tags["og:description"] and tags["twitter:card"] == "summary_large_image", where
        assert tags["og:image"].startswith(SITE + "share/") and tags["og:image"].endswith(".png"), where
        assert (example_site / tags["og:image"][len(SITE):]).is_file(), where


def test_an_email_shows_a_png_logo_never_an_svg(tmp_path, example_site):
    # The example's logo is an SVG with a PNG twin beside it: emails use the twin.
    header = lxml.html.fromstring((example_site / "share/digest/email.html").read_text(encoding="utf-8"))
    logos = [img.get("src") for img in header.cssselect("img") if "/assets/logo" in img.get("src", "")]
    assert logos == ["https://maths.example.org/assets/logo.png"]
    # With only an SVG, the email shows the name alone, and the build says why.
    root = tmp_path / "svg-only"
    (root / "docs" / "assets").mkdir(parents=True)
    (root / "docs" / "assets" / "mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (root / "docs" / "resources").mkdir()
    (root / "docs" / "resources" / "one.md").write_text(small_item("One", "The first.", "2026-03-02"))
    (root / "mkdocs.yml").write_text(SMALL_CONFIG.replace('brand: {colour: "#7a1b5e"}',
                                                          'brand: {colour: "#7a1b5e", logo: assets/mark.svg}'))
    result = run_build("build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert ("brand.logo: emails show the network's name without the logo: assets/mark.svg is an SVG"
            in result.stdout + result.stderr)
    email = (root / "out/share/resources/one/email.html").read_text(encoding="utf-8")
    assert "mark.svg" not in email and "Small network" in email
