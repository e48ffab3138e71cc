"""The network's calendar (issue 21): `calendar.ics` at the site's root and each item's own `.ics`, built
with the real command line at a fixed build time, parsed back with icalendar. What each file must hold
is written down here from the front matter, not taken from the code."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest

from conftest import run_build, write_site
from reading import ics_text, main, page, text
from video_site import CONFIG as VIDEO_CONFIG, SITE_URL, resolve

from tessellate.model import Catalogue, Item, Site
from tessellate.model.items import Occasion
from tessellate.occasions import in_site_calendar, item_calendar, site_calendar

HOST = "maths.example.org"
# The CPD test site's settings, under a network name that calendar text must escape.
CONFIG = VIDEO_CONFIG.replace("site_name: Video test network", "site_name: Tamar; Teign, and the Moor")
NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)  # the build time: calendar.ics keeps what ended since 2025-12-01


def session(title: str, start: str, end: str, *, date: str = "2025-06-01", extra: str = "", status: str = "") -> str:
    status_line = f"\n  status: {status}" if status else ""
    return (f"---\ntitle: {json.dumps(title)}\nsummary: {json.dumps(f'About {title}.')}\ndate: {date}\n"
            f"topics: [number]\n{extra}live:\n  start: \"{start}\"\n  end: \"{end}\"\n"
            f"  join_url: https://meet.example.org/{title.split()[0].lower()}{status_line}\n---\n\nJoin us.\n")


# name: (its page's front matter, whether calendar.ics holds it)
SESSIONS = {
    "upcoming": (session("Upcoming algebra", "2027-01-20T16:00:00+00:00", "2027-01-20T16:45:00+00:00"), True),
    "cancelled": (session("Cancelled ratio", "2027-02-03T16:00:00+00:00", "2027-02-03T17:00:00+00:00",
                          status="cancelled"), True),
    "recent": (session("Recent fractions", "2026-03-10T16:00:00+00:00", "2026-03-10T17:00:00+00:00"), True),
    # Ended a day inside the twelve months, and a day outside them.
    "edge-in": (session("Edge inside", "2025-12-02T09:00:00+00:00", "2025-12-02T10:00:00+00:00", date="2025-01-01"), True),
    "edge-out": (session("Edge outside", "2025-11-30T09:00:00+00:00", "2025-11-30T10:00:00+00:00", date="2025-01-01"), False),
}
# Not published by a build, so neither in calendar.ics nor given a calendar file of its own.
UNPUBLISHED = {
    "draft": session("Draft session", "2027-01-27T16:00:00+00:00", "2027-01-27T17:00:00+00:00", extra="draft: true\n"),
    "scheduled": session("Scheduled announcement", "2027-03-01T16:00:00+00:00", "2027-03-01T17:00:00+00:00",
                         date="2027-01-05"),
}
RESOURCE = ("---\ntitle: A sheet\nsummary: A sheet.\ndate: 2026-01-01\ntopics: [number]\nphases: [ks3]\n"
            "resource_type: lesson\n---\n\nHand it out.\n")


def build(root: Path, docs: dict[str, str], name: str = "out", now: datetime = NOW) -> Path:
    write_site(root, CONFIG, {"index.md": "# Home\n", **docs})
    out = root / name
    result = run_build("build", "-f", str(root / "mkdocs.yml"), "-d", str(out),
                       env={"SOURCE_DATE_EPOCH": str(int(now.timestamp()))})
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def content(**changed: str) -> dict[str, str]:
    docs = {f"cpd/{name}.md": text for name, (text, _) in SESSIONS.items()}
    docs |= {f"cpd/{name}.md": text for name, text in UNPUBLISHED.items()}
    return {**docs, "resources/sheet.md": RESOURCE, **{f"cpd/{name}.md": text for name, text in changed.items()}}


def events(path: Path) -> dict[str, icalendar.Event]:
    """The file's events by UID; each UID once."""
    found = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    by_uid = {str(event["uid"]): event for event in found}
    assert len(by_uid) == len(found), f"{path.name}: a UID twice"
    return by_uid


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("calendar")


@pytest.fixture(scope="module")
def site(root) -> Path:
    return build(root, content())


def test_the_site_calendar_holds_exactly_the_sessions_of_the_last_twelve_months_and_all_upcoming(site):
    held = events(site / "calendar.ics")
    expected = [name for name, (_, listed) in SESSIONS.items() if listed]
    assert set(held) == {f"cpd-{name}@{HOST}" for name in expected}
    starts = [event.decoded("dtstart") for event in held.values()]
    assert starts == sorted(starts), "soonest first"
    for name in SESSIONS:  # each with the UID and the very event of its own calendar file
        [(uid, own)] = events(site / "cpd" / f"{name}.ics").items()
        assert uid == f"cpd-{name}@{HOST}"
        if uid in held:
            assert held[uid].to_ical() == own.to_ical()
    for name in UNPUBLISHED:
        assert not (site / "cpd" / f"{name}.ics").exists()
    assert not (site / "resources" / "sheet.ics").exists()


