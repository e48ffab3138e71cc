"""Every page is valid HTML by the Nu Html Checker (vnu.jar from the `vnu-jar` npm package)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from gates.common import MERGE_TAG, VNU_JAR, html_pages, rel


def _tolerated(message: dict) -> bool:
    """Errors in Material's own markup that no block or partial can change, each matched exactly.

    Material's base.html writes its two state checkboxes outside every block, as
    `<input class="md-toggle" ... type="checkbox" id="__drawer" autocomplete="off">` (and `__search`);
    `autocomplete` is not allowed on a checkbox. Browsers ignore it; nothing else is tolerated."""
    extract = message.get("extract", "")
    return (message.get("message", "").startswith("Attribute “autocomplete” is only allowed when the input type is")
            and 'class="md-toggle"' in extract and 'type="checkbox"' in extract
            and ('id="__drawer"' in extract or 'id="__search"' in extract))


def _merge_tag_href(message: dict) -> bool:
    """An unsubscribe merge tag as an href in a share-kit email (see common.MERGE_TAG): not a URL, on purpose."""
    bad = re.match(r"Bad value “(.*?)” for attribute “href”", message.get("message", ""))
    return bool(bad and MERGE_TAG.fullmatch(bad.group(1)))


def check(site: Path, pages: list[Path] | None = None, timeout: int = 600) -> list[str]:
    """Every page of `site` (or just `pages`)."""
    pages = pages if pages is not None else html_pages(site)
    if not pages:
        return [f"{site}: no HTML pages"]
    # One JVM for every page: starting Java per page would cost seconds each. Its quick compiler only:
    # the optimising one spent more CPU compiling than a run of a hundred pages gains from it (16 -> 7 CPU-s,
    # the same messages); the checker's deep recursion then wants a larger stack than the 1 MB default.
    result = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-Xss4m", "-jar", str(VNU_JAR),
                             "--format", "json", "--skip-non-html", *[str(p) for p in pages]],
                            capture_output=True, text=True, timeout=timeout)
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        return [f"vnu.jar exited {result.returncode} without a JSON report: {(result.stderr or result.stdout)[:500]}"]
    problems = []
    by_path = {p.resolve().as_uri(): p for p in pages}
    for message in messages:
        # "info" messages (warnings included) are advice; "error" and "non-document-error" are not.
        if message.get("type") == "info" or _tolerated(message):
            continue
        url = message.get("url", "")
        path = by_path.get(url) or by_path.get(Path(url.removeprefix("file:")).resolve().as_uri())
        where = rel(site, path) if path else url
        if where.startswith("share/") and _merge_tag_href(message):
            continue
        line = message.get("lastLine") or message.get("firstLine")
        extract = " ".join(message.get("extract", "").split())
        problems.append(f"{where}:{line}: {message.get('message')} [{extract[:160]}]")
    if result.returncode not in (0, 1):  # 1 means "errors found", tolerated ones included
        problems.append(f"vnu.jar exited {result.returncode}: {result.stderr[:500]}")
    return problems
