"""Hostile text everywhere at once, into every output: it must reach readers as text, never as markup.

Every item of the test site carries hostile text in every field, each field marked with its name,
and so do the site's name, description, taxonomy labels, brand and social settings. Items link to
each other (a series, CPD using resources, related cards, featured and upcoming lists), so the
lists that show other items' titles are swept too. The outputs are registered in `outputs.py`;
a new output joins this test by registering there."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest

from conftest import run_build
from outputs import OUTPUTS
from reading import ics_text, main, page, text

# Breaks out of <title>, attributes, JSON and Jinja if anything along the way is unescaped.
HOSTILE = """</title><script>alert(1)</script>"'><img src=x onerror=alert(2)>{{ 7*7 }}{% raw %}&amp;"""
# Pieces of HOSTILE that cannot appear unless HOSTILE does, wherever it lands whole and as text.
MARKERS = ("alert(1)", "onerror=alert(2)", "7*7")


def marked(field: str) -> str:
    """The hostile text tagged with where it was written, so a test can tell each field apart."""
    return f"{HOSTILE} ~{field}"


def q(field: str) -> str:
    return json.dumps(marked(field))  # a YAML double-quoted scalar


LOGO = "assets/l\"'><b onmouseover=alert(9)>.svg"
CONFIG = f"""\
site_name: {q("site")}
site_description: {q("description")}
site_url: https://example.org/sub/
theme: {{name: material}}
plugins:
  - search
  - tessellate:
      taxonomy:
        topics: {{number: {q("topic")}, algebra: {q("topic2")}}}
        phases: {{ks3: {q("phase")}}}
        resource_types: {{lesson: {q("type")}}}
      brand: {{colour: "#1b5e8a", logo: {json.dumps(LOGO)}}}
      social:
        hashtags: [{q("hashtag")}]
        handles: {{x: {q("x")}, bluesky: {q("bluesky")}, mastodon: {q("mastodon")}}}
      newsletter:
        from_name: {q("from")}
        unsubscribe: {q("unsubscribe")}
        signup:
          action: https://lists.example.org/subscribe/post?u=1&id=2
          fields: {{source: {q("signup field")}}}
          consent: {q("signup consent")}
"""

# Raw HTML in a body is Markdown's business (the allowlist), tested with markers of its own.
RAW_BODY = """Body text with `<img src=x onerror=alert(3)>` in code, and raw HTML:

<script>alert(4)</script>
<a href="javascript:alert(5)" onclick="alert(6)">click</a>
<form action="https://evil.example/"><input name="q"></form>
<iframe src="https://evil.example/frame"></iframe>
<iframe src="https://www.geogebra.org/material/iframe/id/abc"></iframe>
<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="data">

![A tracking pixel](https://tracker.example/pixel.png)

Template syntax stays literal: {{ config.site_name }} and {% if true %}shown{% endif %}.
"""


def resource(name: str, extra: str = "", body: str = "") -> str:
    return f"""---
title: {q(f"{name} title")}
summary: {q(f"{name} summary")}
date: 2026-02-07
topics: [number, algebra]
phases: [ks3]
resource_type: lesson
licence: {q(f"{name} licence")}
authors:
  - {{name: {q(f"{name} author")}, organisation: {q(f"{name} organisation")}}}
image: {{src: pic.svg, alt: {q(f"{name} alt")}}}
downloads:
  - {{file: sheet.txt, label: {q(f"{name} download")}}}
extra: {{note: {q(f"{name} extra")}}}
{extra}---

{body or f"`{marked(name + ' body')}`"}
"""


def cpd(name: str, part: int, resources: str, date: str = "2026-02-08", extra: str = "") -> str:
    return f"""---
title: {q(f"{name} title")}
summary: {q(f"{name} summary")}
date: {date}
topics: [number]
video: https://www.youtube.com/watch?v=abcdefghijk
duration: "5:00"
presenters: [{q(f"{name} presenter")}]
outcomes: [{q(f"{name} outcome")}]
reflection: [{q(f"{name} reflection")}]
chapters:
  - {{at: "0:00", title: {q(f"{name} chapter")}}}
series: {{name: {q("series")}, part: {part}}}
resources: [{resources}]
{extra}---

## Transcript

`{marked(name + " transcript")}`
"""


