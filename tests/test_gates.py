"""The quality gates on the built example site, and proof that each gate fails on a planted defect.

Each gate (tests/gates/) maps a built site folder to a list of problems. On the example site
each list must be empty. The tools come from `.ci/run`: Java 17, `npm ci` (vnu-jar, axe-core),
Debian's chromium and the python playwright package. Without them a gate is skipped, except
under CI (CI set), where a missing tool is a failure: a gate that silently did not run is no gate.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from gates import accessibility, common, csp, feed_validity, hosted, html_validity, keyboard, links, visit

# Defects the gates found in the templates, CSS and example configuration, listed here until they
# are fixed, each with the pattern of the problems it causes. A gate that finds only these xfails
# (naming them); any other problem fails it. TEMPORARY: delete each entry with its fix.
KNOWN_DEFECTS: dict[str, list[tuple[str, str]]] = {
    # gate name: [(pattern of a problem, why it is tolerated for now)]; empty when the site is clean.
}


def need(*tools: str) -> None:
    """Skip (or, under CI, fail) when a tool the gate needs is not installed."""
    missing = common.missing_tools(*tools)
    if missing:
        message = f"gate tools missing: {', '.join(missing)}; `bash .ci/run` installs them"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def assert_clean(gate: str, problems: list[str]) -> None:
    known = KNOWN_DEFECTS.get(gate, [])
    unknown = [p for p in problems if not any(re.search(pattern, p) for pattern, _ in known)]
    assert not unknown, f"{len(unknown)} problem(s) from the {gate} gate:\n" + "\n".join(unknown)
    if problems:
        seen = [why for pattern, why in known if any(re.search(pattern, p) for p in problems)]
        pytest.xfail(f"{len(problems)} problem(s) from known defects, to be fixed: " + "; ".join(seen))


def found(problems: list[str], *patterns: str) -> None:
    """Each pattern matches at least one problem: the gate saw the planted defect."""
    for pattern in patterns:
        assert any(re.search(pattern, p) for p in problems), \
            f"the gate missed the planted defect {pattern!r}; it reported:\n" + "\n".join(problems)


@pytest.fixture
def planted(example_site, tmp_path) -> Path:
    """A copy of the example site to plant a defect in."""
    copy = tmp_path / "site"
    shutil.copytree(example_site, copy)
    return copy


def plant(site: Path, page: str, before: str, markup: str) -> Path:
    """Insert `markup` before the first `before` in the page at site-relative `page`."""
    path = site / page
    html = path.read_text(encoding="utf-8")
    assert before in html, f"{page} has no {before!r} to plant next to"
    path.write_text(html.replace(before, markup + before, 1), encoding="utf-8")
    return path


PAGE = "about/index.html"  # a plain page, with no known defect of its own to blur a planted one


def test_page_types_cover_the_site(example_site):
    types = common.pages_by_type(example_site)
    for expected in ("home", "resources index", "cpd index", "stories index", "events index", "resources item", "cpd item",
                     "stories item", "events item", "topic", "subscribe page", "resources item with an embed", "404.html",
                     "coverage page", "guide page", "review page", "curriculum index", "curriculum page",
                     "share index", "share kit", "share digest", "share email"):
        assert expected in types, sorted(types)


# -- HTML validity

def test_every_page_is_valid_html(example_site):
    need("java", "vnu")
    assert_clean("html_validity", html_validity.check(example_site))


def test_html_validity_fails_on_invalid_html(planted):
    need("java", "vnu")
    page = plant(planted, PAGE, "</article>", '<p id="__drawer">again</p></div>')
    problems = html_validity.check(planted, pages=[page])
    found(problems, rf"^{PAGE}:\d+: Duplicate ID “__drawer”", rf"^{PAGE}:\d+: Stray end tag “div”")


# -- Links

def test_no_broken_internal_link_or_anchor(example_site):
    assert_clean("links", links.check(example_site))


def test_links_fail_on_missing_pages_and_anchors(planted):
    plant(planted, PAGE, "</article>",
          '<a href="../resources/no-such-item/">gone</a> <a href="../subscribe/#no-such-anchor">nowhere</a>'
          ' <a href="#not-on-this-page">here</a> <img src="../assets/missing.png" alt="missing">')
    problems = links.check(planted)
    found(problems, r"'\.\./resources/no-such-item/' points to resources/no-such-item/index\.html, which does not exist",
          r"'\.\./subscribe/#no-such-anchor': no id 'no-such-anchor' in subscribe/index\.html",
          r"'#not-on-this-page'>: no such id on this page", r"'\.\./assets/missing\.png' points to")
    assert len(problems) == 4, problems


# -- Feeds

def test_every_feed_is_valid(example_site):
    assert feed_validity.feeds(example_site), "the example site has no feeds"
    assert_clean("feed_validity", feed_validity.check(example_site))


def test_feed_validity_fails_on_broken_feeds(planted):
    rss = planted / "feed.xml"
    rss.write_text(rss.read_text(encoding="utf-8").replace("</channel>", "", 1), encoding="utf-8")
    atom = planted / "cpd" / "feed.atom"
    atom.write_text(re.sub(r"<title>[^<]*</title>", "", atom.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    problems = feed_validity.check(planted)
    found(problems, r"^feed\.xml: does not parse cleanly", r"^cpd/feed\.atom: <feed> has no <title>")


def test_every_json_feed_is_valid(example_site):
    assert_clean("feed_validity", feed_validity.check_json(example_site))


def test_json_feed_validity_fails_on_broken_feeds(planted):
    site = planted / "feed.json"
    site.write_text(site.read_text(encoding="utf-8").replace('"version"', '"_version"', 1), encoding="utf-8")
    cpd = planted / "cpd" / "feed.json"
    cpd.write_text(cpd.read_text(encoding="utf-8").replace('"content_html"', '"body"', 1), encoding="utf-8")
    (planted / "stories" / "feed.xml").unlink()
    problems = feed_validity.check_json(planted)
    found(problems, r"^feed\.json: version is None", r"^cpd/feed\.json: item 1: body not defined",
          r"^cpd/feed\.json: item 1: has neither content_html nor content_text", r"^stories/feed\.json: no feed\.xml beside it")


# -- The gates in Chromium: one browser for all of them, each in a context of its own

@pytest.fixture(scope="module")
def chromium(example_site):
    """Started once for the module: a launch costs a few CPU-seconds, and each check has a context of its own.
    It finds the example's address (and its planted copies') at a local server (gates.hosted)."""
    need("chromium", "playwright")
    with hosted.site_browser(example_site) as browser:
        yield browser


# -- Accessibility (axe-core in Chromium) and the content security policy in Chromium: one load of each page

@pytest.fixture(scope="module")
def every_page_visited(example_site, chromium) -> visit.Findings:
    """What axe and the policy's violations showed on every page, each page loaded once for both gates."""
    return visit.visit(example_site, axe=not common.missing_tools("axe"), chromium=chromium)


