"""Schema.org JSON-LD for item pages, safe to place inside a <script> element."""

from __future__ import annotations

import json

from markupsafe import Markup

from .. import video
from ..maths import plain_text
from ..model import Cpd, Event, Item, Resource, Site, Story, Unit
from ..model.licences import licence_deed
from ..model.items import credited
from .citation import licence_of


def json_ld(item: Item, site: Site, units: list[Unit] = ()) -> Markup:
    """The item, and the curriculum `units` it belongs to, as JSON-LD; `<`, `>` and `&` are escaped so no
    text can close the script element."""
    text = json.dumps(_describe(item, site, units), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _describe(item: Item, site: Site, units: list[Unit]) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": _type(item),
        "name": plain_text(item.title),
        "description": plain_text(item.summary),
        "datePublished": item.published.isoformat(),
        "inLanguage": "en-GB",
    }
    if item.topics:  # an event may be about none
        data["about"] = [site.taxonomy.topics[t] for t in item.topics]
    if site.url:
        data["url"] = site.absolute(item.url)
    if item.updated:
        data["dateModified"] = item.updated.isoformat()
    # Who the page's citation names: the people credited, or the network when it names none.
    data["author"] = [_person(p) for p in credited(item)] or [_network(site)]
    if units:
        data["isPartOf"] = [_unit(unit, site) for unit in units]
    if item.phases:
        data["educationalLevel"] = [site.taxonomy.phases[p] for p in item.phases]
    if isinstance(item, Resource):
        data["learningResourceType"] = site.taxonomy.resource_types.get(item.resource_type, "")
        # schema.org wants the licence's address; a licence we know no deed for keeps its name.
        name, deed = licence_deed(licence_of(item, site))
        data["license"] = deed or name
    if isinstance(item, Cpd):
        _describe_cpd(item, data, site)
    if isinstance(item, Story):
        data["publisher"] = {"@type": "Organization", "name": item.organisation}
    if isinstance(item, Event) and item.occasion is not None:
        data.update(_occasion(item, site))
    return data


def _describe_cpd(item: Cpd, data: dict, site: Site) -> None:
    if item.video is not None:
        data["uploadDate"] = data["datePublished"]
        if item.duration:
            data["duration"] = iso_duration(item.duration)
        # The poster on the site's own host, never the video host's thumbnail.
        data["thumbnailUrl"] = site.absolute(item.poster or video.poster_path(item))
        if item.video.provider == "file":
            data["contentUrl"] = site.absolute(item.video.path)
        else:
            data["embedUrl"] = video.embed_address(item)
            data["sameAs"] = item.video.url
            data["url"] = data.get("url", item.video.url)
    if item.live is not None:
        event = {"@type": "Event", "name": item.title, "description": item.summary, **_occasion(item, site)}
        if item.video is None:
            data.update(event)
        else:
            data["recordedAt"] = event


def _occasion(item: Item, site: Site) -> dict:
    """When and where readers can take part (a live session, an event), as schema.org's Event has it: a Place
    named by `where`, or a VirtualLocation online (both, with a join link, for an event in a room)."""
    occasion = item.occasion
    online = occasion.online
    join = occasion.join_url or (site.absolute(item.url) if site.url else "")
    virtual = {"@type": "VirtualLocation", **({"url": join} if join else {})}
    place = {"@type": "Place", "name": occasion.where, "address": occasion.where}
    mode = "Online" if online else "Mixed" if occasion.join_url else "Offline"
    data = {"startDate": occasion.start.isoformat(), "endDate": occasion.end.isoformat(),
            "eventAttendanceMode": f"https://schema.org/{mode}EventAttendanceMode",
            "eventStatus": f"https://schema.org/{'EventCancelled' if occasion.cancelled else 'EventScheduled'}",
            "location": virtual if online else [place, virtual] if occasion.join_url else place,
            "organizer": _network(site)}
    if occasion.register_url and not occasion.cancelled:
        data["offers"] = {"@type": "Offer", "url": occasion.register_url,
                          "availability": "https://schema.org/InStock",
                          **({"validThrough": occasion.register_by.astimezone(site.zone).date().isoformat()}
                             if occasion.register_by else {})}
    return data


def iso_duration(seconds: int) -> str:
    """ISO 8601: `PT8M30S`, `PT1H2M3S`."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs or not seconds else "")


def _type(item: Item) -> str:
    if isinstance(item, Cpd):
        return "VideoObject" if item.video is not None else "Event"
    if isinstance(item, Event):
        return "Event"
    return "LearningResource" if isinstance(item, Resource) else "Article"


def _network(site: Site) -> dict:
    return {"@type": "Organization", "name": site.name, **({"url": site.url} if site.url else {})}


def _unit(unit: Unit, site: Site) -> dict:
    """A unit of the scheme of work as a schema.org Course: a stretch of teaching the network plans,
    named by its id as a course code. Not a bare CreativeWork: a reader of the data learns it is teaching."""
    described = {"@type": "Course", "name": unit.label, "courseCode": unit.id, "provider": _network(site)}
    if site.url:
        described["url"] = site.absolute(site.unit_url(unit.id))
    return described


def _person(person) -> dict:
    described = {"@type": "Person", "name": person.name}
    if person.organisation:
        described["affiliation"] = {"@type": "Organization", "name": person.organisation}
    return described
