"""Each output's checker fails on the defect it guards against (issue 22).

The suite checks the site's outputs (pages, feeds, the share kit, the search index, calendar files, list
data, `_headers`, the sitemap) with checker functions: the quality gates (tests/gates/), the hostile-text
sweep's registered outputs (tests/outputs.py), the share kit's checks (tests/gates/share_kit.py) and the
validators of test_share.py and test_feeds.py. A checker that never fails proves nothing, so here each
one runs on a copy of the example site with one defect planted, and must report that defect; on the
untouched site it must report nothing. The gates' planted defects for HTML validity, links in pages, feed
validity, accessibility, the keyboard and an inline script without its hash are in test_gates.py.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

import outputs
from conftest import REPO
from gates import csp, links
from gates.share_kit import check_card, check_email, check_kept_out
from search_index import SIGNATURE
from test_feeds import check_site_feeds
from test_share import SITE, check_posts

# -- The checkers, each run on a whole built site as the suite runs it on the real one.


def _raised(check: Callable, *args) -> list[str]:
    """The problem an assertion-style checker (one that raises AssertionError) reports, if any: its message,
    or else the assertion that failed."""
    try:
        check(*args)
    except AssertionError as error:
        return [str(error) or (traceback.extract_tb(error.__traceback__)[-1].line or "")]
    return []


def _emails(site: Path) -> list[str]:
    return [problem for path in sorted((site / "share").rglob("email.html"))
            for problem in check_email(path, SITE, path.relative_to(site).as_posix())]


def _cards(site: Path) -> list[str]:
    return [problem for path in sorted((site / "share").rglob("card.png"))
            for problem in check_card(path, path.relative_to(site).as_posix())]


def _posts(site: Path) -> list[str]:
    problems = []
    for path in sorted((site / "share").rglob("social.json")):
        address = path.parent.relative_to(site / "share").as_posix() + "/"
        problems += _raised(check_posts, json.loads(path.read_text(encoding="utf-8")), address, SITE)
    return problems


CHECKERS: dict[str, Callable[[Path], list[str]]] = {
    **{f"outputs: {name}": (lambda site, check=check: list(check(site))) for name, check in outputs.OUTPUTS.items()},
    "links.check": links.check,
    "csp.check_static": csp.check_static,
    "share_kit.check_email": _emails,
    "share_kit.check_card": _cards,
    "share_kit.check_kept_out": check_kept_out,
    "test_share.check_posts": _posts,
    "test_feeds.check_site_feeds": lambda site: _raised(check_site_feeds, site, SITE),
}

# -- Planting: small edits to a copy of the built site.


def edit(site: Path, path: str, old: str, new: str, count: int = 1) -> None:
    """Replace the first `count` (0: every) `old` in the site-relative file `path` with `new`."""
    file = site / path
    text = file.read_bytes().decode("utf-8")  # as written: a calendar file's CRLF line ends stay
    assert old in text, f"{path} holds no {old!r} to plant a defect at"
    file.write_bytes(text.replace(old, new, count or -1).encode("utf-8"))


def first(site: Path, pattern: str, holding: str = "") -> str:
    """The site-relative path of the first file (in path order) matching `pattern` and holding `holding`."""
    for path in sorted(site.glob(pattern)):
        if holding in path.read_text(encoding="utf-8", errors="ignore"):
            return path.relative_to(site).as_posix()
    raise AssertionError(f"no {pattern} holding {holding!r} in the example site to plant a defect in")


def kit(site: Path) -> str:
    """The first item's share kit folder, like share/resources/x/."""
    return first(site, "share/*/**/social.json").removesuffix("social.json")


def item_url(kit_folder: str) -> str:
    """The address of the item whose share kit is `kit_folder`."""
    return SITE + kit_folder.removeprefix("share/")


def edit_json(site: Path, path: str, change: Callable[[dict], None]) -> None:
    data = json.loads((site / path).read_text(encoding="utf-8"))
    change(data)
    (site / path).write_text(json.dumps(data), encoding="utf-8")


