"""CPD pages end to end: a site with one CPD item per accepted `video:` form, a self-hosted file and
live sessions, built with the real command line before and after the sessions, then read back.

Expectations come from the front matter written here (ids, start times, dates), not from the code."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import icalendar
import pytest
from lxml import etree

from conftest import run_build
from reading import card_titles, main, page, text

SITE_URL = "https://maths.example.org/net/"
BRAND = "#1b5e8a"
CONFIG = f"""\
site_name: Video test network
site_url: {SITE_URL}
theme: {{name: material}}
plugins:
  - search
  - tessellate:
      timezone: Europe/London
      brand: {{colour: "{BRAND}"}}
      embeds: [www.geogebra.org]
      taxonomy:
        topics: {{number: Number}}
        phases: {{ks3: Key Stage 3, ks4: Key Stage 4}}
        resource_types: {{lesson: Lesson}}
"""
# name: (video address, provider, id, start seconds, privacy hash)
HOSTED = {
    "watch": ("https://www.youtube.com/watch?v=Tq7mB2xKp4w&t=1m30s", "youtube", "Tq7mB2xKp4w", 90, ""),
    "short-link": ("https://youtu.be/Lr3Zc8NwQe1?t=42", "youtube", "Lr3Zc8NwQe1", 42, ""),
    "embed": ("https://www.youtube.com/embed/hW9dKs2Yf0M?start=15", "youtube", "hW9dKs2Yf0M", 15, ""),
    "shorts": ("https://www.youtube.com/shorts/pX4nR7tVb2c", "youtube", "pX4nR7tVb2c", 0, ""),
    "live-stream": ("https://www.youtube.com/live/aB3dE5fG7h_?t=2m", "youtube", "aB3dE5fG7h_", 120, ""),
    "vimeo": ("https://vimeo.com/76979871", "vimeo", "76979871", 0, ""),
    "vimeo-unlisted": ("https://vimeo.com/812345678/4f9a2c71be#t=1m5s", "vimeo", "812345678", 65, "4f9a2c71be"),
}
CHAPTERS = [(0, "0:00", "Why bar models?"), (105, "1:45", "Fractions of an amount"), (250, "4:10", "Comparing")]
START, END = "2027-01-20T16:00:00+00:00", "2027-01-20T16:45:00+00:00"
BEFORE = int(datetime(2026, 12, 1, tzinfo=timezone.utc).timestamp())
DURING = int(datetime(2027, 1, 20, 16, 10, tzinfo=timezone.utc).timestamp())
AFTER = int(datetime(2027, 1, 21, tzinfo=timezone.utc).timestamp())


def cpd(title: str, extra: str, body: str = "## Transcript\n\nHello and welcome to the session about bar models.\n",
        date: str = "2026-10-01") -> str:
    return f"---\ntitle: {json.dumps(title)}\nsummary: {json.dumps(f'A short video about {title}.')}\ndate: {date}\ntopics: [number]\n{extra}---\n\n{body}"


def write_site(root: Path) -> None:
    docs = root / "docs"
    files = {"index.md": "# Home\n"}
    for n, (name, (address, *_)) in enumerate(HOSTED.items()):
        extra = f'video: "{address}"\nduration: "4:50"\n'
        if name == "watch":
            extra += "chapters:\n" + "".join(f'  - {{at: "{t}", title: "{c}"}}\n' for _, t, c in CHAPTERS)
        if name in ("watch", "short-link", "embed"):
            extra += f"series: {{name: Bar models, part: {['watch', 'short-link', 'embed'].index(name) + 1}}}\n"
        if name == "vimeo":
            extra = extra.replace('"4:50"', '"12:30"')
        if name == "shorts":
            extra += "poster: cover.svg\n"
        files[f"cpd/{name}.md"] = cpd(f"Video {name}", extra, date=f"2026-10-{n + 1:02d}")
    files["cpd/self-hosted.md"] = cpd("Self-hosted talk", 'video: talk.mp4\nduration: "3:00"\ncaptions: talk.vtt\n'
                                      'chapters:\n  - {at: "1:30", title: Halfway}\n')
    files["cpd/talk.mp4"] = "not really a video\n"
    files["cpd/cover.svg"] = '<svg xmlns="http://www.w3.org/2000/svg"><title>A cover</title></svg>\n'
    files["cpd/talk.vtt"] = "WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n"
    live = f'live:\n  start: "{START}"\n  end: "{END}"\n  join_url: https://meet.example.org/algebra\n'
    files["cpd/live-only.md"] = cpd("Live: algebra misconceptions", live, "Join us.\n", date="2026-11-01")
    files["cpd/live-recorded.md"] = cpd("Live: questioning", live.replace("16:", "17:").replace("meet.example.org/algebra", "meet.example.org/q")
                                        + 'video: https://youtu.be/Tq7mB2xKp4w\nduration: "40:00"\n', date="2026-11-02")
    files["resources/sheet.md"] = ("---\ntitle: Bar model sheet\nsummary: A sheet.\ndate: 2026-09-01\ntopics: [number]\n"
                                   "phases: [ks3]\nresource_type: lesson\ndownloads:\n  - {file: sheet.pdf, label: Task sheet}\n"
                                   "---\n\n## Using it\n\nHand it out.\n")
    files["resources/sheet.pdf"] = "%PDF-1.4 twelve bytes\n"
    files["stories/polventon.md"] = ("---\ntitle: Polventon fractions\nsummary: A story.\ndate: 2026-09-02\ntopics: [number]\n"
                                     "organisation: Polventon Academy\nimpact:\n  - {measure: Students confident with fractions, before: 22%, after: 68%}\n"
                                     "uses: [watch, sheet]\n---\n\nA story.\n")
    for path, content in files.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(content, encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")


def build(root: Path, epoch: int) -> Path:
    out = root / f"site-{epoch}"
    result = run_build("build", "-f", str(root / "mkdocs.yml"), "-d", str(out), env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert result.returncode == 0, result.stdout + result.stderr
    return out


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


def resolve(site: Path, url: str, href: str) -> Path:
    """The file a relative `href` on the page at `url` points to."""
    target = urlsplit(urljoin(f"https://h/{url}", href)).path.lstrip("/")
    return site / target / "index.html" if target.endswith("/") or not target else site / target


def loads_at_page_load(tree) -> list[str]:
    """Every address the browser fetches as the page loads (not links, not data attributes)."""
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name in ("src", "poster", "srcset", "data"):
            if element.get(name) and element.tag in ("img", "script", "iframe", "video", "audio", "source", "track",
                                                     "object", "embed", "input"):
                found.append(element.get(name))
        if element.tag == "link" and element.get("rel") not in ("canonical", "alternate", "license", "prev", "next"):
            found.append(element.get("href") or "")
    return found


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
    index = json.loads((before / "search" / "search_index.json").read_text())
    assert any(doc["location"].startswith("cpd/watch/") and "Hello and welcome" in doc["text"] for doc in index["docs"])


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
    later = icalendar.Calendar.from_ical((build(video_root, DURING) / "cpd" / "live-only.ics").read_bytes())
    assert str(later.walk("VEVENT")[0]["uid"]) == str(event["uid"]), "the same UID in every build"


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
    assert [a.get("href") for a in card.cssselect("a.tx-label")] == ["./", "../../resources/?phase=ks3"]


def test_stories_read_their_impact_and_link_what_they_used(before):
    article = main(page(before, "stories/polventon/"))
    assert "Students confident with fractions: from 22% to 68%" in text(article.cssselect(".tx-impact")[0])
    assert "→" not in text(article.cssselect(".tx-impact")[0])
    used = [resolve(before, "stories/polventon/", a.get("href")) for a in article.cssselect(".tx-uses a")]
    assert used == [before / "cpd/watch/index.html", before / "resources/sheet/index.html"]
    for url in ("cpd/watch/", "resources/sheet/"):
        back = main(page(before, url)).cssselect('[aria-labelledby="tx-in-stories"] a')
        assert [resolve(before, url, a.get("href")) for a in back] == [before / "stories/polventon/index.html"]


# -- In Chromium: every request recorded; nothing leaves the site until the reader presses play.

def _open(chromium, site: Path, url: str):
    """A context serving `site` at its own address (other hosts refused) and the page at `url`."""
    from gates.common import new_context, origin_for
    launched, local = chromium
    from gates.csp import LISTEN
    context = new_context(launched, local, origin_for(site, local))
    context.add_init_script(LISTEN)  # records violations of the page's content security policy
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    tab = context.new_page()
    tab.goto(origin_for(site, local) + url, wait_until="networkidle")
    return context, tab, requests


@pytest.fixture(scope="module")
def chromium(before):
    """Debian's Chromium and a local server for the site built before the live sessions."""
    from test_gates import need
    need("chromium", "playwright")
    from gates.common import browser, serve
    with serve(before) as local, browser() as launched:
        yield launched, local


