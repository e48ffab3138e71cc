"""Narrowing lists in Debian's Chromium: a filtered address shows exactly the items whose front matter
matches, the controls and their counts say so, labels lead to narrowed lists, every item can be
revealed, and without JavaScript every item is listed. Expectations are read from the content files
here (yaml), not from the model that built the pages."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import lxml.html
import pytest
import yaml

from conftest import BUILD_ENV, REPO, run_build
from expected import published_items

CONTENT = REPO / "content"
NOW = datetime.fromtimestamp(int(BUILD_ENV["SOURCE_DATE_EPOCH"]), timezone.utc)
LIMITS = {"5": 300, "10": 600, "15": 900}
PER_PAGE = 4  # the small-pages build: lists longer than this are revealed a page at a time
FACETS = ("topic", "unit", "phase", "type", "length")


def seconds(value) -> int | None:
    """A duration as written: "4:50", or 290 where YAML 1.1 read an unquoted 4:50 as base 60."""
    if value is None or isinstance(value, int):
        return value
    total = 0
    for part in str(value).split(":"):
        total = total * 60 + int(part)
    return total


def facts() -> list[dict]:
    """Every published item, newest first, with the values a reader can filter by."""
    found = []
    for item in published_items(CONTENT, NOW):
        fields = yaml.safe_load((CONTENT / item.source).read_text(encoding="utf-8").split("---\n")[1])
        length = seconds(fields.get("duration"))
        found.append({"kind": item.kind, "title": item.title, "url": item.url, "topic": set(fields.get("topics") or []),
                      "unit": set(fields.get("units") or []), "phase": set(fields.get("phases") or ["none"]),
                      "type": {fields["resource_type"]} if fields.get("resource_type") else set(),
                      "length": set() if length is None else
                      ({v for v, most in LIMITS.items() if length <= most} | ({"longer"} if length > 900 else set()))})
    return found


def matching(items: list[dict], chosen: dict[str, str]) -> list[dict]:
    return [i for i in items if all(value in i[name] for name, value in chosen.items())]


@pytest.fixture(scope="module")
def chromium():
    from test_gates import need
    need("chromium", "playwright")
    from gates.common import browser
    with browser() as launched:
        yield launched


@pytest.fixture(scope="module")
def small_pages(tmp_path_factory) -> Path:
    """The example site with lists of PER_PAGE cards, so they need revealing and further pages."""
    root = tmp_path_factory.mktemp("small-pages")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - tessellate:\n", f"  - tessellate:\n      cards_per_page: {PER_PAGE}\n", 1)
    config = config.replace("docs_dir: content", f"docs_dir: {CONTENT}").replace("custom_dir: theme", f"custom_dir: {REPO / 'theme'}")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_build("build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def _tab(chromium, site: Path, local: str, url: str, **options):
    from gates.common import new_context
    context = new_context(chromium, local, **options)
    tab = context.new_page()
    tab.goto(local + url, wait_until="networkidle")
    return context, tab


def _shown(tab) -> list[str]:
    """Titles of the cards a reader sees, in order."""
    return tab.eval_on_selector_all("[data-tx-listing] .tx-card__title a",
                                    "links => links.filter(a => a.offsetParent !== null).map(a => a.textContent.trim())")


def _options(tab, name: str) -> dict[str, str]:
    return dict(tab.eval_on_selector_all(f"#tx-filter-{name} option", "os => os.map(o => [o.value, o.textContent])"))


def _label(value: str, count: int, labels: dict[str, str]) -> str:
    return f"{labels[value]} ({count})"


FILTERED = [
    ("resources", {"topic": "algebra", "phase": "ks3"}),
    ("resources", {"type": "rich-task", "phase": "ks4"}),
    ("cpd", {"length": "10", "topic": "number"}),
    ("stories", {"phase": "post16"}),
    ("topics/number", {"phase": "ks4", "type": "guide"}),
    ("resources", {"unit": "y9-proportion"}),
    ("cpd", {"unit": "y9-data", "phase": "ks4"}),
    ("topics/ratio", {"unit": "y9-proportion"}),
]


@pytest.mark.parametrize("where, chosen", FILTERED)
def test_a_filtered_address_shows_only_matching_items_with_the_controls_and_counts_saying_so(
        example_site, chromium, where, chosen):
    from gates.common import serve
    items = facts()
    listed = [i for i in items if (i["kind"] == where if "/" not in where else where.split("/")[1] in i["topic"])]
    expected = matching(listed, chosen)
    assert expected, "choose a filter some example item matches"
    query = "&".join(f"{name}={value}" for name, value in chosen.items())
    with serve(example_site) as local:
        context, tab = _tab(chromium, example_site, local, f"{where}/?{query}")
        tab.locator("[data-tx-status]", has_text=" match").wait_for()
        shown = _shown(tab)
        # On a topic page items are grouped by kind; within a kind, newest first.
        order = ["resources", "cpd", "stories", "events"]
        assert shown == [i["title"] for i in sorted(expected, key=lambda i: order.index(i["kind"]))]
        assert tab.text_content("[data-tx-status]").startswith(f"{len(expected)} of {len(listed)} items match")
        for name, value in chosen.items():
            assert tab.input_value(f"#tx-filter-{name}") == value
        for name in [n for n in FACETS if tab.locator(f"#tx-filter-{name}").count()]:
            others = {n: v for n, v in chosen.items() if n != name}
            pool = matching(listed, others)
            for value, label in _options(tab, name).items():
                count = len(pool) if value == "" else len([i for i in pool if value in i[name]])
                assert label.endswith(f"({count})"), (name, value, label)
        context.close()


def test_changing_a_control_narrows_the_list_and_the_address(example_site, chromium):
    from gates.common import serve
    items = [i for i in facts() if i["kind"] == "resources"]
    with serve(example_site) as local:
        context, tab = _tab(chromium, example_site, local, "resources/")
        tab.focus("#tx-filter-type")
        tab.select_option("#tx-filter-type", "lesson")
        tab.select_option("#tx-filter-topic", "number")
        tab.locator("[data-tx-status]", has_text=" match").wait_for()
        assert _shown(tab) == [i["title"] for i in matching(items, {"type": "lesson", "topic": "number"})]
        assert tab.evaluate("location.search") == "?type=lesson&topic=number"
        assert tab.get_attribute("[data-tx-status]", "role") == "status"
        context.close()


@pytest.mark.parametrize("label, name", [("a.tx-label--kind", "type"), ("a.tx-label--phase", "phase")])
def test_labels_on_cards_lead_to_the_narrowed_list(example_site, chromium, label, name):
    from gates.common import serve
    items = facts()
    with serve(example_site) as local:
        context, tab = _tab(chromium, example_site, local, "topics/algebra/")
        link = tab.locator(f".tx-card--resources {label}").first
        link.click()
        tab.wait_for_load_state("networkidle")
        tab.locator("[data-tx-status]", has_text=" match").wait_for()
        value = tab.evaluate(f"new URLSearchParams(location.search).get('{name}')")
        assert tab.evaluate("location.pathname") == "/resources/" and value
        expected = matching([i for i in items if i["kind"] == "resources"], {name: value})
        assert _shown(tab) == [i["title"] for i in expected] and tab.input_value(f"#tx-filter-{name}") == value
        context.close()


def test_without_javascript_every_item_is_listed(example_site, chromium):
    from gates.common import serve
    with serve(example_site) as local:
        context, tab = _tab(chromium, example_site, local, "resources/?topic=algebra&phase=ks3", java_script_enabled=False)
        assert _shown(tab) == [i["title"] for i in facts() if i["kind"] == "resources"]
        assert not tab.locator("[data-tx-filter]").is_visible()
        context.close()


def test_without_javascript_further_pages_list_the_rest_in_order(small_pages):
    """Following rel=next from each index reaches every item of its kind once, newest first."""
    for kind in ("resources", "cpd", "stories"):
        url, titles, seen = f"{kind}/", [], set()
        while url:
            assert url not in seen
            seen.add(url)
            tree = lxml.html.parse(str(small_pages / url / "index.html")).getroot()
            cards = tree.cssselect("[data-tx-listing] .tx-card__title a")
            assert len(cards) <= (PER_PAGE if url == f"{kind}/" else 4 * PER_PAGE)  # further pages hold more
            titles += [" ".join(a.text_content().split()) for a in cards]
            after = tree.cssselect('.tx-pages a[rel="next"]')
            url = _resolve(url, after[0].get("href")) if after else None
        assert titles == [i["title"] for i in facts() if i["kind"] == kind]
        assert len(seen) > 1 or len(titles) <= PER_PAGE


def _resolve(base: str, href: str) -> str:
    from posixpath import normpath
    return normpath(base + href) + "/"


def test_show_more_reveals_every_item_a_page_at_a_time(small_pages, chromium):
    from gates.common import serve
    expected = [i["title"] for i in facts() if i["kind"] == "resources"]
    assert len(expected) > 2 * PER_PAGE
    with serve(small_pages) as local:
        context, tab = _tab(chromium, small_pages, local, "resources/")
        assert _shown(tab) == expected[:PER_PAGE]
        assert not tab.locator(".tx-pages").is_visible(), "Show more takes the place of the page links"
        presses = 0
        while tab.locator("[data-tx-more]").is_visible():
            before = len(_shown(tab))
            tab.focus("[data-tx-more]")
            tab.keyboard.press("Enter")
            tab.wait_for_function("n => document.querySelectorAll('[data-tx-listing] .tx-card').length > n", arg=before)
            # Focus moves to the first card revealed, so a keyboard user carries on from there.
            assert tab.evaluate("document.activeElement.textContent.trim()") == expected[before]
            presses += 1
        assert _shown(tab) == expected and presses == -(-len(expected) // PER_PAGE) - 1
        context.close()


def test_a_narrowed_list_fetches_only_the_data_files_holding_the_cards_it_shows(small_pages, chromium):
    from gates.common import serve
    resources = [i for i in facts() if i["kind"] == "resources"]
    chunk = 2 * PER_PAGE
    positions = [n for n, item in enumerate(resources) if "ks3" in item["phase"]]
    assert len(positions) > PER_PAGE and len(resources) > 2 * chunk

    def files_for(shown: int) -> set[str]:
        return {f"cards-{n // chunk + 1}.json" for n in positions[:shown]}
    assert len(files_for(2 * PER_PAGE)) < -(-len(resources) // chunk), "the narrowed list needs fewer files than all"
    with serve(small_pages) as local:
        context, tab = _tab(chromium, small_pages, local, "resources/")
        fetched: list[str] = []
        tab.on("request", lambda request: fetched.append(request.url.rsplit("/", 1)[-1]))
        tab.goto(local + "resources/?phase=ks3", wait_until="networkidle")
        tab.locator("[data-tx-status]", has_text=" match").wait_for()
        assert _shown(tab) == [resources[n]["title"] for n in positions[:PER_PAGE]]
        assert "cards.json" in fetched and {f for f in fetched if f.startswith("cards-")} == files_for(PER_PAGE)
        tab.locator("[data-tx-more]").click()
        tab.wait_for_function("n => document.querySelectorAll('[data-tx-listing] .tx-card').length > n", arg=PER_PAGE)
        assert {f for f in fetched if f.startswith("cards-")} == files_for(2 * PER_PAGE)
        assert len(fetched) == len(set(fetched)), "each data file is fetched once"
        context.close()


def test_a_topic_page_reveals_each_kind_and_narrows_them_together(small_pages, chromium):
    from gates.common import serve
    items = [i for i in facts() if "number" in i["topic"]]
    with serve(small_pages) as local:
        context, tab = _tab(chromium, small_pages, local, "topics/number/?phase=ks3")
        tab.locator("[data-tx-status]", has_text=" match").wait_for()
        while tab.locator("[data-tx-more]:visible").count():
            tab.locator("[data-tx-more]:visible").first.click()
            tab.wait_for_timeout(50)
        wanted = matching(items, {"phase": "ks3"})
        order = ["resources", "cpd", "stories", "events"]
        assert _shown(tab) == [i["title"] for i in sorted(wanted, key=lambda i: order.index(i["kind"]))]
        context.close()


def test_filtered_and_revealed_lists_pass_axe(small_pages, chromium):
    from gates.common import AXE_JS, new_context, serve
    from gates.accessibility import IMPACTS, TAGS
    from test_gates import need
    need("axe")
    with serve(small_pages) as local:
        context = new_context(chromium, local, bypass_csp=True)  # axe is injected; the csp gate checks policy
        tab = context.new_page()
        for url in ("resources/?phase=ks3&type=lesson", "cpd/?length=15", "topics/number/?phase=ks4"):
            tab.goto(local + url, wait_until="networkidle")
            tab.locator("[data-tx-status]", has_text=" match").wait_for()
            if tab.locator("[data-tx-more]:visible").count():
                tab.locator("[data-tx-more]:visible").first.click()
            # Clicking scrolls, and Material fades its tabs out as a page scrolls: contrast is judged
            # once that has finished, not on a half-faded link.
            tab.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
            tab.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
            tab.evaluate(AXE_JS.read_text(encoding="utf-8"))
            result = tab.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
            bad = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"] if v["impact"] in IMPACTS]
            assert bad == [], url
        context.close()


def _data_cards(folder: Path) -> list[str]:
    """Titles of the cards in a list's data files, cards-1.json, cards-2.json..., in order."""
    chunks = sorted(folder.glob("cards-*.json"), key=lambda p: int(p.stem.split("-")[1]))
    return [lxml.html.fragment_fromstring(html).cssselect(".tx-card__title a")[0].text_content().strip()
            for path in chunks for html in json.loads(path.read_text(encoding="utf-8"))["cards"]]


