"""The coverage page: its counts match the content, counted here from the front matter, not by the engine."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timezone
from pathlib import Path

import lxml.html
import yaml

from conftest import REPO

NOW = datetime(2026, 11, 25, tzinfo=timezone.utc)  # conftest's SOURCE_DATE_EPOCH
KINDS = ("resources", "cpd", "stories")
TOPIC_LABELS = {"algebra": "Algebra", "number": "Number", "ratio": "Ratio and proportion"}  # as in mkdocs.yml


def published_front_matter() -> list[tuple[str, dict]]:
    """(kind, fields) of every item the example site publishes: not a draft, not dated in the future."""
    found = []
    for kind in KINDS:
        for path in sorted((REPO / "content" / kind).rglob("*.md")):
            if path.name.startswith("_") or path.name == "index.md":
                continue
            fields = yaml.load(path.read_text(encoding="utf-8").split("\n---", 1)[0][4:], Loader=yaml.BaseLoader)
            when = fields["date"]
            moment = (datetime.fromisoformat(when.replace("Z", "+00:00")) if "T" in when
                      else datetime.combine(date.fromisoformat(when), datetime.min.time(), timezone.utc))
            if fields.get("draft") == "true" or moment > NOW:
                continue
            found.append((kind, fields))
    return found


def expected_counts() -> Counter:
    counts: Counter = Counter()
    for kind, fields in published_front_matter():
        for topic in fields["topics"]:
            for phase in fields.get("phases") or ["none"]:
                counts[topic, phase, kind] += 1
    return counts


def grid(site: Path):
    page = lxml.html.parse(str(site / "coverage" / "index.html")).getroot()
    return page, page.cssselect(".tx-coverage table")[0]


def test_the_grid_counts_match_the_content(example_site):
    expected = expected_counts()
    _, table = grid(example_site)
    seen = Counter()
    cells = table.cssselect("td")
    without_phase = any(not fields.get("phases") for _, fields in published_front_matter())
    assert len(cells) == 6 * (3 + without_phase)  # six topics by three phases (and "no phase given" if needed)
    for cell in cells:
        topic, phase = cell.get("data-topic"), cell.get("data-phase")
        for entry in cell.cssselect("li"):
            kind, count = entry.get("data-kind"), int(entry.get("data-count"))
            seen[topic, phase, kind] = count
            assert entry.text_content().strip().startswith(f"{count} ")
            links = entry.cssselect("a")
            if count:
                assert links[0].get("href") == f"../{kind}/?topic={topic}&phase={phase}"
            else:
                assert not links
        assert ("Gap" in cell.text_content()) == (sum(seen[topic, phase, k] for k in KINDS) == 0)
    assert +seen == expected
    assert sum(expected.values()) > 40


def test_gaps_are_marked_in_words_not_colour_alone(example_site):
    _, table = grid(example_site)
    gaps = table.cssselect("td.tx-coverage__cell--gap")
    assert gaps, "the example network has gaps (e.g. statistics post-16)"
    assert all(cell.cssselect("strong")[0].text == "Gap" for cell in gaps)
    headers = [th.text_content() for th in table.cssselect("thead th")]
    assert headers[:4] == ["Topic", "Key Stage 3", "Key Stage 4", "Post-16 and FE"]


def test_newest_additions_by_organisation(example_site):
    page, _ = grid(example_site)
    article = page.cssselect("article")[0]
    organisations = [h3.text_content() for h3 in article.cssselect("h3")]
    for kind, fields in published_front_matter():
        if kind == "stories":
            assert fields["organisation"] in organisations
    assert len(organisations) == len(set(organisations))


def test_the_coverage_page_is_out_of_the_main_navigation(example_site):
    home = lxml.html.parse(str(example_site / "index.html")).getroot()
    assert not [a for a in home.cssselect("nav a") if "coverage" in (a.get("href") or "")]
    footer = [a.get("href") for a in home.cssselect("footer a")]
    assert "coverage/" in footer


def test_the_share_kit_index_links_the_coverage_page(example_site):
    index = lxml.html.parse(str(example_site / "share" / "index.html")).getroot()
    links = [a.get("href") for a in index.cssselect("main a, article a") if "coverage" in (a.get("href") or "")]
    assert links == ["../coverage/"]
    assert (example_site / "share" / links[0] / "index.html").resolve().is_file()


def test_each_count_opens_a_list_of_exactly_those_items(example_site):
    """In Chromium: following a cell's link shows as many items as the cell counts, and they are the right ones."""
    import os

    import pytest

    from gates import common
    if missing := common.missing_tools("chromium", "playwright"):
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"missing: {', '.join(missing)}")
    expected = expected_counts()
    titles = {(kind, fields["title"]) for kind, fields in published_front_matter()}
    with common.serve(example_site) as local, common.browser() as chromium:
        context = common.new_context(chromium, local)
        page = context.new_page()
        for topic, phase, kind in [("algebra", "ks3", "resources"), ("number", "ks4", "cpd"), ("ratio", "post16", "stories")]:
            page.goto(f"{local}{kind}/?topic={topic}&phase={phase}")
            page.locator(".tx-filter__count", has_text=" match").wait_for()
            shown = page.eval_on_selector_all("ul[data-tx-filtered] > li.tx-card:not([hidden]) .tx-card__title",
                                              "cards => cards.map(c => c.textContent.trim())")
            assert len(shown) == expected[topic, phase, kind] > 0
            assert all((kind, title) in titles for title in shown)
            assert page.text_content(".tx-filter__count").startswith(f"{len(shown)} of ")
            topic_choice = page.eval_on_selector("#tx-filter-topic", "s => s.selectedOptions[0].dataset.txLabel")
            assert topic_choice == TOPIC_LABELS[topic] and page.input_value("#tx-filter-phase") == phase
        context.close()
