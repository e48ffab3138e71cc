"""Licences coordinators name by their short id, with the name readers know and the deed to read."""

from __future__ import annotations

_CC = "https://creativecommons.org/licenses/{}/4.0/"
LICENCES: dict[str, tuple[str, str]] = {
    "CC-BY-4.0": ("CC BY 4.0", _CC.format("by")),
    "CC-BY-SA-4.0": ("CC BY-SA 4.0", _CC.format("by-sa")),
    "CC-BY-NC-4.0": ("CC BY-NC 4.0", _CC.format("by-nc")),
    "CC-BY-NC-SA-4.0": ("CC BY-NC-SA 4.0", _CC.format("by-nc-sa")),
    "CC-BY-ND-4.0": ("CC BY-ND 4.0", _CC.format("by-nd")),
    "CC-BY-NC-ND-4.0": ("CC BY-NC-ND 4.0", _CC.format("by-nc-nd")),
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "OGL-UK-3.0": ("Open Government Licence v3.0",
                   "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"),
}


def licence_deed(licence: str) -> tuple[str, str]:
    """The human name and deed address of `licence`; a licence we do not know keeps its text and no link."""
    return LICENCES.get(licence.strip().upper().replace(" ", "-"), (licence, ""))
