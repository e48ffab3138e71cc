"""CPD pages in Debian's Chromium: every request of a page recorded; nothing leaves the site until the
reader presses play; the player opens at the right host, id and time; chapters and the filters work."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from video_site import BEFORE, CHAPTERS, SITE_URL, build, write_site


@pytest.fixture(scope="module")
def before(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("video-browser")
    write_site(root)
    return build(root, BEFORE)


def _open(chromium, site: Path, url: str):
    """A context serving `site` at its own address (other hosts refused) and the page at `url`."""
    from gates.common import new_context, origin_for
    launched, local = chromium
    from gates.visit import LISTEN
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


def test_in_chromium_a_mouse_click_plays_from_the_address_start(before, chromium):
    context, tab, requests = _open(chromium, before, "cpd/embed/")
    assert [u for u in requests if not u.startswith(SITE_URL)] == []
    tab.click("button.tx-player__play")
    host, path, query, _ = _frame(tab)
    assert (host, path, query["start"]) == ("www.youtube-nocookie.com", "/embed/hW9dKs2Yf0M", ["15"])
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
