"""Newsletters: `build.py newsletter` for a date range, and the latest month's digest in the share kit.
The items expected in a range come from the content files' front matter, read here."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import lxml.html
import pytest

from conftest import REPO, run_build
from reading import text
from tessellate.model import Site, Taxonomy, load_catalogue
from tessellate.share import ShareOptions, digest
from test_share import SITE, items  # noqa: F401  (items is a fixture)


# -- Digests.

def digest_entries(path: Path) -> tuple[list[str], list[str]]:
    """(links of the items in the digest's sections, links of its upcoming live sessions and events)."""
    return entries(lxml.html.parse(str(path)).getroot())


def entries(tree) -> tuple[list[str], list[str]]:
    sections, live, current = [], [], None
    for heading in tree.iter("h2"):
        link = heading.find("a")
        if link is None:
            current = live if text(heading).startswith("Upcoming ") else sections
        else:
            current.append(link.get("href").split("?")[0])
    return sections, live


def test_the_newsletter_holds_exactly_the_items_in_range(example_site, items, tmp_path):
    out = tmp_path / "march.html"
    result = run_build("newsletter", "-f", str(REPO / "mkdocs.yml"), "--since", "2026-01-28", "--until", "2026-05-14",
                       "--title", "Spring <news>", "-o", str(out))
    assert result.returncode == 0, result.stderr
    expected = {SITE + a for a, meta in items.items() if date(2026, 1, 28) <= meta["day"] <= date(2026, 5, 14)}
    sections, live = digest_entries(out)
    assert sorted(sections) == sorted(expected) and len(sections) == len(expected) > 3
    assert live == [SITE + "cpd/live-algebra-misconceptions/", SITE + "events/spring-network-meeting-online/",
                    SITE + "events/ks4-leads-convening-tavistock/"]  # those ending after the build time, soonest first
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and "Spring &lt;news&gt;" in html and "*|UNSUB|*" in html
    tree = lxml.html.parse(str(out)).getroot()
    assert tree.xpath(".//a[normalize-space(.)='Unsubscribe']/@href") == ["*|UNSUB|*"]
    assert tree.xpath(".//body/span[1]")[0].get("style").startswith("display: none")  # the preheader
    assert [text(h) for h in tree.iter("h2") if h.find("a") is None] == ["Resources", "CPD", "Success stories",
                                                                       "Upcoming live sessions and events"]
    plain = out.with_suffix(".txt").read_text()
    assert all(url in plain for url in expected) and "Unsubscribe: *|UNSUB|*" in plain


def test_the_newsletter_holds_no_svg_even_for_an_item_with_an_svg_image_and_formulas(tmp_path):
    out = tmp_path / "november.html"
    result = run_build("newsletter", "-f", str(REPO / "mkdocs.yml"), "--since", "2025-11-01", "--until", "2025-11-30",
                       "-o", str(out))
    assert result.returncode == 0, result.stderr
    sections, _ = digest_entries(out)
    assert SITE + "resources/algebra/expanding-brackets-area-model/" in sections  # an SVG image:, formulas in its summary
    html = out.read_text(encoding="utf-8").lower()
    assert "<svg" not in html and ".svg" not in html
    assert "x² + 5x + 6" in text(lxml.html.parse(str(out)).getroot())  # its formulas in their plain form


def test_the_latest_months_digest_is_in_the_share_kit(example_site, items):
    newest = max(meta["day"] for meta in items.values())
    expected = {SITE + a for a, meta in items.items() if (meta["day"].year, meta["day"].month) == (newest.year, newest.month)}
    sections, _ = digest_entries(example_site / "share" / "digest" / "email.html")
    assert sorted(sections) == sorted(expected)
    index = lxml.html.parse(str(example_site / "share" / "index.html")).getroot()
    assert index.xpath(".//a[@href='digest/']")


def test_the_digest_page_shows_the_unsubscribe_merge_tag_as_text_and_the_email_keeps_the_link(example_site):
    """On the site, `*|UNSUB|*` leads nowhere (and is no valid address): the page shows it as the placeholder
    it is. The email to paste, the file and the HTML source that "Copy for email" copies, keeps the link."""
    folder = example_site / "share" / "digest"
    tree = lxml.html.parse(str(folder / "index.html")).getroot()
    assert not tree.xpath(".//a[contains(@href, '*|')]")
    preview = tree.get_element_by_id("email-preview")
    [tag] = [code for code in preview.iter("code") if text(code) == "*|UNSUB|*"]
    assert "Unsubscribe: *|UNSUB|* (your email provider replaces this" in text(tag.getparent())
    source = lxml.html.fragment_fromstring(tree.get_element_by_id("email-source").text_content(), create_parent="div")
    email = lxml.html.parse(str(folder / "email.html")).getroot()
    for copy in (source, email):
        assert copy.xpath(".//a[normalize-space(.)='Unsubscribe']/@href") == ["*|UNSUB|*"]
    assert "Unsubscribe: *|UNSUB|*" in (folder / "email.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("unsubscribe, an_address", [
    ("*|UNSUB|*", False),  # Mailchimp
    ("{{ unsubscribe_url }}", False),  # Buttondown
    ("{$unsubscribe}", False),  # MailerLite
    ('<a href="x">{{ UnsubscribeURL }}</a>', False),  # listmonk's tag, and markup: text either way
    ("https://lists.example.org/unsubscribe?list=maths&from=digest", True),
])
def test_the_digest_page_shows_a_merge_tag_as_text_and_an_address_as_a_link(unsubscribe, an_address, tmp_path):
    docs = tmp_path / "docs"
    (docs / "resources").mkdir(parents=True)
    (docs / "resources" / "a.md").write_text("---\ntitle: A task\nsummary: One task.\ndate: 2026-06-10\n"
                                             "topics: [number]\nphases: [ks3]\nresource_type: lesson\n---\n\nBody.\n")
    site = Site(name="Digests", docs_dir=docs, url="https://example.net/",
                taxonomy=Taxonomy(topics={"number": "Number"}, phases={"ks3": "KS3"}, resource_types={"lesson": "Lesson"}))
    made = digest(load_catalogue(site), ShareOptions(unsubscribe=unsubscribe), date(2026, 6, 1), date(2026, 6, 30),
                  datetime(2026, 7, 1, tzinfo=timezone.utc))
    email, shown = (lxml.html.fragment_fromstring(html, create_parent="div") for html in (made.fragment, made.preview))
    assert email.xpath(".//a[normalize-space(.)='Unsubscribe']/@href") == [unsubscribe]
    if an_address:
        assert made.preview == made.fragment
    else:
        assert not shown.xpath(".//a[normalize-space(.)='Unsubscribe']") and not shown.cssselect("code a")
        assert [text(code) for code in shown.iter("code")] == [unsubscribe]


