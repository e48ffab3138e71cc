"""The coordinators' review page (issue 20): the published items due for review, the longest unchecked
first, each with its organisation, when it was last checked and how, and when review fell due; out of
the navigation, the sitemap and search, linked from the footer. What is due is worked out here from
the content files and mkdocs.yml, not by the model that built the page."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timezone
from pathlib import Path
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import lxml.html
import yaml

from conftest import BUILD_ENV, REPO, run_build
from expected import published_items
from search_index import search_records

CONTENT = REPO / "content"
ZONE = ZoneInfo("Europe/London")  # the example network's time zone
NOW = datetime.fromtimestamp(int(BUILD_ENV["SOURCE_DATE_EPOCH"]), timezone.utc)  # 2026-11-25
KIND_LABELS = {"resources": "Resource", "cpd": "CPD", "stories": "Success story"}
CHECKED_BY = (("reviewed", "reviewed"), ("updated", "updated"), ("date", "published"))  # field, as the page says it


def review_after_months() -> int:
    return yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"][0]["tessellate"]["review_after_months"]


def moment(value) -> datetime:
    """A front matter date as the network means it: a plain date starts at midnight where it is."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.combine(value if isinstance(value, date) else date.fromisoformat(value), time(), ZONE)


def months_after(when: datetime, months: int) -> datetime:
    year, month = divmod(when.month - 1 + months, 12)
    year, month = when.year + year, month + 1
    return when.replace(year=year, month=month, day=min(when.day, calendar.monthrange(year, month)[1]))


def organisations(fields: dict) -> list[str]:
    people = (*(fields.get("authors") or ()), *(fields.get("presenters") or ()))  # a name, or {name:, organisation:}
    names = [fields.get("organisation")] + [person.get("organisation") for person in people if isinstance(person, dict)]
    return list(dict.fromkeys(name for name in names if name)) or ["No organisation given"]


def long_date(when: datetime) -> str:
    local = when.astimezone(ZONE)
    return f"{local.day} {local:%B %Y}"


def due_at(now: datetime) -> list[dict]:
    """The rows the review page should show at `now`, in order."""
    due = []
    for item in published_items(CONTENT, now):
        fields = yaml.safe_load((CONTENT / item.source).read_text(encoding="utf-8").split("---\n")[1])
        field, said = next((field, said) for field, said in CHECKED_BY if fields.get(field))
        checked = moment(fields[field])
        falls_due = months_after(checked, review_after_months())
        if falls_due <= now:
            due.append({"source": item.source, "title": item.title, "href": f"../{item.url}",
                        "kind": KIND_LABELS[item.kind], "organisation": ", ".join(organisations(fields)),
                        "checked": f"{long_date(checked)} ({said})", "due": long_date(falls_due), "at": checked})
    return [{k: v for k, v in row.items() if k not in ("source", "at")}
            for row in sorted(due, key=lambda row: (row["at"], row["source"]))]


def page_rows(site: Path) -> list[dict]:
    page = lxml.html.parse(str(site / "review" / "index.html")).getroot()
    rows = []
    for row in page.cssselect("article .tx-review tbody tr"):
        link = row.cssselect("th a")[0]
        cells = [" ".join(td.text_content().split()) for td in row.cssselect("td")]
        rows.append({"title": link.text_content().strip(), "href": link.get("href"), "kind": cells[0],
                     "organisation": cells[1], "checked": cells[2], "due": cells[3]})
    return rows


def test_the_page_lists_exactly_the_items_due_the_longest_unchecked_first(example_site):
    expected = due_at(NOW)
    assert len(expected) >= 2, "the example network has items due for review"
    assert page_rows(example_site) == expected
    page = lxml.html.parse(str(example_site / "review" / "index.html")).getroot()
    assert page.cssselect("article h1")[0].text_content().strip() == "Due for review"
    caption = " ".join(page.cssselect(".tx-review caption")[0].text_content().split())
    assert caption.startswith(f"{len(expected)} items due for review on 25 November 2026")


def test_the_rows_say_which_date_was_the_last_check(example_site):
    """Later on, items last reviewed or updated fall due too, each said so."""
    from mkdocs.config import load_config

    from tessellate.model import load_catalogue
    from tessellate.pages.config import site_from_config
    from tessellate.review import review_rows

    later = datetime(2027, 9, 10, tzinfo=timezone.utc)
    config = load_config(str(REPO / "mkdocs.yml"))
    catalogue = load_catalogue(site_from_config(config, config.plugins["tessellate"].config), now=later)
    rows = [{"title": row["title"], "href": f"../{row['url']}", "kind": row["kind"],
             "organisation": ", ".join(row["organisations"]),
             "checked": f"{long_date(row['checked'])} ({row['checked_by']})", "due": long_date(row["due"])}
            for row in review_rows(catalogue, later)]
    assert rows == due_at(later)
    assert {re.sub(r".*\((\w+)\)$", r"\1", row["checked"]) for row in rows} == {"reviewed", "updated", "published"}


def test_the_page_is_out_of_the_navigation_the_sitemap_and_search_and_linked_from_the_footer(example_site):
    home = lxml.html.parse(str(example_site / "index.html")).getroot()
    assert not [a for a in home.cssselect("nav a") if "review" in (a.get("href") or "")]
    assert "review/" in [a.get("href") for a in home.cssselect("footer a")]
    sitemap = ElementTree.parse(example_site / "sitemap.xml").getroot()
    addresses = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert addresses and not [a for a in addresses if re.search(r"/(review|coverage|guide)/$", a)]
    assert "review/" not in {record["url"] for record in search_records(example_site)}


def test_search_engines_are_asked_not_to_index_the_coordinators_pages_only(example_site):
    def robots(page: str) -> list[str]:
        head = lxml.html.parse(str(example_site / page)).getroot().find("head")
        return [meta.get("content") for meta in head.iter("meta") if meta.get("name") == "robots"]

    assert [robots(f"{page}/index.html") for page in ("review", "coverage", "guide")] == [["noindex"]] * 3
    assert robots("index.html") == robots("resources/index.html") == robots("subscribe/index.html") == []


def _build(out: Path, epoch: datetime, cache: Path) -> str:
    result = run_build("build", "-v", "-f", str(REPO / "mkdocs.yml"), "-d", str(out),
                       env={"SOURCE_DATE_EPOCH": str(int(epoch.timestamp())), "TESSELLATE_CACHE": str(cache)})
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_a_later_build_lists_what_fell_due_since_though_the_content_is_unchanged(tmp_path):
    """The page lists what the clock decides: a build reusing the pages of an earlier one lists the
    items that fell due in between."""
    later = datetime(2026, 12, 10, tzinfo=timezone.utc)
    assert len(due_at(later)) > len(due_at(NOW))
    _build(tmp_path / "first", NOW, tmp_path / "cache")
    log = _build(tmp_path / "later", later, tmp_path / "cache")
    reused = re.search(r"(\d+) of (\d+) laid-out pages", log)
    assert reused and int(reused[1]) > 0, log  # the other pages were reused: the review page had to be told apart
    assert page_rows(tmp_path / "later") == due_at(later)


def test_when_nothing_is_due_the_page_says_so(tmp_path):
    early = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert due_at(early) == []
    _build(tmp_path / "site", early, tmp_path / "cache")
    page = lxml.html.parse(str(tmp_path / "site" / "review" / "index.html")).getroot()
    text = " ".join(page.cssselect("article")[0].text_content().split())
    assert "Nothing is due for review on 1 January 2026" in text and not page.cssselect("article table")
