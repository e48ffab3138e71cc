"""Every request a page makes, in Debian's Chromium, on the built example site: none fails, none leaves
the local server, and none fetches what the page does not use (a sitemap beside a feed, the filter's
script where there is no list, the player's where there is no video, a list's data before a reader
narrows it)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from conftest import BUILD_ENV, REPO
from expected import published_items

NOW = datetime.fromtimestamp(int(BUILD_ENV["SOURCE_DATE_EPOCH"]), timezone.utc)


def _pages() -> list[str]:
    items = published_items(REPO / "content", NOW)
    first = {kind: next(i.url for i in items if i.kind == kind) for kind in ("resources", "cpd", "stories")}
    return ["", "resources/", "cpd/", "stories/", "topics/", "topics/algebra/", *first.values(),
            "resources/?topic=algebra&phase=ks3", "cpd/?length=10", "about/", "subscribe/", "coverage/"]


@pytest.fixture(scope="module")
def chromium():
    from test_gates import need
    need("chromium", "playwright")
    from gates.common import browser
    with browser() as launched:
        yield launched


@pytest.mark.parametrize("url", _pages())
def test_a_page_makes_no_request_that_fails_or_that_it_does_not_use(example_site, chromium, url):
    from gates.common import new_context, serve
    with serve(example_site) as local:
        context = new_context(chromium, local)  # any host but the local server is refused
        requests, failures = [], []
        context.on("request", lambda request: requests.append(request.url))
        context.on("requestfailed", lambda request: failures.append(f"{request.url}: {request.failure}"))
        context.on("response", lambda response: response.status >= 400 and failures.append(f"{response.url}: {response.status}"))
        tab = context.new_page()
        tab.goto(local + url, wait_until="networkidle")
        tab.wait_for_timeout(300)  # Material's scripts start their fetches once the page has loaded
        assert failures == []
        assert [r for r in requests if not r.startswith(local)] == []
        fetched = [r[len(local):].split("?")[0] for r in requests]
        assert not [f for f in fetched if f.endswith("sitemap.xml")], "nothing on the page uses a sitemap"
        has_list = tab.locator("[data-tx-listing][data-tx-data]").count() > 0
        has_player = tab.locator(".tx-player, video.tx-video").count() > 0
        assert any(f.endswith("/filter.js") for f in fetched) == has_list
        assert any(f.endswith("/player.js") for f in fetched) == has_player
        assert any(f.endswith("/cards.json") for f in fetched) == ("?" in url)
        # The feeds are still advertised to feed readers.
        assert tab.locator('head link[rel="alternate"][type="application/rss+xml"]').count() >= 1
        context.close()