def test_no_serious_accessibility_violation_on_any_page(every_page_visited):
    need("axe")
    assert_clean("accessibility", every_page_visited.accessibility)


def test_accessibility_fails_on_missing_alt_and_low_contrast(planted, chromium):
    need("axe")
    page = plant(planted, PAGE, "</article>",
                 '<p><img src="../assets/logo.svg" width="40" height="40"></p>'
                 '<p style="color: #d0d0d0; background: #ffffff">Pale text nobody can read</p>')
    problems = accessibility.check(planted, pages=[page], chromium=chromium)
    found(problems, r"^/about/: image-alt \(critical\)", r"^/about/: color-contrast \(serious\) at p\b.*#d0d0d0")


# -- Keyboard

def test_every_control_works_from_the_keyboard(example_site, chromium):
    assert_clean("keyboard", keyboard.check(example_site, chromium=chromium))


def test_keyboard_fails_on_unreachable_control_and_hidden_focus(planted, chromium):
    path = planted / PAGE
    html = path.read_text(encoding="utf-8")
    # One content link taken out of the Tab order, and focus outlines removed from every other link.
    html = html.replace('<a href="mailto:', '<a tabindex="-1" href="mailto:', 1)
    html = html.replace("</head>", "<style>.md-content a:focus, .md-content a:focus-visible "
                                   "{ outline: none !important; box-shadow: none !important; }</style></head>", 1)
    path.write_text(html, encoding="utf-8")
    problems = keyboard.check(planted, pages={"about page": path}, search=False, chromium=chromium)
    found(problems, r'<a href="mailto:hello@maths\.example\.org"> .* cannot be reached with Tab',
          r'<a\.headerlink href="#[^"]+"> .* shows no focus indicator')


def test_keyboard_fails_when_an_embed_button_does_nothing(planted, chromium):
    embed_pages = common.pages_by_type(planted)["resources item with an embed"]
    path = embed_pages[0]
    html = path.read_text(encoding="utf-8")
    script = '<script src="../../../assets/tessellate/tessellate.js"></script>'
    assert script in html
    path.write_text(html.replace(script, ""), encoding="utf-8")
    problems = keyboard.check(planted, pages={"embed": path}, search=False, chromium=chromium)
    found(problems, r"Enter on the embed's load button does not load https://www\.geogebra\.org/")


# -- Content security policy

def test_every_inline_script_is_allowed_by_hash(example_site):
    assert_clean("csp", csp.check_static(example_site))


def test_pages_load_with_no_csp_violation(every_page_visited):
    assert_clean("csp", every_page_visited.csp)


def test_csp_fails_on_an_inline_script_without_hash(planted, chromium):
    page = plant(planted, PAGE, "</body>", "<script>document.title = 'planted';</script>")
    found(csp.check_static(planted), rf"^{PAGE}: inline script \"document\.title = 'planted';\" .* not allowed by the <meta> policy",
          rf"^{PAGE}: inline script .* not allowed by the _headers policy")
    found(csp.check_browser(planted, pages=[page], search_on=None, chromium=chromium),
          r"^/about/: CSP violation: script-src-elem blocked inline", r"^/about/: console: .*Content Security Policy")
