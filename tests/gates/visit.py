"""Every page loaded once in headless Chromium with its content security policy in force (the page's
<meta> and the `_headers` file's header, as a host serves it): what the accessibility gate (axe-core)
and the csp gate's browser check read, each into its own list.

Loading a page is most of what either gate costs, so one load serves both. axe is put in every page
by the browser, as an init script, which no page policy governs: its results with the policy in
force are the ones it gave with the policy bypassed (all 111 pages of the example site compared, every
rule's passes, violations and incomplete nodes), and it causes no violation. It runs once the page
has loaded and settled (nothing in flight, its scripts idle), before search is tried, so that it
sees the page a reader sees: the editor's page shows a loader until its configuration has come
(an evaluate of axe's source after the load used to give it that time, mostly)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from gates.common import AXE_JS, html_pages, page_url, requests_in_flight, settle
from gates.hosted import opened

# axe-core: the WCAG 2.2 AA rules, and the impacts that fail the accessibility gate.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
IMPACTS = ("serious", "critical")
AXE_RUN = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"""

# The csp gate: every violation the page reports, from its first byte.
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || ''}:${e.lineNumber || ''}` +
  (e.sample ? ` [${e.sample.slice(0, 80)}]` : '')));
"""
CSP_MESSAGE = re.compile(r"Content Security Policy|Content-Security-Policy|\bCSP\b", re.I)
SETTLE = 0.1  # s after the last action before violations are read, for those reported a moment late


@dataclass
class Findings:
    """What one visit of the pages found, for each gate."""
    accessibility: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)


def visit(site: Path, pages: list[Path] | None = None, search_on: str | None = "", axe: bool = True,
          chromium=None) -> Findings:
    """Load each page (every page by default) with the policy in force; run axe on it (unless not
    `axe`), and gather its violations and CSP console errors. On the page `search_on` (the home page
    by default) search is opened and used too, after axe, since its engine and index load only then.
    In a context of its own in `chromium` when one is given (gates.hosted), else in a Chromium of its own."""
    pages = pages if pages is not None else html_pages(site)
    if not pages:
        return Findings([f"{site}: no HTML pages"], [f"{site}: no HTML pages"])
    found = Findings()
    with opened(site, chromium) as (context, base):  # no bypass_csp: the policy is what is tested
        context.add_init_script(LISTEN)
        if axe:  # compiled once and kept by V8, where an evaluate per page compiled its 500 KB each time
            context.add_init_script(AXE_JS.read_text(encoding="utf-8"))
        page = context.new_page()
        in_flight = requests_in_flight(page)
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: console.append(f"uncaught {e}"))
        for path in pages:
            url = page_url(site, path)
            console.clear()
            in_flight.clear()
            response = page.goto(base + url, wait_until="load")
            if response is None or not response.ok:
                problem = f"/{url}: did not load ({response.status if response else 'no response'})"
                found.accessibility.append(problem)
                found.csp.append(problem)
                continue
            settle(page, in_flight)
            last_action = time.monotonic()
            if axe:
                found.accessibility += _axe(page, url)
            if search_on is not None and url == search_on and _search(page, in_flight):
                last_action = time.monotonic()
            if (left := SETTLE - (time.monotonic() - last_action)) > 0:
                page.wait_for_timeout(left * 1000)
            found.csp += _csp(page, url, console)
    return found


def _search(page, in_flight: set) -> bool:
    """Open search and use it, so that its engine and index load, until its results are listed and
    what they fetched has come (1.5 s at most without a result, as a search its policy breaks shows
    none); False where the page has no search."""
    if not page.locator(".md-search__input").count():
        return False
    page.keyboard.press("/")
    page.keyboard.type("fractions")
    try:
        page.wait_for_selector(".md-search-result__item", timeout=1500)
    except Exception:  # playwright's TimeoutError: the violations say why
        pass
    else:
        settle(page, in_flight)
    page.keyboard.press("Escape")
    return True


def _axe(page, url: str) -> list[str]:
    """A problem per element in a serious or critical violation of the WCAG 2.2 AA rules."""
    problems = []
    for violation in page.evaluate(AXE_RUN, TAGS)["violations"]:
        if violation.get("impact") not in IMPACTS:
            continue
        for node in violation["nodes"]:
            if node.get("impact", violation["impact"]) not in IMPACTS:
                continue
            target = " ".join(str(t) for t in node.get("target", []))
            summary = " ".join((node.get("failureSummary") or "").split())
            problems.append(f"/{url}: {violation['id']} ({violation['impact']}) at {target}: "
                            f"{violation['help']}. {summary[:300]}")
    return problems


def _csp(page, url: str, console: list[str]) -> list[str]:
    """A problem per violation the page reported, and per console message about its policy."""
    problems = [f"/{url}: CSP violation: {violation}" for violation in page.evaluate("window.__cspViolations")]
    problems += [f"/{url}: console: {' '.join(message.split())[:300]}" for message in console
                 if CSP_MESSAGE.search(message)]
    return problems
