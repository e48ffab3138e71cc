"""Search as a reader uses it: the header's search box on the example site, in headless Chromium.

The site is the example network's content plus one item scheduled for next year. What a query
should find is worked out from the content files and mkdocs.yml (tests/expected.py and YAML read
here), never from the model or the index under test."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from conftest import REPO, run_build
from expected import published_items
from gates import common
from search_index import search_records
from test_hostile import hostile_site, marked  # noqa: F401 (a fixture, used by name)
from test_site import NOW

BUDGET = 150 * 1024  # issue 10: a first search downloads at most 150 KB, compressed
FUTURE = """---
title: Quaternions for the keen
summary: A scheduled resource on zyxquaternion puzzles.
date: 2027-03-01
topics: [algebra]
phases: [ks3]
resource_type: lesson
---

Zyxquaternion puzzles for the summer term.
"""
WRITTEN_PAGES = {"", "about/", "join/"}  # the example's own Markdown pages outside the kinds' folders


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("search")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "theme", root / "theme")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "content" / "resources" / "algebra" / "quaternions.md").write_text(FUTURE, encoding="utf-8")
    result = run_build("build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "out"


@pytest.fixture(scope="module")
def expected():
    return published_items(REPO / "content", NOW)


@pytest.fixture(scope="module")
def taxonomy() -> dict:
    return yaml.safe_load((REPO / "mkdocs.yml").read_text())["plugins"][0]["tessellate"]["taxonomy"]


def front_matter(source: str) -> dict:
    return yaml.safe_load((REPO / "content" / source).read_text(encoding="utf-8").split("---\n")[1])


# -- The index -------------------------------------------------------------------------------------

def test_the_index_holds_published_items_and_written_pages_only(site, expected):
    urls = {record["url"] for record in search_records(site)}
    assert urls == {item.url for item in expected} | WRITTEN_PAGES
    assert "resources/algebra/quaternions/" not in urls  # scheduled
    assert "resources/statistics/cumulative-frequency-box-plots/" not in urls  # a draft
    assert (site / "share").is_dir() and not [u for u in urls if u.startswith("share/")]


def test_an_item_is_indexed_with_its_kind_title_summary_and_labels(site, expected, taxonomy):
    kinds = {"resources": "Resource", "cpd": "CPD", "stories": "Success story", "events": "Event"}
    records = {record["url"]: record for record in search_records(site)}
    for item in expected:
        fields, meta = front_matter(item.source), records[item.url]["meta"]
        assert meta["kind"] == kinds[item.kind]
        if "$" not in item.title:
            assert meta["title"] == item.title
        labels = [taxonomy["topics"][t] for t in fields.get("topics", [])] + [taxonomy["phases"][p] for p in fields.get("phases", [])]
        assert meta["labels"].split(" · ") == labels, item.url


def units() -> dict[str, tuple[str, str]]:
    """Each curriculum unit's id -> (its stage's title, its title), from mkdocs.yml."""
    stages = yaml.safe_load((REPO / "mkdocs.yml").read_text())["plugins"][0]["tessellate"]["curriculum"]
    return {unit["id"]: (stage["title"], unit["title"]) for stage in stages for unit in stage["units"]}


def test_an_item_is_indexed_with_its_units_by_stage_and_title(site, expected):
    records = {record["url"]: record for record in search_records(site)}
    with_units = [item for item in expected if front_matter(item.source).get("units")]
    assert len(with_units) > 5
    for item in with_units:
        for unit in front_matter(item.source)["units"]:
            assert " · ".join(units()[unit]) in records[item.url]["content"], (item.url, unit)


def test_an_excerpt_reads_as_text_with_no_permalink_marks(site):
    # A page with no summary shows an excerpt of its text in the results; headings' "¶" links are
    # for the page, not the excerpt, and a result never links to a section, so none is kept.
    records = search_records(site)
    assert all("¶" not in r["content"] and not r.get("anchors") for r in records)
    recipe = {r["url"]: r for r in records}["resources/recipe-scaling-proportion/"]
    assert "The context." in recipe["content"] and "Lesson outline." in recipe["content"]  # its headings, as text


def test_a_page_that_asks_to_stay_out_of_search_is_not_indexed(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nWelcome.\n")
    (tmp_path / "docs" / "staff.md").write_text("---\nsearch:\n  exclude: true\n---\n# Staff room\n\nRota.\n")
    (tmp_path / "docs" / "visit.md").write_text("---\nsearch:\n  exclude: false\n---\n# Visiting\n\nParking.\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Small\ntheme: {name: material}\nplugins:\n  - tessellate\n")
    result = run_build("build", "-f", str(tmp_path / "mkdocs.yml"), "-d", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(r["url"] for r in search_records(tmp_path / "out")) == ["", "visit/"]
    assert (tmp_path / "out" / "staff" / "index.html").is_file()  # still published, only not found by search


def test_material_search_listed_too_is_switched_off_with_a_message(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nWelcome.\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Small\ntheme: {name: material}\nplugins:\n  - search\n  - tessellate\n")
    # Plain `mkdocs build`, whose log shows the plugins' notes (build.py shows them with --verbose).
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(tmp_path / "mkdocs.yml"),
                             "-d", str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Material's search plugin is switched off" in result.stdout + result.stderr
    assert "Remove '- search' from plugins in mkdocs.yml" in result.stdout + result.stderr
    assert not (tmp_path / "out" / "search" / "search_index.json").exists()
    assert [r["url"] for r in search_records(tmp_path / "out")] == [""]
    assert "md-search__input" in (tmp_path / "out" / "index.html").read_text()


# -- In the browser --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    missing = common.missing_tools("chromium", "playwright")
    if missing:
        pytest.skip("needs " + ", ".join(missing))
    with common.browser() as browser:
        yield browser


@pytest.fixture(scope="module")
def browser_page(site, chromium):
    with common.serve(site) as local:
        base = common.origin_for(site, local)
        context = common.new_context(chromium, local, base)
        yield context, base
        context.close()


def search(context, base: str, query: str, every: bool = False, latency: int = 0):
    """A fresh tab on the home page with `query` typed into the header's search box; returns the tab
    once the results (all of them, if `every`) are shown. With `latency`, each result's text arrives
    that many milliseconds late, as on a slow connection."""
    tab = context.new_page()
    if latency:
        tab.add_init_script(_LATE_FRAGMENTS.replace("LATENCY", str(latency)))
    tab.goto(base, wait_until="networkidle")
    tab.locator(".md-search__input").click()
    tab.keyboard.type(query)
    tab.wait_for_function("q => document.querySelector('.md-search__input').value === q && "
                          "!/Type to start/.test(document.querySelector('.md-search-result__meta').textContent)",
                          arg=query, timeout=15_000)
    while every:
        # Every result: the first shown, the next ones that follow them, each page behind "Show more".
        tab.wait_for_function(_ALL_OR_MORE)
        if not tab.locator(".tx-search__more button").count():
            break
        count = tab.locator(".md-search-result__item").count()
        # Pressed where it is at this moment: the button is drawn again as each batch arrives, and
        # goes once the last has come, which a click waiting for it to hold still would not see.
        if tab.evaluate("() => { const more = document.querySelector('.tx-search__more button');"
                        " if (more) more.click(); return !!more; }"):
            tab.wait_for_function("n => document.querySelectorAll('.md-search-result__item').length > n", arg=count)
    return tab


_LATE_FRAGMENTS = """{
    const fetchNow = window.fetch;
    window.fetch = (url, ...rest) => String(url).includes("/pagefind/fragment/")
        ? new Promise((done) => setTimeout(done, LATENCY)).then(() => fetchNow(url, ...rest))
        : fetchNow(url, ...rest);
}"""

_ALL_OR_MORE = """() => {
    const total = parseInt(document.querySelector('.md-search-result__meta').textContent.replace(/\\D+/g, ' ')) || 0;
    return document.querySelectorAll('.md-search-result__item').length >= total ||
        document.querySelector('.tx-search__more button') !== null;
}"""


def shown(tab) -> list[dict]:
    return tab.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map(li => ({
        url: new URL(li.querySelector('a').href).pathname,
        kind: li.querySelector('.tx-search__kind')?.textContent ?? '',
        title: li.querySelector('h1').textContent,
        text: li.querySelector('h1 + p').textContent,
        labels: [...li.querySelectorAll('.md-tag')].map(t => t.textContent)}))""")


