"""An event's own fields: when it starts and ends, where, and how to join or book."""

from __future__ import annotations

import re

from .contract import limit
from .fields import Fields
from .items import is_online
from .schema import cancelled
from .site import Site
from .source import Source

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_event(fields: Fields, site: Site, source: Source) -> dict:
    """`starts`, `ends`, `where`, `join_url`, `register_url`, `register_by` and `status`."""
    starts = fields.when("starts", site.zone, required=True, need_time=True)
    ends = fields.when("ends", site.zone, required=True, need_time=True)
    if starts and ends and ends <= starts:
        fields.error("ends", f"{fields.mapping['ends'].strip()} is not after starts, {fields.mapping['starts'].strip()}",
                     "check the date and times of the event")
    where = fields.text("where", required=True, limit=limit("where"))
    join_url = fields.https("join_url", fields.raw("join_url")) if fields.raw("join_url") is not None else None
    register_url = (fields.https("register_url", fields.raw("register_url"))
                    if fields.raw("register_url") is not None else None)
    register_by = fields.when("register_by", site.zone)
    # Booking stays open to the end of register_by's day (video.live.booking_closed): a time in it would be
    # read as the day after it, so the page would say "book by" a day other than the one the form closes.
    if register_by and not _DAY.fullmatch(fields.mapping["register_by"].strip()):
        fields.error("register_by", f"{fields.mapping['register_by'].strip()} has a time; give only the day",
                     "write the last day people can book as YYYY-MM-DD, e.g. 2027-02-24")
        register_by = None
    if register_by and starts and register_by.astimezone(site.zone).date() > starts.astimezone(site.zone).date():
        fields.error("register_by", f"{fields.mapping['register_by'].strip()} is after the event starts, "
                     f"{fields.mapping['starts'].strip()}", "give the last day people can book, on or before starts")
    if register_by and not fields.mapping.get("register_url"):
        fields.error("register_by", "gives a day to book by, but no register_url",
                     "add register_url: with the https:// address where people book")
    if where and is_online(where) and not (join_url or register_url):
        fields.problems.warn(fields.line("where"), fields.name("where"), "is Online, but the event gives no way to join",
                             "add join_url: with the meeting's https:// address, or register_url: where people book")
    return dict(starts=starts, ends=ends, where=where or "", join_url=join_url or "", register_url=register_url or "",
                register_by=register_by, cancelled=cancelled(fields))