def _frame(tab) -> tuple[str, str, dict, str]:
    tab.wait_for_selector("iframe.tx-player__frame", timeout=5000)
    src = urlsplit(tab.get_attribute("iframe.tx-player__frame", "src"))
    return src.hostname, src.path, parse_qs(src.query), src.fragment


def test_in_chromium_play_loads_the_video_and_chapters_move_it(before, chromium):
    context, tab, requests = _open(chromium, before, "cpd/watch/")
    assert any(u.endswith(".poster.svg") for u in requests) and any(u.endswith("player.js") for u in requests)
    assert [u for u in requests if not u.startswith(SITE_URL)] == [], "a request left the site before play"
    assert context.cookies() == []
    assert not tab.query_selector("iframe")
    tab.focus("button.tx-player__play")
    tab.keyboard.press("Enter")
    host, path, query, _ = _frame(tab)
    assert (host, path, query["start"], query["autoplay"]) == ("www.youtube-nocookie.com", "/embed/Tq7mB2xKp4w", ["90"], ["1"])
    assert tab.evaluate("document.activeElement.tagName") == "IFRAME"
    assert any(urlsplit(u).hostname == "www.youtube-nocookie.com" for u in requests)
    chapters = tab.locator("button.tx-chapter")
    assert chapters.count() == len(CHAPTERS)
    chapters.nth(2).focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => document.querySelector('iframe.tx-player__frame').src.includes('start=250')", timeout=3000)
    assert tab.evaluate("location.hash") == "#t=250"
    assert tab.locator("iframe").count() == 1
    assert tab.evaluate("window.__cspViolations") == []
    context.close()


