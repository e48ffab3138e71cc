"""The content security policy holds: pages load in Chromium with the policy in force (the page's
<meta> and the `_headers` file's header, as a host serves it) with no violation and no CSP error,
and every inline script in every page is allowed by a hash in the page's policy (no
'unsafe-inline', no inline event handler, no javascript: URL)."""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import re
from pathlib import Path

from gates.common import html_pages, missing_tools, page_url, parse, read_headers_file, rel
from gates.visit import visit

# Script types a browser runs; anything else (application/json, ld+json) is data, outside CSP.
JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}


def directives(policy: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words and words[0].lower() not in found:  # the first of a repeated directive wins
            found[words[0].lower()] = words[1:]
    return found


def script_sources(policy: str) -> list[str]:
    parsed = directives(policy)
    return parsed.get("script-src", parsed.get("default-src", []))


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


# The editor's page runs Decap CMS, whose configuration check compiles validators: its policy is its
# own (tessellate.admin.page.policy), the one place on a site that allows 'unsafe-eval'.
EDITOR = "admin/index.html"


def _header_policies(site: Path, url: str) -> list[str]:
    """The policies a host sends for `url`: every matching rule's, less those a later rule detaches (`! Name`)."""
    found: list[str] = []
    for pattern, headers in read_headers_file(site):
        if fnmatch.fnmatchcase("/" + url, pattern):
            for name, value in headers:
                if name.lower() == "! content-security-policy":
                    found.clear()
                elif name.lower() == "content-security-policy":
                    found.append(value)
    return found


def editor_policy() -> str:
    from tessellate.admin.page import policy
    return policy()


def check_static(site: Path) -> list[str]:
    """Every inline script of every page accounted for by a hash in each policy that governs it: the page's
    <meta> and the `_headers` file's, each of which every page must have."""
    problems = [] if html_pages(site) else [f"{site}: no HTML pages"]
    for path in html_pages(site):
        where, tree = rel(site, path), parse(path)
        metas = [m.get("content", "") for m in tree.iter("meta")
                 if (m.get("http-equiv") or "").lower() == "content-security-policy"]
        if not metas:
            problems.append(f"{where}: no <meta http-equiv=\"Content-Security-Policy\">")
        policies = [("<meta>", p) for p in metas] + [("_headers", p) for p in _header_policies(site, page_url(site, path))]
        if not any(source == "_headers" for source, _ in policies):  # a <meta> policy cannot carry frame-ancestors
            problems.append(f"{where}: no Content-Security-Policy for /{page_url(site, path)} in _headers")
        for source, policy in policies:
            allowed = script_sources(policy)
            for risky in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:", "blob:"):
                if risky == "'unsafe-eval'" and where == EDITOR and policy.startswith(editor_policy()):
                    continue
                if risky in allowed and not (risky == "'unsafe-inline'" and any(a.startswith(("'sha", "'nonce-")) for a in allowed)):
                    problems.append(f"{where}: the {source} policy's script-src allows {risky}")
        for script in tree.iter("script"):
            if script.get("src") is not None or (script.get("type") or "").strip().lower() not in JS_TYPES:
                continue
            digest = sha256(script.text or "")
            for source, policy in policies:
                if digest not in script_sources(policy):
                    body = " ".join((script.text or "").split())[:60]
                    problems.append(f"{where}: inline script {body!r} ({digest}) is not allowed by the {source} policy")
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                if name.lower().startswith("on"):
                    problems.append(f"{where}: inline event handler <{element.tag} {name}=...>")
                elif name in ("href", "src", "action", "formaction") and re.match(r"\s*javascript:", value, re.I):
                    problems.append(f"{where}: javascript: URL in <{element.tag} {name}>")
    return problems


def check_browser(site: Path, pages: list[Path] | None = None, search_on: str | None = "", chromium=None) -> list[str]:
    """Load each page (every page by default) with the policy in force; any violation or CSP console
    error is a problem. On the page `search_on` (the home page by default) search is opened and
    used too, since its engine and index load only then. The pages are loaded as for the gates, by
    gates.visit, which runs axe in them too where it is installed."""
    return visit(site, pages, search_on, axe=not missing_tools("axe"), chromium=chromium).csp


def check(site: Path) -> list[str]:
    return check_static(site) + check_browser(site)
