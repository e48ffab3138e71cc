"""Every place front-matter and body text lands in a built site, each registered with the check
that proves hostile text arrives there as inert text. An output added later (CPD player, share
kit, search) registers itself here with `@output`, and the hostile-string test covers it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import lxml.html

OUTPUTS: dict[str, Callable[[Path], Iterator[str]]] = {}
# What a live attack would look like once it reached a reader: markup, not text.


def output(name: str):
    """Register a function that yields a problem for each unsafe spot in that output."""
    def register(check: Callable[[Path], Iterator[str]]):
        OUTPUTS[name] = check
        return check
    return register


def _html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@output("html pages")
def check_html(site: Path) -> Iterator[str]:
    if not _html_pages(site):
        yield "no HTML pages: the sweep cannot check them"
    for path in _html_pages(site):
        tree = lxml.html.parse(str(path)).getroot()
        where = path.relative_to(site).as_posix()
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                if name.lower().startswith("on"):
                    yield f"{where}: <{element.tag} {name}=...> event handler"
                if name in ("href", "src", "action", "formaction", "poster") and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                    yield f"{where}: <{element.tag} {name}={value!r}>"
            if element.tag == "script" and element.get("type", "text/javascript") in ("text/javascript", "module"):
                body = (element.text or "")
                if "alert(" in body or (element.get("src") or "").startswith(("http:", "https:", "//")):
                    yield f"{where}: a script that did not come from the theme"
            if element.tag in ("iframe", "form", "object", "embed", "base") and _in_content(element):
                source = element.get("src") or ""
                if (element.tag != "iframe" or not source.startswith("https://www.geogebra.org/")) and not _signup(where, element):
                    yield f"{where}: <{element.tag} src={source!r}>"
        title = tree.find(".//title")
        if title is not None and len(title):
            yield f"{where}: <title> contains elements"


def _signup(where: str, form) -> bool:
    """The engine's own newsletter sign-up form: on the Subscribe page, in its own section of the article."""
    section = form.getparent()
    return (where == "subscribe/index.html" and form.tag == "form" and section is not None and section.tag == "section"
            and section.get("class") == "tx-signup" and section.getparent() is not None and section.getparent().tag == "article")


def _in_content(element) -> bool:
    """Inside the page's article, where coordinators' text lands (the theme's own search form is not)."""
    return any(a.tag == "article" for a in element.iterancestors())


@output("json-ld")
def check_json_ld(site: Path) -> Iterator[str]:
    """Structured data must parse as the JSON that was written: a `</script>` in a title would cut it short."""
    for path in _html_pages(site):
        for script in lxml.html.parse(str(path)).getroot().cssselect('script[type="application/ld+json"]'):
            try:
                data = json.loads(script.text or "")
            except ValueError:
                yield f"{path.relative_to(site).as_posix()}: JSON-LD does not parse: {(script.text or '')[:80]!r}"
                continue
            if live_markup(json.dumps(data)) and "<" in (script.text or ""):
                yield f"{path.relative_to(site).as_posix()}: JSON-LD holds an unescaped '<'"


@output("search index")
def check_search(site: Path) -> Iterator[str]:
    """Pagefind's index. Results show its metadata and excerpts as text (search.js builds text nodes,
    keeping only Pagefind's <mark>), so text must be stored as typed: escaped twice, `<` would show as `&lt;`."""
    from search_index import search_records
    records = search_records(site) if (site / "pagefind" / "fragment").is_dir() else []
    if not records:
        yield "pagefind/fragment holds no page: the sweep cannot check the search index"
    for record in records:
        for key, value in [("content", record["content"]), *record["meta"].items()]:
            if "&lt;" in value or "&gt;" in value:
                yield f"search index {record['url']}: {key} holds HTML escapes: {value[:80]!r}"


