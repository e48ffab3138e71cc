"""Events end to end: a small network's meetings built at a fixed time (before a booking deadline, and after
every event), then read back as a reader, a feed reader, a search engine and a coordinator would.
Expectations come from the front matter written here."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from conftest import REPO, write_site
from reading import card_titles, main, page, text
from tessellate.model import Site, Taxonomy, load_catalogue
from tessellate.pages.jsonld import json_ld as structured_data
from tessellate.share import ShareOptions, digest
from tessellate.share.social import posts
from video_site import build

SITE_URL = "https://net.example.org/"
# The time zone is the default one, Europe/London: GMT in winter, BST in summer.
CONFIG = (f"site_name: Events test network\nsite_url: {SITE_URL}\ntheme: {{name: material}}\nplugins:\n"
          "  - tessellate: {taxonomy: {topics: {number: Number, algebra: Algebra}, phases: {ks3: KS3}}}\n")
BEFORE = int(datetime(2027, 1, 10, tzinfo=timezone.utc).timestamp())  # after "past", before the rest
CLOSED = int(datetime(2027, 6, 2, 9, tzinfo=timezone.utc).timestamp())  # the day after summer's register_by
AFTER = int(datetime(2027, 7, 1, tzinfo=timezone.utc).timestamp())  # after every event


def event(title: str, starts: str, ends: str, where: str, extra: str = "", date: str = "2026-10-01") -> str:
    return (f"---\ntitle: {title}\nsummary: About {title}.\ndate: {date}\nstarts: \"{starts}\"\nends: \"{ends}\"\n"
            f"where: {where}\n{extra}---\n\nWhat happens at {title}.\n")


DOCS = {
    "index.md": "# Home\n",
    # In the order they start: later, sooner and past, and one cancelled, written in no particular order.
    "events/summer.md": event("Summer convening", "2027-06-20T09:30:00+01:00", "2027-06-20T13:00:00+01:00",
                              "Kestlemoor College, Tavistock Road, PL19 8AB", "topics: [algebra]\n"
                              "register_url: https://forms.example.org/summer\nregister_by: 2027-06-01\n"),
    "events/spring.md": event("Spring meeting", "2027-02-10T16:00:00+00:00", "2027-02-10T17:15:00+00:00", "Online",
                              "join_url: https://meet.example.org/spring\n"),
    "events/autumn.md": event("Autumn evening", "2026-10-15T18:00:00+01:00", "2026-10-15T19:30:00+01:00",
                              "Trenvallow Academy"),
    "events/old.md": event("Old evening", "2026-09-15T18:00:00+01:00", "2026-09-15T19:30:00+01:00",
                           "Trenvallow Academy"),
    "events/cancelled.md": event("Cancelled workshop", "2027-03-01T16:00:00+00:00", "2027-03-01T17:00:00+00:00",
                                 "Online", "join_url: https://meet.example.org/c\nregister_url: https://forms.example.org/c\n"
                                 "status: cancelled\n"),
    "cpd/live.md": ("---\ntitle: Live algebra\nsummary: A live session.\ndate: 2026-10-01\ntopics: [algebra]\n"
                    "live: {start: \"2027-04-01T16:00:00+01:00\", end: \"2027-04-01T17:00:00+01:00\", "
                    "join_url: \"https://meet.example.org/live\"}\n---\n\nLive.\n"),
}


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("events")
    write_site(root, CONFIG, DOCS)
    return root


@pytest.fixture(scope="module")
def before(root) -> Path:
    return build(root, BEFORE)  # video_site's: the real command line at that time


@pytest.fixture(scope="module")
def after(root) -> Path:
    return build(root, AFTER)


def json_ld(site: Path, url: str) -> dict:
    return json.loads(page(site, url).cssselect('script[type="application/ld+json"]')[0].text)


def test_the_index_lists_upcoming_events_soonest_first_then_past_ones_latest_first(before, after):
    assert card_titles(main(page(before, "events/"))) == [
        "Spring meeting", "Cancelled workshop", "Summer convening", "Autumn evening", "Old evening"]
    assert card_titles(main(page(after, "events/"))) == [
        "Summer convening", "Cancelled workshop", "Spring meeting", "Autumn evening", "Old evening"]
    assert "upcoming ones soonest first, then past ones latest first" in text(main(page(before, "events/")))


def test_an_upcoming_event_in_a_room_says_when_where_and_how_to_book(before):
    article = main(page(before, "events/summer/"))
    shown = text(article)
    assert "Sunday 20 June 2027, 09:30 to 13:00 BST" in shown  # in the site's time zone
    assert "Kestlemoor College, Tavistock Road, PL19 8AB" in shown
    assert "Book your place by Tuesday 1 June 2027." in shown
    assert [a.get("href") for a in article.cssselect("a.md-button") if text(a) == "Book your place"] == [
        "https://forms.example.org/summer"]
    calendar = [a.get("href") for a in article.cssselect(".tx-event a[download]")]
    assert calendar == ["../summer.ics"] and (before / "events" / "summer.ics").is_file()
    assert "has ended" not in shown


def test_after_its_register_by_day_booking_is_closed(root):
    closed = build(root, CLOSED)
    article = main(page(closed, "events/summer/"))
    assert "Booking closed on Tuesday 1 June 2027." in text(article)
    assert not [a for a in article.cssselect("a") if text(a) == "Book your place"]
    assert article.cssselect(".tx-event a[download]")  # still to come: its calendar file is offered


def test_an_online_event_gives_its_join_link(before):
    article = main(page(before, "events/spring/"))
    assert "Online" in text(article) and "No need to book" in text(article)
    assert [a.get("href") for a in article.cssselect("a.md-button") if text(a) == "Join online"] == [
        "https://meet.example.org/spring"]


def test_after_it_ends_an_event_says_so_and_offers_no_booking(before, after):
    for site, url in ((before, "events/autumn/"), (after, "events/summer/")):
        article = main(page(site, url))
        assert "This event has ended." in text(article)
        assert not article.cssselect(".tx-event a")


def test_a_cancelled_event_says_so_and_is_not_announced(before):
    article = main(page(before, "events/cancelled/"))
    assert "This event has been cancelled." in text(article)
    assert not article.cssselect('a[href="https://meet.example.org/c"], a[href="https://forms.example.org/c"]')
    described = json_ld(before, "events/cancelled/")
    assert described["eventStatus"] == "https://schema.org/EventCancelled"
    assert "offers" not in described  # no place to book is on offer


def test_structured_data_describes_the_event(before):
    summer = json_ld(before, "events/summer/")
    assert summer["@type"] == "Event"
    assert datetime.fromisoformat(summer["startDate"]) == datetime(2027, 6, 20, 8, 30, tzinfo=timezone.utc)
    assert datetime.fromisoformat(summer["endDate"]) == datetime(2027, 6, 20, 12, 0, tzinfo=timezone.utc)
    assert summer["location"] == {"@type": "Place", "name": "Kestlemoor College, Tavistock Road, PL19 8AB",
                                  "address": "Kestlemoor College, Tavistock Road, PL19 8AB"}
    assert summer["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert summer["eventStatus"] == "https://schema.org/EventScheduled"
    assert summer["offers"]["url"] == "https://forms.example.org/summer" and summer["offers"]["validThrough"] == "2027-06-01"
    spring = json_ld(before, "events/spring/")
    assert spring["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/spring"}
    assert spring["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert "about" not in spring  # no topics given


def test_the_announcement_bar_and_home_page_list_events_beside_live_sessions(before):
    home = page(before, "")
    banner = text(home.cssselect('[data-md-component="announce"]')[0])
    assert banner == "Next event: Spring meeting, Wednesday 10 February 2027, 16:00 to 17:15 GMT."
    heading = [h for h in main(home).cssselect("h2") if text(h) == "Upcoming live sessions and events"][0]
    assert card_titles(heading.getparent()) == ["Spring meeting", "Cancelled workshop", "Live algebra", "Summer convening"]
    # The CPD index lists its own sessions only.
    cpd = [h for h in main(page(before, "cpd/")).cssselect("h2") if text(h) == "Upcoming live sessions"][0]
    assert card_titles(cpd.getnext()) == ["Live algebra"]


def test_feeds_carry_events_with_when_and_where(before):
    rss = lxml.etree.parse(str(before / "events" / "feed.xml"))
    assert [t.text for t in rss.findall(".//item/title")] == [
        "Summer convening", "Spring meeting", "Old evening", "Cancelled workshop", "Autumn evening"]
    summer = next(i for i in rss.findall(".//item") if i.findtext("title") == "Summer convening")
    content = lxml.html.fragment_fromstring(summer.findtext("{http://purl.org/rss/1.0/modules/content/}encoded"),
                                            create_parent="div")
    assert "Where: Kestlemoor College, Tavistock Road, PL19 8AB" in text(content)
    assert content.xpath(".//a[.='Book your place']/@href") == ["https://forms.example.org/summer"]
    site_feed = json.loads((before / "feed.json").read_text(encoding="utf-8"))
    assert "Spring meeting" in [entry["title"] for entry in site_feed["items"]]
    assert (before / "events" / "feed.atom").is_file()


def test_the_share_kit_asks_people_to_book(before):
    kit = before / "share" / "events" / "summer"
    plain = (kit / "email.txt").read_text(encoding="utf-8")
    assert "Book your place: https://net.example.org/events/summer/" in plain
    assert "Where: Kestlemoor College, Tavistock Road, PL19 8AB" in plain and "Book by: Tuesday 1 June 2027" in plain
    email = lxml.html.parse(str(kit / "email.html")).getroot()
    assert email.xpath(".//a[normalize-space(.)='Book your place']/@href") == [SITE_URL + "events/summer/"]
    posts = json.loads((kit / "social.json").read_text(encoding="utf-8"))
    assert "Sunday 20 June 2027, 09:30 to 13:00, Kestlemoor College, Tavistock Road, PL19 8AB. Book your place." in posts["linkedin"]


@pytest.mark.parametrize("name, action", [("spring", "Join online"), ("autumn", "Read about the event"),
                                          ("cancelled", "Read about the event")])
def test_the_share_kit_of_an_event_without_booking_does_not_ask_people_to_book(before, name, action):
    kit = before / "share" / "events" / name
    plain = (kit / "email.txt").read_text(encoding="utf-8")
    assert f"{action}: {SITE_URL}events/{name}/" in plain and "Book your place" not in plain
    email = lxml.html.parse(str(kit / "email.html")).getroot()
    assert email.xpath(f".//a[normalize-space(.)='{action}']/@href") == [f"{SITE_URL}events/{name}/"]
    assert "Book your place" not in text(email)


@pytest.mark.parametrize("when", [CLOSED, AFTER], ids=["booking-closed", "ended"])
def test_the_share_kit_stops_asking_people_to_book_once_booking_closes_or_the_event_ends(root, before, when):
    # Built after `before`, with what that build kept: the kit kept while booking was open is not placed again.
    kit = build(root, when) / "share" / "events" / "summer"
    plain = (kit / "email.txt").read_text(encoding="utf-8")
    assert f"Read about the event: {SITE_URL}events/summer/" in plain and "Book your place" not in plain
    email = lxml.html.parse(str(kit / "email.html")).getroot()
    assert "Book your place" not in text(email)
    posts = json.loads((kit / "social.json").read_text(encoding="utf-8"))
    assert "Sunday 20 June 2027, 09:30 to 13:00, Kestlemoor College, Tavistock Road, PL19 8AB.\n" in posts["linkedin"]
    assert not [name for name, post in posts.items() if "Book your place" in post]


def test_once_they_have_ended_no_share_kit_asks_people_to_join(before, after):
    for name, action in (("events/spring", "Read about the event"), ("cpd/live", "Read about the session")):
        plain = (after / "share" / name / "email.txt").read_text(encoding="utf-8")
        assert f"{action}: {SITE_URL}{name}/" in plain, plain
        assert "Join online" not in plain and "Join the live session" not in plain
    assert "Join the live session" in (before / "share" / "cpd" / "live" / "email.txt").read_text(encoding="utf-8")


def test_an_event_over_two_days_says_both_days_in_its_share_kit(tmp_path):
    docs = tmp_path / "docs"
    (docs / "events").mkdir(parents=True)
    (docs / "events" / "residential.md").write_text(event(
        "Residential", "2027-03-17T18:00:00+00:00", "2027-03-18T13:00:00+00:00", "Dartington Hall"), encoding="utf-8")
    site = Site(name="Events test network", docs_dir=docs, url=SITE_URL,
                taxonomy=Taxonomy(topics={"number": "Number"}, phases={"ks3": "KS3"}, resource_types={}))
    catalogue = load_catalogue(site)
    [item] = catalogue.items
    plain = digest(catalogue, ShareOptions(), date(2026, 10, 1), date(2026, 10, 1),
                   datetime(2026, 10, 2, tzinfo=timezone.utc)).text
    both = "Wednesday 17 March 2027, 18:00 to Thursday 18 March 2027, 13:00"
    assert f"When: {both}" in plain
    shared = posts(item, site, ShareOptions(), datetime(2026, 10, 2, tzinfo=timezone.utc))
    assert all(f"{both}, Dartington Hall." in post for post in shared.values())


def test_an_online_event_of_a_site_without_an_address_names_no_empty_url(tmp_path):
    docs = tmp_path / "docs"
    (docs / "events").mkdir(parents=True)
    (docs / "events" / "meeting.md").write_text(event("Meeting", "2027-02-10T16:00:00+00:00", "2027-02-10T17:00:00+00:00",
                                                      "Online"), encoding="utf-8")
    site = Site(name="No address", docs_dir=docs, url="",
                taxonomy=Taxonomy(topics={"number": "Number"}, phases={"ks3": "KS3"}, resource_types={}))
    [item] = load_catalogue(site).items
    assert json.loads(str(structured_data(item, site, [])))["location"] == {"@type": "VirtualLocation"}


def test_search_finds_an_event_by_its_place(before):
    from search_index import search_records
    records = search_records(before)
    summer = next(r for r in records if r["meta"]["title"] == "Summer convening")
    assert summer["meta"]["kind"] == "Event" and "Kestlemoor College" in summer["content"]


def test_the_guide_lists_the_fields_of_an_event():
    guide = (REPO / "docs" / "CONTENT.md").read_text(encoding="utf-8")
    section = guide.split("## Events\n", 1)[1].split("\n## ", 1)[0]
    rows = {line.split("|")[1].strip().strip("`"): line.split("|")[4].strip() for line in section.splitlines()
            if line.startswith("| `")}
    assert {name: rows[name] for name in ("starts", "ends", "where", "join_url", "register_url", "register_by",
                                           "status", "topics")} == {
        "starts": "yes", "ends": "yes", "where": "yes", "join_url": "no", "register_url": "no", "register_by": "no",
        "status": "no", "topics": "no"}
