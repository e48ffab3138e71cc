"""What JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) requires of a document, as a list of problems.

Written from the spec's member list: the required members and the type of every member it defines. Members
that are not in the spec must start with an underscore (its extension rule); URLs must be absolute, since a
feed is read away from the site; dates are RFC 3339. Strict where the spec says "should" and readers differ:
strings are not coerced, and a document whose text JSON cannot parse strictly (a raw control character in a
string, a key given twice) is refused whole."""

from __future__ import annotations

import json
import re
from datetime import datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

VERSION = "https://jsonfeed.org/version/1.1"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")  # RFC 5646, the forms a feed uses

_FEED_STRINGS = ("description", "user_comment")
_FEED_URLS = ("home_page_url", "feed_url", "next_url", "icon", "favicon")
_FEED_MEMBERS = {"version", "title", "items", "authors", "author", "language", "expired", "hubs", *_FEED_STRINGS, *_FEED_URLS}
_ITEM_STRINGS = ("title", "content_html", "content_text", "summary")
_ITEM_URLS = ("url", "external_url", "image", "banner_image")
_ITEM_MEMBERS = {"id", "date_published", "date_modified", "authors", "author", "tags", "language", "attachments",
                 *_ITEM_STRINGS, *_ITEM_URLS}
_AUTHOR_MEMBERS = {"name", "url", "avatar"}
_ATTACHMENT_MEMBERS = {"url", "mime_type", "title", "size_in_bytes", "duration_in_seconds"}


class _TwiceGiven(ValueError):
    pass


def problems(document: bytes) -> list[str]:
    """Everything in `document` that JSON Feed 1.1 does not allow; [] for a valid feed."""
    try:
        feed = json.loads(document.decode("utf-8"), object_pairs_hook=_once_each)
    except (UnicodeDecodeError, ValueError) as error:
        return [f"is not strict UTF-8 JSON: {error}"]
    if not isinstance(feed, dict):
        return ["is not a JSON object"]
    found = _unknown(feed, _FEED_MEMBERS, "the feed")
    if feed.get("version") != VERSION:
        found.append(f"version is {feed.get('version')!r}, not {VERSION!r}")
    if not _text(feed.get("title")):
        found.append("the feed has no title")
    found += _typed(feed, _FEED_STRINGS, _FEED_URLS, "the feed")
    found += _authors(feed, "the feed") + _language(feed, "the feed")
    if "expired" in feed and not isinstance(feed["expired"], bool):
        found.append("expired is not true or false")
    if "hubs" in feed and not (isinstance(feed["hubs"], list) and all(
            isinstance(hub, dict) and _text(hub.get("type")) and _absolute(hub.get("url")) for hub in feed["hubs"])):
        found.append("hubs is not a list of {type, url}")
    items = feed.get("items")
    if not isinstance(items, list):
        return found + ["items is missing or not a list"]
    found += _objects(items, _ITEM_MEMBERS, "item", _item)
    ids = [item.get("id") for item in items if isinstance(item, dict)]
    if len(ids) != len(set(map(str, ids))):
        found.append("item ids are not unique")
    return found


def _objects(values: list, allowed: set[str], name: str, check: Callable[[dict, str], list[str]]) -> list[str]:
    """Each of `values` an object with only the members `allowed`, as `check` wants it; named `name 1`, `name 2`..."""
    found = []
    for number, value in enumerate(values, 1):
        where = f"{name} {number}"
        if isinstance(value, dict):
            found += _unknown(value, allowed, where) + check(value, where)
        else:
            found.append(f"{where} is not a JSON object")
    return found


def _item(item: dict, where: str) -> list[str]:
    found = [] if _text(item.get("id")) else [f"{where}: id is missing or not a non-empty string"]
    if "content_html" not in item and "content_text" not in item:
        found.append(f"{where}: has neither content_html nor content_text")
    found += _typed(item, _ITEM_STRINGS, _ITEM_URLS, where)
    for name in ("date_published", "date_modified"):
        if name in item and not _date(item[name]):
            found.append(f"{where}: {name} {item[name]!r} is not an RFC 3339 date")
    if "tags" in item and not (isinstance(item["tags"], list) and all(isinstance(t, str) for t in item["tags"])):
        found.append(f"{where}: tags is not a list of strings")
    found += _authors(item, where) + _language(item, where)
    attachments = item.get("attachments", [])
    if not isinstance(attachments, list):
        return found + [f"{where}: attachments is not a list"]
    return found + _objects(attachments, _ATTACHMENT_MEMBERS, f"{where}, attachment", _attachment)


def _attachment(attachment: dict, where: str) -> list[str]:
    found = [] if _absolute(attachment.get("url")) else [f"{where}: url {attachment.get('url')!r} is missing or not absolute"]
    if not (_text(attachment.get("mime_type")) and "/" in attachment["mime_type"]):
        found.append(f"{where}: mime_type {attachment.get('mime_type')!r} is missing or not a MIME type")
    if "title" in attachment and not isinstance(attachment["title"], str):
        found.append(f"{where}: title is not a string")
    for name in ("size_in_bytes", "duration_in_seconds"):
        if name in attachment and not _number(attachment[name]):
            found.append(f"{where}: {name} {attachment[name]!r} is not a number of at least 0")
    return found


def _typed(members: dict, strings: tuple[str, ...], urls: tuple[str, ...], where: str) -> list[str]:
    found = [f"{where}: {name} is not a string" for name in strings if name in members and not isinstance(members[name], str)]
    return found + [f"{where}: {name} {members[name]!r} is not an absolute URL" for name in urls
                    if name in members and not _absolute(members[name])]


def _authors(members: dict, where: str) -> list[str]:
    """`authors`, one or more; `author`, 1.0's single one, still allowed by 1.1 (deprecated) beside it."""
    if "authors" in members and not (isinstance(members["authors"], list) and members["authors"]):
        return [f"{where}: authors is not a non-empty list"]
    found = []
    for author in [*members.get("authors", []), *([members["author"]] if "author" in members else [])]:
        if not isinstance(author, dict) or not any(_text(author.get(key)) for key in ("name", "url", "avatar")):
            found.append(f"{where}: an author has none of name, url or avatar")
            continue
        found += _unknown(author, _AUTHOR_MEMBERS, f"{where}, an author")
        found += [f"{where}: an author's {key} {author[key]!r} is not an absolute URL"
                  for key in ("url", "avatar") if key in author and not _absolute(author[key])]
    return found


def _language(members: dict, where: str) -> list[str]:
    if "language" in members and not (isinstance(members["language"], str) and LANGUAGE.fullmatch(members["language"])):
        return [f"{where}: language {members['language']!r} is not an RFC 5646 tag"]
    return []


def _unknown(members: dict, allowed: set[str], where: str) -> list[str]:
    extra = sorted(name for name in members if name not in allowed and not name.startswith("_"))
    return [f"{where}: {', '.join(extra)} not defined by JSON Feed 1.1 (an extension's name starts with _)"] if extra else []


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _absolute(value: Any) -> bool:
    parts = urlsplit(value) if isinstance(value, str) else None
    return parts is not None and parts.scheme in ("http", "https") and bool(parts.netloc)


def _date(value: Any) -> bool:
    if not (isinstance(value, str) and RFC3339.fullmatch(value)):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:  # 2026-02-30, 25:00 and the like
        return False
    return True


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


def _once_each(pairs: list[tuple[str, Any]]) -> dict:
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise _TwiceGiven(f"a key is given twice: {sorted({k for k in keys if keys.count(k) > 1})}")
    return dict(pairs)
