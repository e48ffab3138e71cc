"""Keyboard-only use, in headless Chromium, on one page of each page type: Tab reaches every
visible interactive control, each shows a visible focus indicator, nothing invisible takes focus,
the skip link moves focus past the header, details/summary toggles open with Enter, and search
opens from the keyboard, lists results, and closes with Escape."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from gates.common import one_page_per_type, page_url, requests_in_flight, settle
from gates.hosted import opened

# Visible controls a keyboard user must reach. Each gets a data-gate-id to be recognised when focused.
# A natively interactive element counts even with tabindex="-1" (taking it out of the Tab order is
# the defect); any other element counts when its tabindex puts it in the order.
CANDIDATES = """() => {
  const native = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe,'
    + ' audio[controls], video[controls], [contenteditable=""], [contenteditable=true]';
  const found = [];
  for (const e of document.querySelectorAll(native + ', [tabindex]')) {
    if (e.disabled || e.closest('[inert]') || (e.tabIndex < 0 && !e.matches(native))) continue;
    if (!e.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const box = e.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) continue;
    // Placed off the page (a sign-up form's trap for robots, out of the tab order): no reader sees it.
    if (box.right <= 0 || box.bottom <= 0) continue;
    e.dataset.gateId = found.length;
    found.push(window.__gateDescribe(e));
  }
  return found;
}"""

DESCRIBE = """
window.__gateDescribe = e => {
  if (!e || e === document.body || e === document.documentElement) return '<body>';
  const text = (e.getAttribute('aria-label') || e.textContent || e.value || e.getAttribute('title') || '').trim().replace(/\\s+/g, ' ');
  const classes = e.classList.length ? '.' + [...e.classList].filter(c => c !== 'focus-visible').join('.') : '';
  const href = e.getAttribute('href') ? ` href="${e.getAttribute('href')}"` : '';
  const id = e.id ? '#' + e.id : '';
  return `<${e.tagName.toLowerCase()}${id}${classes}${href}> "${text.slice(0, 50)}"`;
};
"""

# Tab stops that are hidden at times by design, matched by the start of their description:
# Material's search results pane (partials/search.html gives it tabindex="0" so that keyboard users
# can scroll the results; Tab from an empty search box closes search and then lands on it, hidden).
TOLERATED_HIDDEN = ("<div.md-search__scrollwrap>",)

# Transitions would let a check run while a focus style is still fading in.
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"

# What the focused element looks like: a focus indicator is a visible outline or a box-shadow, on
# the element or, for a visually hidden input, on the <label> that stands for it.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const ring = el => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && s.outlineColor !== 'rgba(0, 0, 0, 0)';
    return outline || (s.boxShadow && s.boxShadow !== 'none');
  };
  const visible = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
    && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
  const labels = [...(e.labels || [])].filter(visible);
  return {
    id: e.dataset.gateId ?? null,
    first: e.hasAttribute('data-gate-first'),
    what: window.__gateDescribe(e),
    visible: visible(e) || labels.length > 0,
    ring: ring(e) || labels.some(ring),
    searchInput: e.matches('.md-search__input'),
    searchOpen: !!document.getElementById('__search')?.checked,
  };
}"""

# The walk's record of each Tab: what has focus as the key comes up (focus has moved, and the page's
# own handlers of the key down have run), the same as a look after each press gave (compared on every
# page type of the example site), while the presses go without a round trip each for the look. The
# first element to take focus is marked, so that the walk knows when it has come round to it again.
RECORD = """
window.__gateStates = null;  // a list while the walk records
window.addEventListener('keyup', event => {
  if (event.key !== 'Tab' || !window.__gateStates) return;
  const state = (%s)();
  if (state && !document.querySelector('[data-gate-first]')) document.activeElement.setAttribute('data-gate-first', '');
  window.__gateStates.push(state);
}, true);
""" % FOCUSED


def _eventually(page, script: str, timeout: int = 3000) -> bool:
    """Whether `script` (a JS function) becomes true within `timeout` ms: Material reacts to keys
    through its event streams, a moment after the key is pressed."""
    try:
        page.wait_for_function(script, timeout=timeout, polling=50)
        return True
    except Exception:  # playwright's TimeoutError
        return False


SEARCH_OPEN = "() => !!document.getElementById('__search')?.checked"
SEARCH_CLOSED = "() => !document.getElementById('__search')?.checked"


