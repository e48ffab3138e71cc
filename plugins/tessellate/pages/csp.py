"""A content security policy per page: only the theme's own inline scripts may run, by hash."""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>(.*?)</script>", re.S)
_CONTENT = re.compile(r'<article class="md-content__inner.*?</article>', re.S)
HEADERS_FILE = "_headers"


def script_hashes(html: str) -> list[str]:
    """Hashes of inline scripts outside the article, where coordinators' text never lands: the
    theme's. A script inside the article (which the sanitiser should have removed) gets no hash."""
    outside = _CONTENT.sub("", html)
    return sorted({"'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
                   for body in _INLINE_SCRIPT.findall(outside)})


def policy(hashes: list[str], frame_hosts: tuple[str, ...], form_origins: tuple[str, ...] = ()) -> str:
    """Same-origin everything; the frames listed under embeds; no plugins; no inline script but the theme's;
    forms post to the site and to `form_origins` (the newsletter provider's, when the site has a sign-up form)."""
    frames = " ".join(f"https://{host}" for host in frame_hosts) or "'none'"
    return "; ".join([
        "default-src 'self'",
        # Search runs Pagefind's WebAssembly, which compiling needs; it allows no eval() of script.
        f"script-src 'self' 'wasm-unsafe-eval' {' '.join(hashes)}".rstrip(),
        "style-src 'self' 'unsafe-inline'",  # Material sets style attributes from its scripts
        "img-src 'self' data:",
        "font-src 'self' data:",
        "media-src 'self'",
        f"frame-src {frames}",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        # Every page's, not only the Subscribe page's: the header's policy and a page's <meta> are both
        # enforced, so the header must allow the provider wherever the form is, and the two stay one policy.
        " ".join(["form-action 'self'", *form_origins]),
    ])


def add_policy(html: str, frame_hosts: tuple[str, ...], form_origins: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """The page with its policy early in <head> (before any script), and the hashes it allowed."""
    hashes = script_hashes(html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes, frame_hosts, form_origins)}">'
    anchor = '<meta charset="utf-8">' if '<meta charset="utf-8">' in html else "<head>"
    return html.replace(anchor, f"{anchor}\n      {meta}", 1), hashes


def headers_file(hashes: set[str], frame_hosts: tuple[str, ...], own: tuple[str, str] | None = None,
                 form_origins: tuple[str, ...] = ()) -> str:
    """A `_headers` file (Netlify, Cloudflare Pages) with the site-wide policy and frame-ancestors,
    which a <meta> policy cannot carry; `own`: a folder with a policy of its own (the editor's), which
    replaces the site-wide one there (`! name` detaches a header an earlier rule set)."""
    text = ("/*\n"
            f"  Content-Security-Policy: {policy(sorted(hashes), frame_hosts, form_origins)}; frame-ancestors 'self'\n"
            "  X-Content-Type-Options: nosniff\n"
            "  Referrer-Policy: strict-origin-when-cross-origin\n"
            "  Permissions-Policy: interest-cohort=()\n")
    if own:
        folder, folder_policy = own
        text += (f"/{folder}*\n"
                 "  ! Content-Security-Policy\n"
                 f"  Content-Security-Policy: {folder_policy}; frame-ancestors 'none'\n"
                 "  X-Robots-Tag: noindex, nofollow\n")
    return text