@pytest.mark.parametrize("source", ["resources/recipe-scaling-proportion.md", "cpd/bar-models-for-ratio.md",
                                    "stories/kestlemoor-resit-pass-rate.md"])
def test_typing_a_title_shows_that_item_first_with_kind_summary_and_labels(source, browser_page, taxonomy):
    context, base = browser_page
    fields = front_matter(source)
    tab = search(context, base, fields["title"])
    first = shown(tab)[0]
    assert first["url"] == "/" + source[:-3] + "/"
    assert first["kind"] == {"resources": "Resource", "cpd": "CPD", "stories": "Success story"}[source.split("/")[0]]
    assert first["title"] == fields["title"] and first["text"] == " ".join(fields["summary"].split())
    assert first["labels"] == [taxonomy["topics"][t] for t in fields["topics"]] + \
        [taxonomy["phases"][p] for p in fields.get("phases", [])]
    tab.close()


def test_ks3_finds_every_ks3_item_and_nothing_else(browser_page, expected):
    context, base = browser_page
    ks3 = {"/" + i.url for i in expected if "ks3" in (front_matter(i.source).get("phases") or [])}
    assert len(ks3) > 5
    tab = search(context, base, "ks3", every=True)
    urls = [r["url"] for r in shown(tab)]
    assert set(urls) == ks3
    assert len(urls) == len(ks3)
    tab.close()