def live_markup(html: str) -> bool:
    """True when `html`, rendered, would run script, load a frame or reach a javascript: URL."""
    if "<" not in html:
        return False
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    return bool(fragment.xpath(
        ".//script|.//object|.//embed|.//form|.//iframe[not(starts-with(@src, 'https://www.geogebra.org/'))]"
        "|.//*[@*[starts-with(translate(name(), 'ON', 'on'), 'on')]]"
        "|.//*[@href[starts-with(normalize-space(translate(., 'JAVSCRIPT', 'javscript')), 'javascript:')]]"))


@output("list data")
def check_list_data(site: Path) -> Iterator[str]:
    """A list's data files (cards.json, facet values; cards-N.json, cards): filter.js puts each card's
    HTML into the page as it is, so each must be one card with no live markup; facet values are only
    ever compared, but must be ids."""
    files = sorted(site.rglob("cards.json"))
    if not files:
        yield "no cards.json: the sweep cannot check the lists' data"
    for path in files:
        where = path.relative_to(site).as_posix()
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))["items"]
            cards = [card for chunk in sorted(path.parent.glob("cards-*.json"))
                     for card in json.loads(chunk.read_text(encoding="utf-8"))["cards"]]
        except (ValueError, KeyError):
            yield f"{where}: does not parse as a list's data"
            continue
        if len(cards) != len(entries):
            yield f"{where}: {len(entries)} items but {len(cards)} cards in its data files"
        for html in cards:
            card = lxml.html.fragment_fromstring(html, create_parent="div")
            if live_markup(html) or [e.tag for e in card] != ["li"]:
                yield f"{where}: a card that is not one inert <li>: {html[:80]!r}"
        for entry in entries:
            if any(not re.fullmatch(r"[a-z0-9-]+", v) for values in entry["facets"].values() for v in values):
                yield f"{where}: facet values that are not ids: {entry['facets']}"


@output("sitemap")
def check_sitemap(site: Path) -> Iterator[str]:
    from lxml import etree
    path = site / "sitemap.xml"
    if not path.exists():
        yield "sitemap.xml is missing: the sweep cannot check it"
        return
    urls = etree.parse(str(path)).getroot()
    for loc in urls.iter("{*}loc"):
        if live_markup(loc.text or ""):
            yield f"sitemap.xml: {loc.text}"


@output("feeds")
def check_feeds(site: Path) -> Iterator[str]:
    from lxml import etree
    feeds = sorted([*site.rglob("feed.xml"), *site.rglob("feed.atom")])
    if not feeds:
        yield "no feed.xml or feed.atom: the sweep cannot check feeds"
    for path in feeds:
        where = path.relative_to(site).as_posix()
        for element in etree.parse(str(path)).iter():
            # Readers render descriptions, summaries and content as HTML; titles, names and categories
            # are text, where '<script>' is harmless characters (the feeds' own tests check them).
            html = (isinstance(element.tag, str) and etree.QName(element).localname in ("description", "encoded", "content", "summary")
                    and element.get("type", "html") != "text")
            if html and live_markup(element.text or ""):
                yield f"{where}: <{etree.QName(element).localname}> holds live markup"


@output("json feeds")
def check_json_feeds(site: Path) -> Iterator[str]:
    # Readers render content_html as HTML; every other member of a JSON Feed is text, inert as JSON strings.
    feeds = sorted(site.rglob("feed.json"))
    if not feeds:
        yield "no feed.json: the sweep cannot check JSON Feeds"
    for path in feeds:
        for number, item in enumerate(json.loads(path.read_bytes())["items"], 1):
            if live_markup(item.get("content_html", "")):
                yield f"{path.relative_to(site).as_posix()}: item {number}'s content_html holds live markup"