def draft_url() -> str:
    """The site-relative address a draft of the example content would have, were it published."""
    for path in sorted((REPO / "content").rglob("*.md")):
        if re.search(r"^draft: true$", path.read_text(encoding="utf-8").split("\n---", 1)[0], re.M):
            return path.relative_to(REPO / "content").as_posix()[:-3] + "/"
    raise AssertionError("the example content has no draft")


# HTML pages


def page_event_handler(site):
    edit(site, "about/index.html", "</article>", '<p><a href="#" onclick="alert(1)">planted</a></p></article>')


def page_javascript_link(site):
    edit(site, "about/index.html", "</article>", '<p><a href="javascript:alert(1)">planted</a></p></article>')


def json_ld_cut_short(site):
    # A title holding `</script>`, printed unescaped, ends the structured data early.
    edit(site, first(site, "resources/**/index.html", "application/ld+json"), "</head>",
         '<script type="application/ld+json">{"name": "Fractions </script><p>planted"}</p></head>')


def open_graph_break_out(site):
    # A title breaking out of its content attribute: an element in <head> where only tags belong.
    edit(site, "about/index.html", '<meta property="og:title" content="About">',
         '<meta property="og:title" content="About"><svg onload="alert(1)"></svg>')


def open_graph_without_content(site):
    edit(site, "about/index.html", '<meta property="og:title" content="About">', '<meta property="og:title" about="About">')


# Video: the click-to-load player and its drawn poster


def player_elsewhere(site):
    page = first(site, "cpd/*/index.html", 'data-tx-embed="https://www.youtube-nocookie.com/')
    edit(site, page, 'data-tx-embed="https://www.youtube-nocookie.com/', 'data-tx-embed="https://evil.example/')


def player_attribute_break_out(site):
    page = first(site, "cpd/*/index.html", 'class="tx-player"')
    edit(site, page, '<div class="tx-player"', '<div onmouseover="alert(1)" class="tx-player"')


def poster_script(site):
    edit(site, first(site, "cpd/*.poster.svg"), "</svg>", "<script>alert(1)</script></svg>")


def poster_link(site):
    edit(site, first(site, "cpd/*.poster.svg"), "</svg>", '<a href="https://evil.example/"><text>x</text></a></svg>')


# Maths: formulas typeset in pages and feeds, drawn for email


def maths_handler_in_page(site):
    edit(site, first(site, "**/index.html", "<math"), "<mi>", '<mi onclick="alert(1)">')


def maths_foreign_element(site):
    edit(site, first(site, "**/index.html", "<math"), "<mi>", "<mi><b>planted</b>")