def test_show_more_pressed_while_the_next_results_arrive_shows_each_result_once(browser_page, expected):
    context, base = browser_page
    ks3 = {"/" + i.url for i in expected if "ks3" in (front_matter(i.source).get("phases") or [])}
    # Slow enough that the results after the first five are still arriving when "Show more" is pressed.
    tab = search(context, base, "ks3", every=True, latency=400)
    urls = [r["url"] for r in shown(tab)]
    assert len(urls) == len(ks3) and set(urls) == ks3
    tab.close()


def test_a_topic_name_finds_its_items(browser_page, expected):
    context, base = browser_page
    algebra = {"/" + i.url for i in expected if "algebra" in i.topics}
    tab = search(context, base, "algebra", every=True)
    assert algebra <= {r["url"] for r in shown(tab)}
    tab.close()


@pytest.mark.parametrize("unit", ["y9-proportion", "y9-data"])
def test_a_units_title_finds_its_items(unit, browser_page, expected):
    """Typing "Proportional reasoning", words no item's own text holds, finds every item of that unit."""
    context, base = browser_page
    members = {"/" + i.url for i in expected if unit in (front_matter(i.source).get("units") or [])}
    assert len(members) > 1
    tab = search(context, base, units()[unit][1], every=True)
    assert members <= {r["url"] for r in shown(tab)}
    tab.close()


@pytest.mark.parametrize("query", ["zyxquaternion", "cumulative frequency box plots", "Share this resource"])
def test_drafts_scheduled_items_and_share_kits_are_never_found(query, browser_page):
    context, base = browser_page
    tab = search(context, base, query)
    urls = [r["url"] for r in shown(tab)]
    assert not [u for u in urls if u.startswith("/share/") or "quaternions" in u or "cumulative-frequency" in u]
    tab.close()


@pytest.mark.parametrize("query", ["x squared", "x^2", "x squared plus 5 x plus 6"])
def test_a_formula_is_found_by_its_words_and_its_source(query, browser_page):
    context, base = browser_page
    tab = search(context, base, query)
    assert "/resources/algebra/solving-quadratics-three-ways/" in [r["url"] for r in shown(tab)]
    tab.close()


