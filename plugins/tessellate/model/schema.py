"""The content contract: which fields each kind of item has, and how each is read."""

from __future__ import annotations

import re
from datetime import date

from typing import TYPE_CHECKING

from .chart import read_chart
from .contract import field_named, limit, names_of, part_names
from .fields import Fields
from .items import Chapter, Download, Image, Impact, Item, Live, Person, Quote, Series, format_duration
from .site import STATUSES, Site
from .source import Source
from .video import read_video
from .yamltext import Mapping, Text

if TYPE_CHECKING:
    from .kinds import Kind

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_TRANSCRIPT = re.compile(r"^##\s+Transcript\s*#*\s*$", re.MULTILINE | re.IGNORECASE)


def read_item(kind: Kind, source: Source, fields: Fields, site: Site, default_slug: str, url: str) -> Item:
    """Every field of one item of `kind`, converted; problems land in `fields.problems`. Which fields
    the kind accepts comes from the contract, which also writes the guide and the scaffold."""
    fields.check_known(names_of(kind.id))
    common = _read_common(kind.id, source, fields, site, default_slug, url)
    # A link to an unknown item is reported on its own line of a list (a CPD video's resources, a story's uses).
    key = kind.links
    entries = fields.mapping.get(key) if key else None
    common["lines"].update({f"{key}.{entry.strip()}": entry.line for entry in reversed(entries)
                            if isinstance(entry, Text)} if isinstance(entries, list) else {})
    return kind.item(**common, **kind.read(fields, site, source))


def _read_common(kind: str, source: Source, fields: Fields, site: Site, default_slug: str, url: str) -> dict:
    zone = site.zone
    published = fields.when("date", zone, required=True)
    updated = fields.when("updated", zone)
    if published and updated and updated < published:
        # updated: 2026-02-20 names a day: an item dated 2026-02-20T12:00 can be updated that day, after
        # it came out (feeds must not say it changed before it was published).
        if "T" not in str(fields.mapping["updated"]).upper() and _day(updated, zone) == _day(published, zone):
            updated = published
        else:
            fields.error("updated", f"{fields.mapping['updated'].strip()} is earlier than date, {fields.mapping['date'].strip()}",
                         "updated is when the item last changed, so it cannot be earlier than date")
    reviewed = fields.when("reviewed", zone)
    # A day, compared as days: reviewed: 2026-02-20 is its midnight, and an item dated 2026-02-20T12:00 can be checked that day.
    if published and reviewed and _day(reviewed, zone) < _day(published, zone):
        fields.error("reviewed", f"{fields.mapping['reviewed'].strip()} is earlier than date, {fields.mapping['date'].strip()}",
                     "reviewed is when someone last checked the item, so it cannot be earlier than date")
    units = fields.ids("units", site.choices("units"), "unit")
    step = fields.number("step")
    if step is not None and not fields.mapping.get("units"):  # no units: line, or units: []
        fields.error("step", "places the item in no unit", "add units: [unit-id] to say which unit this is a step of")
    slug = fields.text("slug") or default_slug
    if "slug" in fields.mapping and fields.mapping["slug"] is not None and not _SLUG.fullmatch(slug):
        fields.error("slug", f"'{slug}' is not a valid slug", "use lower-case letters, digits and hyphens")
    extra = fields.raw("extra")
    if extra is not None and not isinstance(extra, Mapping):
        fields.error("extra", "must be a set of fields", "indent your own fields under extra:")
    return dict(
        kind=kind, source=source.path.relative_to(site.docs_dir).as_posix(), url=url, slug=slug,
        title=fields.text("title", required=True, limit=limit("title")),
        summary=fields.text("summary", required=True, limit=limit("summary")),
        published=published, updated=updated,
        topics=fields.ids("topics", site.taxonomy.topics, "topic", required=field_named("topics").required_for(kind)),
        phases=fields.ids("phases", site.taxonomy.phases, "phase", required=field_named("phases").required_for(kind)),
        authors=_people(fields, "authors"), image=_image(fields),
        draft=bool(fields.flag("draft")), featured=bool(fields.flag("featured")),
        units=units, step=step, reviewed=reviewed,
        extra=_plain(extra) if isinstance(extra, Mapping) else {},
        body=source.body, body_line=source.body_line, lines=dict(fields.mapping.key_lines),
    )


