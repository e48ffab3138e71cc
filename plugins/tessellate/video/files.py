"""The files the video outputs add to a site: drawn posters (calendar files are occasions')."""

from __future__ import annotations

from ..model import Catalogue
from .poster import poster_path, poster_svg


def site_files(catalogue: Catalogue, colour: str | None) -> dict[str, bytes]:
    """Site-relative path to content, for every published CPD item that needs one."""
    files: dict[str, bytes] = {}
    for item in catalogue.of_kind("cpd"):
        if item.video is not None and not item.poster:
            files[poster_path(item)] = poster_svg(item.title, item.duration, colour)
    return files
