"""An event's own fields: when it starts and ends, where, and how to join or book."""

from __future__ import annotations

from .contract import limit
from .fields import Fields
from .schema import cancelled
from .site import Site
from .source import Source


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
    if register_by and starts and register_by.astimezone(site.zone).date() > starts.astimezone(site.zone).date():
        fields.error("register_by", f"{fields.mapping['register_by'].strip()} is after the event starts, "
                     f"{fields.mapping['starts'].strip()}", "give the last day people can book, on or before starts")
    if register_by and not fields.mapping.get("register_url"):
        fields.error("register_by", "gives a day to book by, but no register_url",
                     "add register_url: with the https:// address where people book")
    return dict(starts=starts, ends=ends, where=where or "", join_url=join_url or "", register_url=register_url or "",
                register_by=register_by, cancelled=cancelled(fields))