@output("video player")
def check_player(site: Path) -> Iterator[str]:
    """The click-to-load player: its deferred address only ever opens one of the two video hosts, and
    text in its attributes stayed inside them (a break-out would add attributes or elements)."""
    from urllib.parse import urlsplit
    players = 0
    for path in _html_pages(site):
        where = path.relative_to(site).as_posix()
        for holder in lxml.html.parse(str(path)).getroot().cssselect(".tx-player"):
            players += 1
            embed = urlsplit(holder.get("data-tx-embed", ""))
            if embed.scheme != "https" or embed.hostname not in ("www.youtube-nocookie.com", "player.vimeo.com"):
                yield f"{where}: the player would load {holder.get('data-tx-embed')!r}"
            shape = [(e.tag, sorted(e.attrib)) for e in holder.iter()]
            if shape != [("div", ["class", "data-tx-embed", "data-tx-provider", "data-tx-start", "data-tx-title", "id"]),
                         ("button", ["aria-label", "class", "data-tx-label", "type"]),
                         ("img", ["alt", "class", "height", "src", "width"]), ("span", ["aria-hidden", "class"])]:
                yield f"{where}: the player is not the button and poster it should be: {shape}"
    if not players:
        yield "no page has a video player: the sweep cannot check it"


@output("video posters")
def check_posters(site: Path) -> Iterator[str]:
    """A drawn poster is an image: no script, link, foreign content or event handler in the SVG."""
    from lxml import etree
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    if not list(site.rglob("*.poster.svg")):
        yield "no drawn poster: the sweep cannot check one"
    for path in sorted(site.rglob("*.poster.svg")):
        where = path.relative_to(site).as_posix()
        try:
            root = etree.parse(str(path), parser).getroot()
        except etree.XMLSyntaxError as error:
            yield f"{where}: does not parse: {error}"
            continue
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            if etree.QName(element).localname in ("script", "foreignObject", "a", "image", "use", "iframe"):
                yield f"{where}: <{etree.QName(element).localname}>"
            if any(etree.QName(name).localname.lower().startswith("on") or "href" in name for name in element.attrib):
                yield f"{where}: an event handler or link on <{etree.QName(element).localname}>"


@output("calendar files")
def check_calendars(site: Path) -> Iterator[str]:
    """An item's .ics parses to one event, whose text cannot have started another, with the UID,
    DTSTAMP and DTSTART every event needs; the site's calendar.ics holds such events, each once, each
    the UID of an item's own .ics."""
    import icalendar
    if not list(site.rglob("*.ics")) or not (site / "calendar.ics").is_file():
        yield "no item's calendar file, or no calendar.ics: the sweep cannot check one"
    own: set[str] = set()
    for path in sorted(site.rglob("*.ics"), key=lambda path: (path == site / "calendar.ics", path)):  # items' first
        where = path.relative_to(site).as_posix()
        try:
            calendar = icalendar.Calendar.from_ical(path.read_bytes())
        except ValueError as error:
            yield f"{where}: does not parse: {error}"
            continue
        events = calendar.walk("VEVENT")
        uids = [str(event.get("uid", "")) for event in events]
        if where != "calendar.ics":
            own.update(uids)
            if len(events) != 1:
                yield f"{where}: {len(events)} events, not one"
        else:
            for uid in sorted({uid for uid in uids if uid and uids.count(uid) > 1}):
                yield f"{where}: {uid} is there {uids.count(uid)} times"
            for uid in sorted({uid for uid in uids if uid} - own):
                yield f"{where}: {uid} is the UID of no item's calendar file"
        for event in events:
            if not str(event.get("url", "")).startswith("https://"):
                yield f"{where}: URL {event.get('url')!r} is not an https address"
            # What RFC 5545 requires of an event: without a UID a calendar adds the session again on each import.
            for name in ("UID", "DTSTAMP", "DTSTART"):
                if not str(event.get(name, "")).strip():
                    yield f"{where}: no {name}"


# MathML Core's elements (w3.org/TR/mathml-core), written out here rather than taken from the code under test.
MATHML_CORE = {"math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mfrac", "msqrt", "mroot", "msup", "msub",
               "msubsup", "munder", "mover", "munderover", "mmultiscripts", "mprescripts", "none", "mtable", "mtr",
               "mtd", "mstyle", "mpadded", "mphantom", "merror", "semantics", "annotation"}


def _unsafe_in_maths(math, where: str) -> Iterator[str]:
    for element in math.iter():
        if isinstance(element.tag, str) and element.tag not in MATHML_CORE:
            yield f"{where}: <{element.tag}> inside <math>"
        for name in getattr(element, "attrib", {}):
            if name.lower().startswith("on") or name.lower() in ("href", "src", "xlink:href", "style"):
                yield f"{where}: <{element.tag} {name}=...> inside <math>"