def test_each_list_carries_its_first_cards_and_data_files_of_all(small_pages):
    items = facts()
    for kind in ("resources", "cpd", "stories"):
        tree = lxml.html.parse(str(small_pages / kind / "index.html")).getroot()
        assert len(tree.cssselect("[data-tx-listing] .tx-card")) == min(PER_PAGE, len([i for i in items if i["kind"] == kind]))
        data = json.loads((small_pages / kind / "cards.json").read_text(encoding="utf-8"))
        mine = [i for i in items if i["kind"] == kind]
        assert _data_cards(small_pages / kind) == [i["title"] for i in mine]
        # Two pages' worth of cards a file: a narrowed list fetches the few that hold what it shows.
        assert data["chunk"] == 2 * PER_PAGE
        assert len(list((small_pages / kind).glob("cards-*.json"))) == -(-len(mine) // (2 * PER_PAGE))
        for entry, item in zip(data["items"], mine):
            assert {name: set(values) for name, values in entry["facets"].items()} == \
                {name: item[name] for name in FACETS}


def test_before_any_choice_each_option_counts_the_items_it_would_show(example_site):
    items = facts()
    for where in ("resources", "cpd", "stories", "topics/algebra"):
        listed = [i for i in items if (i["kind"] == where if "/" not in where else where.split("/")[1] in i["topic"])]
        tree = lxml.html.parse(str(example_site / where / "index.html")).getroot()
        selects = tree.cssselect("[data-tx-filter] select")
        assert {s.get("name") for s in selects} >= ({"phase"} if "/" in where else {"topic", "phase"})
        for select in selects:
            for option in select.cssselect("option"):
                value, name = option.get("value"), select.get("name")
                count = len(listed) if not value else len([i for i in listed if value in i[name]])
                assert option.text_content().endswith(f"({count})") and count > 0, (where, name, value)
