"""axe-core in headless Chromium on every page: no serious or critical violation of WCAG 2.2 AA."""

from __future__ import annotations

from pathlib import Path

from gates.common import origin_for, AXE_JS, browser, html_pages, new_context, page_url, serve

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
IMPACTS = ("serious", "critical")


def check(site: Path, pages: list[Path] | None = None) -> list[str]:
    """Every page of `site` (or just `pages`); a problem per violating element."""
    pages = pages if pages is not None else html_pages(site)
    if not pages:
        return [f"{site}: no HTML pages"]
    axe = AXE_JS.read_text(encoding="utf-8")
    problems = []
    with serve(site) as local, browser() as chromium:
        base = origin_for(site, local)
        # The site's CSP rightly refuses an injected script, so axe's run alone bypasses it;
        # the csp gate loads every page with the policy in force.
        context = new_context(chromium, local, base, bypass_csp=True)
        page = context.new_page()
        for path in pages:
            url = page_url(site, path)
            response = page.goto(base + url, wait_until="load")
            if response is None or not response.ok:
                problems.append(f"/{url}: did not load ({response.status if response else 'no response'})")
                continue
            page.evaluate(axe)
            result = page.evaluate("""tags => axe.run(document, {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""", TAGS)
            for violation in result["violations"]:
                if violation.get("impact") not in IMPACTS:
                    continue
                for node in violation["nodes"]:
                    if node.get("impact", violation["impact"]) not in IMPACTS:
                        continue
                    target = " ".join(str(t) for t in node.get("target", []))
                    summary = " ".join((node.get("failureSummary") or "").split())
                    problems.append(f"/{url}: {violation['id']} ({violation['impact']}) at {target}: "
                                    f"{violation['help']}. {summary[:300]}")
        context.close()
    return problems