def read_resource(fields: Fields, site: Site, source: Source) -> dict:
    downloads = []
    for entry in fields.items("downloads"):
        sub = fields.mapping_of("downloads", entry, "write each as {file: name.pdf, label: Task sheet}")
        if sub is None:
            continue
        sub.check_known(part_names("downloads"))
        label = sub.text("label", required=True, limit=limit("downloads", "label"))
        if ("file" in entry) == ("url" in entry):
            message = "has both file and url" if "file" in entry else "needs a file or a url"
            sub.problems.error(entry.line, "downloads", message,
                               "give one: file: for a file beside the page, or url: for an https:// link")
        elif "file" in entry:
            found = sub.local_file("file", entry["file"])
            if found:
                downloads.append(Download(label, path=found[0], size=found[1]))
        elif (link := sub.https("url", entry["url"])):
            downloads.append(Download(label, url=link))
    return dict(resource_type=fields.one_id("resource_type", site.taxonomy.resource_types, "resource type", True),
                downloads=tuple(downloads), licence=fields.text("licence") or site.licence)


def read_cpd(fields: Fields, site: Site, source: Source) -> dict:
    live = _live(fields, site)
    raw_video = fields.raw("video", required=live is None and "live" not in fields.mapping,
                           hint="add the YouTube or Vimeo address, or a live: session")
    video = read_video(fields, raw_video) if raw_video is not None else None
    duration = fields.duration("duration", required=video is not None)
    captions = ""
    if fields.raw("captions") is not None and (found := fields.local_file("captions", fields.raw("captions"), (".vtt",))):
        captions = found[0]
    poster = ""
    if fields.raw("poster") is not None and (found := fields.local_file("poster", fields.raw("poster"), IMAGE_SUFFIXES)):
        poster = found[0]
    if duration and duration > site.bite_sized_minutes * 60:
        fields.problems.warn(fields.line("duration"), "duration",
                             f"{format_duration(duration)} is longer than the bite-sized limit of {site.bite_sized_minutes} minutes",
                             "split it into shorter videos, or raise bite_sized_minutes in mkdocs.yml")
    if video and video.start and duration and video.start >= duration:
        fields.error("video", f"starts at {format_duration(video.start)}, not before the end at {format_duration(duration)}",
                     "check the t= in the address against duration")
    if video and not captions and not _TRANSCRIPT.search(source.body):
        fields.problems.warn(fields.line("video"), "video", "has neither captions nor a transcript",
                             "add captions: file.vtt, or a '## Transcript' section to the text")
    return dict(video=video, duration=duration, captions=captions, poster=poster,
                presenters=_people(fields, "presenters"), outcomes=fields.texts("outcomes"),
                reflection=fields.texts("reflection"), chapters=_chapters(fields, duration),
                series=_series(fields), live=live,
                resources=tuple(t for t in (fields.check_text("resources", e) for e in fields.items("resources")) if t))


def read_story(fields: Fields, site: Site, source: Source) -> dict:
    organisation = fields.text("organisation", required=True, limit=limit("organisation"))
    quote = None
    if (raw := fields.raw("quote")) is not None and (sub := fields.mapping_of("quote", raw, "indent text:, by: and role: under quote:")):
        sub.check_known(part_names("quote"))
        quote = Quote(sub.text("text", required=True, limit=limit("quote", "text")), sub.text("by", limit=limit("quote", "by")),
                      sub.text("role", limit=limit("quote", "role")))
    impact = []
    for entry in fields.items("impact"):
        if isinstance(entry, Text):
            if (text := fields.check_text("impact", entry, limit=limit("impact"))):
                impact.append(Impact(text=text))
        elif (sub := fields.mapping_of("impact", entry, "write text, or {measure: ..., before: ..., after: ...}")):
            sub.check_known(part_names("impact"))
            impact.append(Impact(measure=sub.text("measure", required=True, limit=limit("impact", "measure")),
                                 before=sub.text("before", required=True, limit=limit("impact", "before")),
                                 after=sub.text("after", required=True, limit=limit("impact", "after"))))
    consent = fields.flag("consent")
    needs = "an image" if fields.raw("image") is not None else "a named quote" if quote and quote.by else ""
    if needs and consent is not True:
        # Point at consent: when it is written, otherwise at what needs it.
        line = fields.line("consent") if "consent" in fields.mapping else (
            fields.line("image") if needs == "an image" else fields.raw("quote").key_lines["by"])
        fields.error("consent", f"this story has {needs}, so it needs consent: true",
                     "add consent: true once the people shown or named have agreed to publication", line)
    uses = tuple(t for t in (fields.check_text("uses", e) for e in fields.items("uses")) if t)
    return dict(organisation=organisation, quote=quote, impact=tuple(impact), consent=bool(consent), uses=uses,
                chart=read_chart(fields))


