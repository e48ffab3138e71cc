"""The click-to-load player of a CPD video, as plain data for the page template.

Before the reader presses play the page holds only a poster on the site's own host and a button:
the host's player address waits in a data attribute, so no request reaches YouTube or Vimeo and
no cookie is set until the reader asks."""

from __future__ import annotations

from ..maths import plain_text
from ..model import Cpd, format_duration
from .poster import poster_path

HOSTS = {"youtube": "YouTube", "vimeo": "Vimeo"}


def player(item: Cpd) -> dict | None:
    """Everything the player template shows for the item's video; None when it has none."""
    video = item.video
    if video is None:
        return None
    length = format_duration(item.duration) if item.duration else ""
    data = {
        "provider": video.provider, "host": HOSTS.get(video.provider, ""), "title": plain_text(item.title),
        "label": f"Play: {plain_text(item.title)}" + (f", {length}" if length else ""),
        "poster": item.poster or poster_path(item), "start": video.start, "captions": item.captions,
        "chapters": [{"at": c.at, "time": format_duration(c.at), "title": c.title, "href": _watch(item, c.at),
                      "fragment": f"#t={c.at}"} for c in item.chapters],
    }
    if video.provider == "file":
        data.update(src=video.path, type=video.mime_type)
    else:
        data.update(embed=embed_address(item, video.start, autoplay=True), link=_watch(item, video.start))
    return data


def embed_address(item: Cpd, start: int = 0, autoplay: bool = False) -> str:
    """The host's privacy-minded player, started where asked: YouTube's no-cookie domain, Vimeo with dnt."""
    video = item.video
    play = ["autoplay=1"] if autoplay else []
    if video.provider == "youtube":
        query = "&".join(([f"start={start}"] if start else []) + play)
        return f"https://www.youtube-nocookie.com/embed/{video.video_id}" + (f"?{query}" if query else "")
    query = "&".join(([f"h={video.hash}"] if video.hash else []) + ["dnt=1"] + play)
    return f"https://player.vimeo.com/video/{video.video_id}?{query}" + (f"#t={start}s" if start else "")


def _watch(item: Cpd, start: int) -> str:
    """The video's page on its host, at `start`: what a reader without JavaScript follows. Empty
    for a file on the site, whose address the template makes relative to the page."""
    video = item.video
    if video.provider == "youtube":
        return f"https://www.youtube.com/watch?v={video.video_id}" + (f"&t={start}s" if start else "")
    if video.provider == "vimeo":
        return video.url + (f"#t={start}s" if start else "")
    return ""