def story(name: str) -> str:
    return f"""---
title: {q(f"{name} title")}
summary: {q(f"{name} summary")}
date: 2026-02-09
topics: [number]
organisation: {q(f"{name} organisation")}
quote: {{text: {q(f"{name} quote")}, by: {q(f"{name} by")}, role: {q(f"{name} role")}}}
impact:
  - {q(f"{name} impact")}
  - {{measure: {q(f"{name} measure")}, before: {q(f"{name} before")}, after: {q(f"{name} after")}}}
consent: true
---

`{marked(name + " body")}`
"""


LIVE = f"""---
title: {q("live title")}
summary: {q("live summary")}
date: 2026-11-01
topics: [number]
live: {{start: "2026-12-01T16:00:00+00:00", end: "2026-12-01T17:00:00+00:00", join_url: "https://example.org/join?q=%22%3E%3Cscript%3E"}}
---

`{marked("live body")}`
"""
# An event whose place is hostile: it lands in the page, its structured data, feeds, calendars and the share kit.
EVENT = f"""---
title: {q("e1 title")}
summary: {q("e1 summary")}
date: 2026-02-11
starts: "2027-03-03T16:00:00+00:00"
ends: "2027-03-03T17:00:00+00:00"
where: {q("e1 where")}
register_url: "https://example.org/book?q=%22%3E%3Cscript%3E"
register_by: 2027-02-24
---

`{marked("e1 body")}`
"""
# An ordinary page, rendered by Material's own templates from MkDocs' own front matter.
ORDINARY = f"""---
title: {q("ordinary title")}
description: {q("ordinary description")}
---

An ordinary page.
"""
# Formulas whose LaTeX carries markup: typeset, it must stay text (title, page, feed, search).
MATHS = r"""---
title: Maths $\text{</title><script>alert(8)</script>}$
summary: $\mathrm{"><img src=x onerror=alert(9)>}$
date: 2026-02-10
topics: [number]
phases: [ks3]
resource_type: lesson
---

Inline $\text{<script>alert(10)</script>}$, linked $\href{javascript:alert(11)}{x}$, and

$$\text{<iframe src="https://evil.example/"></iframe>} + \frac{1}{2}$$
"""
# A page titled by its heading: Material prints that title through Jinja's striptags, which
# turns escaped entities back into markup.
HEADING = "# Heading &lt;/title&gt;&lt;script&gt;alert(7)&lt;/script&gt;\n\nText.\n"