def _tab_states(page, stops: int, limit: int) -> Iterator[dict | None]:
    """The state of focus after each Tab (None where no element has it), for up to `limit` presses.
    The presses go in batches, their states read at once: at most half the `stops` expected and not
    yet seen, so that few presses go past where the walk ends (presses nobody looks at)."""
    page.evaluate("() => { window.__gateStates = []; }")
    pressed = 0
    while pressed < limit:
        batch = min(limit - pressed, max(1, min(20, (stops - pressed) // 2)))
        for _ in range(batch):
            page.keyboard.press("Tab")
        pressed += batch
        yield from page.evaluate("() => window.__gateStates.splice(0)")


def _walk(page, where: str, problems: list[str]) -> bool:
    """Tab through the page from the top; check reachability and visible focus."""
    candidates = page.evaluate(CANDIDATES)
    reached: set[str] = set()
    first = None
    for state in _tab_states(page, len(candidates), 3 * len(candidates) + 30):
        if state is None:
            if reached or first is not None:
                break  # focus left the document: one full round
            continue
        if first is None:
            first = state["what"]  # RECORD marks it in the page
        elif state["first"]:
            break  # round the page and back to the first stop
        if state["id"] is not None:
            reached.add(state["id"])
        if state["searchInput"]:
            continue  # its focus indicator is search opening; _search checks that
        if not state["visible"]:
            if not any(state["what"].startswith(t) for t in TOLERATED_HIDDEN):
                problems.append(f"{where}: {state['what']} takes focus but cannot be seen")
        elif not state["ring"]:
            problems.append(f"{where}: {state['what']} shows no focus indicator (no outline or box-shadow)")
    for number, what in enumerate(candidates):
        if str(number) not in reached:
            problems.append(f"{where}: {what} cannot be reached with Tab")
    return True


def _skip_link(page, where: str, problems: list[str]) -> bool:
    page.keyboard.press("Tab")
    link = page.evaluate("""() => {
      const e = document.activeElement;
      if (!e || e.tagName !== 'A' || !(e.getAttribute('href') || '').startsWith('#')) return null;
      const box = e.getBoundingClientRect();
      return {href: e.getAttribute('href'), text: e.textContent.trim(), what: window.__gateDescribe(e),
              onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                        && box.top < innerHeight && box.left < innerWidth};
    }""")
    if link is None or "skip" not in link["text"].lower():
        problems.append(f"{where}: the first Tab does not reach a skip link (it reaches "
                        f"{link['what'] if link else page.evaluate('window.__gateDescribe(document.activeElement)')})")
        return True
    if not link["onScreen"]:
        problems.append(f"{where}: the skip link {link['what']} is not on screen when focused")
    page.keyboard.press("Enter")
    target = link["href"][1:]
    _eventually(page, f"() => location.hash === {json.dumps(link['href'])}", timeout=200)  # the jump to the target
    after = page.evaluate("""target => {
      const t = document.getElementById(decodeURIComponent(target));
      return {exists: !!t, hash: location.hash};
    }""", target)
    if not after["exists"]:
        problems.append(f"{where}: the skip link points to #{target}, which is not on the page")
        return True
    page.keyboard.press("Tab")
    ok = page.evaluate("""target => {
      const t = document.getElementById(decodeURIComponent(target)), e = document.activeElement;
      return !!e && e !== document.body && (t === e || t.contains(e)
        || !!(t.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING));
    }""", target)
    if not ok:
        problems.append(f"{where}: after the skip link, Tab goes to "
                        f"{page.evaluate('window.__gateDescribe(document.activeElement)')}, not into the content at #{target}")
    return True


def _details(page, where: str, problems: list[str]) -> bool:
    count = page.locator("details > summary").count()
    touched = False
    for number in range(count):
        summary = page.locator("details > summary").nth(number)
        if not summary.is_visible():
            continue
        summary.focus()
        touched = True
        before = summary.evaluate("s => s.parentElement.open")
        page.keyboard.press("Enter")
        page.wait_for_timeout(100)  # not a wait for the change: a script that shuts it again at once is a defect
        if summary.evaluate("s => s.parentElement.open") == before:
            problems.append(f"{where}: Enter on {summary.evaluate('window.__gateDescribe')} does not open or close it")
    return touched


def _embeds(page, where: str, problems: list[str]) -> bool:
    """Enter on an embed's "Load it here" button puts the activity in the page and focus in it."""
    buttons = page.locator(".tx-embed__load")
    if buttons.count() == 0:
        return False
    source = page.locator(".tx-embed").first.get_attribute("data-tx-src")
    buttons.first.focus()
    page.keyboard.press("Enter")
    try:
        page.wait_for_function("""src => { const e = document.activeElement;
                                  return !!e && e.tagName === 'IFRAME' && e.getAttribute('src') === src; }""",
                               arg=source, timeout=3000, polling=50)
    except Exception:  # playwright's TimeoutError
        problems.append(f"{where}: Enter on the embed's load button does not load {source} and move focus to it")
    return True


def _search(page, where: str, problems: list[str]) -> bool:
    """Search opens with / and lists results reachable with the arrow keys; Escape closes it.
    (The search box is also a Tab stop: _search_by_tab.)"""
    if page.locator(".md-search__input").count() == 0:
        return False
    page.keyboard.press("/")
    if not _eventually(page, """() => !!document.getElementById('__search')?.checked
                                && !!document.activeElement?.matches('.md-search__input')"""):
        problems.append(f"{where}: pressing / does not open search with the cursor in the search box")
        return True
    page.keyboard.type("fractions")
    try:
        page.wait_for_selector(".md-search-result__item a", timeout=5000)
    except Exception:  # playwright's TimeoutError
        problems.append(f"{where}: typing a query in search lists no result")
    else:
        page.keyboard.press("ArrowDown")
        if not _eventually(page, "() => !!document.activeElement?.closest('.md-search-result')"):
            problems.append(f"{where}: ArrowDown from the search box does not move to the results")
    page.keyboard.press("Escape")
    if not _eventually(page, SEARCH_CLOSED):
        problems.append(f"{where}: Escape does not close search")
    return True


def _load(page, url: str, in_flight: set) -> str | None:
    """Open the page as a reader would; a problem if it did not load or its scripts did not get it ready."""
    in_flight.clear()
    response = page.goto(url, wait_until="load")
    if response is None or not response.ok:
        return f"did not load ({response.status if response else 'no response'})"
    settle(page, in_flight)
    page.add_style_tag(content=NO_MOTION)
    if page.locator(".md-search__input").count():  # Material's search is ready once its worker has the index
        try:
            page.wait_for_function("() => !/Initializ/i.test("
                                   "document.querySelector('.md-search-result__meta')?.textContent ?? '')", timeout=10000)
        except Exception:  # playwright's TimeoutError
            return "search did not finish initialising in 10 s (did a script fail? see the csp gate)"
    return None


def _search_by_tab(page, where: str, problems: list[str]) -> bool:
    """Tab to the search box and type: search opens with results; Escape closes it."""
    if page.locator(".md-search__input").count() == 0:
        return False
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.matches('.md-search__input') ?? false"):
            break
    else:
        problems.append(f"{where}: Tab never reaches the search box")
        return True
    page.keyboard.type("fractions")
    try:
        page.wait_for_selector(".md-search-result__item a", timeout=5000)
    except Exception:  # playwright's TimeoutError
        problems.append(f"{where}: typing in the search box reached with Tab lists no result")
    if not _eventually(page, SEARCH_OPEN):
        problems.append(f"{where}: typing in the search box reached with Tab does not open search")
    page.keyboard.press("Escape")
    if not _eventually(page, SEARCH_CLOSED):
        problems.append(f"{where}: Escape does not close search opened with Tab")
    return True


def check(site: Path, pages: dict[str, Path] | None = None, search: bool = True, chromium=None) -> list[str]:
    """One page of each type (or `pages`, by type name); search is tried on the home page (or the first).
    In a context of its own in `chromium` when one is given (gates.hosted), else in a Chromium of its own."""
    pages = pages if pages is not None else one_page_per_type(site)
    if not pages:
        return [f"{site}: no HTML pages"]
    problems: list[str] = []
    with opened(site, chromium) as (context, base):
        context.add_init_script(DESCRIBE + RECORD)
        page = context.new_page()
        in_flight = requests_in_flight(page)
        search_on = "home" if "home" in pages else next(iter(pages), None)
        for kind, path in pages.items():
            url = page_url(site, path)
            where = f"/{url} ({kind})"
            # An email snippet's preview, and the editor's sign-in screen (one button), have no header
            # or navigation repeated across pages to skip past.
            skip = () if kind in ("share email", "admin page") else (_skip_link,)
            # Each step starts on the page as loaded: loaded again after a step that changed it (each
            # returns whether it did); _embeds and _details go first, as most pages have nothing for them.
            steps = (_embeds, _details, _walk, *skip)
            steps += (_search, _search_by_tab) if search and kind == search_on else ()
            as_loaded = False
            for step in steps:
                if not as_loaded:
                    problem = _load(page, base + url, in_flight)
                    if problem:
                        problems.append(f"{where}: {problem}")
                        break
                as_loaded = not step(page, where, problems)
    return problems