def maths_drawn_formula_not_png(site):
    drawn = site / first(site, "assets/maths/*.png")
    drawn.with_suffix(".svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')


def share_email_svg(site):
    email = first(site, "share/resources/*/*/email.html", "/assets/maths/")
    edit(site, email, ".png", ".svg", count=0)


# Feeds


def feed_live_markup(site):
    edit(site, "feed.xml", "<description>", "<description>&lt;img src=x onerror=alert(1)&gt;", count=2)


def json_feed_live_markup(site):
    edit(site, "feed.json", '"content_html": "', '"content_html": "<img src=x onerror=alert(1)>')


def feed_relative_link_in_content(site):
    # In an entry's HTML (escaped inside the feed's XML), not the feed's own links.
    edit(site, "resources/feed.xml", 'headerlink" href="https://maths.example.org/resources/', 'headerlink" href="../resources/')


def feed_relative_entry_link(site):
    text = (site / "resources/feed.xml").read_text(encoding="utf-8")
    link = re.search(r"<item>\s*<title>[^<]*</title>\s*<link>https://maths\.example\.org/([^<]+)</link>", text).group(1)
    edit(site, "resources/feed.xml", f"<link>https://maths.example.org/{link}</link>", f"<link>{link}</link>")


def atom_relative_link_in_content(site):
    edit(site, "resources/feed.atom", 'headerlink" href="https://maths.example.org/resources/', 'headerlink" href="../resources/')


def feed_link_to_missing_page(site):
    text = (site / "resources/feed.xml").read_text(encoding="utf-8")
    link = re.search(r"<item>\s*<title>[^<]*</title>\s*<link>(https://[^<]+)</link>", text).group(1)
    edit(site, "resources/feed.xml", f"<link>{link}</link>", "<link>https://maths.example.org/resources/no-such-item/</link>")


def json_feed_link_to_missing_page(site):
    feed = json.loads((site / "resources/feed.json").read_text(encoding="utf-8"))
    feed["items"][0]["url"] = "https://maths.example.org/resources/no-such-item/"
    (site / "resources/feed.json").write_text(json.dumps(feed), encoding="utf-8")


# The share kit: email snippets (the digest's too), plain text, social posts, cards, its pages


def email_relative_image(site):
    edit(site, kit(site) + "email.html", f'src="{SITE}{kit(site)}card.png', 'src="card.png')


def email_svg(site):
    edit(site, kit(site) + "email.html", "</body>", '<svg width="16" height="16"><circle r="8"/></svg></body>')


def email_style_and_class(site):
    edit(site, kit(site) + "email.html", "</body>", '<style>p { color: red }</style><p class="lead">planted</p></body>')


def email_script(site):
    edit(site, kit(site) + "email.html", "</body>", "<script>alert(1)</script></body>")


def email_too_wide(site):
    edit(site, kit(site) + "email.html", 'width="600"', 'width="640"')


def email_web_font(site):
    edit(site, kit(site) + "email.html", 'font-family: Arial', "font-family: 'Planted', Arial; src: url(planted.woff2)")


def digest_relative_logo(site):
    edit(site, "share/digest/email.html", 'src="https://maths.example.org/assets/logo.png"', 'src="../../assets/logo.png"')


def email_text_escaped(site):
    edit(site, kit(site) + "email.txt", "\n", "\nFractions &lt;b&gt;planted&lt;/b&gt;\n")


def social_post_escaped(site):
    edit_json(site, kit(site) + "social.json", lambda posts: posts.update(bluesky="&quot;Planted&quot; " + posts["bluesky"]))


def x_post_over_280_weighted(site):
    # Under 280 characters, over 280 as X counts them: each CJK character weighs 2.
    def lengthen(posts):
        posts["x"] = "漢字" * 64 + "\n\n" + posts["x"][posts["x"].index("https://"):]
        assert len(posts["x"]) <= 280, "planted to fit a plain character count"
    edit_json(site, kit(site) + "social.json", lengthen)


def bluesky_post_over_300(site):
    edit_json(site, kit(site) + "social.json", lambda posts: posts.update(bluesky="Planted " * 40 + posts["bluesky"]))


def instagram_post_with_a_link(site):
    edit_json(site, kit(site) + "social.json",
              lambda posts: posts.update(instagram=posts["instagram"] + "\n\n" + item_url(kit(site))))


def card_wrong_size(site):
    path = site / kit(site) / "card.png"
    with Image.open(path) as card:
        card.resize((1200, 600)).save(path, format="PNG")


def site_card_not_png(site):
    path = site / "share" / "card.png"
    with Image.open(path) as card:
        card.convert("RGB").save(path, format="JPEG")


def kit_page_indexable(site):
    edit(site, kit(site) + "index.html", '<meta name="robots" content="noindex', '<meta name="robots" content="index')


def sitemap_lists_a_kit(site):
    edit(site, "sitemap.xml", "</urlset>", f"<url><loc>{SITE}{kit(site)}</loc></url></urlset>")


# Search index: Pagefind's fragments


def _edit_fragment(site: Path, change: Callable[[dict], None]) -> None:
    path = sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))[0]
    data = gzip.decompress(path.read_bytes())
    record = json.loads(data[len(SIGNATURE):])
    change(record)
    path.write_bytes(gzip.compress(SIGNATURE + json.dumps(record).encode("utf-8")))


def search_escaped_twice(site):
    _edit_fragment(site, lambda record: record.update(content="Fractions &lt;b&gt; " + record["content"]))


def search_title_escaped_twice(site):
    _edit_fragment(site, lambda record: record["meta"].update(title=record["meta"]["title"] + " &gt; planted"))