FILES = {
    "index.md": "# Home\n", "ordinary.md": ORDINARY, "heading.md": HEADING,
    "resources/r1.md": resource("r1", "featured: true\n", RAW_BODY), "resources/r2.md": resource("r2"),
    "resources/sheet.txt": "answers\n", "resources/pic.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
    "cpd/c1.md": cpd("c1", 1, "r1, r2", extra="featured: true\n"), "cpd/c2.md": cpd("c2", 2, "r1", date="2026-02-10"),
    "cpd/live.md": LIVE, "events/e1.md": EVENT, "stories/s1.md": story("s1"), "stories/s2.md": story("s2"), "resources/m.md": MATHS,
    LOGO: '<svg xmlns="http://www.w3.org/2000/svg"/>',
}
ITEMS = ["resources/r1/", "resources/r2/", "cpd/c1/", "cpd/c2/", "cpd/live/", "stories/s1/", "stories/s2/", "events/e1/"]
LISTS = ["", "resources/", "cpd/", "stories/", "events/", "topics/", "topics/number/", "topics/algebra/"]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    for path, content in FILES.items():
        (root / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / path).write_text(content)
    (root / "mkdocs.yml").write_text(CONFIG)
    result = run_build("build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return root / "out"


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_hostile_text_is_inert_in(name, hostile_site):
    assert list(OUTPUTS[name](hostile_site)) == []


def test_wherever_hostile_text_lands_it_lands_whole_as_text(hostile_site):
    """In every page, every text and attribute holding a piece of the hostile text holds all of it,
    as typed: not cut by markup it opened, not stripped by a sanitiser, not escaped twice."""
    problems, places = [], 0
    for path in sorted(hostile_site.rglob("*.html")):
        where = path.relative_to(hostile_site).as_posix()
        for element in lxml.html.parse(str(path)).getroot().iter():
            if not isinstance(element.tag, str) or element.tag in ("script", "style"):
                continue
            if element.get("id") == "email-source":
                continue  # the share kit's HTML source: text escaped once as HTML code, checked in the share test
            values = [("text", element.text), ("tail", element.tail), *element.attrib.items()]
            for name, value in values:
                if value and any(marker in value for marker in MARKERS):
                    places += 1
                    if HOSTILE not in value:
                        problems.append(f"{where}: <{element.tag}> {name}: {value[:100]!r}")
    assert problems == []
    assert places > 300, "the sweep saw the hostile text land"


@pytest.mark.parametrize("url", [*ITEMS, "ordinary/"])
def test_titles_and_descriptions_read_as_typed(url, hostile_site):
    tree = page(hostile_site, url)
    name = url.strip("/").split("/")[-1]
    assert tree.find(".//title").text == f"{marked(name + ' title')} - {marked('site')}"
    assert text(main(tree).cssselect("h1")[0]) == marked(f"{name} title")
    expected = marked(f"{name} {'description' if name == 'ordinary' else 'summary'}")
    assert tree.cssselect('meta[name="description"]')[0].get("content") == expected
    assert "49" not in text(main(tree)).replace("2026", "")


def test_a_title_taken_from_the_heading_stays_text(hostile_site):
    tree = page(hostile_site, "heading/")
    assert tree.find(".//title").text.startswith("Heading </title><script>alert(7)</script>")
    assert "alert(7)" not in "".join(s.text or "" for s in tree.cssselect("script"))


@pytest.mark.parametrize("url", ITEMS)
def test_structured_data_reads_as_typed(url, hostile_site):
    script = page(hostile_site, url).cssselect('script[type="application/ld+json"]')[0]
    data = json.loads(script.text)
    name = url.strip("/").split("/")[-1]
    assert data["name"] == marked(f"{name} title") and data["description"] == marked(f"{name} summary")
    assert "<" not in script.text


FIELDS = {
    "resources/r1/": ["title", "summary", "licence", "author", "organisation", "download"],
    "resources/r2/": ["title", "summary", "licence", "author", "organisation", "download", "body"],
    "cpd/c1/": ["title", "summary", "presenter", "outcome", "reflection", "chapter", "transcript"],
    "stories/s1/": ["title", "summary", "organisation", "quote", "by", "role", "impact", "measure", "before", "after", "body"],
}


@pytest.mark.parametrize("url", FIELDS)
def test_every_field_reaches_the_page_as_text(url, hostile_site):
    name = url.strip("/").split("/")[-1]
    shown = text(main(page(hostile_site, url)))
    missing = [field for field in FIELDS[url] if marked(f"{name} {field}") not in shown]
    assert missing == []
    if url.startswith("resources/"):
        assert marked(f"{name} alt") in [img.get("alt") for img in main(page(hostile_site, url)).cssselect("img")]


def links_to(hostile_site: Path, url: str) -> dict[str, list[str]]:
    """Text of each link on the page at `url`, by the site-relative address it leads to."""
    found: dict[str, list[str]] = {}
    for link in main(page(hostile_site, url)).cssselect("a[href]"):
        target = urljoin(f"https://site/{url}", link.get("href")).removeprefix("https://site/").split("#")[0]
        found.setdefault(target, []).append(text(link))
    return found


@pytest.mark.parametrize("url, lists", [
    ("cpd/c1/", {"cpd/c2/": "series part", "resources/r1/": "resource for the session", "resources/r2/": "resource"}),
    ("cpd/c2/", {"cpd/c1/": "series part", "resources/r1/": "resource for the session"}),
    ("resources/r1/", {"cpd/c1/": "used in CPD", "cpd/c2/": "used in CPD", "resources/r2/": "related"}),
    ("resources/r2/", {"cpd/c1/": "used in CPD", "resources/r1/": "related"}),
    ("stories/s1/", {"stories/s2/": "related"}),
])
def test_lists_of_other_items_show_their_titles_as_text(url, lists, hostile_site):
    found = links_to(hostile_site, url)
    for target, what in lists.items():
        title = marked(f"{target.strip('/').split('/')[-1]} title")
        assert title in found.get(target, []), f"{url}: no {what} link to {target} titled as typed"


@pytest.mark.parametrize("url", LISTS)
def test_index_pages_show_titles_and_labels_as_typed(url, hostile_site):
    found = links_to(hostile_site, url)
    shown = text(main(page(hostile_site, url)))
    listed = [item for item in ITEMS if marked(f"{item.strip('/').split('/')[-1]} title") in found.get(item, [])]
    if url == "topics/":
        assert marked("topic") in found["topics/number/"][0] and marked("topic2") in found["topics/algebra/"][0]
        return
    assert listed, f"{url} lists no item"
    if url.startswith("topics/"):
        assert marked("topic") in shown or marked("topic2") in shown
    if url == "resources/":
        assert listed == ["resources/r1/", "resources/r2/"] or listed == ["resources/r2/", "resources/r1/"]
        assert marked("type") in shown and marked("phase") in shown and marked("topic") in shown


def test_site_settings_read_as_typed(hostile_site):
    tree = page(hostile_site, "")
    assert marked("site") in [text(e) for e in tree.cssselect(".md-header__topic .md-ellipsis")]
    assert tree.cssselect('meta[name="description"]')[0].get("content") == marked("description")
    logos = {img.get("src") for img in tree.cssselect("img") if "l%22" in (img.get("src") or "") or "l\"" in (img.get("src") or "")}
    assert logos, "the logo is shown, its odd name kept inside its attribute"
    form = main(page(hostile_site, "subscribe/")).cssselect("form.tx-signup__form")[0]
    assert form.cssselect("input[name=source]")[0].get("value") == marked("signup field")
    assert text(form.cssselect(".tx-signup__consent")[0]) == marked("signup consent")
    shown = lxml.html.parse(str(hostile_site / "share/digest/index.html")).getroot().get_element_by_id("email-preview")
    assert marked("unsubscribe") in [code.text for code in shown.iter("code")]  # a merge tag: text, not a link


def test_hostile_maths_is_typeset_as_text(hostile_site):
    tree = page(hostile_site, "resources/m/")
    assert tree.find(".//title").text.startswith("Maths </title><script>alert(8)</script>")
    heading = main(tree).cssselect("h1")[0]
    assert heading.find(".//mtext").text == "</title><script>alert(8)</script>"
    body = main(tree).cssselect(".tx-body")[0]
    assert [m.text.replace("\xa0", " ") for m in body.iter("mtext")] == \
        ["<script>alert(10)</script>", '<iframe src="https://evil.example/"></iframe>']
    assert not body.xpath(".//script|.//iframe|.//*[@href]|.//*[@onerror]")


def test_body_html_passes_the_allowlist(hostile_site):
    body = main(page(hostile_site, "resources/r1/")).cssselect(".tx-body")[0]
    html = lxml.html.tostring(body, encoding="unicode")
    assert not body.cssselect("script, form, input")
    assert not body.cssselect("iframe"), "embeds wait for a click"
    assert [e.get("data-tx-src") for e in body.cssselect(".tx-embed")] == ["https://www.geogebra.org/material/iframe/id/abc"]
    assert "javascript:" not in html and "onclick" not in html and "data:image" not in html
    assert "<img src=x onerror=alert(3)>" in text(body)  # code samples survive as text
    assert not [img for img in body.cssselect("img") if "//" in img.get("src", "")], "no request to another site"
    assert body.cssselect('a[href="https://tracker.example/pixel.png"]')[0].text_content() == \
        "A tracking pixel (image on tracker.example)"
    assert "{{ config.site_name }}" in text(body) and "{% if true %}shown{% endif %}" in text(body)


def test_check_warns_about_each_removed_piece(hostile_site):
    config = hostile_site.parent / "mkdocs.yml"
    result = run_build("check", "-f", str(config))
    where = f"{hostile_site.parent / 'docs' / 'resources' / 'r1.md'}"
    removed = "will be removed from the page (raw scripts, forms and unsafe links are not allowed; link to the material instead)"
    assert [line for line in result.stdout.splitlines() if "resources/r1.md" in line] == [
        f"{where}:20: body: warning: a <script> element {removed}",
        f"{where}:21: body: warning: a 'javascript:' link {removed}",
        f"{where}:21: body: warning: an event handler attribute (on...=) {removed}",
        f"{where}:22: body: warning: a <form> element {removed}",
        f"{where}:22: body: warning: an <input> element {removed}",
        f"{where}:23: body: warning: an embed from 'evil.example' will be removed "
        "(only hosts listed under embeds: in mkdocs.yml may be embedded)",
        f"{where}:25: body: warning: a 'data:' link {removed}",
        f"{where}:27: body: warning: the image https://tracker.example/pixel.png is on another site and will not load "
        "(save the image beside the page and link to the file, so readers' browsers fetch nothing from elsewhere)",
    ]
    # And the formula with a javascript: link, which is shown as code, never typeset with its link dropped.
    assert [line.split(": warning: ")[1] for line in result.stdout.splitlines() if "resources/m.md" in line] == [
        "the formula $\\href{javascript:alert(11)}{x}$ cannot be typeset: a link (\\href) cannot be kept inside a "
        "formula; write the link outside the $...$ (it is shown as code; correct the LaTeX, or write \\$ for a dollar sign)"]
    assert result.stdout.splitlines()[-1] == "0 errors, 9 warnings in 9 files"
    assert result.returncode == 0
    assert run_build("check", "--strict", "-f", str(config)).returncode == 1


def test_poster_calendar_and_player_read_as_typed(hostile_site):
    import icalendar
    from lxml import etree
    svg = etree.parse(str(hostile_site / "cpd" / "c1.poster.svg")).getroot()
    assert " ".join(t.text for t in svg.iter("{*}text")).startswith(marked("c1 title")[:30])
    [event] = icalendar.Calendar.from_ical((hostile_site / "cpd" / "live.ics").read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == marked("live title")
    assert str(event["description"]).startswith(marked("live summary"))
    # The network's calendar: the same event (while within a year of it), named for the network as typed.
    network = icalendar.Calendar.from_ical((hostile_site / "calendar.ics").read_bytes())
    assert {str(event["summary"]) for event in network.walk("VEVENT")} <= {marked("live title"), marked("e1 title")}
    assert ics_text(network["X-WR-CALNAME"]) == marked("site")
    label = main(page(hostile_site, "cpd/c1/")).cssselect("button.tx-player__play")[0].get("aria-label")
    assert label == f"Play: {marked('c1 title')}, 5:00"


@pytest.mark.parametrize("kit", ["resources/r1", "cpd/c1", "stories/s1"])
def test_share_kit_carries_hostile_text_as_typed(kit, hostile_site):
    name = kit.split("/")[1]
    title, summary = marked(f"{name} title"), marked(f"{name} summary")
    folder = hostile_site / "share" / kit
    email = lxml.html.parse(str(folder / "email.html")).getroot()
    assert text(email.cssselect("h2 a")[0]) == title
    plain = (folder / "email.txt").read_text(encoding="utf-8")
    assert title in plain and summary in plain
    social = json.loads((folder / "social.json").read_text(encoding="utf-8"))
    assert social["linkedin"].startswith(f"{title}\n\n{summary}")
    kit_page = lxml.html.parse(str(folder / "index.html")).getroot()
    assert text(kit_page.cssselect("h1")[0]) == f"Share kit: {title}"
    source = lxml.html.fragment_fromstring(kit_page.get_element_by_id("email-source").text_content(), create_parent="div")
    assert text(source.cssselect("h2 a")[0]) == title and not source.cssselect("script")
    assert page(hostile_site, kit + "/").cssselect('meta[property="og:title"]')[0].get("content") == title


def test_an_events_place_reads_as_typed_everywhere(hostile_site):
    import icalendar
    where = marked("e1 where")
    assert where in text(main(page(hostile_site, "events/e1/")))
    script = page(hostile_site, "events/e1/").cssselect('script[type="application/ld+json"]')[0]
    assert json.loads(script.text)["location"]["name"] == where and "<" not in script.text
    card = [c for c in main(page(hostile_site, "events/")).cssselect(".tx-card") if "e1 title" in text(c)][0]
    assert where in text(card)
    feed = lxml.etree.parse(str(hostile_site / "events" / "feed.xml"))
    content = lxml.html.fragment_fromstring(feed.findtext(".//item/{http://purl.org/rss/1.0/modules/content/}encoded"),
                                            create_parent="div")
    assert where in text(content) and not content.cssselect("script, img")
    html = json.loads((hostile_site / "events" / "feed.json").read_text(encoding="utf-8"))["items"][0]["content_html"]
    assert where in text(lxml.html.fragment_fromstring(html, create_parent="div"))
    [event] = icalendar.Calendar.from_ical((hostile_site / "events" / "e1.ics").read_bytes()).walk("VEVENT")
    assert ics_text(event["location"]) == where
    kit = hostile_site / "share" / "events" / "e1"
    assert where in text(lxml.html.parse(str(kit / "email.html")).getroot())
    assert where in (kit / "email.txt").read_text(encoding="utf-8")
    social = json.loads((kit / "social.json").read_text(encoding="utf-8"))
    assert where in social["linkedin"] and where in social["mastodon"]
