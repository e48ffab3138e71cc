"""How to cite an item: the citation a page shows and copies, and the citation_ tags reference managers read.

The citation follows the shape of APA's for a web page (who, year, title, where, licence, address) but
keeps names as typed: a coordinator writes "Kerenza Pascoe" or "Dr K. Pascoe", and no rule can split
every name into surname and initials. The address comes last with nothing after it, so a mail client
that links it does not take a full stop into the link.

The tags are Google Scholar's (Highwire Press) names, which Zotero and Mendeley read too. Scholar
documents the date with slashes (`2010/5/12`); we write it zero-padded (`2026/02/20`), as Open Journal
Systems does for the many journals Scholar indexes, so the tag is read as Scholar documents it and
still sorts as text."""

from __future__ import annotations

from ..maths import plain_text
from ..model import Item, Resource, Site
from ..model.items import credited
from ..model.licences import licence_deed


def licence_of(item: Item, site: Site) -> str:
    """A resource's own licence (the model gives it the site's when it names none); the site's for the rest."""
    return item.licence if isinstance(item, Resource) and item.licence else site.licence


def citation(item: Item, site: Site) -> dict:
    """The citation as `parts` (each a `text`, with the `href` it links to and that link's `rel`, or ""),
    its plain `text` (the parts' texts: what the page shows is what a reader copies), and its `meta` tags."""
    names = [person.name for person in credited(item)] or [site.name]
    published = item.published.astimezone(site.zone)
    licence, deed = licence_deed(licence_of(item, site))
    address = site.absolute(item.url) if site.url else ""
    parts = [(f"{_and(names)} ({published.year}). {_sentence(plain_text(item.title))} {_sentence(site.name)} "
              "Licence: ", "", ""), (licence, deed, "license" if deed else ""),
             ("" if _ends_a_sentence(licence) else ".", "", "")]
    if address:
        parts += [(" ", "", ""), (address, address, "")]
    parts = [{"text": text, "href": href, "rel": rel} for text, href, rel in parts if text]
    meta = [("citation_title", plain_text(item.title)), *(("citation_author", name) for name in names),
            ("citation_publication_date", f"{published:%Y/%m/%d}")]
    if address:
        meta.append(("citation_public_url", address))
    return {"parts": parts, "text": "".join(part["text"] for part in parts), "meta": meta}


def _and(names: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _sentence(text: str) -> str:
    """`text` ended with a full stop, unless it ends a sentence already ("Why do fractions matter?")."""
    return text if _ends_a_sentence(text) else f"{text}."


def _ends_a_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "?", "!"))