def test_the_digest_lists_every_occasion_to_come_but_not_a_cancelled_or_ended_one(tmp_path):
    docs = tmp_path / "docs"
    for folder in ("events", "cpd"):
        (docs / folder).mkdir(parents=True)
    when = {"later": ("2026-07-20T09:30:00+01:00", "2026-07-20T12:00:00+01:00", ""),
            "cancelled": ("2026-07-05T16:00:00+01:00", "2026-07-05T17:00:00+01:00", "status: cancelled\n"),
            "ended": ("2026-06-20T16:00:00+01:00", "2026-06-20T17:00:00+01:00", "")}
    for name, (starts, ends, extra) in when.items():
        (docs / "events" / f"{name}.md").write_text(
            f"---\ntitle: Event {name}\nsummary: An event.\ndate: 2026-05-10\nstarts: \"{starts}\"\n"
            f"ends: \"{ends}\"\nwhere: Online\njoin_url: https://meet.example.org/{name}\n{extra}---\n\nBody.\n")
    (docs / "cpd" / "live.md").write_text(
        "---\ntitle: Live session\nsummary: A live session.\ndate: 2026-05-10\ntopics: [number]\nphases: [ks3]\n"
        "live: {start: \"2026-07-10T16:00:00+01:00\", end: \"2026-07-10T17:00:00+01:00\", "
        "join_url: \"https://meet.example.org/live\"}\n---\n\nBody.\n")
    site = Site(name="Digests", docs_dir=docs, url="https://example.net/",
                taxonomy=Taxonomy(topics={"number": "Number"}, phases={"ks3": "KS3"}, resource_types={}))
    made = digest(load_catalogue(site), ShareOptions(), date(2026, 6, 1), date(2026, 6, 30),
                  datetime(2026, 7, 1, tzinfo=timezone.utc))
    email = lxml.html.fragment_fromstring(made.fragment, create_parent="div")
    headings = [text(h) for h in email.iter("h2") if h.find("a") is None]
    _, upcoming = entries(email)
    assert headings[-1] == "Upcoming live sessions and events"
    assert upcoming == ["https://example.net/cpd/live/", "https://example.net/events/later/"]
    assert "UPCOMING LIVE SESSIONS AND EVENTS" in made.text and "/events/later/" in made.text
    assert "/events/cancelled/" not in made.text.split("UPCOMING")[1]


def test_an_occasion_published_in_the_range_is_listed_once_in_its_section(tmp_path):
    docs = tmp_path / "docs"
    (docs / "events").mkdir(parents=True)
    for name, published in (("new", "2026-06-10"), ("older", "2026-05-10")):
        (docs / "events" / f"{name}.md").write_text(
            f"---\ntitle: Event {name}\nsummary: An event.\ndate: {published}\nstarts: \"2026-07-20T09:30:00+01:00\"\n"
            f"ends: \"2026-07-20T12:00:00+01:00\"\nwhere: Online\njoin_url: https://meet.example.org/{name}\n---\n\nBody.\n")
    site = Site(name="Digests", docs_dir=docs, url="https://example.net/",
                taxonomy=Taxonomy(topics={}, phases={}, resource_types={}))
    made = digest(load_catalogue(site), ShareOptions(), date(2026, 6, 1), date(2026, 6, 30),
                  datetime(2026, 7, 1, tzinfo=timezone.utc))
    sections, upcoming = entries(lxml.html.fragment_fromstring(made.fragment, create_parent="div"))
    assert sections == ["https://example.net/events/new/"]
    assert upcoming == ["https://example.net/events/older/"]
    assert made.text.count("/events/new/") == 1 and made.text.count("/events/older/") == 1


