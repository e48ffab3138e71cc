"""Share with a class: plain links that hand an item's address to a class's learning platform.

Plain links, not the platforms' share buttons: those are scripts and icons from the platform's host,
which would tell it of every reader before anyone chose to share. A link asks nothing of that host
until it is followed, and opens like any other link."""

from __future__ import annotations

from urllib.parse import quote

from ..model import Item, Site

# Each platform's share address, with where the page's address goes.
PLATFORMS = (
    ("Google Classroom", "https://classroom.google.com/share?url={}"),
    ("Microsoft Teams", "https://teams.microsoft.com/share?href={}"),
)


def class_share_links(item: Item, site: Site) -> list[dict]:
    """Each platform's `name` and `href`; none without a site_url (a platform needs the absolute address)."""
    if not site.url:
        return []
    address = quote(site.absolute(item.url), safe="")
    return [{"name": name, "href": pattern.format(address)} for name, pattern in PLATFORMS]