def test_the_site_calendar_is_named_for_the_network_and_refreshed_daily(site):
    calendar = icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes())
    for name in ("NAME", "X-WR-CALNAME"):
        assert ics_text(calendar[name]) == "Tamar; Teign, and the Moor"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/London"
    for name in ("REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
        assert calendar[name].to_ical() == b"P1D", name
    assert str(calendar["SOURCE"]) == SITE_URL + "calendar.ics"


def test_an_event_says_when_where_and_how_to_join(site):
    event = events(site / "calendar.ics")[f"cpd-upcoming@{HOST}"]
    assert event.decoded("dtstart") == datetime(2027, 1, 20, 16, 0, tzinfo=timezone.utc)
    assert event.get("dtstart").to_ical().endswith(b"Z")
    assert str(event["summary"]) == "Upcoming algebra"
    assert str(event["url"]) == SITE_URL + "cpd/upcoming/"
    assert str(event["location"]) == "https://meet.example.org/upcoming"
    assert str(event["description"]) == ("About Upcoming algebra.\n\nJoin: https://meet.example.org/upcoming\n"
                                         f"Details: {SITE_URL}cpd/upcoming/")
    assert str(event["status"]) == "CONFIRMED"
    # Revised when its page says it last changed, not when the site was built.
    assert event.decoded("dtstamp") == datetime(2025, 5, 31, 23, tzinfo=timezone.utc)  # midnight in London


def test_a_cancelled_session_is_cancelled_in_both_files(site):
    uid = f"cpd-cancelled@{HOST}"
    for path in (site / "calendar.ics", site / "cpd" / "cancelled.ics"):
        event = events(path)[uid]
        assert str(event["status"]) == "CANCELLED", path.name
        # What a reader sees where the status is not shown (Outlook, Google Calendar): no way to join.
        assert str(event["summary"]) == "Cancelled: Cancelled ratio", path.name
        assert str(event["location"]) == "Online", path.name
        assert "Join:" not in str(event["description"])


def test_a_moved_or_cancelled_session_gets_a_higher_sequence_and_keeps_its_uid(site, root):
    before = events(site / "calendar.ics")
    moved = session("Upcoming algebra", "2027-01-21T16:00:00+00:00", "2027-01-21T16:45:00+00:00",
                    extra="updated: 2026-11-30\n")
    cancelled = SESSIONS["upcoming"][0].replace("upcoming\n---", "upcoming\n  status: cancelled\n---")
    for name, changed in (("moved", moved), ("cancelled", cancelled)):
        out = build(root, content(upcoming=changed), name)
        for path in (out / "calendar.ics", out / "cpd" / "upcoming.ics"):
            after = events(path)[f"cpd-upcoming@{HOST}"]
            assert after["sequence"] > before[f"cpd-upcoming@{HOST}"]["sequence"], (name, path.name)
        # The others are as they were, so calendars leave them alone.
        assert (out / "cpd" / "recent.ics").read_bytes() == (site / "cpd" / "recent.ics").read_bytes()


def test_builds_are_byte_stable(site, root):
    # A day later, through the first build's cache: nothing has changed, so no calendar app sees a change.
    again = build(root, content(), "again", NOW + timedelta(days=1))
    for path in ("calendar.ics", *(f"cpd/{name}.ics" for name in SESSIONS)):
        assert (again / path).read_bytes() == (site / path).read_bytes(), path


def test_the_subscribe_page_offers_the_calendar(site):
    tree = page(site, "subscribe/")
    [advertised] = tree.cssselect('head link[rel="alternate"][type="text/calendar"]')
    assert advertised.get("href") == SITE_URL + "calendar.ics"
    section = main(tree).cssselect("#calendar")[0].getparent()
    links = {text(a): a.get("href") for a in section.cssselect("a")}
    assert links["Subscribe to the calendar"] == "webcal://maths.example.org/net/calendar.ics"
    download = section.cssselect("a[download]")[0]
    assert resolve(site, "subscribe/", download.get("href")) == site / "calendar.ics"
    button = section.cssselect("button[data-tx-copy]")[0]
    assert text(section.cssselect(f"#{button.get('data-tx-text')}")[0]) == SITE_URL + "calendar.ics"
    words = text(section)
    assert "Add calendar" in words and "Subscribe from web" in words  # Outlook
    assert "Other calendars" in words and "From URL" in words  # Google Calendar


def rfc5545_problems(data: bytes) -> list[str]:
    """What RFC 5545 finds wrong with a calendar file: its lines (CRLF, 75 octets at most), the
    calendar's VERSION and PRODID, at least one component (3.6), each event's UID, DTSTAMP and DTSTART."""
    problems = [] if data.endswith(b"\r\n") else ["does not end with CRLF"]
    for number, line in enumerate(data.split(b"\r\n")[:-1], 1):
        if b"\n" in line or b"\r" in line or len(line) > 75:
            problems.append(f"line {number}: a bare line break, or over 75 octets")
    calendar = icalendar.Calendar.from_ical(data)
    problems += [f"no {name}" for name in ("VERSION", "PRODID") if name not in calendar]
    if not calendar.subcomponents:
        problems.append("no component")
    for event in calendar.walk("VEVENT"):
        problems += [f"an event without {name}" for name in ("UID", "DTSTAMP", "DTSTART") if name not in event]
    return problems


def test_every_calendar_file_is_valid_icalendar(site):
    for path in (site / "calendar.ics", *(site / "cpd").glob("*.ics")):
        assert rfc5545_problems(path.read_bytes()) == [], path.name


def test_a_site_without_sessions_publishes_an_empty_calendar_and_does_not_offer_it(root):
    site = build(root / "none", {"resources/sheet.md": RESOURCE})
    data = (site / "calendar.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar.walk("VEVENT") == [] and str(calendar["X-WR-CALNAME"])
    assert rfc5545_problems(data) == [], "an empty calendar is valid all the same: strict apps refuse one that is not"
    tree = page(site, "subscribe/")
    assert not tree.cssselect('link[type="text/calendar"]') and not main(tree).cssselect("#calendar")


# -- Any kind with an occasion, and hostile text, straight from the model.

HOSTILE = 'Room 4;\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@x\nSTATUS:CANCELLED, "quoted"\\'
MODEL_SITE = Site(name="Net\r\nX-WR-CALNAME:evil; a, b", docs_dir=Path("."), url=SITE_URL)


@dataclass(frozen=True)
class Meeting(Item):
    """A kind the calendar has never heard of, whose items take place somewhere."""

    when: Occasion | None = None

    @property
    def occasion(self) -> Occasion | None:
        return self.when


def meeting(title: str = "Cluster meeting", summary: str = "Termly.", **occasion) -> Meeting:
    when = Occasion(datetime(2027, 3, 4, 16, tzinfo=timezone.utc), datetime(2027, 3, 4, 18, tzinfo=timezone.utc),
                    **occasion)
    return Meeting(kind="meetings", source="meetings/cluster.md", url="meetings/cluster/", slug="cluster", title=title,
                   summary=summary, published=datetime(2026, 1, 5, tzinfo=timezone.utc), topics=(), body="",
                   body_line=1, when=when)


def test_any_kind_with_an_occasion_has_a_calendar_entry():
    item = meeting(where="Kestlemoor College, Room 4", register_url="https://forms.example.org/cluster",
                   register_by=datetime(2027, 2, 25, tzinfo=timezone.utc))
    [event] = icalendar.Calendar.from_ical(item_calendar(item, MODEL_SITE)).walk("VEVENT")
    assert str(event["uid"]) == f"meetings-cluster@{HOST}"
    assert str(event["location"]) == "Kestlemoor College, Room 4"
    assert str(event["description"]) == ("Termly.\n\nRegister: https://forms.example.org/cluster (by Thursday 25 "
                                         f"February 2027)\nDetails: {SITE_URL}meetings/cluster/")


def test_hostile_text_stays_inside_its_property():
    item = meeting(title=HOSTILE, summary=HOSTILE, where=HOSTILE)
    for ics in (item_calendar(item, MODEL_SITE), site_calendar([item], MODEL_SITE)):
        calendar = icalendar.Calendar.from_ical(ics)
        [event] = calendar.walk("VEVENT")
        assert str(event["uid"]) == f"meetings-cluster@{HOST}" and str(event["status"]) == "CONFIRMED"
        typed = HOSTILE.replace("\r\n", "\n")  # a line break is a line break, however it was written
        assert str(event["summary"]) == typed and str(event["location"]) == typed
        assert str(event["description"]).startswith(typed)
        assert b"\r\nUID:evil" not in ics and ics.count(b"\r\nBEGIN:VEVENT") == 1
    ics = site_calendar([item], MODEL_SITE)
    calendar = icalendar.Calendar.from_ical(ics)
    assert ics_text(calendar["X-WR-CALNAME"]) == "Net\nX-WR-CALNAME:evil; a, b"
    assert ics.count(b"\r\nX-WR-CALNAME:") == 1


def test_the_twelve_months_end_a_year_to_the_minute_before_the_build_on_a_leap_day_too():
    now = datetime(2028, 2, 29, 12, tzinfo=timezone.utc)  # a year before it: 28 February 2027, 12:00

    def ending(slug: str, end: datetime) -> Meeting:
        return dataclasses.replace(meeting(), slug=slug, when=Occasion(end - timedelta(hours=2), end))

    items = (ending("at-the-cut", datetime(2027, 2, 28, 12, tzinfo=timezone.utc)),
             ending("a-minute-before", datetime(2027, 2, 28, 11, 59, tzinfo=timezone.utc)),
             ending("to-come", datetime(2028, 3, 1, 18, tzinfo=timezone.utc)))
    held = in_site_calendar(Catalogue(MODEL_SITE, items=items), now)
    assert [item.slug for item in held] == ["at-the-cut", "to-come"]
