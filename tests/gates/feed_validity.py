"""Every feed (feed.xml, RSS 2.0; feed.atom, Atom 1.0) parses cleanly and has the elements its
format requires. Light on purpose: tests/test_feeds.py checks what the feeds hold."""

from __future__ import annotations

from pathlib import Path

import feedparser
from lxml import etree

from gates import json_feed
from gates.common import rel

ATOM = "{http://www.w3.org/2005/Atom}"


def feeds(site: Path) -> list[Path]:
    return sorted([*site.rglob("feed.xml"), *site.rglob("feed.atom")])


def _missing(element, names: list[str]) -> list[str]:
    return [name for name in names
            if element.find(name) is None or not "".join(element.find(name).itertext()).strip()
            and element.find(name).get("href") is None]


def _rss(root) -> list[str]:
    problems = []
    if root.tag != "rss" or root.get("version") != "2.0":
        return [f"root is <{root.tag} version={root.get('version')!r}>, not <rss version='2.0'>"]
    channel = root.find("channel")
    if channel is None:
        return ["no <channel>"]
    problems += [f"<channel> has no <{name}>" for name in _missing(channel, ["title", "link", "description"])]
    for number, item in enumerate(channel.findall("item"), 1):
        if item.find("title") is None and item.find("description") is None:
            problems.append(f"<item> {number} has neither <title> nor <description>")
        problems += [f"<item> {number} has no <{name}>" for name in _missing(item, ["link"])]
    return problems


def _atom(root) -> list[str]:
    if root.tag != ATOM + "feed":
        return [f"root is <{root.tag}>, not an Atom <feed>"]
    problems = [f"<feed> has no <{name[len(ATOM):]}>" for name in _missing(root, [ATOM + "id", ATOM + "title", ATOM + "updated"])]
    if root.find(ATOM + "author") is None and any(e.find(ATOM + "author") is None for e in root.findall(ATOM + "entry")):
        problems.append("<feed> has no <author>, and not every <entry> has one")
    for number, entry in enumerate(root.findall(ATOM + "entry"), 1):
        problems += [f"<entry> {number} has no <{name[len(ATOM):]}>"
                     for name in _missing(entry, [ATOM + "id", ATOM + "title", ATOM + "updated"])]
        if entry.find(ATOM + "link") is None and entry.find(ATOM + "content") is None:
            problems.append(f"<entry> {number} has neither <link> nor <content>")
    return problems


def check(site: Path) -> list[str]:
    found = feeds(site)
    if not found:
        return [f"{site}: no feed.xml or feed.atom"]
    problems = []
    for path in found:
        where = rel(site, path)
        parsed = feedparser.parse(path.read_bytes())
        if parsed.bozo:
            problems.append(f"{where}: does not parse cleanly: {parsed.bozo_exception}")
            continue
        expected = "rss20" if path.suffix == ".xml" else "atom10"
        if parsed.version != expected:
            problems.append(f"{where}: is {parsed.version or 'not a feed'}, expected {expected}")
        root = etree.parse(str(path)).getroot()
        problems += [f"{where}: {problem}" for problem in (_rss(root) if path.suffix == ".xml" else _atom(root))]
    return problems


def check_json(site: Path) -> list[str]:
    """Every feed.json is JSON Feed 1.1 (gates/json_feed.py holds the spec's rules) and sits beside its RSS feed."""
    found = sorted(site.rglob("feed.json"))
    if not found:
        return [f"{site}: no feed.json"]
    problems = [f"{rel(site, path)}: no feed.xml beside it" for path in found if not (path.parent / "feed.xml").exists()]
    return problems + [f"{rel(site, path)}: {problem}" for path in found for problem in json_feed.problems(path.read_bytes())]