@output("maths")
def check_maths(site: Path) -> Iterator[str]:
    """Typeset formulas (pages and feeds) hold MathML Core only, with no link, source or handler;
    formulas drawn for email (assets/maths/) are PNG pictures, which no mail client runs."""
    from lxml import etree
    seen = {"pages": 0, "feeds": 0}
    for path in _html_pages(site):
        for math in lxml.html.parse(str(path)).getroot().iter("math"):
            seen["pages"] += 1
            yield from _unsafe_in_maths(math, path.relative_to(site).as_posix())
    for path in sorted([*site.rglob("feed.xml"), *site.rglob("feed.atom")]):
        for element in etree.parse(str(path)).iter("{*}content", "{*}encoded", "description"):
            if "<math" in (element.text or ""):
                fragment = lxml.html.fragment_fromstring(element.text, create_parent="div")
                for math in fragment.iter("math"):
                    seen["feeds"] += 1
                    yield from _unsafe_in_maths(math, path.relative_to(site).as_posix())
    for where, count in seen.items():
        if not count:
            yield f"no <math> in any of the site's {where}: the sweep cannot check typeset maths there"
    # Drawn formulas exist once an output (the share kit's email) asks for them; each must be a picture.
    for path in sorted(site.glob("assets/maths/*")):
        if path.suffix != ".png" or path.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
            yield f"{path.relative_to(site).as_posix()}: a formula drawn for email that is not a PNG"


# -- The share kit: email snippets, their plain twins, social posts and Open Graph tags.

def _share_files(site: Path, name: str) -> list[Path]:
    return sorted((site / "share").rglob(name)) if (site / "share").is_dir() else []


@output("share email html")
def check_share_email(site: Path) -> Iterator[str]:
    """An email snippet is pasted into other tools: no script, style, link, class or handler may survive."""
    for path in _share_files(site, "email.html"):
        where = path.relative_to(site).as_posix()
        tree = lxml.html.parse(str(path)).getroot()
        for element in tree.body.iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag in ("script", "style", "link", "iframe", "form", "object", "embed"):
                yield f"{where}: <{element.tag}>"
            if "class" in element.attrib or any(n.lower().startswith("on") for n in element.attrib):
                yield f"{where}: <{element.tag}> has a class or an event handler"
            if element.tag == "img" and not (element.get("src") or "").startswith("https://"):
                yield f"{where}: <img src={element.get('src')!r}>"


@output("share plain text")
def check_share_text(site: Path) -> Iterator[str]:
    """Plain text and social posts are pasted as typed: HTML escapes there would show as `&lt;`."""
    for path in _share_files(site, "email.txt"):
        if re.search(r"&(lt|gt|quot|#\d+);", path.read_text(encoding="utf-8")):
            yield f"{path.relative_to(site).as_posix()}: holds HTML escapes"
    for path in _share_files(site, "social.json"):
        for platform, text in json.loads(path.read_text(encoding="utf-8")).items():
            if re.search(r"&(lt|gt|quot|#\d+);", text):
                yield f"{path.relative_to(site).as_posix()}: {platform} holds HTML escapes"


@output("open graph")
def check_open_graph(site: Path) -> Iterator[str]:
    """Social tags sit in <head>: a title breaking out of its attribute would add elements there."""
    for path in _html_pages(site):
        head = lxml.html.parse(str(path)).getroot().find("head")
        if head is None:
            continue
        for element in head.iter("img", "iframe", "object", "embed", "svg"):
            yield f"{path.relative_to(site).as_posix()}: <{element.tag}> in <head>"
        for meta in head.iter("meta"):
            if (meta.get("property") or meta.get("name") or "").startswith(("og:", "twitter:")) and meta.get("content") is None:
                yield f"{path.relative_to(site).as_posix()}: {meta.get('property') or meta.get('name')} without content"
