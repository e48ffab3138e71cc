"""The files the video outputs add to a site: drawn posters and live sessions' calendar files."""

from __future__ import annotations

from datetime import datetime

from ..model import Catalogue
from .calendar import calendar_path, session_calendar
from .poster import poster_path, poster_svg


def site_files(catalogue: Catalogue, colour: str | None, now: datetime) -> dict[str, bytes]:
    """Site-relative path to content, for every published CPD item that needs one."""
    files: dict[str, bytes] = {}
    for item in catalogue.of_kind("cpd"):
        if item.video is not None and not item.poster:
            files[poster_path(item)] = poster_svg(item.title, item.duration, colour)
        if item.live is not None:
            files[calendar_path(item)] = session_calendar(item, catalogue.site, now)
    return files
