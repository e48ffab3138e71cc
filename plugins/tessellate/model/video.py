"""The `video:` field: what a coordinator copies from the browser, read into a Video.

Accepted: a YouTube address (watch?v=, youtu.be/, embed/, shorts/, live/) or a Vimeo one
(vimeo.com/ID, unlisted vimeo.com/ID/HASH, player.vimeo.com/video/ID?h=HASH), with a start time
(`t=90`, `t=1m30s`, `start=90`, or `#t=90s`) kept; or a .mp4/.webm file beside the page.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from .fields import Fields
from .items import Video
from .yamltext import Text

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com",
                  "youtube-nocookie.com"}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
_YOUTUBE_PATHS = ("embed", "shorts", "live", "v")
_TIME = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?")
_VIDEO_FILES = (".mp4", ".webm")
_HINT = "copy the address of the video page from YouTube or Vimeo, or use a .mp4/.webm file beside the page"


def read_video(fields: Fields, value) -> Video | None:
    """The video named by `value` (the `video:` field), or None after reporting why it cannot be one."""
    if isinstance(value, Text) and not value.strip().lower().startswith(("http:", "https:", "//", "javascript:", "data:")):
        found = fields.local_file("video", value, _VIDEO_FILES)
        return Video("file", path=found[0], size=found[1]) if found else None
    link = fields.https("video", value)
    if link is None:
        return None
    line = getattr(value, "line", None)
    parts = urlsplit(link)
    host, path = (parts.hostname or "").lower(), [p for p in parts.path.split("/") if p]
    query, fragment = parse_qs(parts.query), parse_qs(parts.fragment)
    if host in _YOUTUBE_HOSTS:
        candidate = _youtube_id(host, path, query)
        if _YOUTUBE_ID.fullmatch(candidate):
            start = _start(fields, line, (query.get("t") or query.get("start") or fragment.get("t") or [""])[0])
            if start is not None:
                return Video("youtube", url=f"https://www.youtube.com/watch?v={candidate}", video_id=candidate,
                             start=start)
            return None
    elif host in _VIMEO_HOSTS:
        return _vimeo(fields, line, link, path, query, fragment)
    fields.error("video", f"'{link}' is not a YouTube or Vimeo video address", _HINT, line)
    return None


def _youtube_id(host: str, path: list[str], query: dict) -> str:
    if host == "youtu.be":
        return path[0] if len(path) == 1 else ""
    if path == ["watch"]:
        return query.get("v", [""])[0]
    return path[1] if len(path) == 2 and path[0] in _YOUTUBE_PATHS else ""


def _vimeo(fields: Fields, line, link: str, path: list[str], query: dict, fragment: dict) -> Video | None:
    # vimeo.com/ID, vimeo.com/ID/HASH, vimeo.com/channels/x/ID, player.vimeo.com/video/ID
    words = [p for p in path if p not in ("video", "channels", "groups", "showcase")]
    candidate = next((p for p in words if p[:1].isdigit()), "")
    if not candidate:
        fields.error("video", f"'{link}' is not a YouTube or Vimeo video address", _HINT, line)
        return None
    if not (candidate.isascii() and candidate.isdigit()):
        fields.error("video", f"'{candidate}' in '{link}' is not a Vimeo video id, which is only digits",
                     "copy the address again from the video's page on Vimeo, e.g. https://vimeo.com/76979871", line)
        return None
    after = words[words.index(candidate) + 1] if len(words) > words.index(candidate) + 1 else query.get("h", [""])[0]
    secret = after if after.isascii() and after.isalnum() else ""
    start = _start(fields, line, (fragment.get("t") or query.get("t") or [""])[0])
    if start is None:
        return None
    unlisted = f"/{secret}" if secret else ""
    return Video("vimeo", url=f"https://vimeo.com/{candidate}{unlisted}", video_id=candidate, hash=secret,
                 start=start)


def _start(fields: Fields, line, text: str) -> int | None:
    """Seconds from `90`, `90s`, `1m30s` or `1h2m3s`; 0 when absent; None after reporting a bad one."""
    if not text:
        return 0
    match = _TIME.fullmatch(text.strip())
    if match and any(match.groups()):
        return int(match[1] or 0) * 3600 + int(match[2] or 0) * 60 + int(match[3] or 0)
    fields.error("video", f"the start time t={text} is not a time",
                 "write seconds, as t=90, or minutes and seconds, as t=1m30s; or remove it to start at the beginning",
                 line)
    return None