def test_the_keyboard_opens_search_moves_to_a_result_and_follows_it(browser_page):
    context, base = browser_page
    tab = context.new_page()
    tab.goto(base, wait_until="networkidle")
    tab.keyboard.press("/")
    tab.keyboard.type("scone")
    tab.locator(".md-search-result__item").first.wait_for()
    tab.keyboard.press("ArrowDown")
    assert tab.evaluate("document.activeElement.matches('.md-search-result__link')")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/resources/recipe-scaling-proportion/?h=scone")
    tab.close()


def test_a_result_opens_its_page_with_the_words_searched_for_marked(browser_page):
    # The example lists Material's `search.highlight`: the words stand out on the page a result opens.
    context, base = browser_page
    tab = search(context, base, "scone")
    tab.locator(".md-search-result__link").first.click()
    tab.wait_for_url("**/resources/recipe-scaling-proportion/?h=scone")
    tab.locator("article mark").first.wait_for()
    assert set(tab.evaluate("[...document.querySelectorAll('article mark')].map(m => m.textContent.toLowerCase())")) == {"scone"}
    # What a link says to mark is only ever text.
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    images = tab.evaluate("document.querySelectorAll('article img').length")
    tab.goto(base + "resources/recipe-scaling-proportion/?h=" + quote('<img src=x onerror="alert(1)">'),
             wait_until="networkidle")
    assert tab.evaluate("document.querySelectorAll('article img').length") == images and not dialogs
    tab.close()


def test_nothing_is_downloaded_for_search_until_a_reader_searches_and_then_little(browser_page):
    """Bytes as a host sends them (gzip), from the first keystroke until the first results show."""
    context, base = browser_page
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(base, wait_until="networkidle")
    assert not [u for u in requests if "/pagefind/" in u]
    sizes: list[int] = []
    tab.on("response", lambda response: sizes.append(len(gzip.compress(response.body(), 6))))
    tab.locator(".md-search__input").click()
    tab.keyboard.type("fractions")
    tab.locator(".md-search-result__item").first.wait_for()
    assert [u for u in requests if u.endswith("/pagefind/pagefind.js")], "the search came from Pagefind"
    assert 0 < sum(sizes) <= BUDGET
    tab.close()


# -- Hostile text in results -----------------------------------------------------------------------

def test_a_hostile_title_shows_as_text_in_results(hostile_site, chromium):
    dialogs: list[str] = []
    with common.serve(hostile_site) as local:
        context = common.new_context(chromium, local, common.origin_for(hostile_site, local))
        tab = search(context, common.origin_for(hostile_site, local), "r2 title")
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        results = shown(tab)
        assert results and results[0]["title"] == marked("r2 title")
        assert results[0]["text"] == marked("r2 summary")
        found = tab.evaluate("document.querySelectorAll('.md-search-result img, .md-search-result script').length")
        tab.wait_for_timeout(300)
        context.close()
    assert found == 0 and dialogs == []


def test_an_edit_reaches_the_index_when_the_last_index_is_kept(tmp_path):
    """The build keeps its last index to reuse when nothing searchable changed; an edit must not be
    answered from it."""
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    (docs / "resources").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Small\ntheme: {name: material}\nplugins:\n  - tessellate:\n"
                                         "      taxonomy: {topics: {algebra: Algebra}, phases: {ks3: Key Stage 3}, resource_types: {task: Task}}\n")
    item = docs / "resources" / "a.md"
    titles = []
    for title in ("Balancing equations", "Balancing equations", "Solving equations"):
        item.write_text(f"---\ntitle: {title}\nsummary: One task.\ndate: 2026-01-05\ntopics: [algebra]\n"
                        "phases: [ks3]\nresource_type: task\n---\n\nBody.\n")
        out = tmp_path / f"out-{len(titles)}"
        result = run_build("build", "-f", str(tmp_path / "mkdocs.yml"), "-d", str(out), env={"TESSELLATE_CACHE": str(cache)})
        assert result.returncode == 0, result.stdout + result.stderr
        titles.append({r["url"]: r["meta"].get("title") for r in search_records(out)}["resources/a/"])
    assert titles == ["Balancing equations", "Balancing equations", "Solving equations"]
    assert len([p for p in (cache / "search").rglob("*") if p.is_file()]) == 1, "one index kept, not one per build"
