"""No broken internal link or anchor: every href and src in every page that points into the site
(relative, root-relative, or absolute under the site's own address) names a file that exists,
and every #fragment names an id (or <a name>) in the page it points to. External links are not
fetched. The sitemap's and feeds' (RSS, Atom, JSON Feed) links into the site are checked the same way."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from gates.common import html_pages, is_merge_tag, local_path, page_url, parse, rel, site_url

# Attributes holding one URL; srcset holds several.
URL_ATTRIBUTES = ("href", "src", "poster", "data", "action", "formaction", "cite", "longdesc")
LOCAL_BASE = "http://tessellate.invalid/"  # stands for the site's root while resolving


def _ids(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        tree = parse(path)
        cache[path] = {e.get("id") for e in tree.iter() if isinstance(e.tag, str) and e.get("id")} | {
            a.get("name") for a in tree.iter("a") if a.get("name")}
    return cache[path]


def _urls(element) -> list[tuple[str, str]]:
    found = []
    for name in URL_ATTRIBUTES:
        value = element.get(name)
        if value is not None:
            found.append((name, value.strip()))
    for name in ("srcset", "imagesrcset"):
        for candidate in (element.get(name) or "").split(","):
            if candidate.strip():
                found.append((name, candidate.split()[0]))
    return found


def check(site: Path) -> list[str]:
    own = site_url(site)
    problems: list[str] = []
    ids: dict[Path, set[str]] = {}

    def resolve(where: str, base: str, url: str) -> str | None:
        """A problem with `url` (found in the page at site-relative `base`), or None."""
        if url == "" or url == "#":
            return None
        absolute = urljoin(LOCAL_BASE + base, url)
        if own and absolute.startswith(own):  # an absolute link to the site itself
            absolute = LOCAL_BASE + absolute[len(own):]
        elif own and url.startswith("/") and urlsplit(own).path not in ("", "/"):
            prefix = urlsplit(own).path  # a site under a sub-path: root-relative links include it
            absolute = LOCAL_BASE + url[len(prefix):] if url.startswith(prefix) else absolute
        if not absolute.startswith(LOCAL_BASE):
            return None  # another scheme or host: not ours to fetch
        parts = urlsplit(absolute)
        target = local_path(site, parts.path[len(urlsplit(LOCAL_BASE).path):])
        if not target.is_file():
            return f"{where}: {url!r} points to {rel(site, target) if target.is_relative_to(site) else target}, which does not exist"
        if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target, ids):
            return f"{where}: {url!r}: no id {unquote(parts.fragment)!r} in {rel(site, target)}"
        return None

    for path in html_pages(site):
        where, base = rel(site, path), page_url(site, path)
        tree = parse(path)
        base_element = tree.find(".//base[@href]")
        if base_element is not None:
            base = urljoin(base, base_element.get("href"))
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag == "link" and element.get("rel") in ("preconnect", "dns-prefetch"):
                continue
            for attribute, url in _urls(element):
                if url.startswith("#"):  # same page: the page's own ids
                    fragment = unquote(url[1:])
                    if fragment and fragment not in _ids(path, ids):
                        problems.append(f"{where}: <{element.tag} {attribute}={url!r}>: no such id on this page")
                    continue
                if is_merge_tag(where, url):
                    continue
                problem = resolve(f"{where}: <{element.tag} {attribute}>", base, url)
                if problem:
                    problems.append(problem)

    # The sitemap and the feeds link to pages by their full address.
    for path in sorted([*site.glob("sitemap.xml"), *site.rglob("feed.xml"), *site.rglob("feed.atom")]):
        where = rel(site, path)
        for element in etree.parse(str(path)).iter():
            if not isinstance(element.tag, str):
                continue
            name = etree.QName(element).localname
            urls = [element.text.strip()] if name in ("loc", "link") and element.text and element.text.strip() else []
            if element.get("href"):
                urls.append(element.get("href"))
            for url in urls:
                if own and url.startswith(own):
                    problem = resolve(f"{where}: <{name}>", "", url)
                    if problem:
                        problems.append(problem)
    # JSON Feeds name their addresses in fields whose names end in "url", and pictures in image fields.
    for path in sorted(site.rglob("feed.json")):
        where = rel(site, path)
        for key, url in _json_addresses(json.loads(path.read_text(encoding="utf-8"))):
            if own and url.startswith(own) and (problem := resolve(f"{where}: {key}", "", url)):
                problems.append(problem)
    return problems


def _json_addresses(value, key: str = "") -> list[tuple[str, str]]:
    """Every (field name, address) in a JSON Feed: values of fields named *url, image, banner_image, icon or favicon."""
    if isinstance(value, dict):
        return [found for name, inner in value.items() for found in _json_addresses(inner, name)]
    if isinstance(value, list):
        return [found for inner in value for found in _json_addresses(inner, key)]
    if isinstance(value, str) and (key.endswith("url") or key in ("image", "banner_image", "icon", "favicon")):
        return [(key, value)]
    return []