def test_in_chromium_a_shared_time_cues_the_player(before, chromium):
    context, tab, requests = _open(chromium, before, "cpd/vimeo-unlisted/#t=105")
    assert [u for u in requests if not u.startswith(SITE_URL)] == []
    assert tab.get_attribute("button.tx-player__play", "aria-label") == "Play: Video vimeo-unlisted, 4:50, from 1:45"
    tab.focus("button.tx-player__play")
    tab.keyboard.press(" ")
    host, path, query, fragment = _frame(tab)
    assert (host, path, query["h"], query["dnt"], fragment) == ("player.vimeo.com", "/video/812345678", ["4f9a2c71be"], ["1"], "t=105s")
    context.close()


def test_in_chromium_the_cpd_index_narrows_by_length(before, chromium):
    context, tab, _ = _open(chromium, before, "cpd/?length=longer")
    visible = tab.eval_on_selector_all("ul[data-tx-filtered] > li:not([hidden]) .tx-card__title", "els => els.map(e => e.textContent.trim())")
    assert visible == ["Live: questioning"]  # the only video over 15 minutes
    tab.select_option("#tx-filter-length", "5")
    visible = tab.eval_on_selector_all("ul[data-tx-filtered] > li:not([hidden])", "els => els.map(e => +e.dataset.txSeconds)")
    assert visible and all(seconds <= 300 for seconds in visible)
    assert "length=5" in tab.evaluate("location.search")
    context.close()


def test_in_chromium_a_phase_label_narrows_the_index(example_site, chromium):
    from gates.common import new_context, origin_for, serve
    launched = chromium[0]
    with serve(example_site) as local:
        origin = origin_for(example_site, local)
        context = new_context(launched, local, origin)
        tab = context.new_page()
        tab.goto(origin + "resources/", wait_until="networkidle")
        total = tab.locator("ul[data-tx-filtered] > li").count()
        label = tab.locator('ul[data-tx-filtered] a.tx-label--phase[href$="?phase=post16"]').first
        label.click()
        tab.wait_for_load_state("networkidle")
        assert tab.evaluate("location.search") == "?phase=post16"
        phases = tab.eval_on_selector_all("ul[data-tx-filtered] > li:not([hidden])", "els => els.map(e => e.dataset.txPhases)")
        assert 0 < len(phases) < total and all("post16" in p.split() for p in phases)
        assert tab.input_value("#tx-filter-phase") == "post16"
        context.close()
