"""CPD pages end to end: the site of video_site.py built with the real command line before and after
its live sessions, then read back. Expectations come from the front matter there, not from the code."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import icalendar
import pytest
from lxml import etree

from reading import card_titles, main, page, text
from search_index import search_records
from video_site import (AFTER, BEFORE, BRAND, CHAPTERS, DURING, HOSTED, SITE_URL, START, build, loads_at_page_load,
                        resolve, write_site)


@pytest.fixture(scope="module")
def video_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("video")
    write_site(root)
    return root


@pytest.fixture(scope="module")
def before(video_root) -> Path:
    return build(video_root, BEFORE)


@pytest.fixture(scope="module")
def after(video_root) -> Path:
    return build(video_root, AFTER)


@pytest.mark.parametrize("name", sorted(HOSTED))
def test_a_hosted_video_waits_for_play(before, name):
    address, provider, video_id, start, secret = HOSTED[name]
    tree = page(before, f"cpd/{name}/")
    loaded = loads_at_page_load(tree)
    assert len(loaded) >= 3  # scripts, styles and the poster: the check below looks at something
    for address in loaded:
        assert urlsplit(urljoin(f"{SITE_URL}cpd/{name}/", address)).hostname == "maths.example.org", address
    assert not tree.cssselect("iframe")
    holder = main(tree).cssselect(".tx-player")[0]
    embed = urlsplit(holder.get("data-tx-embed"))
    query = parse_qs(embed.query)
    if provider == "youtube":
        assert (embed.scheme, embed.hostname, embed.path) == ("https", "www.youtube-nocookie.com", f"/embed/{video_id}")
        assert query.get("start") == ([str(start)] if start else None)
    else:
        assert (embed.hostname, embed.path) == ("player.vimeo.com", f"/video/{video_id}")
        assert query["dnt"] == ["1"] and query.get("h") == ([secret] if secret else None)
        assert embed.fragment == (f"t={start}s" if start else "")
    assert query["autoplay"] == ["1"]
    button = holder.cssselect("button.tx-player__play")[0]
    length = "12:30" if name == "vimeo" else "4:50"
    assert button.get("aria-label") == f"Play: Video {name}, {length}"
    assert button.get("type") == "button"
    note = text(main(tree).cssselect(".tx-player__note")[0])
    assert "consent" in note and ("YouTube" if provider == "youtube" else "Vimeo") in note
    link = main(tree).cssselect("a.tx-player__link")[0].get("href")  # the way in without JavaScript
    assert urlsplit(link).hostname in ({"www.youtube.com"} if provider == "youtube" else {"vimeo.com"})
    assert video_id in link


def test_the_poster_is_drawn_on_the_site_with_the_title(before):
    tree = page(before, "cpd/watch/")
    poster = main(tree).cssselect(".tx-player img")[0]
    assert poster.get("alt") == ""  # the button names the video
    svg = etree.parse(str(resolve(before, "cpd/watch/", poster.get("src")))).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert [r.get("fill") for r in svg.iter("{*}rect")] == [BRAND]
    assert " ".join(t.text for t in svg.iter("{*}text")) == "Video watch 4:50"
    assert not list(svg.iter("{*}script")) and not list(svg.iter("{*}image"))


def test_a_poster_of_its_own_is_used(before):
    poster = main(page(before, "cpd/shorts/")).cssselect(".tx-player img")[0]
    assert "A cover" in resolve(before, "cpd/shorts/", poster.get("src")).read_text()
    assert not (before / "cpd" / "shorts.poster.svg").exists()
    data = json.loads(page(before, "cpd/shorts/").cssselect('script[type="application/ld+json"]')[0].text)
    assert data["thumbnailUrl"] == SITE_URL + "cpd/cover.svg"


def test_a_self_hosted_video_plays_on_the_site(before):
    article = main(page(before, "cpd/self-hosted/"))
    video = article.cssselect("video")[0]
    assert video.get("controls") is not None and video.get("preload") == "none"
    assert resolve(before, "cpd/self-hosted/", video.get("poster")).is_file()
    source = video.cssselect("source")[0]
    assert source.get("type") == "video/mp4"
    assert resolve(before, "cpd/self-hosted/", source.get("src")).read_text() == "not really a video\n"
    track = video.cssselect("track")[0]
    assert track.get("kind") == "captions" and track.get("srclang") == "en"
    assert resolve(before, "cpd/self-hosted/", track.get("src")).read_text().startswith("WEBVTT")
    chapter = article.cssselect("a.tx-chapter")[0]
    assert chapter.get("data-tx-at") == "90" and chapter.get("href").endswith("talk.mp4#t=90")


def test_chapters_cue_the_player_and_the_toc_lists_them(before):
    tree = page(before, "cpd/watch/")
    chapters = main(tree).cssselect(".tx-chapters a.tx-chapter")
    assert [(int(a.get("data-tx-at")), text(a)) for a in chapters] == [(at, f"{t} {c}") for at, t, c in CHAPTERS]
    assert [parse_qs(urlsplit(a.get("href")).query).get("t") for a in chapters] == [None, ["105s"], ["250s"]]
    toc = [text(a) for a in tree.cssselect("nav.md-nav--secondary a")]
    assert toc[:2] == ["Watch", "Chapters"] and "Transcript" in toc
    for anchor in tree.cssselect("nav.md-nav--secondary a"):
        assert tree.get_element_by_id(anchor.get("href").lstrip("#")) is not None


def test_the_transcript_folds_away_and_stays_searchable(before):
    details = main(page(before, "cpd/watch/")).cssselect("details#transcript")[0]
    assert text(details.cssselect("summary")[0]) == "Transcript"
    assert "Hello and welcome to the session about bar models." in text(details)
    assert any(r["url"] == "cpd/watch/" and "Hello and welcome" in r["content"] for r in search_records(before))


def test_series_parts_link_previous_and_next(before):
    middle = main(page(before, "cpd/short-link/"))
    assert resolve(before, "cpd/short-link/", middle.cssselect('.tx-series a[rel="prev"]')[0].get("href")) == before / "cpd/watch/index.html"
    assert resolve(before, "cpd/short-link/", middle.cssselect('.tx-series a[rel="next"]')[0].get("href")) == before / "cpd/embed/index.html"
    first = main(page(before, "cpd/watch/"))
    assert not first.cssselect('.tx-series a[rel="prev"]') and first.cssselect('.tx-series a[rel="next"]')
    assert text(first.cssselect('.tx-series [aria-current="page"]')[0]) == "Video watch"


def test_video_json_ld(before):
    data = json.loads(page(before, "cpd/watch/").cssselect('script[type="application/ld+json"]')[0].text)
    assert data["@type"] == "VideoObject" and data["name"] == "Video watch"
    assert data["duration"] == "PT4M50S" and data["uploadDate"].startswith("2026-10-01")
    assert data["thumbnailUrl"] == SITE_URL + "cpd/watch.poster.svg"
    assert data["embedUrl"] == "https://www.youtube-nocookie.com/embed/Tq7mB2xKp4w"
    hosted = json.loads(page(before, "cpd/self-hosted/").cssselect('script[type="application/ld+json"]')[0].text)
    assert hosted["contentUrl"] == SITE_URL + "cpd/talk.mp4" and hosted["duration"] == "PT3M"


def test_the_policy_lets_only_the_players_in(before):
    from gates.csp import directives
    policy = page(before, "cpd/watch/").cssselect('meta[http-equiv="Content-Security-Policy"]')[0].get("content")
    # The site embeds only GeoGebra; the two players are allowed because the player opens them.
    assert sorted(directives(policy)["frame-src"]) == [
        "https://player.vimeo.com", "https://www.geogebra.org", "https://www.youtube-nocookie.com"]


def test_live_session_before_it_ends(before):
    tree = page(before, "cpd/live-only/")
    article = main(tree)
    assert article.cssselect('a[href="https://meet.example.org/algebra"]')
    assert "Wednesday 20 January 2027, 16:00 to 16:45 GMT" in text(article)
    assert not article.cssselect(".tx-player")
    data = json.loads(tree.cssselect('script[type="application/ld+json"]')[0].text)
    assert data["@type"] == "Event"
    assert datetime.fromisoformat(data["startDate"]) == datetime.fromisoformat(START)
    assert data["location"]["url"] == "https://meet.example.org/algebra"
    assert data["organizer"] == {"@type": "Organization", "name": "Video test network", "url": SITE_URL}
    for url in ("", "cpd/"):
        upcoming = [s for s in main(page(before, url)).cssselect("h2") if text(s) == "Upcoming live sessions"]
        assert upcoming, url
        assert "Live: algebra misconceptions" in card_titles(upcoming[0].getparent() if url == "" else main(page(before, url)))
    banner = text(tree.cssselect('[data-md-component="announce"]')[0])
    assert banner.startswith("Next live session: Live: algebra misconceptions, Wednesday 20 January 2027")


def test_the_calendar_file(before, video_root):
    link = main(page(before, "cpd/live-only/")).cssselect('a[href$=".ics"]')[0]
    path = resolve(before, "cpd/live-only/", link.get("href"))
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2027, 1, 20, 16, 0, tzinfo=timezone.utc)
    assert event.decoded("dtend") == datetime(2027, 1, 20, 16, 45, tzinfo=timezone.utc)
    assert event.get("dtstart").to_ical().endswith(b"Z")  # in UTC
    assert str(event.get("url")) == SITE_URL + "cpd/live-only/"
    assert str(event.get("summary")) == "Live: algebra misconceptions"
    assert "A short video about Live: algebra misconceptions." in str(event.get("description"))
    during = build(video_root, DURING)
    later = icalendar.Calendar.from_ical((during / "cpd" / "live-only.ics").read_bytes())
    assert str(later.walk("VEVENT")[0]["uid"]) == str(event["uid"]), "the same UID in every build"
    banner = text(page(during, "").cssselect('[data-md-component="announce"]')[0])
    assert banner.startswith("Live now: Live: algebra misconceptions")


def test_live_session_after_it_ends(after):
    article = main(page(after, "cpd/live-only/"))
    assert "recording is coming soon" in text(article)
    assert not article.cssselect('a[href="https://meet.example.org/algebra"]')
    recorded = main(page(after, "cpd/live-recorded/"))
    assert recorded.cssselect(".tx-player[data-tx-embed]") and "took place" in text(recorded)
    for url in ("", "cpd/"):
        assert "Upcoming live sessions" not in text(main(page(after, url)))
    assert text(page(after, "cpd/").cssselect('[data-md-component="announce"]')[0]) == ""
    assert not page(after, "").cssselect(".md-banner")


def test_cards_carry_what_the_filter_reads(before):
    article = main(page(before, "cpd/"))
    panel = article.cssselect("[data-tx-filter]")[0]
    assert panel.get("hidden") is not None, "without JavaScript the whole list shows"
    lengths = [o.get("value") for o in panel.cssselect("select[name=length] option")]
    assert lengths == ["", "5", "10", "15", "longer"]
    cards = {text(c.cssselect(".tx-card__title")[0]): c for c in article.cssselect("ul[data-tx-filtered] > li")}
    assert cards["Video vimeo"].get("data-tx-seconds") == "750" and cards["Video watch"].get("data-tx-seconds") == "290"


def test_resource_downloads_come_first_and_labels_link(before):
    article = main(page(before, "resources/sheet/"))
    top = article.cssselect(".tx-summary")[0].getnext()
    assert top.tag == "section" and "tx-downloads" in top.get("class")
    button = top.cssselect("a[download]")[0]
    assert text(button) == "Task sheet" and resolve(before, "resources/sheet/", button.get("href")).is_file()
    assert re.fullmatch(r"PDF, \d+ bytes", text(top.cssselect(".tx-file")[0]))
    body = article.cssselect(".tx-body")[0]
    assert any("tx-downloads" in (e.get("class") or "") for e in body.itersiblings())
    phase = article.cssselect(".tx-meta a.tx-label--phase")[0]
    assert text(phase) == "Key Stage 3" and phase.get("href") == "../?phase=ks3"
    card = main(page(before, "topics/number/")).cssselect(".tx-card--resources")[0]
    page_address = "https://site.example/topics/number/"
    assert [urljoin(page_address, a.get("href")) for a in card.cssselect("a.tx-label")] == [
        "https://site.example/resources/?type=lesson", page_address, "https://site.example/resources/?phase=ks3"]


def test_stories_read_their_impact_and_link_what_they_used(before):
    article = main(page(before, "stories/polventon/"))
    assert "Students confident with fractions: from 22% to 68%" in text(article.cssselect(".tx-impact")[0])
    assert "→" not in text(article.cssselect(".tx-impact")[0])
    used = [resolve(before, "stories/polventon/", a.get("href")) for a in article.cssselect(".tx-uses a")]
    assert used == [before / "cpd/watch/index.html", before / "resources/sheet/index.html"]
    for url in ("cpd/watch/", "resources/sheet/"):
        back = main(page(before, url)).cssselect('[aria-labelledby="tx-in-stories"] a')
        assert [resolve(before, url, a.get("href")) for a in back] == [before / "stories/polventon/index.html"]


@pytest.mark.parametrize("address, expected", [
    ("https://m.youtube.com/watch?v=Tq7mB2xKp4w&t=1h2m3s", ("youtube", "Tq7mB2xKp4w", "", 3723)),
    ("https://www.youtube.com/watch?feature=share&v=Tq7mB2xKp4w", ("youtube", "Tq7mB2xKp4w", "", 0)),
    ("https://youtu.be/Tq7mB2xKp4w?si=Xy12&t=75s", ("youtube", "Tq7mB2xKp4w", "", 75)),
    ("https://www.youtube-nocookie.com/embed/Tq7mB2xKp4w", ("youtube", "Tq7mB2xKp4w", "", 0)),
    ("https://player.vimeo.com/video/76979871?h=8272103f6e", ("vimeo", "76979871", "8272103f6e", 0)),
    ("https://vimeo.com/channels/staffpicks/76979871#t=90", ("vimeo", "76979871", "", 90)),
])
def test_video_addresses_as_coordinators_copy_them(address, expected):
    from tessellate.model.fields import Fields
    from tessellate.model.problems import Problems
    from tessellate.model.video import read_video
    from tessellate.model.yamltext import Mapping, Text
    fields = Fields(Mapping(1), Problems(Path("x.md")))
    video = read_video(fields, Text(address, 3))
    assert not fields.problems
    assert (video.provider, video.video_id, video.hash, video.start) == expected