def search_index_empty(site):
    shutil.rmtree(site / "pagefind" / "fragment")


# Calendar files


def calendar_without_uid(site):
    ics = first(site, "**/*.ics")
    text = (site / ics).read_bytes().decode("utf-8")
    edit(site, ics, re.search(r"UID:[^\r\n]*\r\n", text).group(0), "")


def calendar_unescaped_line_break(site):
    # A summary written without escaping its line break ends the event and starts another.
    ics = first(site, "*/*.ics")  # an item's own
    edit(site, ics, "SUMMARY:", "SUMMARY:Planted\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:")


def calendar_http_url(site):
    edit(site, first(site, "**/*.ics"), "URL:https://", "URL:http://")


def site_calendar_event_twice(site):
    text = (site / "calendar.ics").read_bytes().decode("utf-8")
    event = re.search(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", text, re.S).group(0)
    edit(site, "calendar.ics", "END:VCALENDAR", event + "END:VCALENDAR")


def site_calendar_event_of_no_item(site):
    edit(site, "calendar.ics", "UID:", "UID:planted-")


# List data: cards.json and cards-N.json


def card_with_live_script(site):
    edit_json(site, "resources/cards-1.json",
              lambda data: data["cards"].__setitem__(0, data["cards"][0].replace("</li>", "<script>alert(1)</script></li>")))


def card_that_is_two_items(site):
    edit_json(site, "resources/cards-1.json", lambda data: data["cards"].__setitem__(0, data["cards"][0] + "<li>planted</li>"))


def card_missing(site):
    edit_json(site, "resources/cards-1.json", lambda data: data["cards"].pop())


def facet_value_not_an_id(site):
    edit_json(site, "resources/cards.json", lambda data: data["items"][0]["facets"]["topic"].append('"><b>x</b>'))


# Sitemap


def sitemap_live_markup(site):
    edit(site, "sitemap.xml", "</urlset>", "<url><loc>https://maths.example.org/&lt;script&gt;alert(1)&lt;/script&gt;/</loc></url></urlset>")


def sitemap_lists_a_draft(site):
    edit(site, "sitemap.xml", "</urlset>", f"<url><loc>{SITE}{draft_url()}</loc></url></urlset>")


# _headers and each page's own policy


def headers_policy_for_some_pages_only(site):
    edit(site, "_headers", "/*\n", "/resources/*\n")


def headers_without_policy(site):
    text = (site / "_headers").read_text(encoding="utf-8")
    edit(site, "_headers", re.search(r"  Content-Security-Policy:[^\n]*\n", text).group(0), "")


def headers_policy_allows_any_script(site):
    edit(site, "_headers", "script-src 'self'", "script-src 'self' https:")


def page_without_meta_policy(site):
    text = (site / "about/index.html").read_text(encoding="utf-8")
    edit(site, "about/index.html", re.search(r'<meta http-equiv="Content-Security-Policy"[^>]*>', text).group(0), "")


@dataclass(frozen=True)
class Plant:
    output: str
    checker: str
    plant: Callable[[Path], None]
    reported: str  # a pattern one of the reported problems matches


P = Plant
PLANTS = [
    P("item and other HTML pages", "outputs: html pages", page_event_handler, r"^about/index\.html: <a onclick=\.\.\.> event handler"),
    P("item and other HTML pages", "outputs: html pages", page_javascript_link, r"^about/index\.html: <a href='javascript:alert\(1\)'>"),
    P("structured data in pages", "outputs: json-ld", json_ld_cut_short, r"^resources/.*index\.html: JSON-LD does not parse"),
    P("Open Graph tags", "outputs: open graph", open_graph_break_out, r"^about/index\.html: <svg> in <head>"),
    P("Open Graph tags", "outputs: open graph", open_graph_without_content, r"^about/index\.html: og:title without content"),
    P("CPD video player", "outputs: video player", player_elsewhere, r"^cpd/.*index\.html: the player would load 'https://evil\.example/"),
    P("CPD video player", "outputs: video player", player_attribute_break_out, r"^cpd/.*: the player is not the button and poster"),
    P("CPD video poster", "outputs: video posters", poster_script, r"^cpd/.*\.poster\.svg: <script>"),
    P("CPD video poster", "outputs: video posters", poster_link, r"^cpd/.*\.poster\.svg: (<a>|an event handler or link)"),
    P("typeset maths", "outputs: maths", maths_handler_in_page, r"index\.html: <mi onclick=\.\.\.> inside <math>"),
    P("typeset maths", "outputs: maths", maths_foreign_element, r"index\.html: <b> inside <math>"),
    P("maths drawn for email", "outputs: maths", maths_drawn_formula_not_png, r"^assets/maths/.*\.svg: a formula drawn for email that is not a PNG"),
    P("share kit email.html", "share_kit.check_email", share_email_svg, r"^share/resources/.*/email\.html: 'https://.*/assets/maths/.*\.svg' is an SVG"),
    P("RSS and Atom feeds", "outputs: feeds", feed_live_markup, r"^feed\.xml: <description> holds live markup"),
    P("JSON Feeds", "outputs: json feeds", json_feed_live_markup, r"^feed\.json: item 1's content_html holds live markup"),
    P("RSS and Atom feeds", "test_feeds.check_site_feeds", feed_relative_link_in_content,
      r"resources/feed\.xml: .*relative address '\.\./resources/"),
    P("RSS and Atom feeds", "test_feeds.check_site_feeds", feed_relative_entry_link,
      r"resources/feed\.xml: .*item without title or absolute link: resources/"),
    P("RSS and Atom feeds", "test_feeds.check_site_feeds", atom_relative_link_in_content,
      r"resources/feed\.atom: .*relative address '\.\./resources/"),
    P("RSS and Atom feeds", "links.check", feed_link_to_missing_page,
      r"^resources/feed\.xml: <link>: 'https://maths\.example\.org/resources/no-such-item/' points to .*, which does not exist"),
    P("JSON Feed", "links.check", json_feed_link_to_missing_page,
      r"^resources/feed\.json: url: 'https://maths\.example\.org/resources/no-such-item/' points to .*, which does not exist"),
    P("share kit email.html", "share_kit.check_email", email_relative_image, r"^share/.*/email\.html: <img src='card\.png'> is not an absolute address"),
    P("share kit email.html", "outputs: share email html", email_relative_image, r"^share/.*/email\.html: <img src='card\.png'>"),
    P("share kit email.html", "share_kit.check_email", email_svg, r"^share/.*/email\.html: <svg>"),
    P("share kit email.html", "share_kit.check_email", email_style_and_class, r"^share/.*/email\.html: <p class='lead'>"),
    P("share kit email.html", "outputs: share email html", email_style_and_class, r"^share/.*/email\.html: <style>"),
    P("share kit email.html", "outputs: share email html", email_script, r"^share/.*/email\.html: <script>"),
    P("share kit email.html", "share_kit.check_email", email_too_wide, r"^share/.*/email\.html: widths \[.*640\]: not 600px wide"),
    P("share kit email.html", "share_kit.check_email", email_web_font, r"^share/.*/email\.html: a web font or url\(\)"),
    P("share digest email.html", "share_kit.check_email", digest_relative_logo,
      r"^share/digest/email\.html: <img src='\.\./\.\./assets/logo\.png'> is not an absolute address"),
    P("share kit email.txt", "outputs: share plain text", email_text_escaped, r"^share/.*/email\.txt: holds HTML escapes"),
    P("share kit social.json", "outputs: share plain text", social_post_escaped, r"^share/.*/social\.json: bluesky holds HTML escapes"),
    P("share kit social.json", "test_share.check_posts", x_post_over_280_weighted, r"'x', 3\d\d\)"),
    P("share kit social.json", "test_share.check_posts", bluesky_post_over_300, r"'bluesky', \d{3}\)"),
    P("share kit social.json", "test_share.check_posts", instagram_post_with_a_link, r"\"http\" not in posts\[\"instagram\"\]|'http' not in"),
    P("share kit card.png", "share_kit.check_card", card_wrong_size, r"^share/.*/card\.png: 1200x600, not 1200x630"),
    P("site card share/card.png", "share_kit.check_card", site_card_not_png, r"^share/card\.png: a JPEG file, not a PNG"),
    P("share kit index.html", "share_kit.check_kept_out", kit_page_indexable, r"^share/.*/index\.html: no <meta name=\"robots\" content=\"noindex\">"),
    P("sitemap.xml", "share_kit.check_kept_out", sitemap_lists_a_kit, r"^sitemap\.xml: lists a share page"),
    P("sitemap.xml", "outputs: sitemap", sitemap_live_markup, r"^sitemap\.xml: https://maths\.example\.org/<script>alert\(1\)</script>/"),
    P("sitemap.xml", "links.check", sitemap_lists_a_draft, r"^sitemap\.xml: <loc>: '.*' points to .*, which does not exist"),
    P("search index (pagefind/)", "outputs: search index", search_escaped_twice, r"^search index .*: content holds HTML escapes"),
    P("search index (pagefind/)", "outputs: search index", search_title_escaped_twice, r"^search index .*: title holds HTML escapes"),
    P("search index (pagefind/)", "outputs: search index", search_index_empty, r"^pagefind/fragment holds no page"),
    P("calendar files (.ics)", "outputs: calendar files", calendar_without_uid, r"\.ics: no UID$"),
    P("calendar files (.ics)", "outputs: calendar files", calendar_unescaped_line_break, r"\.ics: 2 events, not one$"),
    P("calendar files (.ics)", "outputs: calendar files", calendar_http_url, r"\.ics: URL .* is not an https address"),
    P("site calendar (calendar.ics)", "outputs: calendar files", site_calendar_event_twice, r"^calendar\.ics: \S+ is there 2 times$"),
    P("site calendar (calendar.ics)", "outputs: calendar files", site_calendar_event_of_no_item,
      r"^calendar\.ics: planted-\S+ is the UID of no item's calendar file$"),
    P("list data (cards-N.json)", "outputs: list data", card_with_live_script, r"^resources/cards\.json: a card that is not one inert <li>"),
    P("list data (cards-N.json)", "outputs: list data", card_that_is_two_items, r"^resources/cards\.json: a card that is not one inert <li>"),
    P("list data (cards-N.json)", "outputs: list data", card_missing, r"^resources/cards\.json: \d+ items but \d+ cards in its data files"),
    P("list data (cards.json)", "outputs: list data", facet_value_not_an_id, r"^resources/cards\.json: facet values that are not ids"),
    P("_headers", "csp.check_static", headers_policy_for_some_pages_only, r"^about/index\.html: no Content-Security-Policy for /about/ in _headers"),
    P("_headers", "csp.check_static", headers_without_policy, r"^index\.html: no Content-Security-Policy for / in _headers"),
    P("_headers", "csp.check_static", headers_policy_allows_any_script, r"^about/index\.html: the _headers policy's script-src allows https:"),
    P("page CSP <meta>", "csp.check_static", page_without_meta_policy, r"^about/index\.html: no <meta http-equiv=\"Content-Security-Policy\">"),
]


@pytest.mark.parametrize("checker", sorted(CHECKERS))
def test_each_checker_reports_nothing_on_the_untouched_site(checker, example_site):
    assert CHECKERS[checker](example_site) == []


@pytest.mark.parametrize("planted", PLANTS, ids=lambda p: p.plant.__name__ + "-" + p.checker.split(": ")[-1].replace(" ", "-"))
def test_each_checker_reports_the_defect_planted(planted, example_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(example_site, site)
    planted.plant(site)
    problems = CHECKERS[planted.checker](site)
    assert any(re.search(planted.reported, problem, re.S) for problem in problems), \
        f"{planted.checker} missed the planted defect {planted.plant.__name__} ({planted.reported!r}); it reported:\n" \
        + "\n".join(problems)


def test_every_checker_and_every_registered_output_has_a_planted_defect():
    """A checker added later, or an output registered in outputs.py, joins the table above with its defect."""
    assert {name for name in CHECKERS} == {plant.checker for plant in PLANTS}
