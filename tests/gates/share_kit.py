"""The share kit's files, checked one by one: each check maps a file (or the site) to a list of problems, one
line each, empty when the file is as it should be. tests/test_share.py runs them on the example site;
tests/test_planted_defects.py proves each reports the defect it guards against."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html

# What an email tool strips, blocks or shows as an attachment: an email snippet carries none of it.
EMAIL_FORBIDDEN_TAGS = ("style", "script", "link", "iframe", "form", "object", "embed", "video", "audio", "svg")
MERGE_TAGS = ("*|UNSUB|*",)  # addresses an email tool fills in: the newsletter's unsubscribe link
EMAIL_WIDTH = 600
CARD_SIZE = (1200, 630)  # what X, Bluesky, Mastodon, LinkedIn and Facebook show without cropping


def _not_on_the_site(tree, site_url: str, allowed_extra: tuple[str, ...] = ()) -> list[str]:
    bad = []
    for element in tree.iter():
        for name in ("href", "src"):
            value = element.get(name) if isinstance(element.tag, str) else None
            if value is not None and not value.startswith(site_url) and value not in allowed_extra:
                bad.append(f"<{element.tag} {name}={value!r}>")
    return bad


def _widths(tree) -> list[int]:
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if (element.get("width") or "").isdigit():
            found.append(int(element.get("width")))
        found += [int(w) for w in re.findall(r"(?<![-\w])(?:max-)?width:\s*(\d+)px", element.get("style") or "")]
    return found


def check_email(path: Path, site_url: str, where: str | None = None) -> list[str]:
    """An email snippet (share/.../email.html, the digest's too) survives being pasted into an email tool:
    no tag a tool strips, no class or web font, a table layout with its styles inline, every address
    absolute on the site, 600px wide at most, every image with its alt text and size."""
    where = where or path.name
    source = path.read_text(encoding="utf-8")
    body = lxml.html.parse(str(path)).getroot().body
    problems = [f"{where}: <{e.tag}>" for e in body.xpath(" | ".join(f".//{t}" for t in EMAIL_FORBIDDEN_TAGS))]
    problems += [f"{where}: <{e.tag} class={e.get('class')!r}>" for e in body.xpath(".//*[@class]")]
    if "@font-face" in source or "url(" in source:
        problems.append(f"{where}: a web font or url() in its styles")
    if not body.xpath(".//table[@role='presentation']"):
        problems.append(f"{where}: not a table layout")
    # Styles travel inline: every text link carries its colour, every cell with text its font.
    problems += [f"{where}: <a href={a.get('href')!r}> has no inline colour"
                 for a in body.iter("a") if a.text_content().strip() and "color" not in (a.get("style") or "")]
    problems += [f"{where}: a <td> with text has no inline font-family"
                 for td in body.xpath(".//td[p or text()[normalize-space()]]") if "font-family" not in (td.get("style") or "")]
    problems += [f"{where}: {bad} is not an absolute address on {site_url}" for bad in _not_on_the_site(body, site_url, MERGE_TAGS)]
    widths = _widths(body)
    if not widths or max(widths) > EMAIL_WIDTH or EMAIL_WIDTH not in widths:
        problems.append(f"{where}: widths {sorted(set(widths))}: not {EMAIL_WIDTH}px wide at most in a {EMAIL_WIDTH}px frame")
    problems += [f"{where}: <img> without alt, width or height: {dict(img.attrib)}" for img in body.iter("img")
                 if img.get("alt") is None or not img.get("width") or not img.get("height")]
    # Gmail and Outlook show no SVG, inline (EMAIL_FORBIDDEN_TAGS) or as a picture: an image is PNG, JPEG or GIF.
    problems += [f"{where}: {address!r} is an SVG, which Gmail and Outlook do not show"
                 for address in re.findall(r"""[^\s"'<>()]+\.svgz?\b""", source, re.IGNORECASE)]
    return problems


def check_card(path: Path, where: str | None = None) -> list[str]:
    """A social card (share/card.png, share/.../card.png) is a PNG of 1200x630."""
    from PIL import Image, UnidentifiedImageError
    where = where or path.name
    try:
        with Image.open(path) as card:
            size, kind = card.size, card.format
    except (OSError, UnidentifiedImageError) as error:
        return [f"{where}: not an image: {error}"]
    problems = [] if kind == "PNG" else [f"{where}: a {kind} file, not a PNG"]
    if size != CARD_SIZE:
        problems.append(f"{where}: {size[0]}x{size[1]}, not {CARD_SIZE[0]}x{CARD_SIZE[1]}")
    return problems


def check_kept_out(site: Path) -> list[str]:
    """The share kit's pages are coordinators' tools: each says noindex, and none is in the search index,
    the sitemap, the site's feed or the navigation."""
    from search_index import search_records
    problems = []
    for path in sorted((site / "share").rglob("*.html")):
        robots = lxml.html.parse(str(path)).getroot().cssselect('meta[name="robots"]')
        if not robots or "noindex" not in (robots[0].get("content") or ""):
            problems.append(f"{path.relative_to(site).as_posix()}: no <meta name=\"robots\" content=\"noindex\">")
    problems += [f"search index: {r['url']}" for r in search_records(site) if r["url"].startswith("share/")]
    for name in ("sitemap.xml", "feed.xml"):
        if "/share/" in (site / name).read_text(encoding="utf-8"):
            problems.append(f"{name}: lists a share page")
    home = lxml.html.parse(str(site / "index.html")).getroot()
    problems += [f"navigation: {a.get('href')}" for a in home.cssselect("nav.md-nav--primary a, nav.md-tabs a")
                 if "share" in (a.get("href") or "")]
    return problems