# -- shared pieces ----------------------------------------------------------------------------
def _people(fields: Fields, key: str) -> tuple[Person, ...]:
    people = []
    for entry in fields.items(key):
        if isinstance(entry, Text):
            if (name := fields.check_text(key, entry, limit=limit(key, "name"))):
                people.append(Person(name))
        elif (sub := fields.mapping_of(key, entry, "write a name, or {name: ..., organisation: ...}")):
            sub.check_known(part_names(key))
            people.append(Person(sub.text("name", required=True, limit=limit(key, "name")),
                                 sub.text("organisation", limit=limit(key, "organisation"))))
    return tuple(people)


def _image(fields: Fields) -> Image | None:
    raw = fields.raw("image")
    if raw is None or not (sub := fields.mapping_of("image", raw, "indent src: and alt: under image:")):
        return None
    sub.check_known(part_names("image"))
    decorative = bool(sub.flag("decorative"))
    alt = raw.get("alt")
    if alt is None:
        sub.error("alt", "an image needs alt text" if "alt" not in raw else "is empty",
                  "describe the image for readers who cannot see it, or write alt: \"\" with decorative: true")
        alt_text = ""
    else:
        alt_text = sub.check_text("alt", alt, limit=limit("image", "alt"), allow_empty=True) or ""
        if not alt_text and not decorative:
            sub.error("alt", "is empty", "describe the image, or add decorative: true if it is only decoration")
    src = sub.raw("src", required=True)
    if src is None:
        return None
    if isinstance(src, Text) and src.strip().lower().startswith(("http:", "https:", "javascript:", "data:", "//")):
        return Image(link, alt_text, decorative, True) if (link := sub.https("src", src)) else None
    found = sub.local_file("src", src, IMAGE_SUFFIXES)
    return Image(found[0], alt_text, decorative) if found else None


def _chapters(fields: Fields, duration: int | None) -> tuple[Chapter, ...]:
    chapters: list[Chapter] = []
    for entry in fields.items("chapters"):
        sub = fields.mapping_of("chapters", entry, 'write each as {at: "1:30", title: ...}')
        if sub is None:
            continue
        sub.check_known(part_names("chapters"))
        at, title = sub.duration("at", required=True), sub.text("title", required=True, limit=limit("chapters", "title"))
        if at is None or not title:
            continue
        if duration is not None and at >= duration:
            sub.error("at", f"{format_duration(at)} is not before the end of the video at {format_duration(duration)}",
                      "check the chapter time against duration")
        elif chapters and at <= chapters[-1].at:
            sub.error("at", f"{format_duration(at)} is not after the previous chapter at {format_duration(chapters[-1].at)}",
                      "list chapters in time order")
        else:
            chapters.append(Chapter(at, title))
    return tuple(chapters)


def _series(fields: Fields) -> Series | None:
    raw = fields.raw("series")
    if raw is None or not (sub := fields.mapping_of("series", raw, "indent name: and part: under series:")):
        return None
    sub.check_known(part_names("series"))
    name, part = sub.text("name", required=True, limit=limit("series", "name")), sub.number("part", required=True)
    return Series(name, part) if name and part else None


def _live(fields: Fields, site: Site) -> Live | None:
    raw = fields.raw("live")
    if raw is None or not (sub := fields.mapping_of("live", raw, "indent start:, end: and join_url: under live:")):
        return None
    sub.check_known(part_names("live"))
    start = sub.when("start", site.zone, required=True, need_time=True)
    end = sub.when("end", site.zone, required=True, need_time=True)
    join = sub.https("join_url", raw["join_url"]) if raw.get("join_url") is not None else None
    if raw.get("join_url") is None:
        sub.raw("join_url", required=True, hint="add the https:// address people use to join")
    if start and end and end <= start:
        sub.error("end", f"{raw['end'].strip()} is not after start, {raw['start'].strip()}",
                  "check the date and times of the session")
    return Live(start, end, join, cancelled(sub)) if start and end and join else None


def cancelled(fields: Fields) -> bool:
    """`status: cancelled` on a live session or an event; any other status is a mistake."""
    status = fields.text("status")
    if status and status not in STATUSES:
        fields.error("status", f"'{status}' is not a status", "write status: cancelled, or remove the line")
    return status == "cancelled"


def _day(moment, zone) -> date:
    return moment.astimezone(zone).date()


def _plain(value):
    """Front-matter text, lists and mappings as ordinary Python values for templates."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return None if value is None else str(value)