@pytest.mark.parametrize("arguments, message", [
    (["--since", "2026-13-01"], "error: --since '2026-13-01' is not a date (write it as YYYY-MM-DD, e.g. 2026-01-31)"),
    (["--since", "2026-03-01", "--until", "2026-02-01"],
     "error: --until 2026-02-01 is before --since 2026-03-01 (give the earlier date with --since)"),
    (["--since", "2030-01-01", "--until", "2030-02-01"],
     "error: no items were published from 2030-01-01 to 2030-02-01 (the newest item is dated 2026-11-20)"),
    (["--since", "2026-01-01", "--intro", "no-such-intro.md"], "error: --intro no-such-intro.md: no such file"),
])
def test_newsletter_refuses_bad_input_in_one_line(arguments, message, tmp_path):
    result = run_build("newsletter", "-f", str(REPO / "mkdocs.yml"), *arguments, "-o", str(tmp_path / "n.html"))
    assert result.returncode == 1
    assert result.stderr.strip() == message and result.stdout.strip() == ""
    assert not (tmp_path / "n.html").exists()


def test_the_newsletter_intro_is_rendered_with_the_sites_markdown_and_sanitised(tmp_path):
    intro = tmp_path / "intro.md"
    intro.write_text("!!! note \"Half term\"\n    We are **back** soon.\n\n<script>alert(1)</script>\n")
    out = tmp_path / "n.html"
    result = run_build("newsletter", "-f", str(REPO / "mkdocs.yml"), "--since", "2026-11-01", "--intro", str(intro), "-o", str(out))
    assert result.returncode == 0, result.stderr
    tree = lxml.html.parse(str(out)).getroot()
    assert tree.xpath(".//p[normalize-space(.)='Half term']") and tree.xpath(".//strong[.='back']")
    assert not tree.xpath(".//script") and "alert(1)" not in out.read_text()


# -- The range's two ends, to the day, in the site's time zone (Europe/London: BST in June).

BOUNDARY_CONFIG = """\
site_name: Boundaries
site_url: https://example.net/boundaries/
theme: {name: material}
plugins:
  - tessellate:
      taxonomy:
        topics: {number: Number}
        phases: {ks3: Key Stage 3}
        resource_types: {lesson: Lesson}
"""
# name: date; the first and last minute of each end's day and of the days either side.
BOUNDARY_ITEMS = {
    "day-before-since": "2026-06-09T23:59:00+01:00",
    "first-minute-of-since": "2026-06-10T00:00:00+01:00",
    "middle": "2026-06-15",
    "on-until": "2026-06-20",
    "last-minute-of-until": "2026-06-20T23:59:00+01:00",
    "day-after-until": "2026-06-21",
    "first-minute-after-until": "2026-06-21T00:00:00+01:00",
}


def test_the_newsletter_takes_items_dated_on_since_and_until_and_none_a_day_outside(tmp_path):
    docs = tmp_path / "docs"
    (docs / "resources").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    for name, when in BOUNDARY_ITEMS.items():
        (docs / "resources" / f"{name}.md").write_text(
            f"---\ntitle: {name}\nsummary: Dated {when}.\ndate: {when}\ntopics: [number]\nphases: [ks3]\n"
            f"resource_type: lesson\n---\n\nBody.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(BOUNDARY_CONFIG, encoding="utf-8")
    out = tmp_path / "june.html"
    result = run_build("newsletter", "-f", str(tmp_path / "mkdocs.yml"), "--since", "2026-06-10", "--until", "2026-06-20",
                       "-o", str(out))
    assert result.returncode == 0, result.stderr
    sections, _ = digest_entries(out)
    names = {link.removeprefix("https://example.net/boundaries/resources/").rstrip("/") for link in sections}
    assert {"first-minute-of-since", "on-until", "last-minute-of-until"} <= names  # on --since and on --until: in
    assert not names & {"day-before-since", "day-after-until", "first-minute-after-until"}  # a day outside: out
    assert names == {"first-minute-of-since", "middle", "on-until", "last-minute-of-until"}
    plain = out.with_suffix(".txt").read_text(encoding="utf-8")
    assert "/resources/on-until/" in plain and "/resources/day-after-until/" not in plain
    assert "/resources/first-minute-of-since/" in plain and "/resources/day-before-since/" not in plain
