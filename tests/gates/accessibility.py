"""axe-core in headless Chromium on every page: no serious or critical violation of WCAG 2.2 AA.

The pages are loaded by gates.visit, with their content security policy in force: one load of each
page serves this gate and the csp gate's browser check."""

from __future__ import annotations

from pathlib import Path

from gates.visit import IMPACTS, TAGS, visit

__all__ = ["IMPACTS", "TAGS", "check"]


def check(site: Path, pages: list[Path] | None = None, chromium=None) -> list[str]:
    """Every page of `site` (or just `pages`); a problem per violating element."""
    return visit(site, pages, search_on=None, chromium=chromium).accessibility
